// The crate docs are the README, so that the two cannot disagree (its examples run as doctests).
#![doc = include_str!("../README.md")]

mod client;
mod config;
mod credentials;
mod decode;
mod error;
pub mod lenient;
#[doc(hidden)]
pub mod open_enum;
mod poll;
mod retry;
#[cfg(feature = "cf-signature")]
mod signature;
pub mod status;
pub mod webhook;

pub use client::{Api, Client};
pub use config::{BuildError, ClientConfig, Environment};
pub use credentials::{Credentials, CredentialsError};
pub use error::{ApiError, AttemptOutcome, DecodeError, Error, SendExt, codes};
pub use poll::{PollPolicy, StatusLookup, TerminalStatus, poll_until_terminal};
pub use retry::RetryPolicy;
#[cfg(feature = "cf-signature")]
pub use signature::{CfSignatureKey, SignatureError};

/// What the macros ([`client_hooks!`], [`webhook_event!`]) name, so that their expansion does not
/// depend on the names the generated crate gives its dependencies.
#[doc(hidden)]
pub mod __private {
    pub use progenitor_client;
    pub use reqwest;
}

use std::time::Instant;

use reqwest::header::{HeaderName, HeaderValue, USER_AGENT};
use tracing::Instrument as _;
use tracing::field::Empty;

/// Per-client state that the hooks ([`client_hooks!`]) consult on every request. [`Client`] builds
/// it from its [`Api`] and [`ClientConfig`]; read it through `RawClient`'s `inner()`.
///
/// ```
/// use progenitor_client::ClientInfo as _;
/// use vkyc_runtime::{Credentials, Environment};
/// use vkyc_generated::vrs::v2024_12_01::{Client, API_VERSION};
///
/// let client = Client::new(Environment::Sandbox, Credentials::new("id", "secret"))?;
/// let runtime = client.raw().inner();
/// assert_eq!(runtime.api_version(), API_VERSION);
/// assert_eq!(runtime.user_agent(), format!("vkyc/{} (vrs 2024-12-01)", env!("CARGO_PKG_VERSION")));
/// assert!(runtime.is_retry_safe("vkyc_get_status"));
/// # Ok::<(), vkyc_runtime::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Runtime {
    config: ClientConfig,
    api_version: &'static str,
    retry_safe: &'static [&'static str],
    // Known whatever the features; read only where signing is compiled in.
    #[cfg_attr(not(feature = "cf-signature"), allow(dead_code))]
    cf_signature: bool,
    user_agent: HeaderValue,
}

impl Runtime {
    /// The state of a client of `A` with `config`.
    fn new<A: Api>(config: ClientConfig) -> Self {
        let user_agent = format!(
            "vkyc/{} ({} {})",
            env!("CARGO_PKG_VERSION"),
            A::FAMILY,
            A::API_VERSION
        );
        Self {
            config,
            api_version: A::API_VERSION,
            retry_safe: A::RETRY_SAFE_OPERATIONS,
            cf_signature: A::CF_SIGNATURE,
            user_agent: HeaderValue::try_from(user_agent)
                .unwrap_or_else(|_| HeaderValue::from_static("vkyc")),
        }
    }

    /// The `User-Agent` every request carries: `vkyc/<crate version> (<family> <x-api-version>)`,
    /// so Cashfree (and your proxy logs) can tell which client and API version sent it.
    pub fn user_agent(&self) -> &str {
        self.user_agent.to_str().unwrap_or_default()
    }

    /// The `x-api-version` this client sends.
    pub fn api_version(&self) -> &'static str {
        self.api_version
    }

    /// Whether the operation (progenitor's snake_case id) may be retried.
    pub fn is_retry_safe(&self, operation_id: &str) -> bool {
        self.retry_safe.contains(&operation_id)
    }

    /// Sets the authentication and version headers, and removes progenitor's `api-version` header
    /// (it would carry the document's `info.version`, which Cashfree does not read). A signing
    /// client adds a fresh `x-cf-signature`, marked sensitive; retries of the request (seconds
    /// apart) reuse it well within its five minutes.
    pub fn prepare(&self, request: &mut reqwest::Request) -> Result<(), String> {
        let headers = request.headers_mut();
        headers.remove("api-version");
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(
            HeaderName::from_static("x-api-version"),
            HeaderValue::from_static(self.api_version),
        );
        let credentials = self.config.credentials();
        headers.insert(
            HeaderName::from_static("x-client-id"),
            credentials.client_id_header()?,
        );
        headers.insert(
            HeaderName::from_static("x-client-secret"),
            credentials.client_secret_header()?,
        );
        #[cfg(feature = "cf-signature")]
        if let Some(key) = self.config.cf_signature_key().filter(|_| self.cf_signature) {
            let signature = key
                .sign(credentials.client_id(), std::time::SystemTime::now())
                .map_err(|e| e.to_string())?;
            let mut value = HeaderValue::try_from(signature).map_err(|e| e.to_string())?;
            value.set_sensitive(true);
            headers.insert(HeaderName::from_static("x-cf-signature"), value);
        }
        Ok(())
    }

    /// Sends the request and reads the whole response body, again (a fresh copy) after a transient
    /// failure while the [`RetryPolicy`] allows and the operation is retry-safe: the decision sees
    /// the whole exchange, so a reset, a stall or a truncated body is retried like a connect
    /// error. Each attempt is a `tracing` span.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
        info: &progenitor_client::OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let policy = self.config.retry_policy();
        let retry_safe = self.is_retry_safe(info.operation_id);
        let mut attempt = 1;
        loop {
            // A body that cannot be copied (a stream) is sent once.
            let spare = retry_safe.then(|| request.try_clone()).flatten();
            let span = tracing::info_span!(
                "cashfree_request",
                operation = info.operation_id,
                attempt,
                status = Empty,
                request_id = Empty,
                latency_ms = Empty,
            );
            let started = Instant::now();
            let outcome = async { buffered(client.execute(request).await?).await }
                .instrument(span.clone())
                .await;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            match &outcome {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    if let Some(id) = error::request_id(response.headers()) {
                        span.record("request_id", id);
                    }
                    tracing::debug!(parent: &span, "response received");
                }
                Err(e) => tracing::warn!(parent: &span, error = %e, "request failed"),
            }
            let delay = policy.next_delay(attempt, &outcome);
            match (spare, delay) {
                (Some(spare), Some(delay)) => {
                    error::remember(&outcome, false);
                    tracing::info!(parent: &span, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                    request = spare;
                    attempt += 1;
                }
                _ => {
                    error::remember(&outcome, true);
                    return outcome;
                }
            }
        }
    }
}

/// The response with its body read to the end (within the client's timeout), so that a failure
/// while reading it is a failure of the attempt, which may then be retried.
async fn buffered(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}
