//! Webhooks from the sandbox: signed so that the runtime's `webhook::verify` and openssl accept
//! them, in order, retried with backoff, repeated on demand and de-duplicated by the example
//! receiver.

mod common;

#[allow(dead_code, unused_imports)]
#[path = "../../vkyc-generated/examples/webhook_server.rs"]
mod webhook_server;

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use vkyc_generated::webhook::{DEFAULT_TOLERANCE, DeliveryHeaders, WebhookSecret};
use vkyc_generated::{ppi::v2025_11_01 as ppi, vrs::v2024_12_01 as vrs};
use vkyc_sandbox::{Attempt, Config, DEFAULT_CLIENT_SECRET, Sandbox};

type Received = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// A receiver on 127.0.0.1 that records each delivery and fails the first `failures` with 500.
async fn receiver(failures: usize) -> (String, Received) {
    let received: Received = Arc::default();
    let router = Router::new()
        .route(
            "/hook",
            post(
                move |State(r): State<Received>, headers: HeaderMap, body: Bytes| async move {
                    let mut r = r.lock().unwrap();
                    r.push((headers, body));
                    if r.len() <= failures {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::OK
                    }
                },
            ),
        )
        .with_state(received.clone());
    (serve(router).await, received)
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

/// Waits until the sandbox has made `n` delivery attempts.
async fn attempts(sandbox: &Sandbox, n: usize) -> Vec<Attempt> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let log = sandbox.webhook_attempts();
        if log.len() >= n || Instant::now() > deadline {
            return log;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

const APPROVED_EVENTS: [&str; 5] = [
    "VKYC_USER_LINK_GENERATED",
    "VKYC_USER_AADHAAR_VERIFIED",
    "VKYC_USER_CALL_QUEUED",
    "VKYC_USER_CALL_STARTED",
    "VKYC_AUDITOR_REVIEW_COMPLETED",
];

#[tokio::test]
async fn every_step_is_signed_for_verify_and_openssl() {
    let (url, received) = receiver(0).await;
    let sandbox = Sandbox::start(Config::default().webhook_url(format!("{url}/hook")))
        .await
        .unwrap();
    common::seed(&sandbox, "vrs", "hook-vrs", None).await;
    sandbox.complete("hook-vrs", None).unwrap();
    let client = common::ppi_client(&sandbox);
    client
        .ppi_initiate_vkyc()
        .body_map(|b| b.user_id("user-1").verification_id("hook-ppi"))
        .send()
        .await
        .unwrap();
    sandbox.complete("hook-ppi", None).unwrap();
    let log = attempts(&sandbox, 10).await;
    assert_eq!(log.len(), 10, "{log:?}");
    assert!(
        log.iter().all(|a| a.status == Some(200) && a.attempt == 1),
        "{log:?}"
    );

    let secret = WebhookSecret::new(DEFAULT_CLIENT_SECRET);
    let received = received.lock().unwrap().clone();
    let now = SystemTime::now();
    let (vrs_events, ppi_events) = received.split_at(5);
    for (i, (headers, body)) in vrs_events.iter().enumerate() {
        let event = vrs::webhook::verify(headers, body, &secret, now, DEFAULT_TOLERANCE)
            .expect("verify accepts it");
        assert_eq!(event.event_type.as_str(), APPROVED_EVENTS[i]);
        assert_eq!(event.data.verification_id.as_deref(), Some("hook-vrs"));
        assert!(event.data.reference_id.is_some());
        let delivery = DeliveryHeaders::from_headers(headers).unwrap();
        assert_eq!(delivery.attempt, Some(1));
        assert_eq!(
            delivery.version.as_deref(),
            Some(vkyc_sandbox::WEBHOOK_VERSION)
        );
        assert_eq!(headers["content-type"], "application/json");
    }
    for (i, (headers, body)) in ppi_events.iter().enumerate() {
        let event = ppi::webhook::verify(headers, body, &secret, now, DEFAULT_TOLERANCE)
            .expect("verify accepts it");
        assert_eq!(event.event_type.as_str(), APPROVED_EVENTS[i]);
        assert_eq!(event.data.verification_id.as_deref(), Some("hook-ppi"));
    }
    let last = vrs::webhook::verify(
        &vrs_events[4].0,
        &vrs_events[4].1,
        &secret,
        now,
        DEFAULT_TOLERANCE,
    )
    .unwrap();
    assert_eq!(
        last.data.sub_status.map(|s| s.to_string()).as_deref(),
        Some("AUDITOR_APPROVED")
    );
    // Another secret, or one changed byte, is refused.
    let (headers, body) = &vrs_events[0];
    assert!(
        vrs::webhook::verify(
            headers,
            body,
            &WebhookSecret::new("other"),
            now,
            DEFAULT_TOLERANCE
        )
        .is_err()
    );
    let mut altered = body.to_vec();
    altered[2] ^= 1;
    assert!(vrs::webhook::verify(headers, &altered, &secret, now, DEFAULT_TOLERANCE).is_err());

    // openssl, independently: Base64(HMAC-SHA256(secret, timestamp + body)).
    let Ok(_) = Command::new("openssl").arg("version").output() else {
        panic!("openssl is needed for this test (apt-get install openssl)");
    };
    for (headers, body) in &received {
        let mut signed = headers["x-webhook-timestamp"].as_bytes().to_vec();
        signed.extend_from_slice(body);
        let mut openssl = Command::new("sh")
            .args([
                "-c",
                "openssl dgst -sha256 -hmac \"$SECRET\" -binary | openssl base64 -A",
            ])
            .env("SECRET", DEFAULT_CLIENT_SECRET)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        openssl.stdin.take().unwrap().write_all(&signed).unwrap();
        let out = openssl.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim(),
            headers["x-webhook-signature"]
        );
    }
}

#[tokio::test]
async fn failed_deliveries_are_retried_with_backoff() {
    let (url, received) = receiver(2).await;
    let config = Config::default()
        .webhook_url(format!("{url}/hook"))
        .webhook_retries(4, Duration::from_millis(50));
    let sandbox = Sandbox::start(config).await.unwrap();
    let started = Instant::now();
    common::seed(&sandbox, "vrs", "retry-1", None).await;
    let log = attempts(&sandbox, 3).await;
    let statuses: Vec<(u32, Option<u16>)> = log.iter().map(|a| (a.attempt, a.status)).collect();
    assert_eq!(statuses, [(1, Some(500)), (2, Some(500)), (3, Some(200))]);
    // 50 ms, then 100 ms.
    assert!(started.elapsed() >= Duration::from_millis(150));
    let received = received.lock().unwrap();
    let attempts: Vec<&str> = received
        .iter()
        .map(|(h, _)| h["x-webhook-attempt"].to_str().unwrap())
        .collect();
    assert_eq!(attempts, ["1", "2", "3"]);
    // Same event, same body; each attempt is signed afresh.
    assert!(received.windows(2).all(|w| w[0].1 == w[1].1));
}

#[tokio::test]
async fn unreachable_receiver_is_given_up_after_the_last_attempt() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    drop(listener);
    let config = Config::default()
        .webhook_url(url)
        .webhook_retries(2, Duration::from_millis(10));
    let sandbox = Sandbox::start(config).await.unwrap();
    common::seed(&sandbox, "vrs", "gone-1", None).await;
    let log = attempts(&sandbox, 2).await;
    assert_eq!(log.len(), 2);
    assert!(
        log.iter().all(|a| a.status.is_none() && a.error.is_some()),
        "{log:?}"
    );
}

