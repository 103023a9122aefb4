//! Webhook verification: known-answer vectors computed with openssl, every way a delivery can be
//! wrong, Cashfree's samples, idempotency keys, and a property test that `verify` never panics.
//!
//! Bounded for CI (256 cases per property by default). Longer runs:
//! `VKYC_FUZZ_CASES=100000 cargo test -p vkyc-runtime --test webhook --release`.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;
use vkyc_generated::ppi::v2025_11_01::webhook as ppi;
use vkyc_generated::runtime::Credentials;
use vkyc_generated::status::SubStatus;
use vkyc_generated::vrs::v2024_12_01::webhook as vrs;
use vkyc_generated::webhook::{
    DEFAULT_TOLERANCE, DeliveryHeaders, Headers, WebhookError, WebhookSecret,
};

const SECRET: &str = "cfsk_ma_test_9f8e7d6c5b4a";
/// The timestamp of the sample headers on Cashfree's PPI webhook page (2025-05-05T06:49:19.733Z).
const TIMESTAMP: &str = "1746427759733";

/// Known answer 1, a VRS-shaped body. Computed independently with:
/// `printf '%s%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64`
/// with SECRET=[`SECRET`], TS=[`TIMESTAMP`] and BODY the bytes of [`VRS_BODY`].
const VRS_BODY: &str = r#"{"event_type":"VKYC_USER_CALL_SCHEDULED","event_time":"2025-05-22T03:51:14Z","data":{"verification_id":"test333","status":"PRE_VIDEO_CALL","sub_status":"USER_MEETING_SCHEDULED","meeting_schedule":"2025-05-23T10:00:00Z"}}"#;
const VRS_SIGNATURE: &str = "AYsqaPehW4+AKAvLn5XPP72PG7CksAa+abjbiMNVjyw=";

/// Known answer 2, a PPI-shaped body with the spacing of Cashfree's PPI sample, a line break and a
/// non-ASCII character: what is signed is the bytes, not the JSON. Same openssl command.
const PPI_BODY: &str = "{ \"event_type\" : \"VKYC_USER_LINK_GENERATED\" ,\n\"event_time\" : \"2025-05-22T03:51:14Z\" ,\n\"data\" : { \"verification_id\" : \"v\u{e9}rif-1\", \"sub_status\" : \"LINK_GENERATED\" } }";
const PPI_SIGNATURE: &str = "dxUe/oOfq1MFXsWvCgdhtuZySCLkStinMDcvVT9SMOU=";

