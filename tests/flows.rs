//! The whole Video KYC flow of each family, run exactly as `vkyc-generated/examples/vrs_flow.rs` and
//! `ppi_flow.rs` are written (the example files are compiled into this test), against Prism serving the
//! effective spec on 127.0.0.1, behind the recording proxy of `tests/support`. Every request must reach
//! Prism with the credentials and the pinned `x-api-version` and pass its validation (no
//! `sl-violations`), in the order the flow makes them.
//!
//! Cashfree documents no status response with a terminal sub-status, so for the run that reaches the
//! end the test adds one example, "Approved (vkyc test fixture)", to the status lookup's 200 response of
//! the spec copy Prism serves (it sorts first, so Prism answers with it by default). A second run on the
//! unmodified spec shows the flow waiting: Prism keeps answering LINK_GENERATED until the deadline.

mod support;

#[path = "../vkyc-generated/examples/ppi_flow.rs"]
#[allow(dead_code)] // `main` is the example's entry point, not called here.
mod ppi_flow;
#[path = "../vkyc-generated/examples/vrs_flow.rs"]
#[allow(dead_code)]
mod vrs_flow;

use std::time::Duration;

use serde_json::{Map, Value, json};
use vkyc_codegen::{Api, Config};
use vkyc_generated::runtime::{Credentials, Environment, Error, PollPolicy};
use vkyc_generated::status::SubStatus;

use support::prism::{Mode, Prism};
use support::proxy::{Exchange, Proxy};
use support::{spec, tools};

const CLIENT_ID: &str = "vkyc-flow-test-client-id";
const CLIENT_SECRET: &str = "vkyc-flow-test-client-secret";
const FIXTURE: &str = "Approved (vkyc test fixture)";

fn api(family: &str) -> Api {
    Config::new(tools::root())
        .load()
        .unwrap_or_else(|e| panic!("the spec inputs do not load:\n{e}"))
        .apis
        .into_iter()
        .find(|a| a.version.family == family)
        .unwrap_or_else(|| panic!("no {family} version under spec/"))
}

/// The effective spec with a terminal example first among the 200 examples of the response at
/// `response` (a JSON pointer to a `$ref`'d component response).
fn with_terminal_example(api: &Api, response: &str) -> Value {
    let mut doc = api.effective.clone();
    let target = doc
        .pointer(response)
        .and_then(vkyc_codegen::walk::local_ref)
        .unwrap_or(response)
        .to_owned();
    let examples = doc
        .pointer_mut(&format!("{target}/content/application~1json/examples"))
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{target} has no examples"));
    let mut approved = spec::resolve(&api.effective, &examples["Success"])["value"].clone();
    approved["status"] = json!("AUDITOR_REVIEWED");
    approved["sub_status"] = json!("AUDITOR_APPROVED");
    let mut first = Map::new();
    first.insert(FIXTURE.to_owned(), json!({ "value": approved }));
    first.append(examples);
    *examples = first;
    doc
}

/// Every exchange clean, and the routes in the order the flow makes them (repeated polls collapsed).
fn check(exchanges: &[Exchange], api_version: &str, want: &[&str]) {
    let mut routes: Vec<String> = Vec::new();
    for ex in exchanges {
        let header = |name: &str| ex.request_headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("x-client-id"), Some(CLIENT_ID), "{}", ex.describe());
        assert_eq!(
            header("x-client-secret"),
            Some(CLIENT_SECRET),
            "{}",
            ex.describe()
        );
        assert_eq!(
            header("x-api-version"),
            Some(api_version),
            "{}",
            ex.describe()
        );
        assert!(
            ex.violations().is_none(),
            "Prism flagged:\n{}",
            ex.describe()
        );
        assert_eq!(ex.status, 200, "{}", ex.describe());
        let route = format!(
            "{} {}",
            ex.method,
            ex.path.split('?').next().unwrap_or_default()
        );
        if routes.last() != Some(&route) {
            routes.push(route);
        }
    }
    assert_eq!(routes, want);
}

