//! Random, schema-valid payloads through every generated client: Prism in dynamic mode generates
//! each response from the schema (json-schema-faker, additional properties filled in, fixed seeds:
//! `--seed` for the server, and `Prefer: seed=…` per request, because Prism reseeds per response),
//! for every version, both from the effective spec (what Cashfree declares, after the overlay) and
//! from the normalized one (the lenient shapes and open enums the client was generated from).
//!
//! Every operation gets at least [`SUCCESSES`] success responses and [`PER_ERROR_STATUS`] of each
//! declared error status. Each must decode (0 failures) and serialize back to the JSON Prism sent
//! (`null` members, and `[]` for an optional list, count as missing), so no field, known or
//! unknown, is lost.
//!
//! Prism is installed by `scripts/setup-tools.sh`; without it this test fails and says so, unless
//! `VKYC_SKIP_PRISM=1` is set.

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use serde::Serialize;
use serde_json::Value;
use vkyc_codegen::Config;
use vkyc_generated::runtime::{ClientConfig, RetryPolicy};
// progenitor's response and error types, the same in every version module.
use vkyc_generated::vrs::v2024_12_01::{Error as P, ResponseValue};
use vkyc_generated::{Credentials, Environment};

use support::prism::Prism;
use support::proxy::Proxy;
use support::spec::{self, without_absent};
use support::tools;

/// The json-schema-faker seed (with a suffix per request): the same payloads on every run.
const SEED: &str = "vkyc-issue-14";
/// Success responses decoded per operation and spec.
const SUCCESSES: usize = 200;
/// Responses decoded per declared error status, operation and spec.
const PER_ERROR_STATUS: usize = 5;
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Calls in flight at once.
const CONCURRENCY: usize = 8;
/// Requests the proxy may send to Prism again after a lost connection (see `support::proxy`),
/// per thousand calls: a resend is a race with Prism's keep-alive, not a normal answer.
const RESENT_PER_MILLE: usize = 10;

/// No retries (a generated 429 or 500 is a payload to decode, not a reason to wait), and the
/// credentials Prism's security schemes ask for.
fn config(base_url: &str) -> ClientConfig {
    ClientConfig::new(
        Environment::Custom(base_url.to_owned()),
        Credentials::new("vkyc-dynamic-id", "vkyc-dynamic-secret"),
    )
    .retry(RetryPolicy::never())
}

/// What one call came back with: the typed body (success or declared error) as JSON, or why not.
type Decoded = Result<Value, String>;

fn typed<T: Serialize, E: Serialize + std::fmt::Debug>(
    result: Result<ResponseValue<T>, P<E>>,
) -> Decoded {
    match result {
        Ok(response) => serde_json::to_value(response.into_inner()).map_err(|e| e.to_string()),
        Err(P::ErrorResponse(response)) => {
            serde_json::to_value(response.into_inner()).map_err(|e| e.to_string())
        }
        Err(P::InvalidResponsePayload(_, e)) => Err(format!("DECODE FAILURE: {e}")),
        Err(other) => Err(format!("not a typed response: {other}")),
    }
}

/// Calls `operation` of the generated module for `family`/`version`; `None`: no driver yet.
async fn call(family: &str, version: &str, operation: &str, base_url: &str) -> Option<Decoded> {
    use vkyc_generated::ppi::v2025_11_01 as ppi;
    use vkyc_generated::vrs::v2024_12_01 as vrs;
    let vrs_client = || vrs::Client::with_config(config(base_url)).expect("builds");
    let ppi_client = || ppi::Client::with_config(config(base_url)).expect("builds");
    let status_request = || {
        ppi::types::GetVkycStatusRequest::builder()
            .user_id("USER827364")
            .verification_id("vkyc-dynamic.1")
    };
    Some(match (family, version, operation) {
        ("vrs", "2024-12-01", "vkyc-get-status") => typed(
            vrs_client()
                .vkyc_get_status()
                .verification_id("v-1")
                .send()
                .await,
        ),
        ("vrs", "2024-12-01", "vkyc-create-user") => typed(
            vrs_client()
                .vkyc_create_user()
                .body_map(|b| b.phone("9988776655"))
                .send()
                .await,
        ),
        ("vrs", "2024-12-01", "vkyc-initiate") => typed(
            vrs_client()
                .vkyc_initiate()
                .body_map(|b| b.verification_id("vkyc-dynamic.1"))
                .send()
                .await,
        ),
        ("vrs", "2024-12-01", "vkyc-create-auth-token") => typed(
            vrs_client()
                .vkyc_create_auth_token()
                .body_map(|b| b.app_id("app_id_for_vkyc"))
                .send()
                .await,
        ),
        ("ppi", "2025-11-01", "ppi-get-vkyc-details") => typed(
            ppi_client()
                .ppi_get_vkyc_details()
                .body(status_request())
                .send()
                .await,
        ),
        ("ppi", "2025-11-01", "ppi-initiate-vkyc") => {
            let body = ppi::types::InitiateVkycRequest::builder()
                .user_id("USER827364")
                .verification_id("vkyc-dynamic.1");
            typed(ppi_client().ppi_initiate_vkyc().body(body).send().await)
        }
        #[allow(deprecated)] // Still served: the spec keeps it, deprecated.
        ("ppi", "2025-11-01", "ppi-get-vkyc-status") => typed(
            ppi_client()
                .ppi_get_vkyc_status()
                .body(status_request())
                .send()
                .await,
        ),
        _ => return None,
    })
}

