//! The checks every spec must pass before generation: what progenitor 0.15 cannot take (or panics
//! on), reported with the file and JSON pointer to edit. They read the document and change nothing.

use heck::ToSnakeCase;
use serde_json::{Map, Value};

use super::provenance::Provenance;
use crate::error::{Diagnostic, Result};
use crate::walk::{self, escape_token, resolve};

/// OpenAPI 3.0.x only: not Swagger 2.0, not 3.1.
pub(super) fn openapi_version(prov: &Provenance, doc: &Value) -> Result<()> {
    if doc.get("swagger").is_some() {
        return Err(prov
            .error(
                "/swagger",
                "this is a Swagger 2.0 document",
                "convert it to OpenAPI 3.0 (e.g. with swagger2openapi) before vendoring",
            )
            .into());
    }
    match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) => Err(prov
            .error(
                "/openapi",
                format!("OpenAPI {v} is not supported; progenitor 0.15 reads OpenAPI 3.0.x only"),
                "vendor the 3.0 variant of the document, or set `openapi: 3.0.3` in the overlay if it only uses 3.0 features",
            )
            .into()),
        None => Err(prov.error("", "the document has no `openapi` field", "add `openapi: 3.0.3`").into()),
    }
}

/// Every `$ref` must be local (`#/...`) and resolve.
pub(super) fn refs(prov: &Provenance, doc: &Value, problems: &mut Vec<Diagnostic>) {
    for (pointer, node) in walk::nodes(doc) {
        let Some(Value::String(r)) = node.get("$ref") else {
            continue;
        };
        let at = format!("{pointer}/$ref");
        match r.strip_prefix('#') {
            None => problems.push(prov.error(
                &at,
                format!("`$ref: {r}` points into another file"),
                "inline the referenced definition into this document (progenitor resolves local references only)",
            )),
            Some(target) if doc.pointer(target).is_none() => problems.push(prov.error(
                &at,
                format!("`$ref: {r}` points to a component that does not exist"),
                "define the component, or correct the reference",
            )),
            Some(_) => {}
        }
    }
}

/// Whether a (resolved) parameter is the `x-api-version` header, which the runtime sends.
pub(super) fn is_api_version_param(p: &Value) -> bool {
    p.get("in").and_then(Value::as_str) == Some("header")
        && p.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case("x-api-version"))
}

/// Paths and operations: no path-level parameters; every operation has an `operationId` whose
/// method name is unique; `x-api-version` defaults to the directory's version; no cookie or
/// `content` parameters; one request media type; one schema per response kind.
pub(super) fn operations(
    prov: &Provenance,
    pinned_version: &str,
    doc: &Value,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        problems.push(prov.error(
            "",
            "the document has no `paths`",
            "add the operations under `paths`",
        ));
        return;
    };
    let mut seen: Vec<(String, String)> = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let path_ptr = format!("/paths/{}", escape_token(path));
        if item
            .get("parameters")
            .and_then(Value::as_array)
            .is_some_and(|ps| !ps.is_empty())
        {
            problems.push(prov.error(
                &format!("{path_ptr}/parameters"),
                "path-level parameters are not supported",
                "move the parameters into each operation (in overlay.yaml for vendored files)",
            ));
        }
        for method in walk::METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let op_ptr = format!("{path_ptr}/{method}");
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                problems.push(prov.error(
                    &op_ptr,
                    format!("{} {path} has no operationId", method.to_uppercase()),
                    "add `operationId` in overlay.yaml; it names the generated method",
                ));
                continue;
            };
            let rust_name = id.to_snake_case();
            if let Some((_, other)) = seen.iter().find(|(n, _)| *n == rust_name) {
                problems.push(prov.error(
                    &format!("{op_ptr}/operationId"),
                    format!("operationId `{id}` gives the same method name as {other}"),
                    "give every operation a distinct operationId (in overlay.yaml for vendored files)",
                ));
            }
            seen.push((rust_name, format!("{} {path}", method.to_uppercase())));
            parameters(prov, pinned_version, doc, op, &op_ptr, problems);
            if let Some(body) = op.get("requestBody") {
                let media = resolve(doc, body)
                    .get("content")
                    .and_then(Value::as_object)
                    .map_or(0, Map::len);
                if media != 1 {
                    problems.push(prov.error(
                        &format!("{op_ptr}/requestBody/content"),
                        format!(
                            "the request body has {media} media types; exactly one is supported"
                        ),
                        "keep only `application/json` (remove the others in overlay.yaml)",
                    ));
                }
            }
            response_schemas(prov, doc, op, &op_ptr, problems);
        }
    }
}

