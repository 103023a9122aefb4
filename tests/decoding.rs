//! Lossless, forward-compatible decoding of what Cashfree sends.
//!
//! The payload corpus (`tests/fixtures/payloads/`, each file's origin in its README) decodes into the
//! generated types, gives the typed values expected, and serializes back to the same JSON (`null`
//! members count as missing ones: an `Option` field that is `None` is left out). The issue's cases
//! also go through the generated client against a server on 127.0.0.1.

mod support;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vkyc_generated::ppi::v2025_11_01 as ppi;
use vkyc_generated::runtime::lenient::OrEmpty;
use vkyc_generated::runtime::{Error, SendExt as _};
use vkyc_generated::status::{Status, SubStatus};
use vkyc_generated::vrs::v2024_12_01 as vrs;
use vkyc_generated::{Credentials, Environment};

use support::spec::strip_nulls;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payloads")
}

fn read(file: &str) -> Value {
    let path = corpus().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Decodes `file` as `T` and checks it serializes back to the same JSON.
fn decode<T: DeserializeOwned + Serialize>(file: &str) -> T {
    let original = read(file);
    let typed: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("{file} does not decode: {e}"));
    let back = serde_json::to_value(&typed).expect("typed values serialize");
    assert_eq!(back, strip_nulls(&original), "{file} does not round-trip");
    typed
}

/// Every file of the corpus with the check that decodes it; a file missing here fails
/// `every_corpus_file_is_checked`.
/// A corpus file and the function that decodes it and checks its values.
type Check = (&'static str, fn(&str));

const CHECKS: &[Check] = &[
    ("vrs-get-status-www.json", vrs_get_status_www),
    ("vrs-get-status-telr.json", vrs_get_status_telr),
    (
        "vrs-get-status-spec-example.json",
        vrs_get_status_spec_example,
    ),
    (
        "vrs-get-status-user-reference-id-string.json",
        vrs_user_reference_id_string,
    ),
    ("vrs-initiate-mid.json", vrs_initiate_mid),
    ("vrs-initiate-telr.json", vrs_initiate_telr),
    (
        "vrs-webhook-link-generated-con694.json",
        vrs_webhook_link_generated,
    ),
    (
        "vrs-webhook-aadhaar-verified-newest.json",
        vrs_webhook_aadhaar_verified,
    ),
    (
        "vrs-webhook-auditor-review-remarks.json",
        vrs_webhook_auditor_review,
    ),
    ("ppi-initiate-variant-a.json", ppi_initiate_variant_a),
    ("ppi-initiate-notification-email.json", ppi_initiate_email),
    (
        "ppi-initiate-notification-mixed-case.json",
        ppi_initiate_mixed_case,
    ),
    ("ppi-status-variant-a.json", ppi_status_variant_a),
    (
        "ppi-webhook-link-generated.json",
        ppi_webhook_link_generated,
    ),
    ("vrs-error-not-found.json", vrs_error_not_found),
    ("vrs-error-object.json", vrs_error_object),
    ("vrs-error-null.json", vrs_error_null),
];

#[test]
fn every_corpus_file_decodes_into_the_expected_values_and_round_trips() {
    for (file, check) in CHECKS {
        check(file);
    }
}

#[test]
fn every_corpus_file_is_checked() {
    let readme = std::fs::read_to_string(corpus().join("README.md")).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "README.md" {
            continue;
        }
        assert!(
            CHECKS.iter().any(|(file, _)| *file == name),
            "{name} has no check in CHECKS"
        );
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} has no origin in the README"
        );
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn vrs_get_status_www(file: &str) {
    let r: vrs::types::GetVkycLinkResponseSchema = decode(file);
    assert_eq!(r.reference_id.as_ref().and_then(|i| i.as_i64()), Some(1358));
    assert_eq!(
        r.user_reference_id
            .as_ref()
            .map(|i| (i.as_str(), i.is_number())),
        Some(("11174", true))
    );
    assert_eq!(r.sub_status, Some(SubStatus::LinkGenerated));
    assert_eq!(
        r.link_expiry.as_ref().and_then(|d| d.as_date()),
        date(2025, 8, 3)
    );
    let meeting = r.meeting_schedule.as_ref().and_then(OrEmpty::get).unwrap();
    assert_eq!(
        meeting.as_datetime().map(|t| t.to_rfc3339()).as_deref(),
        Some("2025-07-09T14:50:00+00:00")
    );
    let recording = r.recording_link.as_ref().and_then(OrEmpty::get).unwrap();
    assert!(recording.ends_with("a1909daaaa"));
    assert!(r.extra.is_empty());
}

