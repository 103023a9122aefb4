//! Faults on demand, seen through the generated client's retries and timeouts and through raw
//! requests: 429 with Retry-After, 5xx, slow headers, slow body, a dropped connection.

mod common;

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use vkyc_generated::runtime::{Error, RetryPolicy, SendExt as _};
use vkyc_generated::vrs::v2024_12_01 as vrs;
use vkyc_sandbox::{Config, FAULT_HEADER, Sandbox};

async fn sandbox_with(id: &str) -> Sandbox {
    let sandbox = Sandbox::start(Config::default()).await.unwrap();
    common::seed(&sandbox, "vrs", id, None).await;
    sandbox
}

async fn queue(sandbox: &Sandbox, fault: &str, count: u32) {
    let response = common::http()
        .post(format!("{}/_sandbox/faults", sandbox.url()))
        .json(&json!({"fault": fault, "count": count}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "queueing {fault}");
}

fn client(sandbox: &Sandbox, timeout: Duration, retry: RetryPolicy) -> vrs::Client {
    vrs::Client::with_config(common::config(sandbox, "vrs").timeout(timeout).retry(retry)).unwrap()
}

async fn lookup(client: &vrs::Client, id: &str) -> Result<(), Error> {
    client
        .vkyc_get_status()
        .verification_id(id)
        .send()
        .checked()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn rate_limit_is_retried_after_retry_after() {
    let sandbox = sandbox_with("f-429").await;
    queue(&sandbox, "429=1", 1).await;
    let started = Instant::now();
    lookup(&common::vrs_client(&sandbox), "f-429")
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 honoured"
    );

    queue(&sandbox, "429", 1).await;
    let error = lookup(
        &client(&sandbox, Duration::from_secs(5), RetryPolicy::never()),
        "f-429",
    )
    .await
    .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn server_errors_are_retried() {
    let sandbox = sandbox_with("f-5xx").await;
    queue(&sandbox, "503", 2).await;
    lookup(&common::vrs_client(&sandbox), "f-5xx")
        .await
        .expect("the third attempt succeeds");
    // A 500 is not retried by the runtime (Cashfree's 500 may mean the request was carried out).
    queue(&sandbox, "500", 1).await;
    let error = lookup(&common::vrs_client(&sandbox), "f-5xx")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.code(), Some("request_failed"));
    lookup(&common::vrs_client(&sandbox), "f-5xx")
        .await
        .expect("the fault was used up");
}

#[tokio::test]
async fn slow_headers_and_slow_body_hit_the_client_timeout() {
    let sandbox = sandbox_with("f-slow").await;
    let impatient = client(&sandbox, Duration::from_millis(300), RetryPolicy::never());
    // The delays are far above the 300 ms timeout, so a loaded machine's slack (seconds) still
    // tells "gave up at the timeout" from "waited for the delay".
    for fault in ["slow-headers=20s", "slow-body=20s"] {
        queue(&sandbox, fault, 1).await;
        let started = Instant::now();
        let error = lookup(&impatient, "f-slow").await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{fault}: gave up at the timeout, not after the delay: {:?}",
            started.elapsed()
        );
        assert!(
            matches!(
                error,
                Error::Timeout(_) | Error::Transport(_) | Error::Decode { .. }
            ),
            "{fault}: {error:?}"
        );
    }
    // Without a timeout both arrive, late, whole.
    let http = common::http();
    let url = format!(
        "{}/vkyc?verification_id=f-slow",
        sandbox.base_url("vrs").unwrap()
    );
    let started = Instant::now();
    let response = common::authed(&http, Method::GET, url, vrs::API_VERSION)
        .header(FAULT_HEADER, "slow-body=2s")
        .send()
        .await
        .unwrap();
    let headers_after = started.elapsed();
    let body: serde_json::Value = response.json().await.unwrap();
    // Headers well before the delay is over (with a second of slack for a loaded machine).
    assert!(
        headers_after < Duration::from_secs(1),
        "headers at once, not after the delay: {headers_after:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "body after the delay"
    );
    assert_eq!(body["verification_id"], "f-slow");
}

#[tokio::test]
async fn dropped_connection_fails_the_request_and_the_next_one_works() {
    let sandbox = sandbox_with("f-drop").await;
    queue(&sandbox, "drop", 1).await;
    let once = client(&sandbox, Duration::from_secs(5), RetryPolicy::never());
    let error = lookup(&once, "f-drop").await.unwrap_err();
    assert!(
        matches!(error, Error::Transport(_) | Error::Connect(_)),
        "{error:?}"
    );
    lookup(&once, "f-drop")
        .await
        .expect("the next request is answered");
}

#[tokio::test]
async fn fault_header_and_bad_faults() {
    let sandbox = sandbox_with("f-header").await;
    let http = common::http();
    let url = format!(
        "{}/vkyc?verification_id=f-header",
        sandbox.base_url("vrs").unwrap()
    );
    let response = common::authed(&http, Method::GET, url.clone(), vrs::API_VERSION)
        .header(FAULT_HEADER, "429=7")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["retry-after"], "7");
    let (status, code, _) = common::cashfree_error(response).await;
    assert_eq!(
        (status, code.as_str()),
        (429, "too_many_requests_per_operation")
    );
    let response = common::authed(&http, Method::GET, url.clone(), vrs::API_VERSION)
        .header(FAULT_HEADER, "502")
        .send()
        .await
        .unwrap();
    assert_eq!(common::cashfree_error(response).await.0, 502);
    let response = common::authed(&http, Method::GET, url, vrs::API_VERSION)
        .header(FAULT_HEADER, "teapot")
        .send()
        .await
        .unwrap();
    let (status, code, message) = common::cashfree_error(response).await;
    assert_eq!((status, code.as_str()), (400, "sandbox_fault_invalid"));
    assert!(message.contains("slow-headers"), "{message}");
    let response = http
        .post(format!("{}/_sandbox/faults", sandbox.url()))
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(common::cashfree_error(response).await.0, 400);
}
