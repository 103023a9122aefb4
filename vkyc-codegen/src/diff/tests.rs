//! The classification rules, on small synthetic specs.

use serde_json::{Value, json};

use super::diff_specs;
use crate::normalize::{STATUS_LOOKUP, lenient};

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
        let op = |id: &str| json!({"operationId": id, "responses": {"200": {"description": "ok"}}});
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

/// An operation answering each of `codes`, every one with a JSON body.
fn answering(codes: &[&str]) -> Value {
    let body = json!({"description": "x", "content": {"application/json": {"schema": {"type": "object"}}}});
    let responses: serde_json::Map<String, Value> = codes
        .iter()
        .map(|c| ((*c).to_owned(), body.clone()))
        .collect();
    json!({"paths": {"/s": {"get": {"operationId": "get-s", "responses": responses}}}})
}

/// `(what, breaking)` of each change from `old` codes to `new` ones.
fn removed(old: &[&str], new: &[&str]) -> Vec<(String, bool)> {
    diff_specs(&answering(old), &answering(new))
        .into_iter()
        .map(|c| (c.what, c.breaking))
        .collect()
}

#[test]
fn a_removed_success_response_is_breaking_and_a_removed_error_response_is_not() {
    // A server still answering 201 now makes the call fail where it decoded before.
    assert_eq!(
        removed(&["200", "201", "400"], &["200", "400"]),
        [("response 201 removed".to_owned(), true)]
    );
    // 404 still surfaces as an error, only without its typed body; 400 keeps the error type.
    assert_eq!(
        removed(&["200", "400", "404"], &["200", "400"]),
        [("response 404 removed".to_owned(), false)]
    );
}

#[test]
fn removing_the_last_error_response_with_a_body_is_breaking() {
    // `Error<types::…>` becomes `Error<()>`.
    assert_eq!(
        removed(&["200", "400"], &["200"]),
        [("response 400 removed".to_owned(), true)]
    );
}