/// The parameters of one operation: no cookies, no `content`, and an `x-api-version` default (if
/// any) equal to the version the directory pins.
fn parameters(
    prov: &Provenance,
    pinned_version: &str,
    doc: &Value,
    op: &Map<String, Value>,
    op_ptr: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let params = op.get("parameters").and_then(Value::as_array);
    for (i, p) in params.into_iter().flatten().enumerate() {
        let at = format!("{op_ptr}/parameters/{i}");
        let resolved = resolve(doc, p);
        if is_api_version_param(resolved) {
            if let Some(default) = resolved.pointer("/schema/default").and_then(Value::as_str)
                && default != pinned_version
            {
                problems.push(prov.error(
                    &at,
                    format!("x-api-version defaults to {default} but the directory pins {pinned_version}"),
                    "move the spec to the directory of the version it declares, or correct the default in overlay.yaml",
                ));
            }
            continue;
        }
        if resolved.get("in").and_then(Value::as_str) == Some("cookie") {
            problems.push(prov.error(
                &at,
                "cookie parameters are not supported by progenitor",
                "remove the parameter in overlay.yaml (and set the cookie in a client hook if Cashfree needs it)",
            ));
        }
        if resolved.get("content").is_some() {
            problems.push(prov.error(
                &at,
                "parameters described with `content` are not supported by progenitor",
                "describe the parameter with `schema` instead (in overlay.yaml for vendored files)",
            ));
        }
    }
}

/// progenitor asserts that all success responses share one type, and all error responses another.
fn response_schemas(
    prov: &Provenance,
    root: &Value,
    op: &Map<String, Value>,
    op_ptr: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        problems.push(prov.error(
            op_ptr,
            "the operation has no `responses`",
            "declare at least the success response",
        ));
        return;
    };
    for (kind, is_kind) in [
        (
            "success",
            (|c: &str| c.starts_with('2')) as fn(&str) -> bool,
        ),
        ("error", |c: &str| {
            c.starts_with('4') || c.starts_with('5') || c == "default"
        }),
    ] {
        let mut first: Option<(&str, Option<&Value>)> = None;
        for (code, response) in responses.iter().filter(|(c, _)| is_kind(c)) {
            let response = resolve(root, response);
            let content = response.get("content").and_then(Value::as_object);
            if content.is_some_and(|c| c.len() > 1) {
                problems.push(prov.error(
                    &format!("{op_ptr}/responses/{code}/content"),
                    format!("response {code} has several media types"),
                    "keep only `application/json` for it (in overlay.yaml for vendored files)",
                ));
                continue;
            }
            let schema = content
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"));
            match first {
                None => first = Some((code, schema)),
                Some((first_code, first_schema)) if first_schema != schema => problems.push(prov.error(
                    &format!("{op_ptr}/responses/{code}"),
                    format!("{kind} response {code} has a different schema from {kind} response {first_code}"),
                    format!("give every {kind} response of an operation the same schema (one `$ref`), in overlay.yaml for vendored files"),
                )),
                Some(_) => {}
            }
        }
    }
}

/// The sandbox and production base URLs, from the `servers` whose descriptions name them.
pub(super) fn servers(prov: &Provenance, doc: &Value) -> Result<(String, String)> {
    let list = doc
        .get("servers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let find = |word: &str| {
        list.iter()
            .find(|s| {
                s.get("description")
                    .and_then(Value::as_str)
                    .is_some_and(|d| d.to_lowercase().contains(word))
            })
            .and_then(|s| s.get("url").and_then(Value::as_str))
            .map(|u| u.trim_end_matches('/').to_owned())
    };
    match (find("sandbox"), find("production")) {
        (Some(s), Some(p)) => Ok((s, p)),
        _ => Err(prov
            .error(
                "/servers",
                "the document does not name a sandbox and a production server",
                "list both in `servers`, with descriptions containing \"Sandbox\" and \"Production\" (in overlay.yaml for vendored files)",
            )
            .into()),
    }
}