#[tokio::test]
async fn the_example_receiver_verifies_and_drops_duplicates() {
    let (router, mut events) =
        webhook_server::webhook_router(WebhookSecret::new(DEFAULT_CLIENT_SECRET));
    let url = serve(router).await;
    let config = Config::default()
        .webhook_url(format!("{url}/cashfree/vkyc/webhook"))
        .webhook_duplicates(true);
    let sandbox = Sandbox::start(config).await.unwrap();
    common::seed(&sandbox, "vrs", "dup-1", None).await;
    sandbox.complete("dup-1", None).unwrap();
    let log = attempts(&sandbox, 10).await;
    assert_eq!(log.len(), 10, "{log:?}");
    assert!(log.iter().all(|a| a.status == Some(200)), "{log:?}");
    assert_eq!(
        log.iter().filter(|a| a.duplicate && a.attempt == 2).count(),
        5
    );
    let mut taken = Vec::new();
    while let Ok(event) = events.try_recv() {
        taken.push(event.event_type.to_string());
    }
    assert_eq!(taken, APPROVED_EVENTS, "each event once, in order");

    // A forged delivery is refused.
    let forged = common::http()
        .post(format!("{url}/cashfree/vkyc/webhook"))
        .header("x-webhook-timestamp", "1")
        .header("x-webhook-signature", "AAAA")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
}
