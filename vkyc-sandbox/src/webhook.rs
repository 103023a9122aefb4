//! Webhooks: each transition of a verification posts the family's event to the configured URL,
//! signed as Cashfree signs (`x-webhook-signature` = Base64(HMAC-SHA256(client secret,
//! `x-webhook-timestamp` + raw body))), retried with doubling backoff on a non-2xx answer or a
//! connection error, and delivered twice on demand.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::Sha256;
use tokio::sync::mpsc;

use crate::model::{SubStatus, resolve};
use crate::respond::{Nulls, conform};

/// The `x-webhook-version` the sandbox sends: the value of Cashfree's PPI sample.
pub const WEBHOOK_VERSION: &str = "2025-01-01";

/// Which event a sub-status sends. Reconstructed by vkyc from the event descriptions of the webhook
/// pages: Cashfree publishes no such mapping. Sub-statuses with no documented event (the other
/// pre-call checks, an agent's approval, TECHNICAL_ERROR, INSUFFICIENT_BALANCE) send none; any
/// other failed pre-call check sends VKYC_USER_PRECHECK_FAILED.
pub const EVENTS: &[(&str, &str)] = &[
    ("LINK_GENERATED", "VKYC_USER_LINK_GENERATED"),
    ("VKYC_EXPIRED", "VKYC_USER_LINK_EXPIRED"),
    ("AADHAAR_VERIFICATION_SUCCESS", "VKYC_USER_AADHAAR_VERIFIED"),
    ("USER_MEETING_SCHEDULED", "VKYC_USER_CALL_SCHEDULED"),
    ("USER_QUEUED", "VKYC_USER_CALL_QUEUED"),
    ("SCHEDULED_USER_QUEUED", "VKYC_USER_CALL_QUEUED"),
    ("USER_ACCEPTED_MEETING", "VKYC_USER_CALL_STARTED"),
    ("USER_DROPPED_OFF", "VKYC_USER_DROPOFF_FROM_CALL"),
    ("USER_ENDED_CALL", "VKYC_USER_CALL_COMPLETED"),
    ("AGENT_ENDED_CALL", "VKYC_USER_CALL_COMPLETED"),
    ("AGENT_REJECTED", "VKYC_USER_CALL_COMPLETED"),
    ("AUDITOR_APPROVED", "VKYC_AUDITOR_REVIEW_COMPLETED"),
    ("AUDITOR_REJECTED", "VKYC_AUDITOR_REVIEW_COMPLETED"),
];

/// The event `sub_status` sends, if the family's webhook spec lists it.
pub fn event_for(sub_status: &SubStatus, spec: &Value) -> Option<String> {
    let event = EVENTS
        .iter()
        .find(|(code, _)| *code == sub_status.code)
        .map(|(_, event)| *event)
        .or_else(|| {
            (sub_status.phase == "pre_call_checks" && sub_status.outcome == "user_action_needed")
                .then_some("VKYC_USER_PRECHECK_FAILED")
        })?;
    let listed = webhook_body(spec)?
        .get("x-vkyc-webhook-events")?
        .as_array()?
        .iter()
        .any(|e| e.get("event").and_then(Value::as_str) == Some(event));
    listed.then(|| event.to_owned())
}

fn webhook_body(spec: &Value) -> Option<&Value> {
    spec.pointer("/components/requestBodies/VkycWebhook")
        .map(|b| resolve(spec, b))
}

