//! Normalize stage: rules that hold for every spec, applied after the overlay.
//!
//! - Rejects what progenitor 0.15 cannot take (or panics on) with a message naming the file and
//!   JSON pointer: OpenAPI other than 3.0.x, missing or duplicate `operationId`, `$ref`s that are
//!   external or dangling, cookie parameters, several request media types, success or error
//!   responses with differing schemas.
//! - Removes the `x-api-version` header parameter from every operation: the module pins it, and the
//!   runtime sends it. `info.version` becomes that pinned version, so progenitor's `api_version()`
//!   tells the truth (the document's own version is kept for the docs).
//! - Points every string property named `status` / `sub_status` at the shared status types.
//! - Collects the operations marked `x-vkyc-retry-safe: true`, and the one marked
//!   `x-vkyc-status-lookup` with the inputs that identify a verification.
//! - Collects the webhook: OpenAPI 3.0 has no `webhooks`, so a version describes the one Cashfree
//!   sends as a `components.requestBodies` entry marked `x-vkyc-webhook-events` (its event types)
//!   and `x-vkyc-idempotency-key`; its payload's `event_type` is pointed at the event-type enum.
//! - Notes whether any operation takes the `x-cf-signature` header, so that the client can sign.
//! - Collects the operations marked `deprecated: true` (progenitor drops the flag), and the values
//!   listed under `x-vkyc-known-values` on string properties, which become named constants while
//!   the property keeps accepting any string.
//! - Applies the `x-vkyc-lenient` marks ([`lenient`]), then opens everything Cashfree sends: enums
//!   and unknown fields ([`forward`]).

pub mod forward;
pub mod lenient;

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value, json};

use crate::error::{Diagnostic, Result};
use crate::load::layout::VersionDir;
use crate::load::source::{SourceFile, escape_token, resolve};
use crate::walk;

/// Component names the status rule introduces; the generator maps them to `crate::status` types.
pub const STATUS_SCHEMA: &str = "VkycStatus";
pub const SUB_STATUS_SCHEMA: &str = "VkycSubStatus";
/// Vendor extension marking an operation safe to repeat.
pub const RETRY_SAFE: &str = "x-vkyc-retry-safe";
/// Vendor extension marking the operation that reads a verification's status; its value lists the
/// query parameters or body properties that identify the verification, in argument order.
pub const STATUS_LOOKUP: &str = "x-vkyc-status-lookup";

/// Vendor extension on a `components.requestBodies` entry: the body is a webhook Cashfree sends,
/// and its event types are `[{event, description}, ...]`.
pub const WEBHOOK_EVENTS: &str = "x-vkyc-webhook-events";
/// Beside [`WEBHOOK_EVENTS`]: JSON pointers into the payload whose values together identify one
/// event across repeated deliveries.
pub const IDEMPOTENCY_KEY: &str = "x-vkyc-idempotency-key";
/// Component name the webhook rule introduces for `event_type`; the generator maps it to the
/// module's `webhook::EventType`.
pub const EVENT_TYPE_SCHEMA: &str = "VkycWebhookEventType";
/// The 2FA request signature header (Cashfree's "x-cf-signature").
const CF_SIGNATURE: &str = "x-cf-signature";
/// Vendor extension on a string property: `[{value, description}, ...]`, the values Cashfree
/// documents for an open-ended field (e.g. template names); each becomes a named constant.
pub const KNOWN_VALUES: &str = "x-vkyc-known-values";

/// A spec ready for generation.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The document after overlay and normalization, as JSON (what Prism and the docs see).
    pub doc: Value,
    pub openapi: openapiv3::OpenAPI,
    /// `info.version` as the document had it (Cashfree's document version, not the API version).
    pub document_version: String,
    /// Operation ids (as progenitor names them, snake_case) that may be retried.
    pub retry_safe: Vec<String>,
    /// The operation marked `x-vkyc-status-lookup`, if any: the generator adds `wait_for_terminal`.
    pub status_lookup: Option<StatusLookup>,
    pub sandbox_url: String,
    pub production_url: String,
    /// The webhook the spec describes, if any.
    pub webhook: Option<Webhook>,
    /// Whether an operation takes the `x-cf-signature` header.
    pub cf_signature: bool,
    /// Operations marked `deprecated: true`, with what the generated method's note says.
    pub deprecated: Vec<Deprecated>,
    /// `x-vkyc-known-values` by property name, in name order.
    pub known_values: Vec<KnownValues>,
    /// The open enums of values Cashfree sends (the module's `received`).
    pub received_enums: Vec<crate::normalize::forward::ReceivedEnum>,
}

