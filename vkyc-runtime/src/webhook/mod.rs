//! Cashfree webhooks, trusted only once their signature is checked.
//!
//! Cashfree signs every webhook the same way for PPI and Secure ID (VRS): the
//! `x-webhook-signature` header is Base64(HMAC-SHA256(key = your client secret, message =
//! `x-webhook-timestamp` followed by the raw body)). [`verify`] checks that over the bytes as
//! received (re-serialized JSON would not match), refuses a timestamp outside a tolerance of now (a
//! replayed or held-back delivery), and only then parses the body. Cashfree may deliver one event
//! more than once: drop repeats by the event's [`IdempotencyKey`].
//!
//! Each version module whose spec describes its webhooks has a `webhook` submodule with the typed
//! side: `EventType`, `Event` (the payload), `Event::idempotency_key` and a `verify` returning that
//! `Event` (both from [`webhook_event!`](crate::webhook_event)), e.g.
//! `vkyc_generated::vrs::v2024_12_01::webhook`. Headers come from an `http::HeaderMap`
//! (axum, hyper) or a plain map:
//!
//! ```
//! use std::collections::HashMap;
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//! use vkyc_generated::vrs::v2024_12_01::webhook;
//! use vkyc_runtime::webhook::{DEFAULT_TOLERANCE, WebhookError, WebhookSecret};
//!
//! let headers = HashMap::from([
//!     ("X-Webhook-Timestamp", "1746427759733"),
//!     ("X-Webhook-Signature", "bm90IHRoZSByaWdodCBzaWduYXR1cmU="),
//! ]);
//! let now = UNIX_EPOCH + Duration::from_millis(1746427759733);
//! let secret = WebhookSecret::new("cfsk_ma_test_secret");
//! let body = br#"{"event_type":"VKYC_USER_LINK_EXPIRED"}"#;
//! let outcome = webhook::verify(&headers, body, &secret, now, DEFAULT_TOLERANCE);
//! assert!(matches!(outcome, Err(WebhookError::BadSignature)));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::HeaderMap;
use ring::hmac;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Credentials;

/// The signature header: Base64 of the HMAC-SHA256.
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";
/// When Cashfree signed the delivery, in epoch milliseconds; signed along with the body.
pub const TIMESTAMP_HEADER: &str = "x-webhook-timestamp";
/// The delivery attempt, from 1; it changes when Cashfree delivers the same event again.
pub const ATTEMPT_HEADER: &str = "x-webhook-attempt";
/// The webhook format version, e.g. `2025-01-01`.
pub const VERSION_HEADER: &str = "x-webhook-version";

/// How far `x-webhook-timestamp` may lie from now, either way. Cashfree documents no window; five
/// minutes is the usual choice (Stripe's default, and how long Cashfree's `x-cf-signature` lasts).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The key webhooks are signed with: the client secret of the product (PPI or Secure ID) that sends
/// them. `Debug` never shows it.
///
/// ```
/// use vkyc_runtime::Credentials;
/// use vkyc_runtime::webhook::WebhookSecret;
///
/// let credentials = Credentials::new("CF_ID", "cfsk_secret");
/// let secret = WebhookSecret::from(&credentials);
/// assert!(!format!("{secret:?}").contains("cfsk_secret"));
/// ```
#[derive(Clone)]
pub struct WebhookSecret(hmac::Key);

impl WebhookSecret {
    pub fn new(client_secret: impl AsRef<[u8]>) -> Self {
        Self(hmac::Key::new(hmac::HMAC_SHA256, client_secret.as_ref()))
    }
}

