//! `x-vkyc-idempotency-key` beside [`x-vkyc-webhook-events`](super::webhook_events): the JSON
//! pointers into the webhook payload whose values together identify one event across Cashfree's
//! repeated deliveries.

use serde_json::Value;

use super::Extension;
use crate::error::Diagnostic;
use crate::normalize::provenance::Provenance;
use crate::walk::{self, resolve};

/// The extension's key.
pub const IDEMPOTENCY_KEY: &str = "x-vkyc-idempotency-key";

const NOT_POINTERS: &str =
    "x-vkyc-idempotency-key must list JSON pointers to properties of the payload schema";

const NOT_POINTERS_HELP: &str =
    "e.g. `x-vkyc-idempotency-key: [/event_type, /data/verification_id, /event_time]`";

pub const EXTENSION: Extension = Extension {
    name: IDEMPOTENCY_KEY,
    on: "the `components.requestBodies` entry marked `x-vkyc-webhook-events`",
    shape: "a non-empty list of JSON pointers (RFC 6901), each naming a property of the payload \
            schema (through nested `properties`, `$ref`s followed)",
    generates: "`webhook::Event::idempotency_key()`, the values at those pointers joined, for \
                dropping a delivery already handled",
    example: "x-vkyc-idempotency-key: [/event_type, /data/verification_id, /event_time]",
    errors: &[(
        "x-vkyc-idempotency-key must list JSON pointers to properties of the payload schema `<schema>`",
        NOT_POINTERS_HELP,
    )],
};

/// The pointers of the webhook body `body` (at `at`), each checked to name a property of
/// `payload_schema`.
pub(crate) fn read(
    prov: &Provenance,
    doc: &Value,
    body: &Value,
    at: &str,
    payload_schema: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let payload = &doc["components"]["schemas"][payload_schema];
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
                    let next = schema.get("properties")?.get(walk::unescape_token(token))?;
                    Some(resolve(doc, next))
                })
                .is_some()
        })
    };
    if pointers.is_empty() || !pointers.iter().all(|p| names_property(p)) {
        problems.push(prov.error(
            &format!("{at}/{IDEMPOTENCY_KEY}"),
            format!("{NOT_POINTERS} `{payload_schema}`"),
            NOT_POINTERS_HELP,
        ));
        return None;
    }
    Some(pointers.into_iter().map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_support::{error, golden};
    use super::*;

    #[test]
    fn refuses_pointers_that_name_no_payload_property() {
        let (v, doc) = golden("webhooks");
        let key = format!("/components/requestBodies/DemoWebhook/{IDEMPOTENCY_KEY}");
        for value in [
            json!([]),
            json!(["event_type"]),
            json!(["/data/nope"]),
            json!("/event_type"),
        ] {
            let mut doc = doc.clone();
            *doc.pointer_mut(&key).unwrap() = value;
            let err = error(&v, doc);
            assert!(err.contains(NOT_POINTERS), "{err}");
            assert!(err.contains("`DemoWebhookEvent`"), "{err}");
            assert!(err.contains(&key), "{err}");
        }
    }
}
