//! Normalize stage: rules that hold for every spec, applied after the overlay, in this order:
//!
//! 1. [`checks`]: reject what progenitor 0.15 cannot take (or panics on), with a message naming
//!    the file and JSON pointer: OpenAPI other than 3.0.x, missing or duplicate `operationId`,
//!    `$ref`s that are external or dangling, cookie parameters, several request media types,
//!    success or error responses with differing schemas, missing sandbox/production servers.
//! 2. [`extensions`]: read the `x-vkyc-*` marks, one module each (retry-safe operations, the
//!    status lookup, the webhook and its idempotency key, known values, lenient fields), each
//!    with its own checks and messages.
//! 3. [`rewrites`]: remove the `x-api-version` header (the module pins it and the runtime sends
//!    it; `info.version` becomes the pinned version, the document's own is kept for the docs) and
//!    point `status` / `sub_status` string properties at the shared status types.
//! 4. Apply the `x-vkyc-lenient` marks ([`lenient`]), then open everything Cashfree sends: enums
//!    and unknown fields ([`forward`]).
//!
//! Along the way it notes whether any operation takes the `x-cf-signature` header (so that the
//! client can sign) and which operations are `deprecated: true` (progenitor drops the flag).

mod checks;
pub mod extensions;
pub mod forward;
mod provenance;
mod rewrites;

use heck::ToSnakeCase;
use serde_json::Value;

pub use extensions::known_values::{KNOWN_VALUES, KnownValues, constant_name};
pub use extensions::lenient;
pub use extensions::status_lookup::{LookupKey, STATUS_LOOKUP, StatusLookup};
pub use extensions::webhook_events::{EVENT_TYPE_SCHEMA, Webhook};
pub use rewrites::{STATUS_SCHEMA, SUB_STATUS_SCHEMA};

use crate::error::{Diagnostic, Error, Result};
use crate::load::layout::VersionDir;
use crate::walk::{self, escape_token};
use provenance::Provenance;

/// The 2FA request signature header (Cashfree's "x-cf-signature").
const CF_SIGNATURE: &str = "x-cf-signature";

/// A spec ready for generation.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The document after overlay and normalization, as JSON (what Prism and the docs see).
    pub doc: Value,
    /// The document as progenitor reads it.
    pub openapi: openapiv3::OpenAPI,
    /// `info.version` as the document had it (Cashfree's document version, not the API version).
    pub document_version: String,
    /// Operation ids (as progenitor names them, snake_case) that may be retried.
    pub retry_safe: Vec<String>,
    /// The operation marked `x-vkyc-status-lookup`, if any: the generator adds `wait_for_terminal`.
    pub status_lookup: Option<StatusLookup>,
    /// The sandbox base URL (from `servers`).
    pub sandbox_url: String,
    /// The production base URL (from `servers`).
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
    pub received_enums: Vec<forward::ReceivedEnum>,
}

/// An operation the spec marks `deprecated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    /// Operation id, snake_case as progenitor names the method.
    pub operation: String,
    /// `POST /path`, for the note.
    pub route: String,
}

