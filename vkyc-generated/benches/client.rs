//! Requests per second of the generated VRS status lookup against a hand-written reqwest call with
//! the same headers, query and transport, and the cost of the retry and tracing layer when it does
//! nothing: every variant talks to the same bare hyper server on 127.0.0.1, answering the spec's 200
//! example, from one current-thread tokio runtime, in interleaved rounds.
//!
//! Prints one JSON line per variant for `cargo xtask bench`; `-- --quick` sends fewer requests.

use std::convert::Infallible;
use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use vkyc_generated::runtime::{ClientConfig, Credentials, Environment, RetryPolicy, SendExt as _};
use vkyc_generated::vrs::v2024_12_01::{self as vrs, types::GetVkycLinkResponseSchema};

const CLIENT_ID: &str = "CF_BENCH_CLIENT";
const SECRET: &str = "cfsk_ma_bench_secret";
const VERIFICATION_ID: &str = "vkyc_verification_id";
const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../spec/vrs/2024-12-01/vkyc-get-status.yaml"
);

/// The first example of the spec's 200 response to GET /vkyc, as JSON.
fn example_body() -> Bytes {
    let text = std::fs::read_to_string(SPEC).expect("read the VRS spec");
    let spec: Value = serde_norway::from_str(&text).expect("parse the VRS spec");
    let resolve = |node: &Value| match node["$ref"].as_str() {
        Some(reference) => spec
            .pointer(&reference[1..])
            .expect("$ref resolves")
            .clone(),
        None => node.clone(),
    };
    let response = resolve(&spec["paths"]["/vkyc"]["get"]["responses"]["200"]);
    let examples = response["content"]["application/json"]["examples"]
        .as_object()
        .expect("the 200 response has examples");
    let example = resolve(examples.values().next().expect("one example"));
    serde_json::to_vec(&example["value"]).unwrap().into()
}

/// The example for a request with the credentials, the version, `accept` and the query; 400
/// otherwise, so that a variant sending less would fail instead of looking fast.
fn answer(request: &Request<Incoming>, body: &Bytes) -> Response<Full<Bytes>> {
    let headers = request.headers();
    let complete = ["x-client-id", "x-client-secret", "x-api-version", "accept"]
        .iter()
        .all(|name| headers.contains_key(*name))
        && request.uri().query() == Some(&format!("verification_id={VERIFICATION_ID}"));
    let (status, body) = if complete {
        (StatusCode::OK, body.clone())
    } else {
        (StatusCode::BAD_REQUEST, Bytes::new())
    };
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(body))
        .unwrap()
}

/// Serves `answer` on a free port of 127.0.0.1; returns the base URL.
async fn serve(body: Bytes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let body = body.clone();
            let service = service_fn(move |request| {
                let response = answer(&request, &body);
                async move { Ok::<_, Infallible>(response) }
            });
            tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
        }
    });
    url
}

#[expect(clippy::large_enum_variant, reason = "a handful of values, built once")]
enum Caller {
    /// What a caller would write without vkyc, on the same `reqwest::Client` configuration.
    HandWritten { http: reqwest::Client, url: String },
    /// `checked`: finish with `.send().checked()` (typed errors), as the docs do, or `.send()` alone.
    Generated { client: vrs::Client, checked: bool },
}

impl Caller {
    async fn call(&self) -> GetVkycLinkResponseSchema {
        match self {
            Caller::HandWritten { http, url } => http
                .get(url)
                .query(&[("verification_id", VERIFICATION_ID)])
                .header("x-client-id", CLIENT_ID)
                .header("x-client-secret", SECRET)
                .header("x-api-version", vrs::API_VERSION)
                .header("accept", "application/json")
                .send()
                .await
                .and_then(reqwest::Response::error_for_status)
                .expect("hand-written call")
                .json()
                .await
                .expect("decode the example"),
            Caller::Generated { client, checked } => {
                let call = client
                    .vkyc_get_status()
                    .verification_id(VERIFICATION_ID)
                    .send();
                let response = if *checked {
                    call.checked().await.expect("generated call")
                } else {
                    call.await.expect("generated call")
                };
                response.into_inner()
            }
        }
    }
}

fn config(url: &str, retry: RetryPolicy) -> ClientConfig {
    ClientConfig::new(
        Environment::Custom(url.to_owned()),
        Credentials::new(CLIENT_ID, SECRET),
    )
    .retry(retry)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, requests) = if quick { (3, 500) } else { (11, 3_000) };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = runtime.block_on(serve(example_body()));
    let generated = |retry, checked| Caller::Generated {
        client: vrs::Client::with_config(config(&url, retry)).unwrap(),
        checked,
    };
    // (name, caller, whether a tracing subscriber is installed); each has its own connection.
    let variants = [
        (
            "client/reqwest",
            Caller::HandWritten {
                http: config(&url, RetryPolicy::default()).http_client().unwrap(),
                url: format!("{url}/vkyc"),
            },
            false,
        ),
        (
            "client/generated",
            generated(RetryPolicy::default(), true),
            false,
        ),
        (
            "client/generated/never",
            generated(RetryPolicy::never(), true),
            false,
        ),
        (
            "client/generated/traced",
            generated(RetryPolicy::default(), true),
            true,
        ),
        (
            "client/generated/unchecked",
            generated(RetryPolicy::default(), false),
            false,
        ),
    ];

    let mut samples = vec![Vec::new(); variants.len()];
    // Round 0 warms up connections, the allocator and tracing's callsite cache; it is not kept.
    for round in 0..=rounds {
        for i in (0..variants.len()).map(|i| (i + round) % variants.len()) {
            let (_, caller, traced) = &variants[i];
            let timed = async {
                let started = Instant::now();
                for _ in 0..requests {
                    black_box(caller.call().await);
                }
                f64::from(requests) / started.elapsed().as_secs_f64()
            };
            let per_second = if *traced {
                let subscriber = tracing_subscriber::fmt()
                    .with_writer(std::io::sink)
                    .finish();
                let per_second =
                    tracing::subscriber::with_default(subscriber, || runtime.block_on(timed));
                // Forget the subscriber's interest in our callsites, so that the other variants
                // run as in a program that never installed one.
                tracing::callsite::rebuild_interest_cache();
                per_second
            } else {
                runtime.block_on(timed)
            };
            if round > 0 {
                samples[i].push(per_second);
            }
        }
    }
    for ((name, ..), samples) in variants.iter().zip(samples) {
        println!(
            "{}",
            serde_json::json!({ "bench": name, "unit": "req/s", "samples": samples })
        );
    }
}
