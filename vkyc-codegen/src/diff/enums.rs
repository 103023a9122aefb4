//! Comparing enums: a removed value is always breaking; an added one breaks a closed response enum
//! only (an open enum keeps unknown values as `Unknown`).

use std::collections::BTreeSet;

use serde_json::Value;

use super::schemas::{Direction, SchemaDiff};
use crate::normalize::forward;

impl SchemaDiff<'_> {
    /// Enum values removed and added, and an open enum (`x-vkyc-open-enum`) turning closed.
    pub(super) fn compare_enum(&mut self, at: &str, o: &Value, n: &Value) {
        let values = |s: &Value| -> BTreeSet<String> {
            s.get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|v| v.to_string().trim_matches('"').to_owned())
                .collect()
        };
        let (ov, nv) = (values(o), values(n));
        if ov.is_empty() && nv.is_empty() {
            return;
        }
        for v in ov.difference(&nv) {
            self.push(
                format!("{at}: enum value `{v}` removed"),
                true,
                "the enum variant is gone",
            );
        }
        let open = |s: &Value| s.get(forward::OPEN_ENUM).is_some();
        if self.direction == Direction::Response && open(o) && !open(n) {
            self.push(
                format!("{at}: open enum → closed enum"),
                true,
                "values the spec does not list now fail to decode instead of becoming `Unknown`",
            );
        }
        for v in nv.difference(&ov) {
            match self.direction {
                Direction::Response if open(n) => self.push(
                    format!("{at}: enum value `{v}` added"),
                    false,
                    "the enum is open and `#[non_exhaustive]`: old clients keep the value as `Unknown`",
                ),
                Direction::Response => self.push(
                    format!("{at}: enum value `{v}` added"),
                    true,
                    "the generated enum is closed: old clients fail to deserialize it, exhaustive `match`es miss it",
                ),
                Direction::Request => self.push(format!("{at}: enum value `{v}` added"), false, "a new value to send"),
            }
        }
    }
}
