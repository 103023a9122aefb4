//! Spec diff in terms of the generated Rust API: what changed between two normalized specs (and two
//! status tables), and whether each change breaks code written against the old generated module.
//!
//! Rules (old → new), from the generated code's point of view:
//! - operation removed, or its method name changed: breaking (the builder method is gone);
//!   moved to another path or HTTP method: breaking (same Rust call, different endpoint; a server
//!   that serves only one of them answers the other with 404); added: not breaking.
//! - parameter or request field added as required: breaking (builders fail with "not initialized");
//!   added as optional: not breaking; removed: breaking (its setter is gone).
//! - response field removed: breaking (field access no longer compiles); added: not breaking.
//! - required ↔ optional, nullable on a required field: breaking (`T` ↔ `Option<T>`).
//! - type or format changed: breaking (the Rust type changes).
//! - enum value removed: breaking (a variant is gone); added to a response: breaking (typify's enums
//!   are closed: old clients fail to deserialize it and exhaustive `match`es miss it); added to a
//!   request: not breaking.
//! - enum value added to an open enum (everything Cashfree sends, `x-vkyc-open-enum`): not breaking;
//!   an open enum turning closed: breaking.
//! - field turned lenient (`x-vkyc-lenient`) with its old shape among the new ones, or a lenient
//!   field accepting more shapes: not breaking (every payload that decoded still decodes); lenient
//!   turning strict, or dropping a shape: breaking.
//! - status / sub-status code added: not breaking (`Status`/`SubStatus` are open and
//!   `#[non_exhaustive]`); removed: breaking (the variant is gone).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use serde_json::Value;

use crate::load::status_table::{self, Field, StatusTable};
use crate::normalize::STATUS_LOOKUP;
use crate::normalize::{forward, lenient};
use crate::walk::{self, resolve};

/// One change and its classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Operation (`POST /path`, by operationId) or `status table`.
    pub scope: String,
    /// What changed, e.g. `response 200 field link_expiry: format date → (none)`.
    pub what: String,
    /// Whether existing callers can break (a request they send is refused, or a payload stops decoding).
    pub breaking: bool,
    /// Why it is or is not breaking for users of the generated client.
    pub why: String,
}

fn change(scope: &str, what: String, breaking: bool, why: &str) -> Change {
    Change {
        scope: scope.to_owned(),
        what,
        breaking,
        why: why.to_owned(),
    }
}

/// An operation keyed by its Rust method name.
struct Operation<'a> {
    method: String,
    path: String,
    op: &'a Value,
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

/// Which way data flows through a schema: into the API (request) or out of it (response).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

struct SchemaDiff<'a> {
    old_doc: &'a Value,
    new_doc: &'a Value,
    scope: String,
    direction: Direction,
    changes: Vec<Change>,
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

