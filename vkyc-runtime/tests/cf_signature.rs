//! `x-cf-signature`: what the key makes decrypts, with the matching private key, to exactly
//! `<client id>.<unix seconds>`; a VRS client that signs sends a fresh one on every request, and a
//! PPI client never sends one. The key pair in `tests/fixtures/` exists for these tests only.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs8::DecodePrivateKey as _;
use serde_json::json;
use sha1::Sha1;
use vkyc_generated::ppi::v2025_11_01 as ppi;
use vkyc_generated::runtime::{
    CfSignatureKey, ClientConfig, Credentials, Environment, RetryPolicy,
};
use vkyc_generated::vrs::v2024_12_01 as vrs;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "CF_TEST_CLIENT";
const PUBLIC: &str = include_str!("fixtures/TEST-ONLY-cf-signature-public.pem");
const PRIVATE: &str = include_str!("fixtures/TEST-ONLY-cf-signature-private.pem");

fn key() -> CfSignatureKey {
    CfSignatureKey::from_pem(PUBLIC).unwrap()
}

/// What Cashfree does with the header: Base64-decode, then RSA-OAEP(SHA-1, MGF1-SHA-1)-decrypt.
fn decrypt(signature: &str) -> String {
    let private = rsa::PrivateKey::from_pkcs8_pem(PRIVATE).unwrap();
    let bytes = STANDARD.decode(signature).expect("Base64");
    String::from_utf8(private.oaep_decrypt::<Sha1>(&bytes).expect("decrypts")).unwrap()
}

fn unix_seconds(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).unwrap().as_secs()
}

#[test]
fn a_signature_decrypts_to_the_client_id_and_unix_seconds() {
    let at = UNIX_EPOCH + Duration::from_millis(1_717_000_000_999);
    let first = key().sign(CLIENT_ID, at).unwrap();
    assert_eq!(decrypt(&first), "CF_TEST_CLIENT.1717000000");
    // OAEP is randomized: the same input never gives the same signature twice.
    let second = key().sign(CLIENT_ID, at).unwrap();
    assert_ne!(first, second);
    assert_eq!(decrypt(&second), "CF_TEST_CLIENT.1717000000");
}

#[test]
fn keys_that_are_not_pem_rsa_public_keys_are_refused() {
    for pem in ["", "not a key", PRIVATE, &PUBLIC.replace('M', "N")] {
        let err = CfSignatureKey::from_pem(pem).unwrap_err();
        assert!(err.to_string().starts_with("x-cf-signature:"), "{err}");
    }
    // A client id too long for one RSA-2048 OAEP block is an error, not a panic.
    assert!(key().sign(&"x".repeat(300), SystemTime::now()).is_err());
}

fn config(base_url: &str) -> ClientConfig {
    ClientConfig::new(
        Environment::Custom(base_url.to_owned()),
        Credentials::new(CLIENT_ID, "cfsk_ma_test_9f8e7d6c5b4a"),
    )
    .retry(RetryPolicy::never())
    .sign_requests(key())
}

/// The `x-cf-signature` values the server received, in order.
fn signatures(requests: &[Request]) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| {
            r.headers
                .get("x-cf-signature")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_signing_vrs_client_sends_a_fresh_signature_with_every_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/vkyc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"verification_id": "v-1"})))
        .mount(&server)
        .await;
    let client = vrs::Client::with_config(config(&server.uri())).unwrap();
    let before = unix_seconds(SystemTime::now());
    client
        .vkyc_get_status()
        .verification_id("v-1")
        .send()
        .await
        .unwrap();
    // A signature passed to the builder is replaced by the runtime's fresh one.
    client
        .vkyc_get_status()
        .verification_id("v-1")
        .x_cf_signature("a-stale-signature")
        .send()
        .await
        .unwrap();
    let after = unix_seconds(SystemTime::now());

    let sent = signatures(&server.received_requests().await.unwrap());
    assert_eq!(sent.len(), 2);
    assert_ne!(sent[0], sent[1], "each request is signed afresh");
    for signature in sent {
        let plaintext = decrypt(&signature.expect("signed"));
        let (id, seconds) = plaintext.split_once('.').unwrap();
        assert_eq!(id, CLIENT_ID);
        let seconds: u64 = seconds.parse().unwrap();
        assert!(
            (before..=after).contains(&seconds),
            "{seconds} not in {before}..={after}"
        );
    }
}

#[tokio::test]
async fn clients_that_do_not_sign_send_no_signature() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ppi/kyc/vkyc/details"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"verification_id": "v-1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/vkyc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"verification_id": "v-1"})))
        .mount(&server)
        .await;
    // PPI's spec has no x-cf-signature, so even a config with a key sends none.
    let ppi = ppi::Client::with_config(config(&server.uri())).unwrap();
    ppi.ppi_get_vkyc_details()
        .body_map(|b| b.user_id("u-1").verification_id("v-1"))
        .send()
        .await
        .unwrap();
    // A VRS client without a key sends none either.
    let unsigned = ClientConfig::new(
        Environment::Custom(server.uri()),
        Credentials::new(CLIENT_ID, "secret"),
    );
    let vrs = vrs::Client::with_config(unsigned).unwrap();
    vrs.vkyc_get_status()
        .verification_id("v-1")
        .send()
        .await
        .unwrap();

    let sent = signatures(&server.received_requests().await.unwrap());
    assert_eq!(sent, [None, None]);
}