/// Declared response status codes of an operation, success first.
fn codes(doc: &Value, method: &str, path: &str) -> Vec<String> {
    let op = &doc["paths"][path][method.to_lowercase()];
    let mut codes: Vec<String> = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(code, _)| code.clone())
        .filter(|code| code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()))
        .collect();
    codes.sort_by_key(|c| (!c.starts_with('2'), c.clone()));
    codes
}

#[derive(Default)]
struct Tally {
    calls: usize,
    distinct: BTreeSet<String>,
    failures: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_schema_valid_payloads_decode_without_loss_through_every_client() {
    let Some(prism_bin) = tools::prism() else {
        eprintln!("skipped: {} is set", tools::SKIP_PRISM);
        return;
    };
    let ws = Config::new(tools::root())
        .load()
        .expect("the repository's inputs load");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for api in &ws.apis {
        let (family, version) = (&api.version.family, &api.version.version);
        for (label, doc) in [
            ("effective", &api.effective),
            ("normalized", &api.normalized.doc),
        ] {
            let name = format!("{family}-{version}.{label}.json");
            let path = spec::write_json(dir.path(), &name, doc);
            let prism =
                Prism::start_dynamic(&prism_bin, &path, SEED).unwrap_or_else(|e| panic!("{e}"));
            let proxy = Proxy::start(&prism.url).await;
            let mut spec_calls = 0;
            for op in spec::operations(doc) {
                let mut tally = Tally::default();
                // Requests are independent (a scenario each), so several run at once.
                let mut calls = tokio::task::JoinSet::new();
                let limit = Arc::new(Semaphore::new(CONCURRENCY));
                for code in codes(doc, &op.method, &op.path) {
                    let n = if code.starts_with('2') {
                        SUCCESSES
                    } else {
                        PER_ERROR_STATUS
                    };
                    for i in 0..n {
                        // Prism reseeds its generator for every response: a seed of its own per
                        // request gives a different payload each time, the same on every run.
                        let scenario =
                            proxy.scenario(Some(&format!("code={code}, seed={SEED}-{code}-{i}")));
                        let (family, version, id) =
                            (family.clone(), version.clone(), op.id.clone());
                        let (code, limit) = (code.clone(), Arc::clone(&limit));
                        calls.spawn(async move {
                            let _permit = limit.acquire_owned().await.expect("open semaphore");
                            let outcome = tokio::time::timeout(
                                CALL_TIMEOUT,
                                call(&family, &version, &id, &scenario.base_url),
                            )
                            .await;
                            (code, i, scenario, outcome)
                        });
                    }
                }
                while let Some(joined) = calls.join_next().await {
                    let (code, i, scenario, outcome) = joined.expect("a call task");
                    let decoded = match outcome {
                        Ok(Some(decoded)) => decoded,
                        Ok(None) => panic!(
                            "tests/prism_dynamic.rs has no driver for {family} {version} `{}`: add it to `call`",
                            op.id
                        ),
                        Err(_) => Err(format!("no answer within {CALL_TIMEOUT:?}")),
                    };
                    tally.calls += 1;
                    let exchanges = proxy.exchanges(&scenario);
                    // The proxy records an exchange once Prism has answered, so this is also a
                    // call given up (or a connection lost) before Prism's answer: say what the
                    // client got.
                    let Some(exchange) = exchanges.first() else {
                        tally.failures.push(format!(
                            "{code} #{i}: no answer from Prism recorded; the client got {decoded:?}"
                        ));
                        continue;
                    };
                    let sent: Value =
                        serde_json::from_slice(&exchange.response_body).unwrap_or(Value::Null);
                    tally.distinct.insert(sent.to_string());
                    let problem = match decoded {
                        Ok(value) if exchange.status.to_string() != code => Some(format!(
                            "asked for {code}, Prism answered {}: {value}",
                            exchange.status
                        )),
                        Ok(value) if value == without_absent(&sent) => None,
                        Ok(value) => Some(format!("lost or changed values: decoded {value}")),
                        Err(e) => Some(e),
                    };
                    if let Some(problem) = problem {
                        tally
                            .failures
                            .push(format!("{code} #{i}: {problem}\n    Prism sent: {sent}"));
                    }
                }
                spec_calls += tally.calls;
                report.push(format!(
                    "{family} {version} {label} `{}`: {} responses ({} distinct), {} failures",
                    op.id,
                    tally.calls,
                    tally.distinct.len(),
                    tally.failures.len()
                ));
                assert!(
                    tally.calls >= SUCCESSES,
                    "{family} {version} `{}`: only {} calls",
                    op.id,
                    tally.calls
                );
                // A fixed seed fixes the sequence, not one payload: the responses must vary.
                assert!(
                    tally.distinct.len() > tally.calls / 2,
                    "{family} {version} {label} `{}`: only {} distinct payloads in {}",
                    op.id,
                    tally.distinct.len(),
                    tally.calls
                );
                failures.extend(
                    tally
                        .failures
                        .into_iter()
                        .take(5)
                        .map(|f| format!("{family} {version} {label} `{}` {f}", op.id)),
                );
            }
            let resent = proxy.resent();
            report.push(format!(
                "{family} {version} {label}: {resent} of {spec_calls} requests resent to Prism after a lost connection"
            ));
            assert!(
                resent * 1000 <= spec_calls * RESENT_PER_MILLE,
                "{family} {version} {label}: {resent} of {spec_calls} requests lost their connection to Prism \
                 (more than {RESENT_PER_MILLE} per thousand)\n{}",
                prism.output_tail(20)
            );
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "decode failures (first 5 per operation):\n{}\n\n{}",
        failures.join("\n"),
        report.join("\n")
    );
}