/// An operation the spec marks `deprecated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    /// Operation id, snake_case as progenitor names the method.
    pub operation: String,
    /// `POST /path`, for the note.
    pub route: String,
}

/// The documented values of one open-ended string property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownValues {
    /// The property name, e.g. `user_template`.
    pub property: String,
    /// `(value, description)` in spec order.
    pub values: Vec<(String, String)>,
}

/// The webhook of one version, from its marked request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Component schema of the payload.
    pub payload_schema: String,
    /// Event types with their descriptions, in spec order.
    pub events: Vec<(String, String)>,
    /// JSON pointers into the payload, in spec order.
    pub idempotency_key: Vec<String>,
    /// The payload examples by name.
    pub examples: Vec<(String, Value)>,
}

/// How to ask for a verification's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLookup {
    /// Operation id, snake_case as progenitor names the method.
    pub operation: String,
    /// The identifying inputs, in the order the extension lists them.
    pub keys: Vec<LookupKey>,
    /// Component schema of the 200 response; it has a `sub_status` property.
    pub response_schema: String,
    /// Whether that schema also has a `status` property (a terminal one ends polling too).
    pub has_status: bool,
}

/// One identifying input of the status lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupKey {
    pub name: String,
    /// A property of the JSON request body rather than a query parameter.
    pub in_body: bool,
}

/// Finds which input file a pointer of the merged document came from, for diagnostics.
struct Provenance<'a> {
    version: &'a VersionDir,
}

impl Provenance<'_> {
    fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let file = self.file_for(pointer);
        file.error(pointer, message, help)
    }

    /// Like [`error`](Self::error) for a node a spec file may not have: a node no spec file has
    /// came from the overlay, so the overlay is the file to edit.
    fn error_at_node(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let in_a_spec = self
            .version
            .specs
            .iter()
            .any(|s| s.value.pointer(pointer).is_some());
        match &self.version.overlay {
            Some(overlay) if !in_a_spec => overlay.error(pointer, message, help),
            _ => self.error(pointer, message, help),
        }
    }

    fn file_for(&self, pointer: &str) -> &SourceFile {
        let mut p = pointer;
        loop {
            if let Some(f) = self
                .version
                .specs
                .iter()
                .find(|s| s.value.pointer(p).is_some())
            {
                return f;
            }
            match p.rfind('/') {
                Some(cut) => p = &p[..cut],
                None => {
                    return self
                        .version
                        .overlay
                        .as_ref()
                        .unwrap_or(&self.version.specs[0]);
                }
            }
        }
    }
}

