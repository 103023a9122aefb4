//! Bad input gets Cashfree's `{type, code, message}` errors naming the field, never a panic: fixed
//! cases for each status, and a property test over arbitrary request bodies.

mod common;

use proptest::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};
use vkyc_generated::{ppi::v2025_11_01 as ppi, vrs::v2024_12_01 as vrs};
use vkyc_sandbox::{Config, Sandbox};

async fn post_ppi(
    sandbox: &Sandbox,
    path: &str,
    body: impl Into<reqwest::Body>,
    content_type: &str,
) -> reqwest::Response {
    let url = format!("{}{path}", sandbox.base_url("ppi").unwrap());
    common::authed(&common::http(), Method::POST, url, ppi::API_VERSION)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn each_bad_request_gets_its_cashfree_error() {
    let sandbox = Sandbox::start(Config::default().body_limit(1024))
        .await
        .unwrap();
    let json = "application/json";
    let ok = json!({"user_id": "u-1", "verification_id": "bad-1"}).to_string();
    let cases: Vec<(&str, String, &str, u16, &str)> = vec![
        (
            "/ppi/kyc/vkyc",
            json!({"user_id": "u-1"}).to_string(),
            json,
            400,
            "verification_id_missing",
        ),
        (
            "/ppi/kyc/vkyc",
            json!({"user_id": "u-1", "verification_id": "a b"}).to_string(),
            json,
            400,
            "verification_id_value_invalid",
        ),
        (
            "/ppi/kyc/vkyc",
            json!({"user_id": "u-1", "verification_id": "x".repeat(51)}).to_string(),
            json,
            400,
            "verification_id_value_invalid",
        ),
        (
            "/ppi/kyc/vkyc",
            json!({"user_id": "u-1", "verification_id": "v", "notification_modes": ["FAX"]})
                .to_string(),
            json,
            400,
            "notification_modes_value_invalid",
        ),
        (
            "/ppi/kyc/vkyc",
            json!({"user_id": 7, "verification_id": "v"}).to_string(),
            json,
            400,
            "user_id_value_invalid",
        ),
        (
            "/ppi/kyc/vkyc",
            "{\"user_id\": ".into(),
            json,
            400,
            "request_body_value_invalid",
        ),
        (
            "/ppi/kyc/vkyc",
            String::new(),
            json,
            400,
            "request_body_missing",
        ),
        (
            "/ppi/kyc/vkyc",
            ok.clone(),
            "text/plain",
            415,
            "content-type_value_invalid",
        ),
        (
            "/ppi/kyc/vkyc",
            format!("{{\"user_id\": \"{}\"}}", "u".repeat(2000)),
            json,
            413,
            "request_body_too_large",
        ),
        ("/ppi/kyc/vkyc", ok.clone(), json, 200, ""),
        (
            "/ppi/kyc/vkyc",
            ok,
            json,
            409,
            "verification_id_already_exists",
        ),
        (
            "/ppi/kyc/vkyc/status",
            json!({"user_id": "u-1", "verification_id": "nobody"}).to_string(),
            json,
            404,
            "verification_id_not_found",
        ),
        (
            "/ppi/kyc/vkyc/status",
            json!({"user_id": "someone-else", "verification_id": "bad-1"}).to_string(),
            json,
            404,
            "verification_id_not_found",
        ),
        (
            "/ppi/kyc/vkyc/nope",
            "{}".into(),
            json,
            404,
            "route_not_found",
        ),
    ];
    for (path, body, content_type, status, code) in cases {
        let response = post_ppi(&sandbox, path, body.clone(), content_type).await;
        if status == 200 {
            assert_eq!(response.status(), 200, "{path} {body}");
            continue;
        }
        let (got, got_code, message) = common::cashfree_error(response).await;
        assert_eq!(
            (got, got_code.as_str()),
            (status, code),
            "{path} {body}: {message}"
        );
    }

    // Credentials, version and method.
    let http = common::http();
    let url = format!(
        "{}/vkyc?verification_id=x",
        sandbox.base_url("vrs").unwrap()
    );
    let cases = [
        (
            http.get(&url).header("x-api-version", vrs::API_VERSION),
            400,
            "x-client-id_missing",
        ),
        (
            http.get(&url)
                .header("x-api-version", vrs::API_VERSION)
                .header("x-client-id", "someone")
                .header("x-client-secret", "guess"),
            401,
            "authentication_failed",
        ),
        (
            common::authed(&http, Method::GET, url.clone(), "2020-01-01"),
            400,
            "x-api-version_value_invalid",
        ),
        (
            http.get(&url)
                .header("x-client-id", "a")
                .header("x-client-secret", "b"),
            400,
            "x-api-version_missing",
        ),
        (
            common::authed(&http, Method::DELETE, url.clone(), vrs::API_VERSION),
            405,
            "method_not_allowed",
        ),
        (
            common::authed(&http, Method::GET, url.replace("x", ""), vrs::API_VERSION),
            400,
            "verification_id_missing",
        ),
        (
            common::authed(&http, Method::GET, url.clone(), vrs::API_VERSION),
            404,
            "verification_id_not_found",
        ),
    ];
    for (request, status, code) in cases {
        let (got, got_code, message) = common::cashfree_error(request.send().await.unwrap()).await;
        assert_eq!((got, got_code.as_str()), (status, code), "{message}");
    }
    let wrong_version = common::authed(&http, Method::GET, url, "2020-01-01")
        .send()
        .await
        .unwrap();
    assert!(
        common::cashfree_error(wrong_version)
            .await
            .2
            .contains("2024-12-01"),
        "names the served version"
    );
}

/// Arbitrary JSON, biased towards the fields the operations know.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,60}".prop_map(Value::from),
        "[A-Za-z0-9._-]{1,50}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("user_id".to_owned()),
                    Just("verification_id".to_owned()),
                    Just("notification_modes".to_owned()),
                    Just("security_questions".to_owned()),
                    Just("order".to_owned()),
                    ".{0,12}".prop_map(String::from),
                ],
                inner,
                0..5,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        json_value().prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..200),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("VKYC_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn any_body_gets_a_success_or_a_cashfree_error(body in body(), status_lookup in any::<bool>(), json_type in any::<bool>()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let sandbox = SANDBOX.get_or_init(start).await;
            let path = if status_lookup { "/ppi/kyc/vkyc/status" } else { "/ppi/kyc/vkyc" };
            let content_type = if json_type { "application/json" } else { "application/octet-stream" };
            let response = post_ppi(&sandbox.0, path, body, content_type).await;
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            prop_assert!([200, 400, 404, 409, 413, 415].contains(&status), "{status}: {text}");
            let parsed: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            if status != 200 {
                for key in ["type", "code", "message"] {
                    prop_assert!(parsed[key].is_string(), "{key} in {text}");
                }
            }
            Ok(())
        })?;
    }
}

/// One sandbox for every case, on its own runtime thread so that it outlives each case's runtime.
struct Shared(Sandbox);

static SANDBOX: tokio::sync::OnceCell<Shared> = tokio::sync::OnceCell::const_new();

async fn start() -> Shared {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let sandbox = Sandbox::start(Config::default()).await.unwrap();
            let url = sandbox.url();
            tx.send(sandbox).ok();
            // Keep the runtime (and the server on it) alive for the rest of the test process.
            let _ = url;
            std::future::pending::<()>().await;
        });
    });
    Shared(rx.await.unwrap())
}
