//! The operations of two specs, matched by Rust method name: removed, added, moved to another
//! endpoint, (un)deprecated, and the status lookup `wait_for_terminal` polls; each matched pair's
//! requests, responses and example statuses are compared by the sibling modules.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::Value;

use super::examples::example_status_changes;
use super::schemas::{Direction, SchemaDiff};
use super::{Change, change};
use crate::normalize::STATUS_LOOKUP;
use crate::walk;

/// An operation keyed by its Rust method name.
struct Operation<'a> {
    method: String,
    path: String,
    op: &'a Value,
}

impl Operation<'_> {
    /// How a change names the operation: `` `get_status` (POST /status) ``.
    fn scope(&self, name: &str) -> String {
        format!("`{name}` ({} {})", self.method, self.path)
    }
}

fn operations(doc: &Value) -> BTreeMap<String, Operation<'_>> {
    let mut out = BTreeMap::new();
    for (path, method, op) in walk::operations(doc) {
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            out.insert(
                id.to_snake_case(),
                Operation {
                    method: method.to_uppercase(),
                    path: path.to_owned(),
                    op,
                },
            );
        }
    }
    out
}

/// Changes between two normalized specs of one family.
pub fn diff_specs(old: &Value, new: &Value) -> Vec<Change> {
    let (old_ops, new_ops) = (operations(old), operations(new));
    let mut changes = Vec::new();
    for (name, o) in &old_ops {
        let scope = o.scope(name);
        let Some(n) = new_ops.get(name) else {
            changes.push(change(
                &scope,
                "operation removed".into(),
                true,
                "the builder method is gone",
            ));
            continue;
        };
        endpoint_changes(&scope, o, n, &mut changes);
        let mut sd = SchemaDiff::new(old, new, scope.clone(), Direction::Request);
        sd.requests(o.op, n.op);
        sd.direction = Direction::Response;
        sd.responses(o.op, n.op);
        changes.extend(sd.changes);
        changes.extend(example_status_changes(&scope, o.op, n.op, old, new));
    }
    for (name, n) in new_ops.iter().filter(|(k, _)| !old_ops.contains_key(*k)) {
        changes.push(change(
            &n.scope(name),
            "operation added".into(),
            false,
            "a new builder method",
        ));
    }
    status_lookup_changes(&old_ops, &new_ops, &mut changes);
    changes
}

/// The same method on another path or HTTP method, and `deprecated` turning on or off.
fn endpoint_changes(scope: &str, o: &Operation<'_>, n: &Operation<'_>, changes: &mut Vec<Change>) {
    if (o.method.as_str(), o.path.as_str()) != (n.method.as_str(), n.path.as_str()) {
        changes.push(change(
            scope,
            format!("moved: {} {} → {} {}", o.method, o.path, n.method, n.path),
            true,
            "the same Rust call now goes to a different endpoint; a server serving only one of them answers the other with 404",
        ));
    }
    let deprecated = |op: &Value| op.get("deprecated").and_then(Value::as_bool) == Some(true);
    match (deprecated(o.op), deprecated(n.op)) {
        (false, true) => changes.push(change(
            scope,
            "deprecated".into(),
            false,
            "the method now carries `#[deprecated]`: callers get a warning (an error under `-D warnings`)",
        )),
        (true, false) => changes.push(change(
            scope,
            "no longer deprecated".into(),
            false,
            "the `#[deprecated]` warning goes away",
        )),
        _ => {}
    }
}

/// The operation marked `x-vkyc-status-lookup` moving to another endpoint, or losing its mark.
fn status_lookup_changes(
    old_ops: &BTreeMap<String, Operation<'_>>,
    new_ops: &BTreeMap<String, Operation<'_>>,
    changes: &mut Vec<Change>,
) {
    let lookup = |ops: &BTreeMap<String, Operation<'_>>| {
        ops.iter()
            .find(|(_, o)| o.op.get(STATUS_LOOKUP).is_some())
            .map(|(name, o)| o.scope(name))
    };
    match (lookup(old_ops), lookup(new_ops)) {
        (Some(was), Some(is)) if was != is => changes.push(change(
            "`wait_for_terminal`",
            format!("status lookup moved: {was} → {is}"),
            true,
            "the same Rust call now polls a different endpoint; a server serving only the old one answers 404",
        )),
        (Some(was), None) => changes.push(change(
            "`wait_for_terminal`",
            format!("status lookup {was} unmarked"),
            true,
            "the method is gone",
        )),
        _ => {}
    }
}
