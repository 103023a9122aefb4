//! The runtime against a real HTTP server on 127.0.0.1 (wiremock): headers, retries, timeouts,
//! decoding, polling, and that the client secret shows up in no error, `Debug` output or log line.
//! Delays are milliseconds so that the suite stays fast.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use progenitor_client::ClientInfo as _;
use serde_json::{Value, json};
use vkyc_generated::ppi::v2025_11_01 as ppi;
use vkyc_generated::runtime::{
    AttemptOutcome, ClientConfig, Credentials, Environment, Error, PollPolicy, RetryPolicy,
    SendExt as _, codes,
};
use vkyc_generated::status::{Status, SubStatus};
use vkyc_generated::vrs::v2024_12_01 as vrs;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "CF_TEST_CLIENT";
const SECRET: &str = "cfsk_ma_test_9f8e7d6c5b4a";

/// Fast retries (1–5 ms), 3 attempts, 2 s per attempt.
fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

fn config(base_url: &str) -> ClientConfig {
    ClientConfig::new(
        Environment::Custom(base_url.to_owned()),
        Credentials::new(CLIENT_ID, SECRET),
    )
    .connect_timeout(Duration::from_secs(1))
    .timeout(Duration::from_secs(2))
    .retry(fast_retry())
}

fn vrs_client(base_url: &str) -> vrs::Client {
    vrs::Client::with_config(config(base_url)).unwrap()
}

fn ppi_client(base_url: &str) -> ppi::Client {
    ppi::Client::with_config(config(base_url)).unwrap()
}

/// Looks every 1–5 ms until `timeout`.
fn fast_poll(timeout: Duration) -> PollPolicy {
    PollPolicy::new(timeout)
        .initial_interval(Duration::from_millis(1))
        .max_interval(Duration::from_millis(5))
}

fn vrs_status() -> MockBuilder {
    Mock::given(method("GET")).and(path("/vkyc"))
}

fn ppi_details() -> MockBuilder {
    Mock::given(method("POST")).and(path("/ppi/kyc/vkyc/details"))
}

fn ok(sub_status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({ "verification_id": "v-1", "status": "RECEIVED", "sub_status": sub_status }),
    )
}

fn not_found() -> Value {
    json!({
        "type": "validation_error",
        "code": "verification_id_not_found",
        "message": "verification_id does not exist."
    })
}

fn no_api_version_header(request: &Request) -> bool {
    !request.headers.contains_key("api-version")
}

async fn vrs_get(
    client: &vrs::Client,
    id: &str,
) -> Result<vrs::types::GetVkycLinkResponseSchema, Error> {
    let response = client
        .vkyc_get_status()
        .verification_id(id)
        .send()
        .checked()
        .await?;
    Ok(response.into_inner())
}

/// A port nothing listens on.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

/// A server that accepts connections and closes them without answering.
async fn hang_up_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    url
}

#[tokio::test]
async fn every_request_carries_credentials_and_the_pinned_version() {
    let server = MockServer::start().await;
    vrs_status()
        .and(query_param("verification_id", "v-1"))
        .and(header("x-client-id", CLIENT_ID))
        .and(header("x-client-secret", SECRET))
        .and(header("x-api-version", vrs::API_VERSION))
        .and(no_api_version_header)
        .respond_with(ok("LINK_GENERATED"))
        .expect(1)
        .mount(&server)
        .await;
    ppi_details()
        .and(body_json(
            json!({ "user_id": "u-1", "verification_id": "v-1" }),
        ))
        .and(header("x-client-id", CLIENT_ID))
        .and(header("x-client-secret", SECRET))
        .and(header("x-api-version", ppi::API_VERSION))
        .and(no_api_version_header)
        .respond_with(ok("LINK_GENERATED"))
        .expect(1)
        .mount(&server)
        .await;

    let vrs = vrs_get(&vrs_client(&server.uri()), "v-1").await.unwrap();
    assert_eq!(vrs.sub_status, Some(SubStatus::LinkGenerated));
    let ppi = ppi_client(&server.uri())
        .ppi_get_vkyc_details()
        .body_map(|body| body.user_id("u-1").verification_id("v-1"))
        .send()
        .checked()
        .await
        .unwrap();
    assert_eq!(ppi.status, Some(Status::Received));
}