impl SchemaDiff<'_> {
    fn push(&mut self, what: String, breaking: bool, why: &str) {
        self.changes.push(change(&self.scope, what, breaking, why));
    }

    fn compare(
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

    /// `x-vkyc-lenient` marks: turning a field lenient, or accepting more shapes, is not
    /// breaking (every payload that decoded still decodes); the reverse is. Returns whether either
    /// side is lenient, in which case the plain type comparison does not apply.
    fn compare_lenient(&mut self, at: &str, o: &Value, n: &Value) -> bool {
        let (ol, nl) = (lenient::shapes(o), lenient::shapes(n));
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
                if lenient::accepted(&new).contains(&was) {
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
                let (before, after) = (lenient::accepted(&old), lenient::accepted(&new));
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
                    let why = if lenient::type_for(&old) == lenient::type_for(&new) {
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

    fn compare_enum(&mut self, at: &str, o: &Value, n: &Value) {
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

fn body_schema<'a>(doc: &'a Value, node: Option<&'a Value>) -> Option<&'a Value> {
    let node = resolve(doc, node?);
    node.get("content")?
        .as_object()?
        .values()
        .next()?
        .get("schema")
}

/// Changes between two normalized specs of one family.
pub fn diff_specs(old: &Value, new: &Value) -> Vec<Change> {
    let (old_ops, new_ops) = (operations(old), operations(new));
    let mut changes = Vec::new();
    for (name, o) in &old_ops {
        let scope = format!("`{name}` ({} {})", o.method, o.path);
        let Some(n) = new_ops.get(name) else {
            changes.push(change(
                &scope,
                "operation removed".into(),
                true,
                "the builder method is gone",
            ));
            continue;
        };
        if (o.method.as_str(), o.path.as_str()) != (n.method.as_str(), n.path.as_str()) {
            changes.push(change(
                &scope,
                format!("moved: {} {} → {} {}", o.method, o.path, n.method, n.path),
                true,
                "the same Rust call now goes to a different endpoint; a server serving only one of them answers the other with 404",
            ));
        }
        let deprecated = |op: &Value| op.get("deprecated").and_then(Value::as_bool) == Some(true);
        match (deprecated(o.op), deprecated(n.op)) {
            (false, true) => changes.push(change(
                &scope,
                "deprecated".into(),
                false,
                "the method now carries `#[deprecated]`: callers get a warning (an error under `-D warnings`)",
            )),
            (true, false) => changes.push(change(
                &scope,
                "no longer deprecated".into(),
                false,
                "the `#[deprecated]` warning goes away",
            )),
            _ => {}
        }
        let mut sd = SchemaDiff {
            old_doc: old,
            new_doc: new,
            scope: scope.clone(),
            direction: Direction::Request,
            changes: Vec::new(),
        };
        let (opar, npar) = (params(old, o.op), params(new, n.op));
        let is_req = |p: &Value| p.get("required").and_then(Value::as_bool) == Some(true);
        for (key, op) in &opar {
            match npar.get(key) {
                None => sd.push(format!("{key} removed"), true, "its builder setter is gone"),
                Some(np) => {
                    let (os, ns) = (
                        op.get("schema").cloned().unwrap_or(Value::Null),
                        np.get("schema").cloned().unwrap_or(Value::Null),
                    );
                    sd.compare(key, &os, &ns, (is_req(op), is_req(np)), 0);
                }
            }
        }
        for (key, np) in npar.iter().filter(|(k, _)| !opar.contains_key(*k)) {
            if is_req(np) {
                sd.push(
                    format!("{key} added (required)"),
                    true,
                    "builders fail at `send()` until it is set",
                );
            } else {
                sd.push(
                    format!("{key} added (optional)"),
                    false,
                    "an optional builder setter; nothing to change",
                );
            }
        }
        match (
            body_schema(old, o.op.get("requestBody")),
            body_schema(new, n.op.get("requestBody")),
        ) {
            (Some(os), Some(ns)) => sd.compare("request body", os, ns, (true, true), 0),
            (None, Some(_)) => sd.push(
                "request body added".into(),
                true,
                "`.body(..)` must now be set",
            ),
            (Some(_), None) => sd.push("request body removed".into(), true, "`.body(..)` is gone"),
            (None, None) => {}
        }
        sd.direction = Direction::Response;
        let responses = |op: &Value| -> Vec<(String, Value)> {
            op.get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let (ores, nres) = (responses(o.op), responses(n.op));
        for (code, oresp) in &ores {
            match nres.iter().find(|(c, _)| c == code) {
                None => sd.push(
                    format!("response {code} removed"),
                    !code.starts_with('2'),
                    "handled as an unexpected response",
                ),
                Some((_, nresp)) => {
                    if let (Some(os), Some(ns)) =
                        (body_schema(old, Some(oresp)), body_schema(new, Some(nresp)))
                    {
                        sd.compare(&format!("response {code}"), os, ns, (true, true), 0);
                    }
                }
            }
        }
        for (code, _) in nres
            .iter()
            .filter(|(c, _)| !ores.iter().any(|(oc, _)| oc == c))
        {
            sd.push(
                format!("response {code} added"),
                false,
                "a documented response; nothing to change",
            );
        }
        changes.extend(sd.changes);
        changes.extend(example_status_changes(&scope, o.op, n.op, old, new));
    }
    for (name, n) in new_ops.iter().filter(|(k, _)| !old_ops.contains_key(*k)) {
        changes.push(change(
            &format!("`{name}` ({} {})", n.method, n.path),
            "operation added".into(),
            false,
            "a new builder method",
        ));
    }
    let lookup = |ops: &BTreeMap<String, Operation<'_>>| {
        ops.iter()
            .find(|(_, o)| o.op.get(STATUS_LOOKUP).is_some())
            .map(|(name, o)| format!("`{name}` ({} {})", o.method, o.path))
    };
    match (lookup(&old_ops), lookup(&new_ops)) {
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
    changes
}

/// Status values in an operation's examples that appear or disappear (e.g. `INITIATED`).
fn example_status_changes(
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

/// Status-table codes added or removed.
pub fn diff_tables(old: &StatusTable, new: &StatusTable) -> Vec<Change> {
    let mut changes = Vec::new();
    let codes = |t: &StatusTable| -> (BTreeSet<String>, BTreeSet<String>) {
        (
            t.statuses.iter().map(|s| s.code.clone()).collect(),
            t.sub_statuses.iter().map(|s| s.code.clone()).collect(),
        )
    };
    let ((os, osub), (ns, nsub)) = (codes(old), codes(new));
    for (kind, o, n) in [("status", &os, &ns), ("sub-status", &osub, &nsub)] {
        for c in o.difference(n) {
            changes.push(change(
                "status table",
                format!("{kind} `{c}` removed"),
                true,
                "its enum variant is gone",
            ));
        }
        for c in n.difference(o) {
            changes.push(change(
                "status table",
                format!("{kind} `{c}` added"),
                false,
                "the enums are open and `#[non_exhaustive]`: existing matches still compile",
            ));
        }
    }
    changes
}

/// The report as Markdown.
pub fn markdown(title: &str, changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut s = format!(
        "# {title}\n\n{} change(s), {breaking} breaking for users of the generated Rust client.\n\n",
        changes.len()
    );
    if changes.is_empty() {
        s.push_str("No changes.\n");
        return s;
    }
    s.push_str("| | where | change | why |\n|---|---|---|---|\n");
    for c in changes {
        s.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            if c.breaking {
                "**breaking**"
            } else {
                "compatible"
            },
            c.scope,
            c.what.replace('|', "\\|"),
            c.why.replace('|', "\\|")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(field_required: bool, extra: Option<(&str, Value)>) -> Value {
        let mut props = json!({"a": {"type": "string"}, "e": {"type": "string", "enum": ["X"]}});
        if let Some((k, v)) = extra {
            props[k] = v;
        }
        json!({"paths": {"/s": {"get": {"operationId": "get-s", "responses": {"200": {"content": {"application/json": {"schema": {
            "type": "object", "properties": props, "required": if field_required { json!(["a"]) } else { json!([]) }
        }}}}}}}}})
    }

    fn lenient(shapes: &[&str]) -> Value {
        let mut doc = json!({"components": {"schemas": {"S": {"properties": {
            "a": {"type": "integer", "x-vkyc-lenient": shapes},
        }}}}});
        assert!(lenient::apply(&mut doc).is_empty());
        doc["components"]["schemas"]["S"]["properties"]["a"].take()
    }

    #[test]
    fn turning_a_field_lenient_is_compatible_and_the_reverse_is_breaking() {
        let strict = spec(false, Some(("a", json!({"type": "integer"}))));
        let id = spec(false, Some(("a", lenient(&["integer", "string"]))));
        let date = spec(false, Some(("a", lenient(&["date", "date-time"]))));
        let id_or_empty = spec(false, Some(("a", lenient(&["integer", "string", "empty"]))));
        let one = |old: &Value, new: &Value| {
            let changes = diff_specs(old, new);
            assert_eq!(changes.len(), 1, "{changes:?}");
            changes.into_iter().next().unwrap()
        };
        let c = one(&strict, &id);
        assert!(
            !c.breaking && c.what.contains("integer → lenient [integer, string]"),
            "{c:?}"
        );
        assert!(one(&id, &strict).breaking);
        // The old shape is not among the new ones; a lenient date keeps any string.
        assert!(one(&strict, &date).breaking);
        let text = spec(false, Some(("a", json!({"type": "string"}))));
        assert!(!one(&text, &date).breaking);
        assert!(one(&date, &text).breaking);
        // Accepting more shapes is compatible; accepting fewer is not.
        assert!(!one(&id, &id_or_empty).breaking);
        assert!(one(&id_or_empty, &id).breaking);
        let id_text = spec(false, Some(("a", lenient(&["string", "integer"]))));
        assert!(diff_specs(&id, &id_text).is_empty());
    }

    #[test]
    fn a_value_added_to_an_open_enum_is_compatible() {
        let open = |values: Value| {
            spec(
                false,
                Some((
                    "e",
                    json!({"type": "string", "enum": values, "x-vkyc-open-enum": true}),
                )),
            )
        };
        let changes = diff_specs(&open(json!(["X"])), &open(json!(["X", "Y"])));
        assert!(
            changes.len() == 1 && !changes[0].breaking && changes[0].what.contains("`Y` added"),
            "{changes:?}"
        );
        let closed = diff_specs(&open(json!(["X"])), &spec(false, None));
        assert!(
            closed
                .iter()
                .any(|c| c.breaking && c.what.contains("open enum → closed")),
            "{closed:?}"
        );
    }

    #[test]
    fn a_deprecation_is_compatible_and_a_moved_status_lookup_is_breaking() {
        let two_lookups = |marked: &str, deprecated: &str| {
            let op =
                |id: &str| json!({"operationId": id, "responses": {"200": {"description": "ok"}}});
            let mut doc = json!({"paths": {
                "/status": {"post": op("get-status")},
                "/details": {"post": op("get-details")}
            }});
            doc["paths"][marked]["post"][STATUS_LOOKUP] = json!(["verification_id"]);
            doc["paths"][deprecated]["post"]["deprecated"] = json!(true);
            doc
        };
        let changes = diff_specs(
            &two_lookups("/status", "/details"),
            &two_lookups("/details", "/status"),
        );
        let found: Vec<(&str, &str, bool)> = changes
            .iter()
            .map(|c| (c.scope.as_str(), c.what.as_str(), c.breaking))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "`get_details` (POST /details)",
                    "no longer deprecated",
                    false
                ),
                ("`get_status` (POST /status)", "deprecated", false),
                (
                    "`wait_for_terminal`",
                    "status lookup moved: `get_status` (POST /status) → `get_details` (POST /details)",
                    true
                ),
            ]
        );
    }

    #[test]
    fn response_field_turning_required_is_breaking() {
        let changes = diff_specs(&spec(false, None), &spec(true, None));
        assert_eq!(changes.len(), 1);
        assert!(
            changes[0].breaking && changes[0].what.contains("optional → required"),
            "{changes:?}"
        );
    }

    #[test]
    fn added_response_field_is_compatible_and_added_enum_value_is_not() {
        let changes = diff_specs(
            &spec(false, None),
            &spec(false, Some(("b", json!({"type": "integer"})))),
        );
        assert_eq!(changes.len(), 1);
        assert!(!changes[0].breaking);
        let changes = diff_specs(
            &spec(false, None),
            &spec(
                false,
                Some(("e", json!({"type": "string", "enum": ["X", "Y"]}))),
            ),
        );
        assert!(
            changes
                .iter()
                .any(|c| c.breaking && c.what.contains("`Y` added")),
            "{changes:?}"
        );
    }
}
