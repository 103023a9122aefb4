//! One operation's section of an API page: heading, summary, whether it is retried, a compiling
//! example, the documented values, parameters, request body and responses.

use heck::ToSnakeCase;
use serde_json::Value;

use super::example::usage;
use super::fields::{fields_table, type_of};
use super::{Names, cell, yes_no};
use crate::Api;
use crate::load::layout::VersionDir;
use crate::load::manifest::Origin;
use crate::normalize::KNOWN_VALUES;
use crate::walk::{self, resolve};

/// The section of the operation at `method path`; nothing for one without an `operationId`.
pub(super) fn section(
    api: &Api,
    names: &Names,
    path: &str,
    method: &str,
    op: &Value,
    s: &mut String,
) {
    let doc = &api.normalized.doc;
    let Some(id) = op.get("operationId").and_then(Value::as_str) else {
        return;
    };
    let rust = id.to_snake_case();
    if op.get("deprecated").and_then(Value::as_bool) == Some(true) {
        s.push_str(&format!(
            "## ~~`{} {path}`~~ — deprecated\n\n**Deprecated** (`deprecated: true` in the spec; the method carries \
             `#[deprecated]`). ",
            method.to_uppercase()
        ));
    } else {
        s.push_str(&format!("## `{} {path}`\n\n", method.to_uppercase()));
    }
    s.push_str(&format!(
        "**{}**\n\n{}\n\nRetried on transient failures: {}.\n\n{}",
        op.get("summary").and_then(Value::as_str).unwrap_or(id),
        op.get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim(),
        if api.normalized.retry_safe.contains(&rust) {
            "yes"
        } else {
            "no (not marked safe to repeat)"
        },
        usage(api, names, &rust, op)
    ));
    s.push_str(&known_values_line(api, names, op));
    parameters(doc, op, s);
    if let Some(body) = op.get("requestBody") {
        s.push_str("### Request body\n\n");
        if let Some(schema) = walk::json_schema(doc, body) {
            fields_table(doc, schema, s);
        }
        s.push('\n');
    }
    responses(doc, op, codes_source(&api.version, path), s);
}

/// The parameters table, if the operation has parameters.
fn parameters(doc: &Value, op: &Value, s: &mut String) {
    let params: Vec<&Value> = walk::parameters(doc, op).collect();
    if params.is_empty() {
        return;
    }
    s.push_str(
        "### Parameters\n\n| name | in | type | required | description |\n|---|---|---|---|---|\n",
    );
    for p in params {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            p.get("name").and_then(Value::as_str).unwrap_or_default(),
            p.get("in").and_then(Value::as_str).unwrap_or_default(),
            p.get("schema").map_or("any".into(), |sc| type_of(doc, sc)),
            yes_no(p.get("required").and_then(Value::as_bool) == Some(true)),
            cell(
                p.get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
            )
        ));
    }
    s.push('\n');
}

/// Each response: its description, then the fields of a success body, or the error codes of an
/// error response's examples (`codes_from` says whose word they are).
fn responses(doc: &Value, op: &Value, codes_from: &str, s: &mut String) {
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (code, resp) in &responses {
        let resp = resolve(doc, resp);
        let desc = resp
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        s.push_str(&format!("### Response {code}\n\n{}\n\n", desc.trim()));
        if code.starts_with('2') {
            if let Some(schema) = walk::json_schema(doc, resp) {
                fields_table(doc, schema, s);
                s.push('\n');
            }
        } else {
            let examples = resp
                .pointer("/content/application~1json/examples")
                .and_then(Value::as_object);
            let codes: Vec<String> = examples
                .into_iter()
                .flatten()
                .filter_map(|(_, ex)| {
                    resolve(doc, ex)
                        .pointer("/value/code")
                        .and_then(Value::as_str)
                        .map(|c| format!("`{c}`"))
                })
                .collect();
            if !codes.is_empty() {
                s.push_str(&format!("{codes_from}: {}.\n\n", codes.join(", ")));
            }
        }
    }
}

/// The `known_values` constants of the operation's request body, if any.
fn known_values_line(api: &Api, names: &Names, op: &Value) -> String {
    let doc = &api.normalized.doc;
    let Some(schema) = op
        .get("requestBody")
        .and_then(|b| walk::json_schema(doc, b))
        .map(|sc| resolve(doc, sc))
    else {
        return String::new();
    };
    let v = &api.version;
    let mut found = Vec::new();
    let mut visit = vec![schema];
    while let Some(node) = visit.pop() {
        for (name, prop) in node
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let prop = resolve(doc, prop);
            if prop.get(KNOWN_VALUES).is_some() {
                found.push(format!("`{}::known_values::{name}`", names.version(v)));
            }
            visit.push(prop);
        }
    }
    if found.is_empty() {
        return String::new();
    }
    found.sort();
    format!(
        "Documented values as constants (the fields accept any string): {}.\n\n",
        found.join(", ")
    )
}

/// Where the error codes of `path`'s examples come from: Cashfree's word in a vendored file,
/// vkyc's reconstruction in a hand-authored one.
fn codes_source(v: &VersionDir, path: &str) -> &'static str {
    let pointer = walk::child("/paths", path);
    let vendored = v
        .specs
        .iter()
        .find(|spec| spec.value.pointer(&pointer).is_some())
        .and_then(|spec| {
            let name = spec.path.rsplit('/').next().unwrap_or(&spec.path);
            v.manifest.files.iter().find(|f| f.path == name)
        })
        .is_some_and(|f| f.origin == Origin::Vendored);
    if vendored {
        "Error codes in the examples of Cashfree's published spec (vendored)"
    } else {
        "Error codes in the examples of a hand-authored spec, reconstructed by vkyc where no Cashfree \
         page shows them for this API (each constant of `runtime::codes` names its source)"
    }
}