#[test]
fn environments_resolve_to_each_specs_servers() {
    assert_eq!(
        vrs::SANDBOX_URL,
        "https://sandbox.cashfree.com/verification"
    );
    assert_eq!(vrs::PRODUCTION_URL, "https://api.cashfree.com/verification");
    assert_eq!(ppi::SANDBOX_URL, "https://sandbox.cashfree.com");
    assert_eq!(ppi::PRODUCTION_URL, "https://api.cashfree.com");
    let credentials = || Credentials::new(CLIENT_ID, SECRET);
    let client = vrs::Client::new(Environment::Production, credentials()).unwrap();
    assert_eq!(client.raw().baseurl(), vrs::PRODUCTION_URL);
    let client = ppi::Client::new(Environment::Sandbox, credentials()).unwrap();
    assert_eq!(client.raw().baseurl(), ppi::SANDBOX_URL);
}

#[tokio::test]
async fn a_server_failing_twice_then_succeeding_is_retried() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    vrs_status()
        .respond_with(ok("LINK_GENERATED"))
        .expect(1)
        .mount(&server)
        .await;
    let response = vrs_get(&vrs_client(&server.uri()), "v-1").await.unwrap();
    assert_eq!(response.sub_status, Some(SubStatus::LinkGenerated));
}

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .respond_with(ok("LINK_GENERATED"))
        .mount(&server)
        .await;
    let started = Instant::now();
    vrs_get(&vrs_client(&server.uri()), "v-1").await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_is_capped() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .respond_with(ok("LINK_GENERATED"))
        .mount(&server)
        .await;
    let capped =
        config(&server.uri()).retry(fast_retry().max_retry_after(Duration::from_millis(20)));
    let started = Instant::now();
    vrs_get(&vrs::Client::with_config(capped).unwrap(), "v-1")
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn only_connect_errors_timeouts_and_429_502_503_504_are_retried() {
    for (status, attempts) in [
        (429, 2),
        (502, 2),
        (503, 2),
        (504, 2),
        (500, 1),
        (400, 1),
        (404, 1),
    ] {
        let server = MockServer::start().await;
        vrs_status()
            .respond_with(ResponseTemplate::new(status))
            .expect(attempts)
            .named(format!("status {status}"))
            .mount(&server)
            .await;
        let config = config(&server.uri()).retry(fast_retry().max_attempts(2));
        let err = vrs_get(&vrs::Client::with_config(config).unwrap(), "v-1")
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.is_retryable(), attempts == 2, "{status}");
    }
}

#[tokio::test]
async fn attempts_never_exceed_the_configured_bound() {
    for (policy, attempts) in [(fast_retry().max_attempts(4), 4), (RetryPolicy::never(), 1)] {
        let server = MockServer::start().await;
        vrs_status()
            .respond_with(ResponseTemplate::new(503))
            .expect(attempts)
            .mount(&server)
            .await;
        let client = vrs::Client::with_config(config(&server.uri()).retry(policy)).unwrap();
        let err = vrs_get(&client, "v-1").await.unwrap_err();
        assert!(
            matches!(err.last_failure(), Error::UnexpectedStatus { status, .. } if *status == 503),
            "{err:?}"
        );
        let expected = if attempts > 1 { attempts as usize } else { 0 };
        assert_eq!(err.attempts().len(), expected, "{err}");
    }
}

#[tokio::test]
async fn initiate_is_not_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ppi/kyc/vkyc"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let err = ppi_client(&server.uri())
        .ppi_initiate_vkyc()
        .body_map(|body| body.user_id("u-1").verification_id("v-1"))
        .send()
        .checked()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedStatus { status, .. } if status == 503),
        "{err:?}"
    );
    assert!(
        err.is_retryable(),
        "the caller may decide to retry after checking"
    );
}