fn vrs_get_status_telr(file: &str) {
    let r: vrs::types::GetVkycLinkResponseSchema = decode(file);
    // aadhaar_details is not in the 2024-12-01 spec: kept, byte for byte, in `extra`.
    let aadhaar = &r.extra["aadhaar_details"];
    assert_eq!(aadhaar["address_details"]["pincode"], 581115);
    assert_eq!(aadhaar["dob"], "02-02-1995");
    assert_eq!(aadhaar["last_verified_at"], "2025-05-06 15:04:05");
    assert_eq!(r.extra.len(), 1);
    assert_eq!(
        r.link_expiry.as_ref().and_then(|d| d.as_date()),
        date(2024, 2, 2)
    );
    assert_eq!(r.user_reference_id, None);
}

fn vrs_get_status_spec_example(file: &str) {
    let r: vrs::types::GetVkycLinkResponseSchema = decode(file);
    assert_eq!(r.meeting_schedule, None);
    assert_eq!(
        r.agent_remarks.as_deref(),
        Some("Pan not available during call")
    );
}

fn vrs_user_reference_id_string(file: &str) {
    let r: vrs::types::GetVkycLinkResponseSchema = decode(file);
    let id = r.user_reference_id.as_ref().unwrap();
    assert_eq!(
        (id.as_str(), id.as_i64(), id.is_number()),
        ("11174", Some(11174), false)
    );
}

fn vrs_initiate_mid(file: &str) {
    let r: vrs::types::GetVkycLinkResponseSchema = decode(file);
    assert_eq!(
        r.extra.keys().collect::<Vec<_>>(),
        ["aadhaar_details", "security_questions"]
    );
    assert_eq!(r.extra["security_questions"][0]["answer"], "John Doe");
    assert_eq!(r.status, Some(Status::Received));
}

fn vrs_initiate_telr(file: &str) {
    let r: vrs::types::GetVkycLinkResponseSchema = decode(file);
    assert_eq!(r.extra["aadhaar_details"]["gender"], "M");
}

fn vrs_webhook_link_generated(file: &str) {
    let e: vrs::webhook::Event = decode(file);
    assert_eq!(e.event_type, vrs::webhook::EventType::VkycUserLinkGenerated);
    assert_eq!(
        e.data.link_expiry.as_ref().and_then(|d| d.as_date()),
        date(2025, 6, 21)
    );
    assert_eq!(e.data.link_expiry.as_ref().unwrap().as_datetime(), None);
    assert_eq!(e.data.recording_link, Some(OrEmpty::Empty));
    assert_eq!(e.data.meeting_schedule, Some(OrEmpty::Empty));
}

fn vrs_webhook_aadhaar_verified(file: &str) {
    let e: vrs::webhook::Event = decode(file);
    assert_eq!(
        e.data.sub_status,
        Some(SubStatus::AadhaarVerificationSuccess)
    );
    assert_eq!(e.data.link_expiry, None);
}

