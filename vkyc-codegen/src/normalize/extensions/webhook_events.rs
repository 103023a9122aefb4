//! `x-vkyc-webhook-events` on a `components.requestBodies` entry: OpenAPI 3.0 has no `webhooks`,
//! so a version describes the webhook Cashfree sends as a request body marked with its event types
//! (and [`x-vkyc-idempotency-key`](super::idempotency_key)). The generated module gets a `webhook`
//! module with an open `EventType`.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde_json::{Value, json};

use super::{Extension, described, idempotency_key};
use crate::error::Diagnostic;
use crate::normalize::provenance::Provenance;
use crate::walk::{escape_token, resolve};

/// The extension's key; its value is `[{event, description}, ...]`.
pub const WEBHOOK_EVENTS: &str = "x-vkyc-webhook-events";
/// Component name this rule introduces for `event_type`; the generator maps it to the module's
/// `webhook::EventType`.
pub const EVENT_TYPE_SCHEMA: &str = "VkycWebhookEventType";

const TWICE: &str = "x-vkyc-webhook-events marks more than one request body in one version";
const BAD_EVENTS: &str =
    "x-vkyc-webhook-events must list distinct upper-case event types, each with a description";
const BAD_BODY: &str = "a webhook body must be `application/json` with a `$ref` to a component schema that has a plain string `event_type`";

const TWICE_HELP: &str = "describe the webhook's events on one request body";
const BAD_EVENTS_HELP: &str =
    "e.g. `- {event: VKYC_USER_LINK_GENERATED, description: ...}` (UNKNOWN is reserved)";
const BAD_BODY_HELP: &str = "point `content.application/json.schema` at the payload schema";

pub const EXTENSION: Extension = Extension {
    name: WEBHOOK_EVENTS,
    on: "one `components.requestBodies` entry per version, beside `x-vkyc-idempotency-key`",
    shape: "a non-empty list of `{event, description}`: distinct UPPER_SNAKE_CASE event types \
            (`UNKNOWN` is reserved) whose Rust names differ too; the body must be \
            `application/json` with a `$ref` to a component schema whose `event_type` is a plain \
            string",
    generates: "the module's `webhook` module: `EventType` (an open enum of the events, with their \
                descriptions), `Event` (the payload, with `event_type` typed) and the verification \
                glue around `vkyc_runtime::webhook`; the body's examples become tests of the \
                generated crate",
    example: "x-vkyc-webhook-events:\n  - event: VKYC_USER_LINK_GENERATED\n    description: A Video KYC link was generated.\n  - event: VKYC_REVIEW_COMPLETED\n    description: A reviewer decided.",
    errors: &[
        (TWICE, TWICE_HELP),
        (BAD_EVENTS, BAD_EVENTS_HELP),
        (BAD_BODY, BAD_BODY_HELP),
    ],
};

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

/// Reads the request body marked [`WEBHOOK_EVENTS`] (at most one per version) and points its
/// payload's `event_type` at [`EVENT_TYPE_SCHEMA`]. Everything the generated `webhook` module relies
/// on is checked here: distinct event names that make distinct Rust variants, a component payload
/// schema with a plain-string `event_type`, and key pointers that name payload properties.
pub(crate) fn collect(
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
                TWICE,
                TWICE_HELP,
            ));
            return None;
        }
    };
    let at = at(name);
    let mut fail = |suffix: &str, message: &str, help: &str| {
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
            return fail(&format!("/{WEBHOOK_EVENTS}"), BAD_EVENTS, BAD_EVENTS_HELP);
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
        return fail("/content", BAD_BODY, BAD_BODY_HELP);
    };
    let idempotency_key = idempotency_key::read(prov, doc, body, &at, &payload_schema, problems)?;

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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_support::{error, golden};
    use super::*;

    #[test]
    fn collects_the_webhook_and_types_its_event_type() {
        let (v, doc) = golden("webhooks");
        let normalized = crate::normalize::normalize(&v, doc).unwrap();
        let webhook = normalized.webhook.unwrap();
        assert_eq!(webhook.payload_schema, "DemoWebhookEvent");
        let events: Vec<&str> = webhook.events.iter().map(|(e, _)| e.as_str()).collect();
        assert_eq!(events, ["LINK_GENERATED", "REVIEW_COMPLETED"]);
        assert_eq!(
            webhook.idempotency_key,
            ["/event_type", "/data/verification_id", "/event_time"]
        );
        assert_eq!(webhook.examples.len(), 1);
        assert_eq!(webhook.examples[0].1["data"]["verification_id"], "v-1");
        let event_type = &normalized.doc["components"]["schemas"]["DemoWebhookEvent"]["properties"]
            ["event_type"]["$ref"];
        assert_eq!(event_type, "#/components/schemas/VkycWebhookEventType");
        let (v, doc) = golden("lookup-by-query");
        assert_eq!(crate::normalize::normalize(&v, doc).unwrap().webhook, None);
    }

    #[test]
    fn rejects_webhooks_the_generated_module_could_not_use() {
        let (v, doc) = golden("webhooks");
        let body = "/components/requestBodies/DemoWebhook";
        let events = format!("{body}/{WEBHOOK_EVENTS}");
        let event = |name: &str| json!({"event": name, "description": "d"});
        for (at, value, message) in [
            (&events, json!([]), BAD_EVENTS),
            (&events, json!([{"event": "VKYC_A"}]), BAD_EVENTS),
            (&events, json!([event("vkyc_a")]), BAD_EVENTS),
            (
                &events,
                json!([event("VKYC_A"), event("VKYC_A")]),
                BAD_EVENTS,
            ),
            (&events, json!([event("UNKNOWN")]), BAD_EVENTS),
            (
                &format!("{body}/content/application~1json/schema/$ref"),
                json!("#/components/schemas/DemoWebhookData"),
                BAD_BODY,
            ),
        ] {
            let mut doc = doc.clone();
            *doc.pointer_mut(at).unwrap() = value;
            let err = error(&v, doc);
            assert!(err.contains(message), "{at}: {err}");
            assert!(err.contains("webhooks.yaml"), "{err}");
        }
        let mut twice = doc;
        let copy = twice.pointer(body).unwrap().clone();
        twice["components"]["requestBodies"]["Again"] = copy;
        let err = error(&v, twice);
        assert!(err.contains(TWICE), "{err}");
    }
}