#[tokio::test]
async fn a_hung_server_hits_the_timeout_on_every_attempt() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ok("LINK_GENERATED").set_delay(Duration::from_secs(3)))
        .expect(2)
        .mount(&server)
        .await;
    let config = config(&server.uri())
        .timeout(Duration::from_millis(100))
        .retry(fast_retry().max_attempts(2));
    let started = Instant::now();
    let err = vrs_get(&vrs::Client::with_config(config).unwrap(), "v-1")
        .await
        .unwrap_err();
    assert!(matches!(err.last_failure(), Error::Timeout(_)), "{err:?}");
    assert!(err.to_string().contains("timed out, timed out"), "{err}");
    assert!(err.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connection_failures_are_transport_errors() {
    let client =
        vrs::Client::with_config(config(&closed_port_url()).retry(fast_retry().max_attempts(2)))
            .unwrap();
    let err = vrs_get(&client, "v-1").await.unwrap_err();
    assert!(matches!(err.last_failure(), Error::Connect(_)), "{err:?}");
    assert!(err.is_retryable());

    // A connection closed before any answer may succeed the next time: a lookup is retried.
    let err = vrs_get(&vrs_client(&hang_up_server().await), "v-1")
        .await
        .unwrap_err();
    assert!(matches!(err.last_failure(), Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.attempts(), [AttemptOutcome::Transport; 3]);
}

#[tokio::test]
async fn error_bodies_are_parsed_with_status_and_request_id() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(not_found())
                .insert_header("x-cf-request-id", "cf-req-9"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = vrs_get(&vrs_client(&server.uri()), "v-1")
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.error_type.as_deref(), Some("validation_error"));
    assert_eq!(
        api.message.as_deref(),
        Some("verification_id does not exist.")
    );
    assert_eq!(err.code(), Some(codes::VERIFICATION_ID_NOT_FOUND));
    assert_eq!(err.request_id(), Some("cf-req-9"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn undecodable_bodies_keep_their_status() {
    let server = MockServer::start().await;
    vrs_status()
        .and(query_param("verification_id", "bad-json"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("{\"status\": \"RECEIVED\",", "application/json")
                .insert_header("x-request-id", "req-1"),
        )
        .mount(&server)
        .await;
    vrs_status()
        .and(query_param("verification_id", "html-500"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;
    let client = vrs_client(&server.uri());
    let err = vrs_get(&client, "bad-json").await.unwrap_err();
    assert!(
        matches!(err, Error::Decode { status: Some(s), .. } if s == 200),
        "{err:?}"
    );
    assert_eq!(err.request_id(), Some("req-1"));
    let err = vrs_get(&client, "html-500").await.unwrap_err();
    assert!(
        matches!(err, Error::Decode { status: Some(s), .. } if s == 500),
        "{err:?}"
    );
}

#[tokio::test]
async fn unknown_fields_and_status_values_are_accepted() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "verification_id": "v-1",
            "status": "SOME_NEW_STATUS",
            "sub_status": "SOME_NEW_SUB_STATUS",
            "a_field_from_the_future": { "nested": [1, 2] },
        })))
        .mount(&server)
        .await;
    let response = vrs_get(&vrs_client(&server.uri()), "v-1").await.unwrap();
    assert_eq!(
        response.status,
        Some(Status::Unknown("SOME_NEW_STATUS".into()))
    );
    assert_eq!(
        response.sub_status,
        Some(SubStatus::Unknown("SOME_NEW_SUB_STATUS".into()))
    );
    assert_eq!(response.verification_id.as_deref(), Some("v-1"));
}

#[tokio::test]
async fn wait_for_terminal_polls_until_a_terminal_sub_status() {
    let server = MockServer::start().await;
    vrs_status()
        .and(query_param("verification_id", "v-1"))
        .respond_with(ok("LINK_GENERATED"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    vrs_status()
        .and(query_param("verification_id", "v-1"))
        .respond_with(ok("AUDITOR_APPROVED"))
        .expect(1)
        .mount(&server)
        .await;
    let done = vrs_client(&server.uri())
        .wait_for_terminal("v-1", &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved));

    ppi_details()
        .and(body_json(
            json!({ "user_id": "u-1", "verification_id": "v-1" }),
        ))
        .respond_with(ok("AUDITOR_REJECTED"))
        .expect(1)
        .mount(&server)
        .await;
    let done = ppi_client(&server.uri())
        .wait_for_terminal(("u-1", "v-1"), &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.sub_status, Some(SubStatus::AuditorRejected));
}

#[tokio::test]
async fn wait_for_terminal_times_out_with_the_last_sub_status() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ok("SOME_NEW_SUB_STATUS"))
        .mount(&server)
        .await;
    let policy = fast_poll(Duration::from_millis(50));
    let started = Instant::now();
    let err = vrs_client(&server.uri())
        .wait_for_terminal("v-1", &policy)
        .await
        .unwrap_err();
    let Error::PollTimeout {
        last_sub_status, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(last_sub_status.as_deref(), Some("SOME_NEW_SUB_STATUS"));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn wait_for_terminal_rides_out_transient_errors_only() {
    let server = MockServer::start().await;
    vrs_status()
        .and(query_param("verification_id", "flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .and(query_param("verification_id", "flaky"))
        .respond_with(ok("AUDITOR_APPROVED"))
        .mount(&server)
        .await;
    vrs_status()
        .and(query_param("verification_id", "gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found()))
        .expect(1)
        .mount(&server)
        .await;
    let config = config(&server.uri()).retry(RetryPolicy::never());
    let client = vrs::Client::with_config(config).unwrap();
    let done = client
        .wait_for_terminal("flaky", &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved));
    let err = client
        .wait_for_terminal("gone", &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(codes::VERIFICATION_ID_NOT_FOUND));
}

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every way to show `e`: `Display`, `Debug` (plain and pretty), and the same for each source.
fn renderings(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{e}\n{e:?}\n{e:#?}\n");
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    out
}

#[tokio::test]
async fn the_secret_appears_in_no_error_debug_output_or_log_line() {
    // Register the runtime's span and event callsites before this thread's subscriber exists:
    // installing it then rebuilds their interest, which a first registration racing with other
    // tests' threads could otherwise leave at "never" (tracing caches interest per callsite).
    let warm_up = MockServer::start().await;
    vrs_status()
        .respond_with(ResponseTemplate::new(503))
        .mount(&warm_up)
        .await;
    let _ = vrs_get(&vrs_client(&warm_up.uri()), "v-1").await;
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let reply = |id: &str, response: ResponseTemplate| {
        vrs_status()
            .and(query_param("verification_id", id))
            .respond_with(response)
    };
    reply(
        "api",
        ResponseTemplate::new(401).set_body_json(json!({
            "type": "authentication_error", "code": "authentication_failed",
            "message": "Invalid clientId and clientSecret combination",
        })),
    )
    .mount(&server)
    .await;
    reply("unexpected", ResponseTemplate::new(503))
        .mount(&server)
        .await;
    reply(
        "decode",
        ResponseTemplate::new(200).set_body_raw("{oops", "application/json"),
    )
    .mount(&server)
    .await;
    reply(
        "slow",
        ok("LINK_GENERATED").set_delay(Duration::from_secs(3)),
    )
    .mount(&server)
    .await;
    reply("pending", ok("LINK_GENERATED")).mount(&server).await;

    // Only `impatient` is meant to time out: the others get a per-attempt timeout no loaded CI
    // machine reaches, so each failure is the kind the list below expects.
    let client =
        vrs::Client::with_config(config(&server.uri()).timeout(Duration::from_secs(30))).unwrap();
    let impatient = vrs::Client::with_config(
        config(&server.uri())
            .timeout(Duration::from_millis(50))
            .retry(RetryPolicy::never()),
    )
    .unwrap();
    let bad_secret = vrs::Client::with_config(ClientConfig::new(
        Environment::Custom(server.uri()),
        Credentials::new(CLIENT_ID, format!("{SECRET}\n")),
    ))
    .unwrap();
    let quick_deadline = fast_poll(Duration::from_millis(50));
    let errors = [
        vrs_get(&client, "api").await.unwrap_err(),
        vrs_get(&client, "unexpected").await.unwrap_err(),
        vrs_get(&client, "decode").await.unwrap_err(),
        vrs_get(&impatient, "slow").await.unwrap_err(),
        vrs_get(&vrs_client(&closed_port_url()), "v-1")
            .await
            .unwrap_err(),
        vrs_get(&vrs_client(&hang_up_server().await), "v-1")
            .await
            .unwrap_err(),
        vrs_get(&bad_secret, "v-1").await.unwrap_err(),
        client
            .wait_for_terminal("pending", &quick_deadline)
            .await
            .unwrap_err(),
    ];
    let produced: Vec<&str> = errors
        .iter()
        .map(|e| match e.last_failure() {
            Error::Api(_) => "api",
            Error::UnexpectedStatus { .. } => "unexpected status",
            Error::Decode { .. } => "decode",
            Error::Timeout(_) => "timeout",
            Error::Connect(_) => "connect",
            Error::Transport(_) => "transport",
            Error::InvalidRequest(_) => "invalid request",
            Error::PollTimeout { .. } => "poll timeout",
            _ => "another variant",
        })
        .collect();
    assert_eq!(
        produced,
        [
            "api",
            "unexpected status",
            "decode",
            "timeout",
            "connect",
            "transport",
            "invalid request",
            "poll timeout"
        ]
    );

    let mut shown: String = errors.iter().map(|e| renderings(e)).collect();
    for debug in [
        format!("{:?}", Credentials::new(CLIENT_ID, SECRET)),
        format!("{:?}", config(&server.uri())),
        format!("{client:?}"),
        format!("{:#?}", ppi_client(&server.uri())),
    ] {
        shown.push_str(&debug);
    }
    let mut request = reqwest::Request::new(reqwest::Method::GET, server.uri().parse().unwrap());
    client.raw().inner().prepare(&mut request).unwrap();
    shown.push_str(&format!("{request:?}"));
    assert!(!shown.contains(SECRET), "the secret leaked:\n{shown}");
    assert!(
        shown.contains(CLIENT_ID) && shown.contains("Sensitive"),
        "{shown}"
    );

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        !logs.contains(SECRET),
        "the secret leaked into the logs:\n{logs}"
    );
    for expected in [
        "cashfree_request",
        "operation=\"vkyc_get_status\"",
        "attempt=3",
        "status=503",
        "latency_ms=",
    ] {
        assert!(
            logs.contains(expected),
            "no `{expected}` in the logs:\n{logs}"
        );
    }
}

#[test]
fn call_and_poll_futures_are_send() {
    fn assert_send<T: Send>(_: T) {}
    let client =
        vrs::Client::new(Environment::Sandbox, Credentials::new(CLIENT_ID, SECRET)).unwrap();
    assert_send(
        client
            .vkyc_get_status()
            .verification_id("v-1")
            .send()
            .checked(),
    );
    assert_send(client.wait_for_terminal("v-1", &PollPolicy::default()));
}

#[test]
fn codes_match_the_error_codes_in_the_specs() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let mut in_specs = BTreeSet::new();
    let dirs = |dir: &std::path::Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect::<Vec<_>>()
    };
    for family in dirs(spec.as_ref()).into_iter().filter(|p| p.is_dir()) {
        for version in dirs(&family) {
            for file in dirs(&version)
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            {
                let text = std::fs::read_to_string(&file).unwrap();
                in_specs.extend(
                    text.lines()
                        .filter_map(|l| l.trim().strip_prefix("code: "))
                        .map(|c| c.trim().trim_matches(['\'', '"']).to_owned()),
                );
            }
        }
    }
    let known: BTreeSet<String> = codes::ALL.iter().map(|c| c.to_string()).collect();
    assert_eq!(known, in_specs);
}

/// A 404 that carries no Cashfree error body means the route is missing (a wrong base URL, or an
/// endpoint Cashfree moved), not a missing verification: the error says so, whether the body is empty,
/// JSON without Cashfree's fields, or the status is one the operation does not declare; and
/// `wait_for_terminal` stops at once instead of polling a route that is not there.
#[tokio::test]
async fn a_404_without_cashfree_error_body_is_a_missing_route() {
    let server = MockServer::start().await;
    assert!(server.uri().starts_with("http://127.0.0.1:"));
    // Nothing is mounted for /ppi/kyc/vkyc/details: wiremock answers 404 with an empty body.
    let err = ppi_client(&server.uri())
        .wait_for_terminal(("u-1", "v-1"), &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RouteNotFound { .. }), "{err:?}");
    assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert!(!err.is_retryable());
    let message = err.to_string();
    assert!(message.contains("404 without its error body"), "{message}");
    assert!(message.contains("route does not exist"), "{message}");
    assert!(message.contains("not a missing verification"), "{message}");
    let lookups = server.received_requests().await.unwrap();
    assert_eq!(lookups.len(), 1, "polled a missing route again");

    // JSON, but not Cashfree's {type, code, message}: still a missing route.
    Mock::given(method("GET"))
        .and(path("/vkyc"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-404")
                .set_body_json(json!({ "error": "Not Found", "path": "/vkyc" })),
        )
        .mount(&server)
        .await;
    let err = vrs_get(&vrs_client(&server.uri()), "v-1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RouteNotFound { .. }), "{err:?}");
    assert_eq!(err.request_id(), Some("req-404"));
    assert!(err.to_string().contains("(request id req-404)"), "{err}");

    // An operation that declares no 404 at all (initiate): a missing route, not an undeclared status.
    let err = vrs_client(&server.uri())
        .vkyc_initiate()
        .body_map(|body| body.verification_id("v-1"))
        .send()
        .checked()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RouteNotFound { .. }), "{err:?}");

    // Cashfree's own 404 body stays an API error naming the missing verification.
    server.reset().await;
    ppi_details()
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found()))
        .mount(&server)
        .await;
    let err = ppi_client(&server.uri())
        .wait_for_terminal(("u-1", "v-1"), &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(codes::VERIFICATION_ID_NOT_FOUND),
        "{err:?}"
    );
    assert!(!err.to_string().contains("route"), "{err}");
}

// --- Hostile servers: each test below provokes one fault the runtime must survive. ---

/// What a scripted server does with one connection, after reading the request head.
#[derive(Clone)]
enum Script {
    /// Writes these bytes and closes.
    Send(&'static str),
    /// Writes these bytes, then holds the connection open without a byte more.
    SendAndStall(&'static str),
    /// Writes these bytes, then resets the connection (RST, not FIN).
    SendAndReset(&'static str),
}

const GOOD_BODY: &str =
    r#"{"verification_id":"v-1","status":"AUDITOR_REVIEWED","sub_status":"AUDITOR_APPROVED"}"#;

fn good_response() -> &'static str {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{GOOD_BODY}",
        GOOD_BODY.len()
    );
    Box::leak(response.into_boxed_str())
}

/// Headers promising 200 bytes of JSON, then only the start of it.
const PARTIAL: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{\"verification_id\":";

/// A raw TCP server on 127.0.0.1 playing `scripts` to successive connections (the last one
/// repeats); returns its URL and the number of connections it accepted.
async fn scripted_server(scripts: Vec<Script>) -> (String, Arc<Mutex<usize>>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(Mutex::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = {
                let mut n = seen.lock().unwrap();
                *n += 1;
                *n
            };
            let script = scripts[(n - 1).min(scripts.len() - 1)].clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => head.extend_from_slice(&buf[..k]),
                    }
                }
                match script {
                    Script::Send(bytes) => {
                        let _ = socket.write_all(bytes.as_bytes()).await;
                    }
                    Script::SendAndStall(bytes) => {
                        let _ = socket.write_all(bytes.as_bytes()).await;
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                    Script::SendAndReset(bytes) => {
                        let _ = socket.write_all(bytes.as_bytes()).await;
                        let _ = socket.flush().await;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        #[allow(deprecated)]
                        let _ = socket.set_linger(Some(Duration::ZERO));
                    }
                }
            });
        }
    });
    (url, count)
}