pub fn normalize(version: &VersionDir, mut doc: Value) -> Result<Normalized> {
    let prov = Provenance { version };
    check_openapi_version(&prov, &doc)?;
    let mut problems = Vec::new();
    check_refs(&prov, &doc, &doc, "", &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let (retry_safe, status_lookup) = check_operations(&prov, version, &mut doc, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let webhook = collect_webhook(&prov, &mut doc, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let cf_signature = declares_cf_signature(&doc);
    let deprecated = deprecated_operations(&doc);
    let known_values = collect_known_values(&prov, &doc, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    remove_api_version_components(&mut doc);
    type_status_fields(&mut doc);
    let as_diagnostics = |problems: Vec<crate::normalize::lenient::Problem>| -> Vec<Diagnostic> {
        problems
            .into_iter()
            .map(|(pointer, message, help)| prov.error_at_node(&pointer, message, help))
            .collect()
    };
    let problems = as_diagnostics(crate::normalize::lenient::apply(&mut doc));
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let payload = webhook.as_ref().map(|w| w.payload_schema.as_str());
    let received_enums = crate::normalize::forward::apply(&mut doc, payload)
        .map_err(|problems| crate::error::Error::from(as_diagnostics(problems)))?;
    let document_version = doc
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        info.insert("version".into(), Value::String(version.version.clone()));
    }
    let (sandbox_url, production_url) = servers(&prov, &doc)?;
    let openapi: openapiv3::OpenAPI = serde_path_to_error::deserialize(&doc).map_err(|e| {
        let pointer = e
            .path()
            .iter()
            .map(|s| format!("/{}", escape_token(&s.to_string())))
            .filter(|s| s != "/?")
            .collect::<String>();
        let message = format!("not a valid OpenAPI 3.0 document: {}", e.into_inner());
        prov.error(
            &pointer,
            message,
            "correct the node so it follows OpenAPI 3.0 (in overlay.yaml for vendored files)",
        )
    })?;
    Ok(Normalized {
        doc,
        openapi,
        document_version,
        retry_safe,
        status_lookup,
        sandbox_url,
        production_url,
        webhook,
        cf_signature,
        deprecated,
        known_values,
        received_enums,
    })
}

/// Every operation with `deprecated: true`, in document order.
fn deprecated_operations(doc: &Value) -> Vec<Deprecated> {
    let mut out = Vec::new();
    for (path, method, op) in walk::operations(doc) {
        if op.get("deprecated").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            out.push(Deprecated {
                operation: id.to_snake_case(),
                route: format!("{} {path}", method.to_uppercase()),
            });
        }
    }
    out
}

/// Reads every [`KNOWN_VALUES`] list: on a `type: string` property, each entry a distinct value with
/// a description, distinct as constant names; a property name listed twice must list the same values.
fn collect_known_values(
    prov: &Provenance,
    doc: &Value,
    problems: &mut Vec<Diagnostic>,
) -> Vec<KnownValues> {
    let mut found: Vec<(String, String, Value)> = Vec::new();
    find_known_values(doc, "", &mut found);
    let mut out: Vec<KnownValues> = Vec::new();
    for (pointer, property, list) in found {
        let at = format!("{pointer}/{KNOWN_VALUES}");
        let entries = described(&list, "value");
        let is_string = doc
            .pointer(&pointer)
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str)
            == Some("string");
        let names: BTreeSet<String> = entries
            .iter()
            .flatten()
            .map(|(v, _)| constant_name(v))
            .collect();
        let entries = match entries {
            Some(e)
                if is_string
                    && !e.is_empty()
                    && names.len() == e.len()
                    && names
                        .iter()
                        .all(|n| n.starts_with(|c: char| c.is_ascii_uppercase())) =>
            {
                e
            }
            _ => {
                problems.push(prov.error(
                    &at,
                    format!(
                        "{KNOWN_VALUES} must be on a `type: string` property and list distinct values, each with a description"
                    ),
                    "e.g. `x-vkyc-known-values: [{value: vkyc_user_template_v1, description: ...}]`",
                ));
                continue;
            }
        };
        match out.iter().find(|k| k.property == property) {
            Some(k) if k.values != entries => problems.push(prov.error(
                &at,
                format!("`{property}` lists different {KNOWN_VALUES} in two places"),
                "list the same values wherever the property appears",
            )),
            Some(_) => {}
            None => out.push(KnownValues {
                property,
                values: entries,
            }),
        }
    }
    out.sort_by(|a, b| a.property.cmp(&b.property));
    out
}

/// `(pointer to the property, property name, list)` for every property carrying [`KNOWN_VALUES`].
fn find_known_values(node: &Value, pointer: &str, out: &mut Vec<(String, String, Value)>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, prop) in props {
                    if let Some(list) = prop.get(KNOWN_VALUES) {
                        out.push((
                            format!("{pointer}/properties/{}", escape_token(name)),
                            name.clone(),
                            list.clone(),
                        ));
                    }
                }
            }
            for (k, v) in map {
                find_known_values(v, &format!("{pointer}/{}", escape_token(k)), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_known_values(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// `[{<key>: ..., description: ...}, ...]` as `(key, description)` pairs; `None` unless every entry
/// has both as strings.
fn described(list: &Value, key: &str) -> Option<Vec<(String, String)>> {
    list.as_array()?
        .iter()
        .map(|e| {
            let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
            Some((text(key)?, text("description")?))
        })
        .collect()
}

/// The Rust constant for a known value: `vkyc_user_template_v1` → `VKYC_USER_TEMPLATE_V1`.
pub fn constant_name(value: &str) -> String {
    heck::ToShoutySnakeCase::to_shouty_snake_case(value)
}

fn check_openapi_version(prov: &Provenance, doc: &Value) -> Result<()> {
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
fn check_refs(
    prov: &Provenance,
    root: &Value,
    node: &Value,
    pointer: &str,
    problems: &mut Vec<Diagnostic>,
) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let at = format!("{pointer}/$ref");
                match r.strip_prefix('#') {
                    None => problems.push(prov.error(
                        &at,
                        format!("`$ref: {r}` points into another file"),
                        "inline the referenced definition into this document (progenitor resolves local references only)",
                    )),
                    Some(target) if root.pointer(target).is_none() => problems.push(prov.error(
                        &at,
                        format!("`$ref: {r}` points to a component that does not exist"),
                        "define the component, or correct the reference",
                    )),
                    Some(_) => {}
                }
            }
            for (k, v) in map {
                check_refs(
                    prov,
                    root,
                    v,
                    &format!("{pointer}/{}", escape_token(k)),
                    problems,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_refs(prov, root, v, &format!("{pointer}/{i}"), problems);
            }
        }
        _ => {}
    }
}

fn is_api_version_param(p: &Value) -> bool {
    p.get("in").and_then(Value::as_str) == Some("header")
        && p.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case("x-api-version"))
}

