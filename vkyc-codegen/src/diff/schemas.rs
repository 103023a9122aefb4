//! Comparing two schemas field by field: types, required ↔ optional, fields removed and added,
//! recursing into items and properties; enums and lenient marks are compared in their own modules.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Change, change};
use crate::walk::resolve;

/// Which way data flows through a schema: into the API (request) or out of it (response).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Request,
    Response,
}

/// The changes found in one operation's schemas, all under one scope.
pub(super) struct SchemaDiff<'a> {
    pub(super) old_doc: &'a Value,
    pub(super) new_doc: &'a Value,
    scope: String,
    /// Decides whether an added field or enum value can break callers.
    pub(super) direction: Direction,
    pub(super) changes: Vec<Change>,
}

/// A short type label: `$ref` name, else `type (format)`.
fn type_label(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    let t = schema.get("type").and_then(Value::as_str).unwrap_or("any");
    match schema.get("format").and_then(Value::as_str) {
        Some(f) => format!("{t} ({f})"),
        None => t.to_owned(),
    }
}

impl<'a> SchemaDiff<'a> {
    pub(super) fn new(
        old_doc: &'a Value,
        new_doc: &'a Value,
        scope: String,
        direction: Direction,
    ) -> Self {
        Self {
            old_doc,
            new_doc,
            scope,
            direction,
            changes: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, what: String, breaking: bool, why: &str) {
        self.changes.push(change(&self.scope, what, breaking, why));
    }

    /// Compares a schema at `at` (old → new) and, to a depth of 8, its items and properties;
    /// `required` is whether the field was and is required.
    pub(super) fn compare(
        &mut self,
        at: &str,
        old: &Value,
        new: &Value,
        required: (bool, bool),
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        let (old_t, new_t) = (type_label(old), type_label(new));
        let (o, n) = (resolve(self.old_doc, old), resolve(self.new_doc, new));
        let lenient_changed = self.compare_lenient(at, o, n);
        // A renamed component with the same shape is not a change for users of its fields.
        if !lenient_changed
            && old_t != new_t
            && !(old.get("$ref").is_some() && new.get("$ref").is_some())
        {
            self.push(
                format!("{at}: type {old_t} → {new_t}"),
                true,
                "the generated Rust type changes",
            );
        }
        let nullable = |s: &Value| s.get("nullable").and_then(Value::as_bool) == Some(true);
        let (was_opt, is_opt) = (!required.0 || nullable(o), !required.1 || nullable(n));
        if was_opt != is_opt {
            let (from, to) = if was_opt {
                ("optional", "required")
            } else {
                ("required", "optional")
            };
            let why = if was_opt {
                "`Option<T>` becomes `T`"
            } else {
                "`T` becomes `Option<T>`"
            };
            self.push(format!("{at}: {from} → {to}"), true, why);
        }
        self.compare_enum(at, o, n);
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            self.compare(&format!("{at}[]"), oi, ni, (true, true), depth + 1);
        }
        let props = |s: &Value| {
            s.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let reqs = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        };
        let (op, np, or, nr) = (props(o), props(n), reqs(o), reqs(n));
        for (name, old_prop) in &op {
            let field = format!("{at}.{name}");
            match np.get(name) {
                None => {
                    let why = match self.direction {
                        Direction::Response => "code reading the field no longer compiles",
                        Direction::Request => "code setting the field no longer compiles",
                    };
                    self.push(format!("{field} removed"), true, why);
                }
                Some(new_prop) => self.compare(
                    &field,
                    old_prop,
                    new_prop,
                    (or.contains(name), nr.contains(name)),
                    depth + 1,
                ),
            }
        }
        for name in np.keys().filter(|k| !op.contains_key(*k)) {
            let field = format!("{at}.{name}");
            match (self.direction, nr.contains(name)) {
                (Direction::Request, true) => self.push(
                    format!("{field} added (required)"),
                    true,
                    "builders fail at `send()` until it is set",
                ),
                (Direction::Request, false) => self.push(
                    format!("{field} added (optional)"),
                    false,
                    "builders need nothing new (struct literals need `..Default::default()`)",
                ),
                (Direction::Response, _) => self.push(
                    format!("{field} added"),
                    false,
                    "a new field to read; nothing to change",
                ),
            }
        }
    }
}

/// The schema of a request body or response (`content.<first media type>.schema`), if any.
pub(super) fn body_schema<'a>(doc: &'a Value, node: Option<&'a Value>) -> Option<&'a Value> {
    let node = resolve(doc, node?);
    node.get("content")?
        .as_object()?
        .values()
        .next()?
        .get("schema")
}