#[tokio::test]
async fn redirects_are_not_followed_so_credentials_never_reach_another_host() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ok("LINK_GENERATED"))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    for (status, m) in [(307, "POST"), (302, "GET")] {
        Mock::given(method(m))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}/ppi/kyc/vkyc", elsewhere.uri())),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let err = ppi_client(&server.uri())
        .ppi_initiate_vkyc()
        .body_map(|body| body.user_id("u-1").verification_id("v-1"))
        .send()
        .checked()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307), "{err:?}");
    assert!(err.to_string().contains("redirect"), "{err}");
    let err = vrs_get(&vrs_client(&server.uri()), "v-1")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302), "{err:?}");
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "a redirect carried the request (and its x-client-secret) to another host"
    );
}

#[test]
fn plain_http_is_refused_for_any_host_but_loopback() {
    let build = |url: &str| {
        vrs::Client::new(
            Environment::Custom(url.into()),
            Credentials::new(CLIENT_ID, SECRET),
        )
    };
    let err = build("http://api.cashfree.com/verification").unwrap_err();
    assert!(err.to_string().contains("plain http"), "{err}");
    assert!(build("ftp://127.0.0.1").is_err());
    for ok in [
        "https://api.cashfree.com/verification",
        "http://127.0.0.1:8080",
        "http://localhost:8080",
        "http://[::1]:8080",
    ] {
        assert!(build(ok).is_ok(), "{ok}");
    }
}