/// Normalizes the merged, overlaid document of `version` (see the module docs for the order).
pub fn normalize(version: &VersionDir, mut doc: Value) -> Result<Normalized> {
    let prov = Provenance { version };
    checks::openapi_version(&prov, &doc)?;
    let mut problems = Vec::new();
    checks::refs(&prov, &doc, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    checks::operations(&prov, &version.version, &doc, &mut problems);
    let retry_safe = extensions::retry_safe::collect(&prov, &doc, &mut problems);
    let status_lookup = extensions::status_lookup::collect(&prov, &doc, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let webhook = extensions::webhook_events::collect(&prov, &mut doc, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let known_values = extensions::known_values::collect(&prov, &doc, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let cf_signature = declares_cf_signature(&doc);
    let deprecated = deprecated_operations(&doc);
    rewrites::remove_api_version(&mut doc);
    rewrites::type_status_fields(&mut doc);
    let as_diagnostics = |problems: Vec<lenient::Problem>| -> Vec<Diagnostic> {
        problems
            .into_iter()
            .map(|(pointer, message, help)| prov.error_at_node(&pointer, message, help))
            .collect()
    };
    let problems = as_diagnostics(lenient::apply(&mut doc));
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let payload = webhook.as_ref().map(|w| w.payload_schema.as_str());
    let received_enums = forward::apply(&mut doc, payload)
        .map_err(|problems| Error::from(as_diagnostics(problems)))?;
    let document_version = rewrites::pin_version(&mut doc, &version.version);
    let (sandbox_url, production_url) = checks::servers(&prov, &doc)?;
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

/// Whether any operation takes the `x-cf-signature` header.
fn declares_cf_signature(doc: &Value) -> bool {
    walk::operations(doc)
        .flat_map(|(_, _, op)| walk::parameters(doc, op))
        .any(|p| {
            p.get("in").and_then(Value::as_str) == Some("header")
                && p.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(CF_SIGNATURE))
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::extensions::test_support::{error, golden};
    use super::*;

    #[test]
    fn notes_the_signature_header_and_deprecated_operations() {
        let (v, doc) = golden("cf-signature");
        assert!(normalize(&v, doc).unwrap().cf_signature);
        let (v, mut doc) = golden("lookup-by-query");
        doc["paths"]["/status"]["get"]["deprecated"] = json!(true);
        let normalized = normalize(&v, doc).unwrap();
        assert!(!normalized.cf_signature);
        assert_eq!(
            normalized.deprecated,
            [Deprecated {
                operation: "get_status".into(),
                route: "GET /status".into()
            }]
        );
        assert_eq!(normalized.document_version, "2025-01-01");
    }

    #[test]
    fn a_lenient_mark_that_names_no_type_is_refused_naming_the_overlay() {
        let (v, mut doc) = golden("lookup-by-query");
        let at = "/components/schemas/StatusResponse/properties/verification_id";
        doc.pointer_mut(at).unwrap()[lenient::LENIENT] = json!(["integer", "date"]);
        let err = error(&v, doc);
        assert!(err.contains("overlay.yaml"), "{err}");
        assert!(err.contains("`integer` goes with `string` only"), "{err}");
        assert!(err.contains(&format!("{at}/x-vkyc-lenient")), "{err}");
    }

    #[test]
    fn opens_the_enums_cashfree_sends_and_keeps_requests_closed() {
        let (v, doc) = golden("open-enum");
        let normalized = normalize(&v, doc).unwrap();
        let names: Vec<&str> = normalized
            .received_enums
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        let schemas = &normalized.doc["components"]["schemas"];
        for name in &names {
            let received = &schemas[format!("{}{name}", forward::RECEIVED_PREFIX)];
            assert_eq!(received[forward::OPEN_ENUM], json!(name), "{name}");
        }
        assert!(!names.is_empty());
    }

    #[test]
    fn the_checks_refuse_what_progenitor_cannot_take() {
        let (v, doc) = golden("lookup-by-query");
        let op = "/paths/~1status/get";
        let cases: [(&str, Value, &str); 5] = [
            ("/openapi", json!("3.1.0"), "OpenAPI 3.1.0 is not supported"),
            (
                &format!("{op}/operationId"),
                Value::Null,
                "has no operationId",
            ),
            (
                &format!("{op}/responses/200/content/application~1json/schema/$ref"),
                json!("#/components/schemas/Nope"),
                "points to a component that does not exist",
            ),
            (
                &format!("{op}/parameters/1/in"),
                json!("cookie"),
                "cookie parameters are not supported",
            ),
            (
                "/servers",
                json!([]),
                "does not name a sandbox and a production server",
            ),
        ];
        for (at, value, message) in cases {
            let mut doc = doc.clone();
            if value.is_null() {
                let (parent, key) = at.rsplit_once('/').unwrap();
                doc.pointer_mut(parent)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(key);
            } else {
                *doc.pointer_mut(at).unwrap() = value;
            }
            let err = error(&v, doc);
            assert!(err.contains(message), "{at}: {err}");
        }
    }
}
