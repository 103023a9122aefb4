//! The `## Webhooks` section of an API page: the events, the payload and a compiling example of
//! verifying a delivery.

use serde_json::Value;

use super::fields::{fields_table, type_of};
use super::{Names, cell};
use crate::Api;
use crate::normalize::Webhook;
use crate::walk::resolve;

/// The webhook: its events, its payload (one level of nested objects) and a compiling example.
pub(super) fn section(api: &Api, names: &Names, webhook: &Webhook, s: &mut String) {
    let v = &api.version;
    let doc = &api.normalized.doc;
    let keys: Vec<String> = webhook
        .idempotency_key
        .iter()
        .map(|k| format!("`{k}`"))
        .collect();
    let module = names.version(v);
    let runtime = &names.runtime;
    s.push_str(&format!(
        "## Webhooks

Module `{module}::webhook`. Check every delivery with `webhook::verify` \
         (signature and timestamp) before trusting it. Cashfree may deliver an event more than once: \
         `Event::idempotency_key` identifies it by {}.\n\n```rust,no_run\n\
         use std::time::SystemTime;\nuse {module}::webhook;\n\
         use {runtime}::webhook::{{DEFAULT_TOLERANCE, WebhookError, WebhookSecret}};\n\n\
         fn handle(headers: &reqwest::header::HeaderMap, body: &[u8], secret: &WebhookSecret) -> Result<(), WebhookError> {{\n    \
         let event = webhook::verify(headers, body, secret, SystemTime::now(), DEFAULT_TOLERANCE)?;\n    \
         println!(\"{{}} {{}}: {{:?}}\", event.idempotency_key(), event.event_type, event.data.sub_status);\n    \
         Ok(())\n}}\n```\n\n| event type | description |\n|---|---|\n",
        keys.join(", "),
    ));
    for (event, description) in &webhook.events {
        s.push_str(&format!("| `{event}` | {} |\n", cell(description)));
    }
    let payload = &doc["components"]["schemas"][&webhook.payload_schema];
    s.push_str(&format!(
        "\n### Payload `{}` (`webhook::Event`)\n\n",
        webhook.payload_schema
    ));
    fields_table(doc, payload, s);
    for (name, prop) in payload
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if resolve(doc, prop).get("properties").is_some() {
            s.push_str(&format!("\n### `{name}`: {}\n\n", type_of(doc, prop)));
            fields_table(doc, prop, s);
        }
    }
}