impl From<&Credentials> for WebhookSecret {
    fn from(credentials: &Credentials) -> Self {
        Self::new(credentials.client_secret())
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

/// Request headers by lower-case name, from an `http::HeaderMap` (what axum and hyper hand a
/// handler) or a plain map, whose names are matched ignoring ASCII case.
pub trait Headers {
    /// The value of header `name`; the first one if it is repeated.
    fn header(&self, name: &str) -> Option<&[u8]>;
}

impl Headers for HeaderMap {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(|value| value.as_bytes())
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>, S: BuildHasher> Headers for HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&[u8]> {
        find(self, name)
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> Headers for BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&[u8]> {
        find(self, name)
    }
}

fn find<'a, K: AsRef<str> + 'a, V: AsRef<[u8]> + 'a>(
    pairs: impl IntoIterator<Item = (&'a K, &'a V)>,
    name: &str,
) -> Option<&'a [u8]> {
    pairs
        .into_iter()
        .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
}

/// Why a webhook was refused. Nothing in it (or its `Display`) comes from the secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the check needs is absent: [`SIGNATURE_HEADER`] or [`TIMESTAMP_HEADER`].
    MissingHeader(&'static str),
    /// The signature does not match the timestamp and body: not from Cashfree, altered on the way,
    /// or signed with another client secret.
    BadSignature,
    /// Signed, but the timestamp is not epoch milliseconds.
    InvalidTimestamp,
    /// Signed longer ago than the tolerance: a replay, or a delivery held back.
    StaleTimestamp { age: Duration },
    /// Signed further ahead of now than the tolerance: a clock out of step, or a forgery.
    FutureTimestamp { ahead: Duration },
    /// Signed and fresh, but the body is not the expected JSON.
    MalformedBody(serde_json::Error),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => write!(f, "the webhook has no `{name}` header"),
            WebhookError::BadSignature => f.write_str(
                "the webhook signature does not match (not from Cashfree, altered, or another secret)",
            ),
            WebhookError::InvalidTimestamp => {
                write!(f, "`{TIMESTAMP_HEADER}` is not epoch milliseconds")
            }
            WebhookError::StaleTimestamp { age } => {
                write!(f, "the webhook was signed {age:?} ago, longer than the tolerance")
            }
            WebhookError::FutureTimestamp { ahead } => write!(
                f,
                "the webhook is signed {ahead:?} in the future, more than the tolerance"
            ),
            WebhookError::MalformedBody(e) => write!(f, "the webhook body is not valid: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::MalformedBody(e) => Some(e),
            _ => None,
        }
    }
}

/// Checks a webhook and parses its body as `E`, in that order; the `webhook::verify` of each
/// generated module ([`webhook_event!`](crate::webhook_event)) calls this with its `Event`.
///
/// `body` is the request body exactly as received. The signature is compared in constant time; then
/// the signed timestamp must lie within `tolerance` of `now` (pass [`DEFAULT_TOLERANCE`] and
/// `SystemTime::now()`). A delivery's `x-webhook-attempt` is not checked: repeats pass, and are
/// dropped by their idempotency key.
pub fn verify<E: DeserializeOwned>(
    headers: &impl Headers,
    body: &[u8],
    secret: &WebhookSecret,
    now: SystemTime,
    tolerance: Duration,
) -> Result<E, WebhookError> {
    let required = |name| {
        headers
            .header(name)
            .ok_or(WebhookError::MissingHeader(name))
    };
    let signature = required(SIGNATURE_HEADER)?;
    let timestamp = required(TIMESTAMP_HEADER)?;
    let claimed = STANDARD
        .decode(signature)
        .map_err(|_| WebhookError::BadSignature)?;
    // Cashfree signs the timestamp followed by the body; ring verifies one slice, in constant time.
    let mut signed = Vec::with_capacity(timestamp.len() + body.len());
    signed.extend_from_slice(timestamp);
    signed.extend_from_slice(body);
    hmac::verify(&secret.0, &signed, &claimed).map_err(|_| WebhookError::BadSignature)?;
    let signed_at = epoch_millis(timestamp).ok_or(WebhookError::InvalidTimestamp)?;
    match now.duration_since(signed_at) {
        Ok(age) if age > tolerance => return Err(WebhookError::StaleTimestamp { age }),
        Err(e) if e.duration() > tolerance => {
            return Err(WebhookError::FutureTimestamp {
                ahead: e.duration(),
            });
        }
        _ => {}
    }
    serde_json::from_slice(body).map_err(WebhookError::MalformedBody)
}

fn epoch_millis(value: &[u8]) -> Option<SystemTime> {
    let text = std::str::from_utf8(value).ok()?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    UNIX_EPOCH.checked_add(Duration::from_millis(text.parse().ok()?))
}

/// The delivery headers of a webhook, e.g. to log the attempt. Only the timestamp is signed, and
/// only [`verify`] checks it.
///
/// ```
/// use std::collections::BTreeMap;
/// use vkyc_runtime::webhook::DeliveryHeaders;
///
/// let headers = BTreeMap::from([
///     ("x-webhook-timestamp", "1746427759733"),
///     ("x-webhook-attempt", "2"),
///     ("x-webhook-version", "2025-01-01"),
/// ]);
/// let delivery = DeliveryHeaders::from_headers(&headers)?;
/// assert_eq!(delivery.attempt, Some(2));
/// assert_eq!(delivery.version.as_deref(), Some("2025-01-01"));
/// # Ok::<(), vkyc_runtime::webhook::WebhookError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveryHeaders {
    /// [`TIMESTAMP_HEADER`]: when Cashfree signed this delivery.
    pub timestamp: SystemTime,
    /// [`ATTEMPT_HEADER`]: 1 for the first delivery; `None` when absent or not a number.
    pub attempt: Option<u32>,
    /// [`VERSION_HEADER`], e.g. `2025-01-01`; `None` when absent or not text.
    pub version: Option<String>,
}