fn fast(timeout: Duration) -> PollPolicy {
    PollPolicy::new(timeout)
        .initial_interval(Duration::from_millis(100))
        .max_interval(Duration::from_millis(300))
}

async fn mock(
    prism_bin: &std::path::Path,
    doc: &Value,
    name: &str,
) -> (tempfile::TempDir, Prism, Proxy) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = spec::write_json(dir.path(), name, doc);
    let prism = Prism::start(prism_bin, &path, Mode::Errors).unwrap_or_else(|e| panic!("{e}"));
    let proxy = Proxy::start(&prism.url).await;
    (dir, prism, proxy)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vrs_flow_runs_against_prism() {
    use vkyc_generated::vrs::v2024_12_01::Client;
    let Some(prism_bin) = tools::prism() else {
        return;
    };
    let api = api("vrs");
    let want = ["POST /user", "POST /vkyc", "POST /oauth/token", "GET /vkyc"];
    let client = |url: &str| {
        Client::new(
            Environment::Custom(url.to_owned()),
            Credentials::new(CLIENT_ID, CLIENT_SECRET),
        )
        .expect("the client builds")
    };

    let doc = with_terminal_example(&api, "/paths/~1vkyc/get/responses/200");
    let (_dir, _prism, proxy) = mock(&prism_bin, &doc, "vrs.json").await;
    let scenario = proxy.scenario(None);
    let done = vrs_flow::run(
        &client(&scenario.base_url),
        "vkyc_verification_id",
        "app_id_for_vkyc",
        &fast(Duration::from_secs(30)),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{:#?}", proxy.exchanges(&scenario)));
    assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved));
    check(&proxy.exchanges(&scenario), &api.version.version, &want);

    // Unchanged spec: the verification never finishes, the flow waits, then reports the last status.
    let (_dir, _prism, proxy) = mock(&prism_bin, &api.effective, "vrs.json").await;
    let scenario = proxy.scenario(None);
    let err = vrs_flow::run(
        &client(&scenario.base_url),
        "vkyc_verification_id",
        "app_id_for_vkyc",
        // Long enough for several lookups even when a loaded machine slows Prism to ~1 s a call.
        &fast(Duration::from_secs(3)),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::PollTimeout { last_sub_status: Some(last), .. } if last == "LINK_GENERATED"
        ),
        "{err:?}"
    );
    let exchanges = proxy.exchanges(&scenario);
    check(&exchanges, &api.version.version, &want);
    let lookups = exchanges
        .iter()
        .filter(|ex| ex.method == "GET" && ex.path.split('?').next() == Some("/vkyc"))
        .count();
    assert!(lookups >= 2, "polled {lookups} time(s), not repeatedly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ppi_flow_runs_against_prism() {
    use vkyc_generated::ppi::v2025_11_01::Client;
    let Some(prism_bin) = tools::prism() else {
        return;
    };
    let api = api("ppi");
    let doc = with_terminal_example(&api, "/paths/~1ppi~1kyc~1vkyc~1details/post/responses/200");
    let (_dir, _prism, proxy) = mock(&prism_bin, &doc, "ppi.json").await;
    let scenario = proxy.scenario(None);
    let client = Client::new(
        Environment::Custom(scenario.base_url.clone()),
        Credentials::new(CLIENT_ID, CLIENT_SECRET),
    )
    .expect("the client builds");
    let done = ppi_flow::run(
        &client,
        "USER827364",
        "TestVkycVerification",
        &fast(Duration::from_secs(30)),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{:#?}", proxy.exchanges(&scenario)));
    assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved));
    // The current lookup, not the deprecated /status.
    check(
        &proxy.exchanges(&scenario),
        &api.version.version,
        &["POST /ppi/kyc/vkyc", "POST /ppi/kyc/vkyc/details"],
    );
}
