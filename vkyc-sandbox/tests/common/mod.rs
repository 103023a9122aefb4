//! Shared by the sandbox's tests: clients of both families pointed at a sandbox, and raw requests.
#![allow(dead_code)] // Each test crate uses a different subset.

use std::time::Duration;

use serde_json::Value;
use vkyc_generated::runtime::{ClientConfig, Credentials, Environment, PollPolicy, RetryPolicy};
use vkyc_generated::{ppi::v2025_11_01 as ppi, vrs::v2024_12_01 as vrs};
use vkyc_sandbox::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};

pub fn config(sandbox: &Sandbox, family: &str) -> ClientConfig {
    let url = sandbox.base_url(family).expect("the family is served");
    ClientConfig::new(
        Environment::Custom(url),
        Credentials::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .retry(RetryPolicy::default().initial_delay(Duration::from_millis(10)))
}

pub fn ppi_client(sandbox: &Sandbox) -> ppi::Client {
    ppi::Client::with_config(config(sandbox, "ppi")).expect("client builds")
}

pub fn vrs_client(sandbox: &Sandbox) -> vrs::Client {
    vrs::Client::with_config(config(sandbox, "vrs")).expect("client builds")
}

/// Polls fast: the tests' sandboxes step every few milliseconds.
pub fn fast_poll() -> PollPolicy {
    PollPolicy::new(Duration::from_secs(20))
        .initial_interval(Duration::from_millis(10))
        .max_interval(Duration::from_millis(50))
}

/// A plain HTTP client for requests the generated client would never send.
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// A request with the default credentials and `version`.
pub fn authed(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    version: &str,
) -> reqwest::RequestBuilder {
    http.request(method, url)
        .header("x-client-id", DEFAULT_CLIENT_ID)
        .header("x-client-secret", DEFAULT_CLIENT_SECRET)
        .header("x-api-version", version)
}

/// Seeds a VRS verification through the control API (VRS 2024-12-01 has no initiate operation).
pub async fn seed(sandbox: &Sandbox, family: &str, id: &str, outcome: Option<&str>) -> Value {
    let response = http()
        .post(format!("{}/_sandbox/verifications", sandbox.url()))
        .json(&serde_json::json!({"family": family, "verification_id": id, "user_id": "user-1", "outcome": outcome}))
        .send()
        .await
        .expect("control API answers");
    assert_eq!(response.status(), 201, "seeding {id}");
    response.json().await.expect("JSON")
}

/// Asserts Cashfree's error shape and returns (status, code, message).
pub async fn cashfree_error(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("an error body is JSON");
    let text = |k: &str| {
        body[k]
            .as_str()
            .unwrap_or_else(|| panic!("no `{k}` in {body}"))
            .to_owned()
    };
    let _ = text("type");
    (status, text("code"), text("message"))
}