#[tokio::test]
async fn a_429_or_503_with_an_empty_or_html_body_is_retried_and_says_so() {
    let server = MockServer::start().await;
    vrs_status()
        .and(query_param("verification_id", "throttled"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .and(query_param("verification_id", "throttled"))
        .respond_with(ResponseTemplate::new(503).set_body_raw("<html>busy</html>", "text/html"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .and(query_param("verification_id", "throttled"))
        .respond_with(ok("LINK_GENERATED"))
        .mount(&server)
        .await;
    vrs_status()
        .and(query_param("verification_id", "down"))
        .respond_with(
            ResponseTemplate::new(429).set_body_raw("<html>slow down</html>", "text/html"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let client = vrs_client(&server.uri());
    let done = vrs_get(&client, "throttled").await.unwrap();
    assert_eq!(done.sub_status, Some(SubStatus::LinkGenerated));

    let err = vrs_get(&client, "down").await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.attempts().len(), 3, "{err}");
    assert!(
        err.to_string().contains("gave up after 3 attempts: 429"),
        "{err}"
    );
}

#[tokio::test]
async fn wait_for_terminal_rides_out_a_throttled_lookup_with_an_empty_body() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .respond_with(ok("AUDITOR_APPROVED"))
        .mount(&server)
        .await;
    let client =
        vrs::Client::with_config(config(&server.uri()).retry(RetryPolicy::never())).unwrap();
    let done = client
        .wait_for_terminal("v-1", &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved));
}

#[tokio::test]
async fn failures_while_reading_the_body_are_retried() {
    for (name, fault) in [
        ("truncated", Script::Send(PARTIAL)),
        ("stalled", Script::SendAndStall(PARTIAL)),
        ("reset", Script::SendAndReset(PARTIAL)),
    ] {
        let (url, connections) =
            scripted_server(vec![fault.clone(), Script::Send(good_response())]).await;
        let client =
            vrs::Client::with_config(config(&url).timeout(Duration::from_millis(300))).unwrap();
        let done = vrs_get(&client, "v-1")
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(done.sub_status, Some(SubStatus::AuditorApproved), "{name}");
        assert_eq!(*connections.lock().unwrap(), 2, "{name}");

        // Every attempt failing: the error counts them and says what each got.
        let (url, connections) = scripted_server(vec![fault]).await;
        let client =
            vrs::Client::with_config(config(&url).timeout(Duration::from_millis(300))).unwrap();
        let err = vrs_get(&client, "v-1").await.unwrap_err();
        assert_eq!(*connections.lock().unwrap(), 3, "{name}");
        assert_eq!(err.attempts().len(), 3, "{name}: {err}");
        assert!(err.is_retryable(), "{name}: {err:?}");
        assert!(
            err.to_string().contains("gave up after 3 attempts"),
            "{name}: {err}"
        );
    }
}

#[tokio::test]
async fn wait_for_terminal_keeps_its_deadline_and_reports_what_it_saw() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ok("LINK_GENERATED"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    vrs_status()
        .respond_with(ok("LINK_GENERATED").set_delay(Duration::from_secs(20)))
        .mount(&server)
        .await;
    // The lookups themselves may take 30 s each (and 3 attempts); the deadline is 400 ms.
    let client = vrs::Client::with_config(
        config(&server.uri())
            .timeout(Duration::from_secs(30))
            .retry(RetryPolicy::never()),
    )
    .unwrap();
    let started = Instant::now();
    let err = client
        .wait_for_terminal("v-1", &fast_poll(Duration::from_millis(400)))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    let Error::PollTimeout {
        last_status,
        last_sub_status,
        last_error,
        lookup_cut_off,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(last_status.as_deref(), Some("RECEIVED"));
    assert_eq!(last_sub_status.as_deref(), Some("LINK_GENERATED"));
    assert_eq!(
        last_error
            .as_ref()
            .and_then(|e| e.status())
            .map(|s| s.as_u16()),
        Some(503)
    );
    assert!(lookup_cut_off);
    let shown = err.to_string();
    assert!(
        shown.contains("status RECEIVED, sub_status LINK_GENERATED") && shown.contains("503"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_terminal_parent_status_ends_polling_whatever_the_sub_status() {
    let server = MockServer::start().await;
    vrs_status()
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "verification_id": "v-1",
            "status": "AUDITOR_REVIEWED",
            "sub_status": "AUDITOR_ESCALATED_TO_RBI",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let done = vrs_client(&server.uri())
        .wait_for_terminal("v-1", &fast_poll(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.status, Some(Status::AuditorReviewed));
    assert!(!done.sub_status.as_ref().unwrap().is_known());
}

#[tokio::test]
async fn decode_errors_name_the_path_and_type_but_never_a_value_from_the_body() {
    const PERSONAL: &str = "Ramesh Kumar, +91 98765 43210";
    let server = MockServer::start().await;
    // Ids are lenient (an integer or a string, issue 14), so the bodies put other shapes there.
    let bodies = [
        (
            200,
            json!({ "verification_id": "v-1", "reference_id": { "id": SECRET } }),
        ),
        (
            200,
            json!({ "user_reference_id": [PERSONAL], "status": "RECEIVED" }),
        ),
        (200, json!({ "reference_id": [SECRET, PERSONAL] })),
        (200, json!({ "verification_id": [SECRET] })),
    ];
    for (i, (status, body)) in bodies.iter().enumerate() {
        vrs_status()
            .and(query_param("verification_id", format!("echo-{i}")))
            .respond_with(ResponseTemplate::new(*status).set_body_json(body))
            .mount(&server)
            .await;
    }
    vrs_status()
        .and(query_param("verification_id", "not-json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!("{{\"user_id\": \"{PERSONAL}\", {SECRET}"),
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = vrs_client(&server.uri());
    let mut shown = String::new();
    for id in ["echo-0", "echo-1", "echo-2", "echo-3", "not-json"] {
        let err = vrs_get(&client, id).await.unwrap_err();
        let Error::Decode { source, .. } = &err else {
            panic!("{id}: {err:?}")
        };
        shown.push_str(&renderings(&err));
        shown.push_str(&format!("{source}\n{source:?}\n"));
    }
    assert!(!shown.contains(SECRET), "the secret leaked:\n{shown}");
    assert!(!shown.contains("Ramesh"), "personal data leaked:\n{shown}");
    for expected in [
        "at $.reference_id expected an id (an integer or a string)",
        "at $.user_reference_id expected an id (an integer or a string)",
        "at $.verification_id expected",
        "at $ expected valid JSON",
    ] {
        assert!(shown.contains(expected), "no `{expected}` in:\n{shown}");
    }
}

#[tokio::test]
async fn api_errors_withhold_cashfrees_free_text_which_can_echo_the_request() {
    const PERSONAL: &str = "Ramesh Kumar, +91 98765 43210";
    let server = MockServer::start().await;
    let bodies = [
        // A known code with a message echoing what the request carried.
        json!({ "type": "validation_error", "code": "verification_id_not_found",
                "message": format!("no verification for {PERSONAL} with key {SECRET}") }),
        // A hostile or confused server putting the secret where the code and type go.
        json!({ "type": SECRET, "code": SECRET, "message": PERSONAL }),
    ];
    for (i, body) in bodies.iter().enumerate() {
        vrs_status()
            .and(query_param("verification_id", format!("echo-{i}")))
            .respond_with(ResponseTemplate::new(400).set_body_json(body))
            .mount(&server)
            .await;
    }
    let client = vrs_client(&server.uri());
    let mut shown = String::new();
    let mut errors = Vec::new();
    for id in ["echo-0", "echo-1"] {
        let err = vrs_get(&client, id).await.unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{id}: {err:?}")
        };
        shown.push_str(&renderings(&err));
        shown.push_str(&format!("{api}\n{api:?}\n{api:#?}\n"));
        errors.push(api.clone());
    }
    assert!(!shown.contains(SECRET), "the secret leaked:\n{shown}");
    assert!(!shown.contains("Ramesh"), "personal data leaked:\n{shown}");
    // What is safe still shows, and every value stays readable through the fields.
    assert!(
        shown.contains("400 Bad Request verification_id_not_found"),
        "{shown}"
    );
    assert!(shown.contains("message withheld"), "{shown}");
    assert!(shown.contains("a code this crate does not know"), "{shown}");
    assert_eq!(errors[0].code.as_deref(), Some("verification_id_not_found"));
    assert!(errors[0].message.as_deref().unwrap().contains(PERSONAL));
    assert_eq!(errors[1].code.as_deref(), Some(SECRET));
}

#[tokio::test]
async fn every_request_names_the_client_in_its_user_agent() {
    let server = MockServer::start().await;
    let agent = |family: &str, version: &str| {
        format!("vkyc/{} ({family} {version})", env!("CARGO_PKG_VERSION"))
    };
    vrs_status()
        .and(header(
            "user-agent",
            agent("vrs", vrs::API_VERSION).as_str(),
        ))
        .respond_with(ok("LINK_GENERATED"))
        .expect(1)
        .mount(&server)
        .await;
    ppi_details()
        .and(header(
            "user-agent",
            agent("ppi", ppi::API_VERSION).as_str(),
        ))
        .respond_with(ok("LINK_GENERATED"))
        .expect(1)
        .mount(&server)
        .await;
    vrs_get(&vrs_client(&server.uri()), "v-1").await.unwrap();
    ppi_client(&server.uri())
        .ppi_get_vkyc_details()
        .body_map(|body| body.user_id("u-1").verification_id("v-1"))
        .send()
        .checked()
        .await
        .unwrap();
}

/// An HTTP date `seconds` from now in the RFC 850 or asctime form, built from httpdate's
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn obsolete_http_date(seconds: u64, asctime: bool) -> String {
    let imf = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(seconds));
    let parts: Vec<&str> = imf.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    let [weekday, day, month, year, time, _gmt] = parts[..] else {
        panic!("{imf}")
    };
    if asctime {
        let day: u32 = day.parse().unwrap();
        format!("{weekday} {month} {day:>2} {time} {year}")
    } else {
        let full = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ]
        .into_iter()
        .find(|d| d.starts_with(weekday))
        .unwrap();
        format!("{full}, {day}-{month}-{} {time} GMT", &year[2..])
    }
}

#[tokio::test]
async fn retry_after_is_read_in_the_rfc_850_and_asctime_date_forms() {
    for asctime in [false, true] {
        let server = MockServer::start().await;
        let date = obsolete_http_date(3, asctime);
        vrs_status()
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", date.as_str()))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        vrs_status()
            .respond_with(ok("LINK_GENERATED"))
            .mount(&server)
            .await;
        let started = Instant::now();
        vrs_get(&vrs_client(&server.uri()), "v-1").await.unwrap();
        // The date has one-second resolution: at least about 2 of the 3 seconds are left.
        assert!(
            started.elapsed() >= Duration::from_millis(1500),
            "{date}: waited only {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn every_error_code_states_its_source() {
    let source = include_str!("../src/error.rs");
    let module = &source[source.find("pub mod codes").unwrap()..];
    let mut doc = String::new();
    let mut seen = 0;
    for line in module.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push_str(text);
        } else if let Some((name, _)) = line.split_once(" = \"") {
            assert!(
                ["VRS spec", "VRS components", "reconstructed"]
                    .iter()
                    .any(|s| doc.contains(&format!("Source: {s}"))),
                "{name} does not say where it comes from: {doc}"
            );
            seen += 1;
            doc.clear();
        } else {
            doc.clear();
        }
    }
    assert_eq!(seen, codes::ALL.len());
}
