//! Comparing `x-vkyc-lenient` marks: what matters is which payloads still decode.

use serde_json::Value;

use super::schemas::SchemaDiff;
use crate::normalize::lenient as marks;

impl SchemaDiff<'_> {
    /// `x-vkyc-lenient` marks: turning a field lenient, or accepting more shapes, is not
    /// breaking (every payload that decoded still decodes); the reverse is. Returns whether either
    /// side is lenient, in which case the plain type comparison does not apply.
    pub(super) fn compare_lenient(&mut self, at: &str, o: &Value, n: &Value) -> bool {
        let (ol, nl) = (marks::shapes(o), marks::shapes(n));
        let shape = |s: &Value| match (
            s.get("type").and_then(Value::as_str),
            s.get("format").and_then(Value::as_str),
        ) {
            (Some("string"), Some(f @ ("date" | "date-time"))) => f.to_owned(),
            (Some(t), _) => t.to_owned(),
            (None, _) => "any".to_owned(),
        };
        let list = |s: &[String]| s.join(", ");
        match (ol, nl) {
            (None, None) => return false,
            (None, Some(new)) => {
                let was = shape(o);
                if marks::accepted(&new).contains(&was) {
                    self.push(
                        format!("{at}: {was} → lenient [{}]", list(&new)),
                        false,
                        "decoding accepts every shape it accepted, and more; the field's Rust type becomes the runtime's lenient type (read it with `as_i64()`, `as_date()`, `get()`)",
                    );
                } else {
                    self.push(
                        format!("{at}: {was} → lenient [{}]", list(&new)),
                        true,
                        "the lenient field no longer accepts the shape the field had",
                    );
                }
            }
            (Some(old), None) => self.push(
                format!("{at}: lenient [{}] → {}", list(&old), shape(n)),
                true,
                "payloads in the shapes the field no longer accepts fail to decode, and the Rust type changes",
            ),
            (Some(old), Some(new)) => {
                let (before, after) = (marks::accepted(&old), marks::accepted(&new));
                let dropped: Vec<&String> = before.iter().filter(|s| !after.contains(s)).collect();
                let added: Vec<&String> = new.iter().filter(|s| !old.contains(s)).collect();
                if !dropped.is_empty() {
                    self.push(
                        format!("{at}: lenient shapes no longer accepted: {dropped:?}"),
                        true,
                        "payloads in those shapes fail to decode",
                    );
                } else if !added.is_empty() {
                    // As for turning a field lenient: decoding is what compatibility means here.
                    let why = if marks::type_for(&old) == marks::type_for(&new) {
                        "more payloads decode; the Rust type stays"
                    } else {
                        "more payloads decode; the Rust type becomes the one for the new shapes (e.g. `OrEmpty<Id>`)"
                    };
                    self.push(format!("{at}: lenient shapes added: {added:?}"), false, why);
                }
            }
        }
        true
    }
}