fn vrs_webhook_auditor_review(file: &str) {
    let e: vrs::webhook::Event = decode(file);
    assert_eq!(
        e.event_type,
        vrs::webhook::EventType::VkycAuditorReviewCompleted
    );
    assert_eq!(
        e.data.extra["auditor_remarks"],
        "Verification completed successfully"
    );
    assert_eq!(e.data.extra["agent_remarks"], "Customer was cooperative");
    assert_eq!(
        e.data.user_reference_id.as_ref().and_then(|i| i.as_i64()),
        Some(10259)
    );
}

fn ppi_initiate_variant_a(file: &str) {
    let r: ppi::types::InitiateVkycResponse = decode(file);
    use ppi::received::NotificationMode;
    assert_eq!(
        r.notification_modes,
        [NotificationMode::Sms, NotificationMode::Whatsapp]
    );
    assert_eq!(r.status, Some(Status::Initiated));
    let id = r.cf_verification_id.as_ref().unwrap();
    assert_eq!(
        (id.as_str(), id.is_number()),
        ("8901234567890123458", false)
    );
    assert_eq!(
        r.link_expiry.as_ref().and_then(|d| d.as_date()),
        date(2026, 6, 3)
    );
    assert_eq!(r.meeting_schedule, None);
}

fn ppi_initiate_email(file: &str) {
    let r: ppi::types::InitiateVkycResponse = decode(file);
    let mode = &r.notification_modes[0];
    assert_eq!(
        mode,
        &ppi::received::NotificationMode::Unknown("EMAIL".into())
    );
    assert_eq!(mode.to_string(), "EMAIL");
    // The call's real payload survives: the link and Cashfree's id.
    assert!(r.vkyc_link.is_some() && r.cf_verification_id.is_some());
}

fn ppi_initiate_mixed_case(file: &str) {
    let r: ppi::types::InitiateVkycResponse = decode(file);
    let raw: Vec<&str> = r.notification_modes.iter().map(|m| m.as_str()).collect();
    assert_eq!(raw, ["SMS", "sms", "EMAIL", "WHATSAPP"]);
    let known: Vec<bool> = r.notification_modes.iter().map(|m| m.is_known()).collect();
    assert_eq!(known, [true, false, false, true]);
}

fn ppi_status_variant_a(file: &str) {
    let r: ppi::types::GetVkycStatusResponse = decode(file);
    assert_eq!(r.status, Some(Status::Received));
    assert_eq!(
        r.link_expiry.as_ref().and_then(|d| d.as_date()),
        date(2026, 6, 27)
    );
}

fn ppi_webhook_link_generated(file: &str) {
    let e: ppi::webhook::Event = decode(file);
    assert_eq!(e.event_type, ppi::webhook::EventType::VkycUserLinkGenerated);
}

fn vrs_error_not_found(file: &str) {
    let e: vrs::types::ErrorResponseSchema = decode(file);
    assert_eq!(e.code.as_deref(), Some("verification_id_not_found"));
    assert_eq!(e.error, None);
}

fn vrs_error_object(file: &str) {
    let e: vrs::types::ErrorResponseSchema = decode(file);
    assert_eq!(e.error, Some(json!({"ref_id": 102})));
    assert_eq!(e.code.as_deref(), Some("x-client-id_missing"));
}

fn vrs_error_null(file: &str) {
    let e: vrs::types::ErrorResponseSchema = decode(file);
    assert_eq!(e.code.as_deref(), Some("verification_id_not_found"));
}

// -------------------------------------------------------------------------------------------
// Through the generated client, against a server on 127.0.0.1.
// -------------------------------------------------------------------------------------------

/// Answers every request with `status` and `body` until the test ends; returns its base URL.
async fn serve(status: u16, body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                // Read the head and whatever body its Content-Length announces.
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request).to_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    url
}

fn credentials() -> Credentials {
    Credentials::new("vkyc-test-id", "vkyc-test-secret")
}

