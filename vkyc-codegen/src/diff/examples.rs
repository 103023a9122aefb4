//! Status values that appear in an operation's examples (e.g. a new `INITIATED`).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Change, change};
use crate::load::status_table::{self, Field};
use crate::walk;

/// Status values that appear in the new operation's examples and not the old one's.
pub(super) fn example_status_changes(
    scope: &str,
    old_op: &Value,
    new_op: &Value,
    old: &Value,
    new: &Value,
) -> Vec<Change> {
    let values = |op: &Value, doc: &Value| -> BTreeSet<(String, String)> {
        // Inline the referenced examples so their values are seen.
        let mut expanded = op.clone();
        inline_refs(&mut expanded, doc, 0);
        status_table::example_values(&expanded)
            .into_iter()
            .map(|(f, v, _)| {
                (
                    if f == Field::Status {
                        "status"
                    } else {
                        "sub_status"
                    }
                    .to_owned(),
                    v,
                )
            })
            .collect()
    };
    let (ov, nv) = (values(old_op, old), values(new_op, new));
    nv.difference(&ov)
        .map(|(f, v)| {
            change(
                scope,
                format!("example {f} `{v}` appears"),
                false,
                "`Status`/`SubStatus` are open: it parses, as a known or `Unknown` value",
            )
        })
        .collect()
}

fn inline_refs(node: &mut Value, doc: &Value, depth: usize) {
    if depth > 8 {
        return;
    }
    if let Some(target) = walk::local_ref(node).and_then(|p| doc.pointer(p)) {
        *node = target.clone();
    }
    match node {
        Value::Object(m) => m.values_mut().for_each(|v| inline_refs(v, doc, depth + 1)),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| inline_refs(v, doc, depth + 1)),
        _ => {}
    }
}
