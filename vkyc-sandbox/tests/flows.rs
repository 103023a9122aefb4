//! Whole verifications through the generated clients: initiate (PPI) or seed (VRS, whose spec has
//! no initiate yet), then `wait_for_terminal` until the outcome the test chose.

mod common;

use std::time::Duration;

use common::{fast_poll, ppi_client, seed, vrs_client};
use vkyc_generated::status::{Outcome, SubStatus};
use vkyc_sandbox::{Config, Sandbox};

async fn sandbox() -> Sandbox {
    Sandbox::start(Config::default().pace(Duration::from_millis(5)))
        .await
        .expect("the sandbox starts")
}

async fn ppi_initiate(client: &vkyc_generated::ppi::v2025_11_01::Client, id: &str) {
    use vkyc_generated::runtime::SendExt as _;
    let response = client
        .ppi_initiate_vkyc()
        .body_map(|b| b.user_id("user-1").verification_id(id))
        .send()
        .checked()
        .await
        .expect("initiate succeeds");
    assert_eq!(response.verification_id.as_deref(), Some(id));
    assert_eq!(response.sub_status, Some(SubStatus::LinkGenerated));
    assert!(response.vkyc_link.is_some() && response.link_expiry.is_some());
}

#[tokio::test]
async fn ppi_reaches_every_terminal_outcome_by_verification_id() {
    let sandbox = sandbox().await;
    let client = ppi_client(&sandbox);
    let cases = [
        ("p-1", SubStatus::AuditorApproved, Outcome::Approved),
        (
            "p-2-auditor_rejected",
            SubStatus::AuditorRejected,
            Outcome::Rejected,
        ),
        (
            "p-3-agent_rejected",
            SubStatus::AgentRejected,
            Outcome::Rejected,
        ),
        ("p-4-expired", SubStatus::VkycExpired, Outcome::Expired),
        (
            "p-5-technical_failure",
            SubStatus::TechnicalError,
            Outcome::Failed,
        ),
    ];
    for (id, sub_status, outcome) in cases {
        ppi_initiate(&client, id).await;
        let done = client
            .wait_for_terminal(("user-1", id), &fast_poll())
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(done.sub_status.as_ref(), Some(&sub_status), "{id}");
        assert_eq!(sub_status.outcome(), Some(outcome), "{id}");
    }
    // The agent's verdict ends it (the status table judges it final).
    let state = reqwest_json(&format!(
        "{}/_sandbox/verifications/p-3-agent_rejected",
        sandbox.url()
    ))
    .await;
    assert!(
        state["path"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "AGENT_REVIEWED/AGENT_REJECTED"),
        "{state}"
    );
}

#[tokio::test]
async fn vrs_reaches_every_terminal_outcome_by_control_api() {
    let sandbox = sandbox().await;
    let client = vrs_client(&sandbox);
    let cases = [
        ("approved", SubStatus::AuditorApproved),
        ("auditor_rejected", SubStatus::AuditorRejected),
        ("agent_rejected", SubStatus::AgentRejected),
        ("agent_unable_to_validate", SubStatus::AgentUnableToValidate),
        ("technical_failure", SubStatus::TechnicalError),
        ("insufficient_balance", SubStatus::InsufficientBalance),
    ];
    for (outcome, sub_status) in cases {
        let id = format!("v-{outcome}");
        seed(&sandbox, "vrs", &id, Some(outcome)).await;
        let done = client
            .wait_for_terminal(&id, &fast_poll())
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(done.sub_status.as_ref(), Some(&sub_status), "{id}");
        assert!(
            done.reference_id.is_some() && done.user_reference_id.is_some(),
            "{id}"
        );
    }
}

#[tokio::test]
async fn control_api_steps_and_completes_with_another_outcome() {
    // No clock: nothing moves unless asked.
    let sandbox = Sandbox::start(Config::default()).await.unwrap();
    let client = ppi_client(&sandbox);
    ppi_initiate(&client, "manual-1").await;
    let state = sandbox.advance("manual-1").unwrap();
    assert_eq!(
        state["fields"]["sub_status"],
        "AADHAAR_VERIFICATION_SUCCESS"
    );
    let http = common::http();
    let done: serde_json::Value = http
        .post(format!(
            "{}/_sandbox/verifications/manual-1/complete?outcome=auditor_rejected",
            sandbox.url()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(done["fields"]["sub_status"], "AUDITOR_REJECTED", "{done}");
    let status = client
        .wait_for_terminal(("user-1", "manual-1"), &fast_poll())
        .await
        .unwrap();
    assert_eq!(status.sub_status, Some(SubStatus::AuditorRejected));
    assert!(status.auditor_remarks.is_some() && status.agent_remarks.is_some());
    // Ended: neither advances again.
    let again = http
        .post(format!(
            "{}/_sandbox/verifications/manual-1/advance",
            sandbox.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(common::cashfree_error(again).await.0, 409);
    // An outcome the family does not document is refused, naming why.
    seed(&sandbox, "vrs", "v-x", None).await;
    let refused = http
        .post(format!(
            "{}/_sandbox/verifications/v-x/complete?outcome=expired",
            sandbox.url()
        ))
        .send()
        .await
        .unwrap();
    let (status, _, message) = common::cashfree_error(refused).await;
    assert_eq!(status, 400);
    assert!(message.contains("VKYC_EXPIRED"), "{message}");
}

async fn reqwest_json(url: &str) -> serde_json::Value {
    common::http()
        .get(url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
