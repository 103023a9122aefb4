//! Receives Cashfree's VRS Video KYC webhooks: verifies each delivery, drops repeats, answers 200
//! at once and handles the event off the request path.
//!
//! ```text
//! export CASHFREE_CLIENT_ID=... CASHFREE_CLIENT_SECRET=...
//! cargo run -p vkyc-generated --example webhook_server
//! ```
//!
//! It listens on 127.0.0.1:3000 only (`VKYC_WEBHOOK_ADDRESS` to change it); put your HTTPS reverse
//! proxy in front of it for Cashfree. To try it without Cashfree, run the sandbox with the same
//! secret: `cargo run -p vkyc-sandbox -- --client-secret "$CASHFREE_CLIENT_SECRET" --webhook-url
//! http://127.0.0.1:3000/cashfree/vkyc/webhook`.

use std::collections::HashSet;
use std::error::Error;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use tokio::sync::mpsc;
use vkyc_generated::runtime::Credentials;
use vkyc_generated::vrs::v2024_12_01::FAMILY;
use vkyc_generated::vrs::v2024_12_01::webhook::{self, Event};
use vkyc_generated::webhook::{
    DEFAULT_TOLERANCE, DeliveryHeaders, IdempotencyKey, WebhookError, WebhookSecret,
};

const ADDRESS: &str = "127.0.0.1:3000";
const PATH: &str = "/cashfree/vkyc/webhook";

#[derive(Clone)]
struct App {
    secret: WebhookSecret,
    /// Keys of the events taken so far. With more than one instance, or to survive restarts, keep
    /// them in a shared store with an expiry instead (e.g. Redis `SET key 1 NX EX 86400`).
    seen: Arc<Mutex<HashSet<IdempotencyKey>>>,
    work: mpsc::Sender<Event>,
}

async fn receive(State(app): State<App>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let now = SystemTime::now();
    let event = match webhook::verify(&headers, &body, &app.secret, now, DEFAULT_TOLERANCE) {
        Ok(event) => event,
        Err(e @ WebhookError::MalformedBody(_)) => {
            eprintln!("signed but unreadable webhook: {e}");
            return StatusCode::BAD_REQUEST;
        }
        Err(e) => {
            eprintln!("refused webhook: {e}");
            return StatusCode::UNAUTHORIZED;
        }
    };
    let key = event.idempotency_key();
    if !app.seen.lock().expect("not poisoned").insert(key.clone()) {
        let attempt = DeliveryHeaders::from_headers(&headers)
            .ok()
            .and_then(|d| d.attempt);
        println!("dropped a repeat of {key} (delivery attempt {attempt:?})");
        return StatusCode::OK;
    }
    // Answer at once. A full queue answers 503 and forgets the key, so Cashfree's retry is taken.
    match app.work.try_send(event) {
        Ok(()) => StatusCode::OK,
        Err(_) => {
            app.seen.lock().expect("not poisoned").remove(&key);
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// The slow part (database writes, notifications) runs here, not in the request.
async fn handle(mut events: mpsc::Receiver<Event>) {
    while let Some(event) = events.recv().await {
        let sub_status = event.data.sub_status;
        let action = sub_status
            .as_ref()
            .and_then(|s| s.recommended_action(FAMILY));
        println!(
            "{} for {}: {} (next: {})",
            event.event_type,
            event.data.verification_id.as_deref().unwrap_or("?"),
            sub_status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
            action.unwrap_or("nothing documented"),
        );
    }
}

/// The webhook route, and the queue of verified, de-duplicated events it fills.
pub fn webhook_router(secret: WebhookSecret) -> (Router, mpsc::Receiver<Event>) {
    let (work, events) = mpsc::channel(1024);
    let app = App {
        secret,
        seen: Arc::default(),
        work,
    };
    (
        Router::new().route(PATH, post(receive)).with_state(app),
        events,
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let (router, events) = webhook_router(WebhookSecret::from(&Credentials::from_env()?));
    tokio::spawn(handle(events));
    let address = std::env::var("VKYC_WEBHOOK_ADDRESS").unwrap_or_else(|_| ADDRESS.to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on http://{address}{PATH}");
    axum::serve(listener, router).await?;
    Ok(())
}