impl DeliveryHeaders {
    /// Reads the headers; only the timestamp is required. The unsigned ones are read leniently, so
    /// that an odd value there never costs a signed event.
    pub fn from_headers(headers: &impl Headers) -> Result<Self, WebhookError> {
        let text = |name| std::str::from_utf8(headers.header(name)?).ok();
        let timestamp = headers
            .header(TIMESTAMP_HEADER)
            .ok_or(WebhookError::MissingHeader(TIMESTAMP_HEADER))?;
        Ok(Self {
            timestamp: epoch_millis(timestamp).ok_or(WebhookError::InvalidTimestamp)?,
            attempt: text(ATTEMPT_HEADER).and_then(|a| a.trim().parse().ok()),
            version: text(VERSION_HEADER).map(|v| v.trim().to_owned()),
        })
    }
}

/// What identifies one webhook event across deliveries: equal keys are the same event. Its text, a
/// JSON array of the identifying values, can be stored, e.g. as a database key with an expiry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The values at `pointers` (JSON pointers) in `event` as JSON, `null` for an absent one. A
    /// generated `Event::idempotency_key` ([`webhook_event!`](crate::webhook_event)) calls it with
    /// the spec's `x-vkyc-idempotency-key`.
    pub fn new(event: &impl Serialize, pointers: &[&str]) -> Self {
        let event = serde_json::to_value(event).expect("generated payload types serialize to JSON");
        let values: Vec<Value> = pointers
            .iter()
            .map(|p| event.pointer(p).cloned().unwrap_or(Value::Null))
            .collect();
        Self(Value::from(values).to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The typed side of a generated `webhook` module: given its payload type and its
/// `IDEMPOTENCY_KEY` (the spec's `x-vkyc-idempotency-key`), declares `verify`, returning that type,
/// and the payload's `idempotency_key`. Generated code states the two names; the functions are
/// written here, over the generic [`verify`] and [`IdempotencyKey::new`].
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use vkyc_runtime::webhook::{DEFAULT_TOLERANCE, WebhookError, WebhookSecret};
///
/// #[derive(serde::Deserialize, serde::Serialize)]
/// pub struct Event {
///     pub event_type: String,
/// }
/// pub const IDEMPOTENCY_KEY: &[&str] = &["/event_type"];
/// vkyc_runtime::webhook_event!(Event, IDEMPOTENCY_KEY);
///
/// let event = Event { event_type: "LINK_EXPIRED".into() };
/// assert_eq!(event.idempotency_key().as_str(), r#"["LINK_EXPIRED"]"#);
/// let headers = [("x-webhook-timestamp", "1"), ("x-webhook-signature", "AA==")].into_iter().collect();
/// let secret = WebhookSecret::new("secret");
/// let outcome: Result<Event, _> =
///     verify(&headers, b"{}", &secret, UNIX_EPOCH + Duration::from_millis(1), DEFAULT_TOLERANCE);
/// # let _: &std::collections::HashMap<&str, &str> = &headers;
/// assert!(matches!(outcome, Err(WebhookError::BadSignature)));
/// ```
#[macro_export]
macro_rules! webhook_event {
    ($event:ty, $idempotency_key:ident) => {
        impl $event {
            /// What identifies this event across deliveries (the values at the pointers of
            #[doc = concat!("[`", stringify!($idempotency_key), "`]):")]
            /// an event whose key was seen before is a repeat.
            pub fn idempotency_key(&self) -> $crate::webhook::IdempotencyKey {
                $crate::webhook::IdempotencyKey::new(self, $idempotency_key)
            }
        }

        /// Checks a webhook's signature and timestamp, then parses its body as
        #[doc = concat!("[`", stringify!($event), "`]:")]
        /// `vkyc_runtime::webhook::verify` for this API.
        pub fn verify(
            headers: &impl $crate::webhook::Headers,
            body: &[u8],
            secret: &$crate::webhook::WebhookSecret,
            now: ::std::time::SystemTime,
            tolerance: ::std::time::Duration,
        ) -> ::std::result::Result<$event, $crate::webhook::WebhookError> {
            $crate::webhook::verify(headers, body, secret, now, tolerance)
        }
    };
}
