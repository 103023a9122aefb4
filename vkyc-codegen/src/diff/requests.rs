//! What a caller sends: parameters (by location and name) and the request body.

use std::collections::BTreeMap;

use serde_json::Value;

use super::schemas::{SchemaDiff, body_schema};
use crate::walk;

impl SchemaDiff<'_> {
    /// Parameters removed, added (required or optional) and changed, then the request body.
    pub(super) fn requests(&mut self, old_op: &Value, new_op: &Value) {
        let (opar, npar) = (params(self.old_doc, old_op), params(self.new_doc, new_op));
        let is_req = |p: &Value| p.get("required").and_then(Value::as_bool) == Some(true);
        for (key, op) in &opar {
            match npar.get(key) {
                None => self.push(format!("{key} removed"), true, "its builder setter is gone"),
                Some(np) => {
                    let (os, ns) = (
                        op.get("schema").cloned().unwrap_or(Value::Null),
                        np.get("schema").cloned().unwrap_or(Value::Null),
                    );
                    self.compare(key, &os, &ns, (is_req(op), is_req(np)), 0);
                }
            }
        }
        for (key, np) in npar.iter().filter(|(k, _)| !opar.contains_key(*k)) {
            if is_req(np) {
                self.push(
                    format!("{key} added (required)"),
                    true,
                    "builders fail at `send()` until it is set",
                );
            } else {
                self.push(
                    format!("{key} added (optional)"),
                    false,
                    "an optional builder setter; nothing to change",
                );
            }
        }
        match (
            body_schema(self.old_doc, old_op.get("requestBody")),
            body_schema(self.new_doc, new_op.get("requestBody")),
        ) {
            (Some(os), Some(ns)) => self.compare("request body", os, ns, (true, true), 0),
            (None, Some(_)) => self.push(
                "request body added".into(),
                true,
                "`.body(..)` must now be set",
            ),
            (Some(_), None) => {
                self.push("request body removed".into(), true, "`.body(..)` is gone")
            }
            (None, None) => {}
        }
    }
}

/// An operation's parameters, keyed as a change names them (``query parameter `verification_id` ``).
fn params(doc: &Value, op: &Value) -> BTreeMap<String, Value> {
    walk::parameters(doc, op)
        .filter_map(|p| {
            Some((
                format!(
                    "{} parameter `{}`",
                    p.get("in")?.as_str()?,
                    p.get("name")?.as_str()?
                ),
                p.clone(),
            ))
        })
        .collect()
}
