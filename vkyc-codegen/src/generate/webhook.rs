//! Generate stage for webhooks: `<module>::webhook`, the per-version data for the hand-written
//! `vkyc_runtime::webhook` (signature check, errors, delivery headers). It holds the open
//! `EventType` enum (the same shape as the status enums), the payload type progenitor generated
//! from the spec, the idempotency key and Cashfree's samples; `webhook_event!` (the runtime's)
//! declares `verify` and `Event::idempotency_key` from them.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::generate::status::{Variant, open_enum};
use crate::normalize::Webhook;

/// The `webhook` module of a version module whose spec describes a webhook.
pub fn module_tokens(webhook: &Webhook, rt: &syn::Path) -> TokenStream {
    let variants: Vec<Variant> = webhook
        .events
        .iter()
        .map(|(event, description)| Variant {
            code: event.clone(),
            doc: format!("`{event}`: {description}"),
        })
        .collect();
    let event_type = open_enum(
        rt,
        "EventType",
        "The `event_type` of a webhook: what happened.",
        "the spec's `x-vkyc-webhook-events`",
        &variants,
    );
    let payload = format_ident!("{}", webhook.payload_schema.to_pascal_case());
    let key = &webhook.idempotency_key;
    let key_doc = format!(
        "The payload fields (JSON pointers) whose values together identify one event: {}. Cashfree \
         sends no event id, and `x-webhook-attempt` changes with every delivery, so it is not part of it.",
        key.iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let names = webhook.examples.iter().map(|(name, _)| name);
    let bodies = webhook.examples.iter().map(|(_, value)| value.to_string());
    quote! {
        /// The webhooks Cashfree sends for this API: check them with [`verify`](webhook::verify),
        /// then drop repeated deliveries by [`idempotency_key`](webhook::Event::idempotency_key).
        pub mod webhook {
            #event_type

            /// The body of a webhook, parsed by [`verify`] once its signature is checked.
            pub type Event = super::types::#payload;

            #[doc = #key_doc]
            pub const IDEMPOTENCY_KEY: &[&str] = &[ #( #key ),* ];

            /// Cashfree's documented sample payloads (name, compact JSON), e.g. to test a handler.
            pub const EXAMPLES: &[(&str, &str)] = &[ #( (#names, #bodies) ),* ];

            #rt::webhook_event!(Event, IDEMPOTENCY_KEY);
        }
    }
}
