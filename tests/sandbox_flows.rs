//! The Done-when scenario of the sandbox, as a test: `vkyc-generated/examples/vrs_flow.rs` and
//! `ppi_flow.rs`, run as written (the example files are compiled into this test), against
//! `vkyc-sandbox` on 127.0.0.1, reach "approved" (and the outcome an id asks for), while the
//! webhook receiver example verifies each signed delivery and drops the repeats.

#[path = "../vkyc-generated/examples/ppi_flow.rs"]
#[allow(dead_code)] // `main` is the example's entry point, not called here.
mod ppi_flow;
#[path = "../vkyc-generated/examples/vrs_flow.rs"]
#[allow(dead_code)]
mod vrs_flow;
#[path = "../vkyc-generated/examples/webhook_server.rs"]
#[allow(dead_code, unused_imports)]
mod webhook_server;

use std::time::{Duration, Instant};

use vkyc_generated::runtime::{Credentials, Environment, PollPolicy};
use vkyc_generated::status::SubStatus;
use vkyc_generated::webhook::WebhookSecret;
use vkyc_generated::{ppi::v2025_11_01 as ppi, vrs::v2024_12_01 as vrs};
use vkyc_sandbox::{Config, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};

fn poll() -> PollPolicy {
    PollPolicy::new(Duration::from_secs(20))
        .initial_interval(Duration::from_millis(10))
        .max_interval(Duration::from_millis(50))
}

fn credentials() -> Credentials {
    Credentials::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
}

#[tokio::test(flavor = "multi_thread")]
async fn flow_examples_reach_their_outcome_and_the_receiver_takes_each_signed_event_once() {
    let (router, mut events) =
        webhook_server::webhook_router(WebhookSecret::new(DEFAULT_CLIENT_SECRET));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!(
        "http://{}/cashfree/vkyc/webhook",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    let config = Config::default()
        .pace(Duration::from_millis(5))
        .webhook_url(hook)
        .webhook_duplicates(true);
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");

    let vrs = vrs::Client::new(
        Environment::Custom(sandbox.base_url("vrs").unwrap()),
        credentials(),
    )
    .unwrap();
    let done = vrs_flow::run(&vrs, "flow-vrs-1", "sandbox-app", &poll())
        .await
        .expect("the VRS flow runs");
    assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved));
    assert_eq!(done.verification_id.as_deref(), Some("flow-vrs-1"));
    let done = vrs_flow::run(&vrs, "flow-vrs-2-agent_rejected", "sandbox-app", &poll())
        .await
        .unwrap();
    assert_eq!(done.sub_status, Some(SubStatus::AgentRejected));

    let ppi = ppi::Client::new(
        Environment::Custom(sandbox.base_url("ppi").unwrap()),
        credentials(),
    )
    .unwrap();
    let done = ppi_flow::run(&ppi, "USER827364", "flow-ppi-1", &poll())
        .await
        .expect("the PPI flow runs");
    assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved));
    let done = ppi_flow::run(&ppi, "USER827364", "flow-ppi-2-expired", &poll())
        .await
        .unwrap();
    assert_eq!(done.sub_status, Some(SubStatus::VkycExpired));

    // Every event was delivered twice (attempts 1 and 2); the receiver took each once.
    // approved: 5 events; agent_rejected: 5 (the agent's verdict sends CALL_COMPLETED); expired: 2.
    let per_flow = [5, 5, 5, 2];
    let expected: usize = per_flow.iter().sum();
    let deadline = Instant::now() + Duration::from_secs(20);
    while sandbox.webhook_attempts().len() < 2 * expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let attempts = sandbox.webhook_attempts();
    assert_eq!(attempts.len(), 2 * expected, "{attempts:?}");
    assert!(
        attempts.iter().all(|a| a.status == Some(200)),
        "{attempts:?}"
    );
    let mut taken = Vec::new();
    while let Ok(event) = events.try_recv() {
        taken.push((
            event.data.verification_id.clone().unwrap_or_default(),
            event.event_type.to_string(),
        ));
    }
    assert_eq!(taken.len(), expected, "{taken:?}");
    let approved: Vec<&str> = taken
        .iter()
        .filter(|(id, _)| id == "flow-vrs-1")
        .map(|(_, e)| e.as_str())
        .collect();
    assert_eq!(
        approved,
        [
            "VKYC_USER_LINK_GENERATED",
            "VKYC_USER_AADHAAR_VERIFIED",
            "VKYC_USER_CALL_QUEUED",
            "VKYC_USER_CALL_STARTED",
            "VKYC_AUDITOR_REVIEW_COMPLETED",
        ]
    );
    assert!(taken.contains(&("flow-ppi-2-expired".into(), "VKYC_USER_LINK_EXPIRED".into())));
}