fn cases() -> u32 {
    std::env::var("VKYC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn secret() -> WebhookSecret {
    WebhookSecret::new(SECRET)
}

fn at_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// The moment [`TIMESTAMP`] names.
fn signed_at() -> SystemTime {
    at_millis(TIMESTAMP.parse().unwrap())
}

/// What Cashfree would send: the signature of `timestamp ++ body` under [`SECRET`].
fn sign(timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

fn headers(signature: &str, timestamp: &str, attempt: &str) -> HeaderMap {
    [
        ("x-webhook-signature", signature),
        ("x-webhook-timestamp", timestamp),
        ("x-webhook-attempt", attempt),
        ("x-webhook-version", "2025-01-01"),
        ("content-type", "application/json"),
    ]
    .into_iter()
    .map(|(k, v)| {
        (
            HeaderName::from_static(k),
            HeaderValue::from_str(v).unwrap(),
        )
    })
    .collect()
}

#[test]
fn known_answer_vectors_verify_and_parse() {
    assert_eq!(sign(TIMESTAMP, VRS_BODY.as_bytes()), VRS_SIGNATURE);
    assert_eq!(sign(TIMESTAMP, PPI_BODY.as_bytes()), PPI_SIGNATURE);

    let h = headers(VRS_SIGNATURE, TIMESTAMP, "1");
    let event = vrs::verify(
        &h,
        VRS_BODY.as_bytes(),
        &secret(),
        signed_at(),
        DEFAULT_TOLERANCE,
    )
    .expect("the openssl vector verifies");
    assert_eq!(event.event_type, vrs::EventType::VkycUserCallScheduled);
    assert_eq!(event.data.sub_status, Some(SubStatus::UserMeetingScheduled));

    let h = headers(PPI_SIGNATURE, TIMESTAMP, "1");
    let event = ppi::verify(
        &h,
        PPI_BODY.as_bytes(),
        &secret(),
        signed_at(),
        DEFAULT_TOLERANCE,
    )
    .expect("the openssl vector verifies");
    assert_eq!(event.event_type, ppi::EventType::VkycUserLinkGenerated);
    assert_eq!(event.data.verification_id.as_deref(), Some("v\u{e9}rif-1"));
}

#[test]
fn a_tampered_body_or_signature_is_refused_before_parsing() {
    let check = |h: &HeaderMap, body: &[u8]| {
        vrs::verify(h, body, &secret(), signed_at(), DEFAULT_TOLERANCE).unwrap_err()
    };
    let good = headers(VRS_SIGNATURE, TIMESTAMP, "1");
    let tampered = VRS_BODY.replace("test333", "test334");
    assert!(matches!(
        check(&good, tampered.as_bytes()),
        WebhookError::BadSignature
    ));
    // Whitespace is enough: the raw bytes are signed, not the JSON they parse to.
    let reformatted = VRS_BODY.replace(',', ", ");
    assert!(matches!(
        check(&good, reformatted.as_bytes()),
        WebhookError::BadSignature
    ));
    // A body that would not even parse is refused for its signature, not parsed.
    assert!(matches!(
        check(&good, b"not json"),
        WebhookError::BadSignature
    ));

    let mut flipped = VRS_SIGNATURE.to_owned();
    flipped.replace_range(0..1, "B");
    for signature in [
        flipped.as_str(),
        "",
        "not base64!",
        &VRS_SIGNATURE[..43],
        "AAAA",
    ] {
        let h = headers(signature, TIMESTAMP, "1");
        assert!(
            matches!(check(&h, VRS_BODY.as_bytes()), WebhookError::BadSignature),
            "{signature:?}"
        );
    }
    // The timestamp is signed too: moving it breaks the signature.
    let h = headers(VRS_SIGNATURE, "1746427759734", "1");
    assert!(matches!(
        check(&h, VRS_BODY.as_bytes()),
        WebhookError::BadSignature
    ));
    // Another client secret.
    let h = headers(VRS_SIGNATURE, TIMESTAMP, "1");
    let other = WebhookSecret::new("cfsk_ma_test_other");
    let err = vrs::verify(
        &h,
        VRS_BODY.as_bytes(),
        &other,
        signed_at(),
        DEFAULT_TOLERANCE,
    );
    assert!(matches!(err, Err(WebhookError::BadSignature)));
}

#[test]
fn stale_and_future_timestamps_are_refused() {
    let h = headers(VRS_SIGNATURE, TIMESTAMP, "1");
    let verify_at = |now| vrs::verify(&h, VRS_BODY.as_bytes(), &secret(), now, DEFAULT_TOLERANCE);
    let edge = DEFAULT_TOLERANCE;
    let ms = Duration::from_millis(1);
    assert!(verify_at(signed_at() + edge).is_ok());
    assert!(verify_at(signed_at() - edge).is_ok());
    match verify_at(signed_at() + edge + ms) {
        Err(WebhookError::StaleTimestamp { age }) => assert_eq!(age, edge + ms),
        other => panic!("expected StaleTimestamp, got {other:?}"),
    }
    match verify_at(signed_at() - edge - ms) {
        Err(WebhookError::FutureTimestamp { ahead }) => assert_eq!(ahead, edge + ms),
        other => panic!("expected FutureTimestamp, got {other:?}"),
    }
    // A day-old replay of a genuine delivery.
    let replay = verify_at(signed_at() + Duration::from_secs(86_400));
    assert!(matches!(replay, Err(WebhookError::StaleTimestamp { .. })));
    // A tolerance of its own.
    let strict = vrs::verify(&h, VRS_BODY.as_bytes(), &secret(), signed_at() + 2 * ms, ms);
    assert!(matches!(strict, Err(WebhookError::StaleTimestamp { .. })));
}

#[test]
fn a_signed_timestamp_that_is_not_epoch_millis_is_refused() {
    for timestamp in [
        "2025-05-05T06:49:19Z",
        "-1746427759733",
        " 1746427759733",
        "99999999999999999999999",
    ] {
        let h = headers(&sign(timestamp, VRS_BODY.as_bytes()), timestamp, "1");
        let err = vrs::verify(
            &h,
            VRS_BODY.as_bytes(),
            &secret(),
            signed_at(),
            DEFAULT_TOLERANCE,
        );
        assert!(
            matches!(err, Err(WebhookError::InvalidTimestamp)),
            "{timestamp:?}: {err:?}"
        );
    }
}

#[test]
fn missing_headers_are_named() {
    let body = VRS_BODY.as_bytes();
    let mut h = headers(VRS_SIGNATURE, TIMESTAMP, "1");
    h.remove("x-webhook-timestamp");
    let err = vrs::verify(&h, body, &secret(), signed_at(), DEFAULT_TOLERANCE).unwrap_err();
    assert!(matches!(
        err,
        WebhookError::MissingHeader("x-webhook-timestamp")
    ));
    assert!(err.to_string().contains("x-webhook-timestamp"), "{err}");
    h.remove("x-webhook-signature");
    let err = vrs::verify(&h, body, &secret(), signed_at(), DEFAULT_TOLERANCE).unwrap_err();
    assert!(matches!(
        err,
        WebhookError::MissingHeader("x-webhook-signature")
    ));
    let none = HashMap::<String, String>::new();
    let err = vrs::verify(&none, body, &secret(), signed_at(), DEFAULT_TOLERANCE).unwrap_err();
    assert!(matches!(err, WebhookError::MissingHeader(_)));
}

#[test]
fn a_signed_body_that_is_not_the_payload_is_malformed() {
    let not_utf8: &[u8] = b"{\"event_type\":\"VKYC_USER_LINK_GENERATED\xff\"}";
    let wrong_shape =
        br#"{"event_type":"VKYC_USER_LINK_GENERATED","event_time":"2025-05-22T03:51:14Z"}"#;
    for body in [not_utf8, wrong_shape, b"", b"[]"] {
        let h = headers(&sign(TIMESTAMP, body), TIMESTAMP, "1");
        let err = vrs::verify(&h, body, &secret(), signed_at(), DEFAULT_TOLERANCE).unwrap_err();
        assert!(matches!(err, WebhookError::MalformedBody(_)), "{err:?}");
        assert!(std::error::Error::source(&err).is_some());
    }
}

#[test]
fn every_documented_sample_verifies_and_parses() {
    let (mut vrs_seen, mut ppi_seen) = (0, 0);
    for (name, body) in vrs::EXAMPLES {
        let h = headers(&sign(TIMESTAMP, body.as_bytes()), TIMESTAMP, "1");
        let event = vrs::verify(
            &h,
            body.as_bytes(),
            &secret(),
            signed_at(),
            DEFAULT_TOLERANCE,
        )
        .unwrap_or_else(|e| panic!("VRS sample {name}: {e}"));
        assert_eq!(event.event_type.as_str(), *name);
        assert!(
            event.event_type.is_known()
                && event
                    .data
                    .sub_status
                    .as_ref()
                    .is_some_and(SubStatus::is_known)
        );
        vrs_seen += 1;
    }
    for (name, body) in ppi::EXAMPLES {
        let h = headers(&sign(TIMESTAMP, body.as_bytes()), TIMESTAMP, "1");
        let event = ppi::verify(
            &h,
            body.as_bytes(),
            &secret(),
            signed_at(),
            DEFAULT_TOLERANCE,
        )
        .unwrap_or_else(|e| panic!("PPI sample {name}: {e}"));
        assert_eq!(event.event_type.as_str(), *name);
        ppi_seen += 1;
    }
    assert!(
        vrs_seen >= 2 && ppi_seen >= 1,
        "{vrs_seen} VRS, {ppi_seen} PPI samples"
    );
}

#[test]
fn the_vrs_sample_reads_cashfree_empty_strings_as_absent_and_the_date_only_expiry() {
    let (_, body) = vrs::EXAMPLES
        .iter()
        .find(|(name, _)| *name == "VKYC_USER_LINK_GENERATED")
        .unwrap();
    let event: vrs::Event = serde_json::from_str(body).unwrap();
    use vkyc_runtime::lenient::OrEmpty;
    assert_eq!(event.data.recording_link, Some(OrEmpty::Empty));
    assert_eq!(event.data.meeting_schedule, Some(OrEmpty::Empty));
    let expiry = event.data.link_expiry.as_ref().unwrap();
    assert_eq!(expiry.as_str(), "2025-06-21");
    assert_eq!(
        expiry.as_date(),
        chrono::NaiveDate::from_ymd_opt(2025, 6, 21)
    );
    assert_eq!(event.version.as_deref(), Some("v1"));
    // "" stays "" on the way back out.
    let back = serde_json::to_value(&event).unwrap();
    assert_eq!(back["data"]["recording_link"], "");
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
}

#[test]
fn an_unknown_event_type_is_kept_not_refused() {
    let body =
        br#"{"event_type":"VKYC_SOMETHING_NEW","event_time":"2025-05-22T03:51:14Z","data":{}}"#;
    let h = headers(&sign(TIMESTAMP, body), TIMESTAMP, "1");
    let event = ppi::verify(&h, body, &secret(), signed_at(), DEFAULT_TOLERANCE).unwrap();
    assert_eq!(
        event.event_type,
        ppi::EventType::Unknown("VKYC_SOMETHING_NEW".into())
    );
    assert_eq!(
        serde_json::to_value(&event).unwrap()["event_type"],
        "VKYC_SOMETHING_NEW"
    );
}

#[test]
fn redeliveries_share_an_idempotency_key_and_other_events_do_not() {
    let deliver = |body: &str, timestamp: &str, attempt: &str| {
        let h = headers(&sign(timestamp, body.as_bytes()), timestamp, attempt);
        let now = at_millis(timestamp.parse().unwrap());
        vrs::verify(&h, body.as_bytes(), &secret(), now, DEFAULT_TOLERANCE).unwrap()
    };
    let first = deliver(VRS_BODY, TIMESTAMP, "1");
    // Cashfree retries: new attempt number, new delivery timestamp and signature, same event.
    let retry = deliver(VRS_BODY, "1746427819733", "2");
    assert_eq!(first.idempotency_key(), retry.idempotency_key());
    assert_eq!(
        first.idempotency_key().as_str(),
        r#"["VKYC_USER_CALL_SCHEDULED","test333","2025-05-22T03:51:14Z","USER_MEETING_SCHEDULED"]"#
    );
    for other in [
        VRS_BODY.replace("test333", "test334"),
        VRS_BODY.replace("03:51:14Z", "03:51:15Z"),
        VRS_BODY.replace("USER_MEETING_SCHEDULED", "USER_MEETING_CANCELLED"),
        VRS_BODY.replace("VKYC_USER_CALL_SCHEDULED", "VKYC_USER_PRECHECK_FAILED"),
    ] {
        assert_ne!(
            deliver(&other, TIMESTAMP, "1").idempotency_key(),
            first.idempotency_key()
        );
    }
    // Fields outside the key do not matter.
    let moved = VRS_BODY.replace("2025-05-23T10:00:00Z", "2025-05-24T10:00:00Z");
    assert_eq!(
        deliver(&moved, TIMESTAMP, "1").idempotency_key(),
        first.idempotency_key()
    );
}

#[test]
fn headers_come_from_header_maps_and_plain_maps() {
    let body = VRS_BODY.as_bytes();
    let mixed_case = HashMap::from([
        ("X-Webhook-Signature".to_owned(), VRS_SIGNATURE.to_owned()),
        ("X-WEBHOOK-TIMESTAMP".to_owned(), TIMESTAMP.to_owned()),
    ]);
    assert!(vrs::verify(&mixed_case, body, &secret(), signed_at(), DEFAULT_TOLERANCE).is_ok());
    let sorted = BTreeMap::from([
        ("x-webhook-signature", VRS_SIGNATURE),
        ("x-webhook-timestamp", TIMESTAMP),
    ]);
    assert!(vrs::verify(&sorted, body, &secret(), signed_at(), DEFAULT_TOLERANCE).is_ok());
    assert_eq!(
        sorted.header("X-Webhook-Timestamp"),
        Some(TIMESTAMP.as_bytes())
    );

    let delivery = DeliveryHeaders::from_headers(&headers(VRS_SIGNATURE, TIMESTAMP, "3")).unwrap();
    assert_eq!(delivery.timestamp, signed_at());
    assert_eq!(delivery.attempt, Some(3));
    assert_eq!(delivery.version.as_deref(), Some("2025-01-01"));
    let odd = DeliveryHeaders::from_headers(&headers(VRS_SIGNATURE, TIMESTAMP, "first")).unwrap();
    assert_eq!(odd.attempt, None);
}

#[test]
fn the_secret_is_in_no_debug_or_error_output() {
    let from_credentials = WebhookSecret::from(&Credentials::new("CF_ID", SECRET));
    let h = headers(VRS_SIGNATURE, TIMESTAMP, "1");
    let good = vrs::verify(
        &h,
        VRS_BODY.as_bytes(),
        &from_credentials,
        signed_at(),
        DEFAULT_TOLERANCE,
    );
    assert!(good.is_ok(), "the client secret is the webhook key");
    let mut shown = vec![format!("{from_credentials:?}"), format!("{:?}", secret())];
    for now in [signed_at(), signed_at() + Duration::from_secs(3600)] {
        for body in [VRS_BODY.as_bytes(), b"tampered"] {
            if let Err(e) = vrs::verify(&h, body, &secret(), now, DEFAULT_TOLERANCE) {
                shown.push(format!("{e} {e:?}"));
            }
        }
    }
    assert!(shown.len() >= 4, "{shown:?}");
    for text in shown {
        assert!(!text.contains(SECRET), "{text}");
    }
}

/// Header names the property test draws from: the real ones, other casing, and noise.
fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x-webhook-signature".to_owned()),
        Just("x-webhook-timestamp".to_owned()),
        Just("X-Webhook-Timestamp".to_owned()),
        Just("x-webhook-attempt".to_owned()),
        "[a-zA-Z-]{0,24}",
    ]
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(VRS_SIGNATURE.as_bytes().to_vec()),
        "[0-9]{0,25}".prop_map(String::into_bytes),
        "[A-Za-z0-9+/=]{0,60}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 0..64),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any headers, any body, any clock: an answer, never a panic.
    #[test]
    fn verify_never_panics(
        pairs in proptest::collection::vec((header_name(), header_value()), 0..8),
        body in proptest::collection::vec(any::<u8>(), 0..512),
        now_ms in any::<u64>(),
        tolerance_ms in any::<u64>(),
    ) {
        let map: HashMap<String, Vec<u8>> = pairs.into_iter().collect();
        let now = UNIX_EPOCH.checked_add(Duration::from_millis(now_ms)).unwrap_or(UNIX_EPOCH);
        let tolerance = Duration::from_millis(tolerance_ms);
        let _ = vrs::verify(&map, &body, &secret(), now, tolerance);
        let _ = ppi::verify(&map, &body, &secret(), now, tolerance);
        let _ = DeliveryHeaders::from_headers(&map);
    }

    /// A correctly signed, fresh delivery of any bytes gets past the signature: it parses, or is
    /// refused as malformed.
    #[test]
    fn a_valid_signature_over_any_body_is_accepted(
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let h = headers(&sign(TIMESTAMP, &body), TIMESTAMP, "1");
        match vrs::verify(&h, &body, &secret(), signed_at(), DEFAULT_TOLERANCE) {
            Ok(_) | Err(WebhookError::MalformedBody(_)) => {}
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}