/// The payload: the webhook schema's properties, from the event, the verification's fields
/// (`data`) and the spec's first sample. The sample's body-level `signature` is left out: what it
/// signs is undocumented.
pub fn payload(
    spec: &Value,
    event: &str,
    fields: &Map<String, Value>,
    event_time: &str,
) -> Option<Value> {
    let media = webhook_body(spec)?.pointer("/content/application~1json")?;
    let schema = resolve(spec, media.get("schema")?);
    let sample = media
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|e| e.values().next())
        .map(|e| {
            resolve(spec, e)
                .get("value")
                .cloned()
                .unwrap_or(Value::Null)
        })
        .unwrap_or(Value::Null);
    let data_schema = schema.pointer("/properties/data").unwrap_or(&Value::Null);
    let data = conform(spec, data_schema, fields, &Value::Null, Nulls::Empty);
    let mut top = Map::new();
    top.insert("event_type".into(), json!(event));
    top.insert("event_time".into(), json!(event_time));
    top.insert("data".into(), data);
    let mut sample = sample;
    if let Some(sample) = sample.as_object_mut() {
        sample.remove("signature");
    }
    Some(conform(spec, schema, &top, &sample, Nulls::Omit))
}

/// Base64(HMAC-SHA256(secret, timestamp + body)): Cashfree's `x-webhook-signature`.
pub fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.as_bytes());
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// One event to deliver.
#[derive(Debug)]
pub struct Delivery {
    pub url: String,
    pub secret: String,
    pub event: String,
    pub verification_id: String,
    pub body: Vec<u8>,
}

/// What happened to one delivery attempt (`GET /_sandbox/webhooks`).
#[derive(Clone, Debug, Serialize)]
pub struct Attempt {
    pub event: String,
    pub verification_id: String,
    pub attempt: u32,
    /// The receiver's HTTP status, or `None` when the request failed.
    pub status: Option<u16>,
    pub error: Option<String>,
    /// A deliberate repeat of a delivered event.
    pub duplicate: bool,
}

/// How deliveries are retried and repeated.
#[derive(Clone, Debug)]
pub struct DeliveryPolicy {
    pub max_attempts: u32,
    pub backoff: Duration,
    pub duplicates: bool,
}

/// Delivers events one after another, in order, logging each attempt.
pub async fn deliver_all(
    mut queue: mpsc::UnboundedReceiver<Delivery>,
    policy: DeliveryPolicy,
    log: Arc<Mutex<Vec<Attempt>>>,
) {
    // reqwest needs a TLS provider even for http:// URLs; another may already be installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a plain-HTTP client builds");
    while let Some(delivery) = queue.recv().await {
        let mut attempt = 0;
        let mut wait = policy.backoff;
        let mut delivered = false;
        while attempt < policy.max_attempts {
            attempt += 1;
            let outcome = post(&http, &delivery, attempt).await;
            let ok = outcome.as_ref().is_ok_and(|s| (200..300).contains(s));
            record(&log, &delivery, attempt, outcome, false);
            if ok {
                delivered = true;
                break;
            }
            if attempt < policy.max_attempts {
                tokio::time::sleep(wait).await;
                wait = wait.saturating_mul(2);
            }
        }
        if delivered && policy.duplicates {
            attempt += 1;
            let outcome = post(&http, &delivery, attempt).await;
            record(&log, &delivery, attempt, outcome, true);
        }
    }
}

async fn post(http: &reqwest::Client, delivery: &Delivery, attempt: u32) -> Result<u16, String> {
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
        .to_string();
    let signature = sign(&delivery.secret, &timestamp, &delivery.body);
    http.post(&delivery.url)
        .header("content-type", "application/json")
        .header("x-webhook-signature", signature)
        .header("x-webhook-timestamp", timestamp)
        .header("x-webhook-version", WEBHOOK_VERSION)
        .header("x-webhook-attempt", attempt.to_string())
        .body(delivery.body.clone())
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}

fn record(
    log: &Mutex<Vec<Attempt>>,
    delivery: &Delivery,
    attempt: u32,
    outcome: Result<u16, String>,
    duplicate: bool,
) {
    let (status, error) = match outcome {
        Ok(status) => (Some(status), None),
        Err(e) => (None, Some(e)),
    };
    log.lock().unwrap_or_else(|e| e.into_inner()).push(Attempt {
        event: delivery.event.clone(),
        verification_id: delivery.verification_id.clone(),
        attempt,
        status,
        error,
        duplicate,
    });
}