fn check_operations(
    prov: &Provenance,
    version: &VersionDir,
    doc: &mut Value,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<String>, Option<StatusLookup>) {
    let root = doc.clone();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut retry_safe = BTreeSet::new();
    let mut status_lookup: Option<StatusLookup> = None;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        problems.push(prov.error(
            "",
            "the document has no `paths`",
            "add the operations under `paths`",
        ));
        return (Vec::new(), None);
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
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
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let op_ptr = format!("{path_ptr}/{method}");
            let Some(id) = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
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
            seen.push((
                rust_name.clone(),
                format!("{} {path}", method.to_uppercase()),
            ));
            if op.get(RETRY_SAFE).and_then(Value::as_bool) == Some(true) {
                retry_safe.insert(rust_name.clone());
            }
            if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                let mut kept = Vec::new();
                for (i, p) in params.drain(..).enumerate() {
                    let resolved = resolve(&root, &p);
                    if is_api_version_param(resolved) {
                        if let Some(default) =
                            resolved.pointer("/schema/default").and_then(Value::as_str)
                            && default != version.version
                        {
                            problems.push(prov.error(
                                &format!("{op_ptr}/parameters/{i}"),
                                format!("x-api-version defaults to {default} but the directory pins {}", version.version),
                                "move the spec to the directory of the version it declares, or correct the default in overlay.yaml",
                            ));
                        }
                        continue;
                    }
                    if resolved.get("in").and_then(Value::as_str) == Some("cookie") {
                        problems.push(prov.error(
                            &format!("{op_ptr}/parameters/{i}"),
                            "cookie parameters are not supported by progenitor",
                            "remove the parameter in overlay.yaml (and set the cookie in a client hook if Cashfree needs it)",
                        ));
                    }
                    if resolved.get("content").is_some() {
                        problems.push(prov.error(
                            &format!("{op_ptr}/parameters/{i}"),
                            "parameters described with `content` are not supported by progenitor",
                            "describe the parameter with `schema` instead (in overlay.yaml for vendored files)",
                        ));
                    }
                    kept.push(p);
                }
                *params = kept;
            }
            if let Some(body) = op.get("requestBody") {
                let body = resolve(&root, body);
                let media = body
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
            check_response_schemas(prov, &root, op, &op_ptr, problems);
            if op.contains_key(STATUS_LOOKUP) {
                let lookup = collect_status_lookup(prov, &root, op, &op_ptr, rust_name, problems);
                if let Some(lookup) = lookup {
                    match &status_lookup {
                        Some(first) => problems.push(prov.error(
                            &format!("{op_ptr}/{STATUS_LOOKUP}"),
                            format!(
                                "{STATUS_LOOKUP} marks {} and {} in one version",
                                first.operation, lookup.operation
                            ),
                            "mark only the operation that reads a verification's status",
                        )),
                        None => status_lookup = Some(lookup),
                    }
                }
            }
        }
    }
    (retry_safe.into_iter().collect(), status_lookup)
}