/// The issue's "done when": each of these bodies, sent by a server, comes back from the generated
/// client with every value, and serializes to the same JSON.
#[tokio::test]
async fn the_issues_payloads_decode_through_the_client_and_keep_every_value() {
    // PPI initiate with a channel the spec does not list.
    let body = read("ppi-initiate-notification-email.json");
    let url = serve(200, body.to_string()).await;
    let client = ppi::Client::new(Environment::Custom(url), credentials()).unwrap();
    let request = ppi::types::InitiateVkycRequest::builder()
        .user_id("USER827364")
        .verification_id("TestVkycVerification");
    let response = client
        .ppi_initiate_vkyc()
        .body(request)
        .send()
        .checked()
        .await
        .expect("decodes");
    assert_eq!(
        response.notification_modes,
        [ppi::received::NotificationMode::Unknown("EMAIL".into())]
    );
    assert_eq!(
        response.vkyc_link.as_deref(),
        Some("https://vkyc.cashfree.com/session/abc123")
    );
    assert_eq!(
        serde_json::to_value(&*response).unwrap(),
        strip_nulls(&body)
    );

    // VRS lookups: user_reference_id as a string; aadhaar_details the spec does not declare.
    for file in [
        "vrs-get-status-user-reference-id-string.json",
        "vrs-get-status-telr.json",
    ] {
        let body = read(file);
        let url = serve(200, body.to_string()).await;
        let client = vrs::Client::new(Environment::Custom(url), credentials()).unwrap();
        let response = client
            .vkyc_get_status()
            .verification_id("vkyc_verification_id")
            .send()
            .checked()
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            serde_json::to_value(&*response).unwrap(),
            strip_nulls(&body),
            "{file}"
        );
    }
}

/// Point 4: whatever `error` holds (object, null, missing, something else entirely), and even a body
/// that does not fit the error schema, the call fails with Cashfree's code.
#[tokio::test]
async fn error_bodies_keep_their_code_whatever_error_holds() {
    let cases = [
        read("vrs-error-not-found.json"),
        read("vrs-error-object.json"),
        read("vrs-error-null.json"),
        json!({"type": "validation_error", "code": "verification_id_not_found", "error": "a string"}),
        json!({"type": "validation_error", "code": "verification_id_not_found", "message": 404}),
    ];
    for body in cases {
        let url = serve(404, body.to_string()).await;
        let client = vrs::Client::new(Environment::Custom(url), credentials()).unwrap();
        let err = client
            .vkyc_get_status()
            .verification_id("nope")
            .send()
            .checked()
            .await
            .expect_err("404");
        match &err {
            Error::Api(api) => {
                assert_eq!(api.status, 404, "{body}");
                assert_eq!(api.code.as_deref(), body["code"].as_str(), "{body}");
                assert!(api.code.is_some());
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // Not JSON at all: a 404 is a missing route (not a missing verification); any other status a
    // decode error that still names the status.
    for (status, route) in [(404, true), (500, false)] {
        let url = serve(status, "<html>gateway</html>".into()).await;
        let client = vrs::Client::new(Environment::Custom(url), credentials()).unwrap();
        let err = client
            .vkyc_get_status()
            .verification_id("nope")
            .send()
            .checked()
            .await
            .expect_err("an error status");
        if route {
            assert!(matches!(err, Error::RouteNotFound { .. }), "{err:?}");
        } else {
            assert!(
                matches!(err, Error::Decode { status: Some(s), .. } if s == status),
                "{err:?}"
            );
        }
    }
}

/// The `extra` map of unknown fields defaults to empty in builders, so tests and mocks can build a
/// response by hand without naming it.
#[test]
fn response_types_build_by_hand_without_naming_extra() {
    let built: Result<vrs::types::GetVkycLinkResponseSchema, _> =
        vrs::types::GetVkycLinkResponseSchema::builder()
            .verification_id(Some("v-1".to_owned()))
            .try_into();
    let built = built.expect("builds without `extra`");
    assert!(built.extra.is_empty());
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"verification_id": "v-1"})
    );
}