/// Reads `x-vkyc-status-lookup: [key, ...]`: every key must be a query parameter or a property of
/// the JSON body, and the 200 response a component schema with `sub_status`, so that the generated
/// `wait_for_terminal` compiles. A required body property missing from the list is not an error
/// here: `cargo xtask diff` reports a newly required input as breaking, and the call itself would
/// fail with `InvalidRequest` naming it.
fn collect_status_lookup(
    prov: &Provenance,
    root: &Value,
    op: &Map<String, Value>,
    op_ptr: &str,
    operation: String,
    problems: &mut Vec<Diagnostic>,
) -> Option<StatusLookup> {
    let at = format!("{op_ptr}/{STATUS_LOOKUP}");
    let mut fail = |message: String, help: &str| {
        problems.push(prov.error(&at, message, help));
        None
    };
    let is_ident = |n: &&str| {
        n.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let names = op[STATUS_LOOKUP]
        .as_array()
        .and_then(|items| items.iter().map(Value::as_str).collect::<Option<Vec<_>>>());
    let names = match names {
        Some(names) if !names.is_empty() && names.iter().all(is_ident) => names,
        _ => {
            return fail(
                format!(
                    "{STATUS_LOOKUP} must list the snake_case names of the inputs that identify a verification"
                ),
                "e.g. `x-vkyc-status-lookup: [verification_id]`",
            );
        }
    };
    let query: Vec<&str> = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| resolve(root, p))
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .collect();
    let body_props = op
        .get("requestBody")
        .map(|b| resolve(root, b))
        .and_then(|b| b.pointer("/content/application~1json/schema"))
        .map(|s| resolve(root, s))
        .and_then(|b| b.get("properties"))
        .and_then(Value::as_object);
    let mut keys = Vec::new();
    for name in &names {
        let in_body = body_props.is_some_and(|p| p.contains_key(*name));
        if !in_body && !query.contains(name) {
            return fail(
                format!(
                    "{STATUS_LOOKUP} names `{name}`, which is neither a query parameter nor a JSON body property of the operation"
                ),
                "list only the operation's own inputs",
            );
        }
        keys.push(LookupKey {
            name: (*name).to_owned(),
            in_body,
        });
    }
    let schema_ref = op
        .get("responses")
        .and_then(|r| r.get("200"))
        .map(|r| resolve(root, r))
        .and_then(|r| r.pointer("/content/application~1json/schema/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'));
    let schema = schema_ref.filter(|p| {
        root.pointer(&format!("{p}/properties/sub_status"))
            .is_some()
    });
    match schema.and_then(|p| p.strip_prefix("/components/schemas/")) {
        Some(name) => Some(StatusLookup {
            operation,
            keys,
            response_schema: name.to_owned(),
            has_status: root
                .pointer(&format!("/components/schemas/{name}/properties/status"))
                .is_some(),
        }),
        _ => fail(
            "the 200 response of a status lookup must be a `$ref` to a component schema with a `sub_status` property".into(),
            "point the 200 response at the status response schema",
        ),
    }
}

/// progenitor asserts that all success responses share one type, and all error responses another.
fn check_response_schemas(
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

/// Reads the request body marked [`WEBHOOK_EVENTS`] (at most one per version) and points its
/// payload's `event_type` at [`EVENT_TYPE_SCHEMA`]. Everything the generated `webhook` module relies
/// on is checked here: distinct event names that make distinct Rust variants, a component payload
/// schema with a plain-string `event_type`, and key pointers that name payload properties.
fn collect_webhook(
    prov: &Provenance,
    doc: &mut Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<Webhook> {
    let marked: Vec<(String, Value)> = doc
        .pointer("/components/requestBodies")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, body)| body.get(WEBHOOK_EVENTS).is_some())
        .map(|(name, body)| (name.clone(), body.clone()))
        .collect();
    let at = |name: &str| format!("/components/requestBodies/{}", escape_token(name));
    let (name, body) = match marked.as_slice() {
        [] => return None,
        [one] => one,
        [_, second, ..] => {
            problems.push(prov.error(
                &format!("{}/{WEBHOOK_EVENTS}", at(&second.0)),
                format!("{WEBHOOK_EVENTS} marks more than one request body in one version"),
                "describe the webhook's events on one request body",
            ));
            return None;
        }
    };
    let at = at(name);
    let mut fail = |suffix: &str, message: String, help: &str| {
        problems.push(prov.error(&format!("{at}{suffix}"), message, help));
        None
    };

    let events = described(&body[WEBHOOK_EVENTS], "event");
    let is_name = |n: &str| {
        n.starts_with(|c: char| c.is_ascii_uppercase())
            && n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let variants: BTreeSet<String> = events
        .iter()
        .flatten()
        .map(|(n, _)| n.to_upper_camel_case())
        .collect();
    let events = match events {
        Some(events)
            if !events.is_empty()
                && events.iter().all(|(n, _)| is_name(n))
                && variants.len() == events.len()
                && !variants.contains("Unknown") =>
        {
            events
        }
        _ => {
            return fail(
                &format!("/{WEBHOOK_EVENTS}"),
                format!(
                    "{WEBHOOK_EVENTS} must list distinct upper-case event types, each with a description"
                ),
                "e.g. `- {event: VKYC_USER_LINK_GENERATED, description: ...}` (UNKNOWN is reserved)",
            );
        }
    };

    let media = body.pointer("/content/application~1json");
    let schema_name = media
        .and_then(|m| m.pointer("/schema/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_owned);
    let event_type = schema_name
        .as_deref()
        .and_then(|n| doc.pointer(&format!("/components/schemas/{}", escape_token(n))))
        .and_then(|s| s.pointer("/properties/event_type"));
    let plain_string = event_type.is_some_and(|p| {
        p.get("type").and_then(Value::as_str) == Some("string")
            && p.get("enum").is_none()
            && p.get("format").is_none()
    });
    let Some(payload_schema) = schema_name.filter(|_| plain_string) else {
        return fail(
            "/content",
            "a webhook body must be `application/json` with a `$ref` to a component schema that has a plain string `event_type`".into(),
            "point `content.application/json.schema` at the payload schema",
        );
    };
    let payload = &doc["components"]["schemas"][&payload_schema];

    let pointers = body
        .get(IDEMPOTENCY_KEY)
        .and_then(Value::as_array)
        .and_then(|p| p.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
        .unwrap_or_default();
    let names_property = |pointer: &str| {
        pointer.strip_prefix('/').is_some_and(|tokens| {
            tokens
                .split('/')
                .try_fold(resolve(doc, payload), |schema, token| {
                    let token = token.replace("~1", "/").replace("~0", "~");
                    let next = schema.get("properties")?.get(&token)?;
                    Some(resolve(doc, next))
                })
                .is_some()
        })
    };
    if pointers.is_empty() || !pointers.iter().all(|p| names_property(p)) {
        return fail(
            &format!("/{IDEMPOTENCY_KEY}"),
            format!(
                "{IDEMPOTENCY_KEY} must list JSON pointers to properties of the payload schema `{payload_schema}`"
            ),
            "e.g. `x-vkyc-idempotency-key: [/event_type, /data/verification_id, /event_time]`",
        );
    }
    let idempotency_key = pointers.into_iter().map(str::to_owned).collect();

    let mut examples: Vec<(String, Value)> = media
        .and_then(|m| m.get("example"))
        .map(|e| ("example".to_owned(), e.clone()))
        .into_iter()
        .collect();
    for (name, example) in media
        .and_then(|m| m.get("examples"))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let value = resolve(doc, example).get("value").cloned();
        examples.push((name.clone(), value.unwrap_or(Value::Null)));
    }

    doc["components"]["schemas"][&payload_schema]["properties"]["event_type"] =
        json!({ "$ref": format!("#/components/schemas/{EVENT_TYPE_SCHEMA}") });
    doc["components"]["schemas"][EVENT_TYPE_SCHEMA] =
        json!({ "type": "string", "description": "Type of a webhook event." });
    Some(Webhook {
        payload_schema,
        events,
        idempotency_key,
        examples,
    })
}

/// Whether any operation takes the `x-cf-signature` header.
fn declares_cf_signature(doc: &Value) -> bool {
    walk::operations(doc)
        .flat_map(|(_, _, op)| op.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|p| resolve(doc, p))
        .any(|p| {
            p.get("in").and_then(Value::as_str) == Some("header")
                && p.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(CF_SIGNATURE))
        })
}

fn remove_api_version_components(doc: &mut Value) {
    if let Some(params) = doc
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        params.retain(|_, p| !is_api_version_param(p));
    }
}

/// `status` / `sub_status` string properties of any schema → the shared status types.
fn type_status_fields(doc: &mut Value) {
    let mut used = false;
    visit_schemas(doc, &mut |props: &mut Map<String, Value>| {
        for (field, target) in [("status", STATUS_SCHEMA), ("sub_status", SUB_STATUS_SCHEMA)] {
            let Some(prop) = props.get_mut(field) else {
                continue;
            };
            let plain_string = prop.get("type").and_then(Value::as_str) == Some("string")
                && prop.get("enum").is_none()
                && prop.get("format").is_none();
            if plain_string {
                *prop = json!({ "$ref": format!("#/components/schemas/{target}") });
                used = true;
            }
        }
    });
    if used {
        let schemas = doc
            .as_object_mut()
            .and_then(|d| {
                d.entry("components")
                    .or_insert_with(|| json!({}))
                    .as_object_mut()
                    .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
            })
            .and_then(Value::as_object_mut);
        if let Some(schemas) = schemas {
            schemas.insert(
                STATUS_SCHEMA.into(),
                json!({"type": "string", "description": "Status of the Video KYC request."}),
            );
            schemas.insert(
                SUB_STATUS_SCHEMA.into(),
                json!({"type": "string", "description": "Sub-status of the Video KYC request."}),
            );
        }
    }
}

/// Calls `f` on the `properties` map of every object schema in the document.
fn visit_schemas(node: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                f(props);
            }
            for v in map.values_mut() {
                visit_schemas(v, f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| visit_schemas(v, f)),
        _ => {}
    }
}

fn servers(prov: &Provenance, doc: &Value) -> Result<(String, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's version `family`, after overlay: (directory, document).
    fn effective(family: &str) -> (VersionDir, Value) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let workspace = crate::Config::new(root).load().unwrap();
        let api = workspace
            .apis
            .into_iter()
            .find(|a| a.version.family == family)
            .unwrap();
        (api.version, api.effective)
    }

    fn mark(doc: &mut Value, op: &str, lookup: Value) {
        let op = doc.pointer_mut(op).and_then(Value::as_object_mut).unwrap();
        op.insert(STATUS_LOOKUP.into(), lookup);
    }

    #[test]
    fn collects_the_status_lookup_of_each_family() {
        let key = |name: &str, in_body| LookupKey {
            name: name.into(),
            in_body,
        };
        let (vrs, doc) = effective("vrs");
        let lookup = normalize(&vrs, doc).unwrap().status_lookup.unwrap();
        assert_eq!(lookup.operation, "vkyc_get_status");
        assert_eq!(lookup.keys, [key("verification_id", false)]);
        assert_eq!(lookup.response_schema, "GetVKYCLinkResponseSchema");
        let (ppi, doc) = effective("ppi");
        let lookup = normalize(&ppi, doc).unwrap().status_lookup.unwrap();
        assert_eq!(lookup.operation, "ppi_get_vkyc_details");
        assert_eq!(
            lookup.keys,
            [key("user_id", true), key("verification_id", true)]
        );
    }

    #[test]
    fn rejects_lookups_the_generated_method_could_not_call() {
        let (vrs, doc) = effective("vrs");
        for (lookup, message) in [
            (json!(true), "must list the snake_case names"),
            (json!([]), "must list the snake_case names"),
            (json!(["Verification-Id"]), "must list the snake_case names"),
            (json!(["user_id"]), "`user_id`, which is neither"),
        ] {
            let mut doc = doc.clone();
            mark(&mut doc, "/paths/~1vkyc/get", lookup);
            let err = normalize(&vrs, doc).unwrap_err().to_string();
            assert!(err.contains(message), "{err}");
        }
        let (ppi, doc) = effective("ppi");
        let mut twice = doc;
        mark(
            &mut twice,
            "/paths/~1ppi~1kyc~1vkyc/post",
            json!(["user_id", "verification_id"]),
        );
        let err = normalize(&ppi, twice).unwrap_err().to_string();
        assert!(err.contains("in one version"), "{err}");
    }

    #[test]
    fn collects_the_webhook_and_the_signature_header_of_each_family() {
        for (family, samples, cf_signature) in [("vrs", 2, true), ("ppi", 1, false)] {
            let (version, doc) = effective(family);
            let normalized = normalize(&version, doc).unwrap();
            assert_eq!(normalized.cf_signature, cf_signature, "{family}");
            let webhook = normalized.webhook.unwrap();
            assert_eq!(webhook.payload_schema, "VkycWebhookEvent");
            assert_eq!(webhook.events.len(), 10);
            assert_eq!(
                webhook.idempotency_key,
                [
                    "/event_type",
                    "/data/verification_id",
                    "/event_time",
                    "/data/sub_status"
                ]
            );
            assert_eq!(webhook.examples.len(), samples);
            let event_type = &normalized.doc["components"]["schemas"]["VkycWebhookEvent"]["properties"]
                ["event_type"]["$ref"];
            assert_eq!(event_type, "#/components/schemas/VkycWebhookEventType");
        }
    }

    #[test]
    fn a_lenient_mark_that_names_no_type_is_refused_naming_the_overlay() {
        let (vrs, doc) = effective("vrs");
        let mut doc = doc;
        let at = "/components/schemas/GetVKYCLinkResponseSchema/properties/link_expiry";
        let prop = doc.pointer_mut(at).and_then(Value::as_object_mut).unwrap();
        prop.insert(
            crate::normalize::lenient::LENIENT.into(),
            json!(["integer", "date"]),
        );
        let err = normalize(&vrs, doc).unwrap_err().to_string();
        assert!(err.contains("overlay.yaml"), "{err}");
        assert!(err.contains("`integer` goes with `string` only"), "{err}");
        assert!(err.contains(&format!("{at}/x-vkyc-lenient")), "{err}");
    }

    #[test]
    fn opens_the_enums_cashfree_sends_and_keeps_requests_closed() {
        let (ppi, doc) = effective("ppi");
        let normalized = normalize(&ppi, doc).unwrap();
        let names: Vec<&str> = normalized
            .received_enums
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["NotificationMode"]);
        let schemas = &normalized.doc["components"]["schemas"];
        assert_eq!(
            schemas["NotificationMode"].get(crate::normalize::forward::OPEN_ENUM),
            None
        );
        assert_eq!(
            schemas["InitiateVkycResponse"]["properties"]["notification_modes"]["items"]["$ref"],
            "#/components/schemas/ReceivedNotificationMode"
        );
        assert_eq!(
            schemas["ReceivedNotificationMode"][crate::normalize::forward::OPEN_ENUM],
            "NotificationMode"
        );
        for kept in [
            "InitiateVkycResponse",
            "VkycWebhookEvent",
            "VkycWebhookData",
            "ErrorResponseSchema",
        ] {
            assert_eq!(schemas[kept]["additionalProperties"], json!({}), "{kept}");
        }
        assert_eq!(
            schemas["InitiateVkycRequest"].get("additionalProperties"),
            None
        );
    }

    #[test]
    fn rejects_webhooks_the_generated_module_could_not_use() {
        let (vrs, doc) = effective("vrs");
        let body = "/components/requestBodies/VkycWebhook";
        let events = format!("{body}/{WEBHOOK_EVENTS}");
        let key = format!("{body}/{IDEMPOTENCY_KEY}");
        let event = |name: &str| json!({"event": name, "description": "d"});
        for (at, value, message) in [
            (&events, json!([]), "distinct upper-case event types"),
            (
                &events,
                json!([{"event": "VKYC_A"}]),
                "distinct upper-case event types",
            ),
            (
                &events,
                json!([event("vkyc_a")]),
                "distinct upper-case event types",
            ),
            (
                &events,
                json!([event("VKYC_A"), event("VKYC_A")]),
                "distinct upper-case event types",
            ),
            (
                &events,
                json!([event("UNKNOWN")]),
                "distinct upper-case event types",
            ),
            (&key, json!([]), "JSON pointers to properties"),
            (&key, json!(["event_type"]), "JSON pointers to properties"),
            (&key, json!(["/data/nope"]), "JSON pointers to properties"),
            (
                &format!("{body}/content/application~1json/schema/$ref"),
                json!("#/components/schemas/VkycWebhookData"),
                "plain string `event_type`",
            ),
        ] {
            let mut doc = doc.clone();
            *doc.pointer_mut(at).unwrap() = value;
            let err = normalize(&vrs, doc).unwrap_err().to_string();
            assert!(err.contains(message), "{at}: {err}");
            assert!(err.contains("webhooks.yaml"), "{err}");
        }
        let mut twice = doc;
        let copy = twice.pointer(body).unwrap().clone();
        twice["components"]["requestBodies"]["Again"] = copy;
        let err = normalize(&vrs, twice).unwrap_err().to_string();
        assert!(err.contains("more than one request body"), "{err}");
    }
}
