//! The sandbox's status-lookup rate against a bare hyper server answering the same request, both
//! driven by the same generated VRS client in the same run, and the sandbox's start-up time (in
//! process, and as a process until its first answer).
//!
//! Prints one JSON line per figure for `cargo xtask bench`; `-- --quick` measures less.

use std::convert::Infallible;
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use vkyc_generated::runtime::{ClientConfig, Credentials, Environment, SendExt as _};
use vkyc_generated::vrs::v2024_12_01 as vrs;
use vkyc_sandbox::{Config, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};

const ID: &str = "bench-1";
/// Requests in flight at once: enough to keep both cores busy.
const CONCURRENCY: usize = 16;

/// A bare hyper HTTP/1 server answering every request with `body`: the floor a server can cost.
async fn bare(body: Bytes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            let service = service_fn(move |_| {
                let response = Response::builder()
                    .status(StatusCode::OK)
                    .header("content-type", "application/json")
                    .body(Full::new(body.clone()))
                    .unwrap();
                async move { Ok::<_, Infallible>(response) }
            });
            tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
        }
    });
    url
}

fn client(base: &str) -> vrs::Client {
    let config = ClientConfig::new(
        Environment::Custom(base.to_owned()),
        Credentials::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    );
    vrs::Client::with_config(config).unwrap()
}

/// Lookups per second with `CONCURRENCY` tasks sharing one client (its connection pool).
async fn rate(client: Arc<vrs::Client>, requests: usize) -> f64 {
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..requests / CONCURRENCY {
                    let response = client
                        .vkyc_get_status()
                        .verification_id(ID)
                        .send()
                        .checked()
                        .await
                        .unwrap();
                    assert_eq!(response.verification_id.as_deref(), Some(ID));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    (requests / CONCURRENCY * CONCURRENCY) as f64 / started.elapsed().as_secs_f64()
}

/// From `Sandbox::start` to the first answer of `/_sandbox/health`, in ms.
async fn start_in_process() -> f64 {
    let started = Instant::now();
    let sandbox = Sandbox::start(Config::default()).await.unwrap();
    let http = reqwest::Client::new();
    let ok = http
        .get(format!("{}/_sandbox/health", sandbox.url()))
        .send()
        .await
        .unwrap()
        .status();
    let ms = started.elapsed().as_secs_f64() * 1e3;
    assert!(ok.is_success());
    ms
}

/// From spawning the binary to the first answer of `/_sandbox/health`, in ms.
fn start_process() -> f64 {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vkyc-sandbox"))
        .args(["--port", "0", "--pace", "off"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    // Kept open until the process is gone: its next lines must not meet a closed pipe.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the ready line names the URL")
        .to_owned();
    let status = health_over_tcp(&url);
    let ms = started.elapsed().as_secs_f64() * 1e3;
    child.kill().ok();
    child.wait().ok();
    drop(stdout);
    assert!(status, "health answered");
    ms
}

/// `GET /_sandbox/health` over a plain socket: a process's first answer, without a runtime.
fn health_over_tcp(url: &str) -> bool {
    use std::io::{Read as _, Write as _};
    let address = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /_sandbox/health HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.starts_with("HTTP/1.1 200")
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, requests, starts) = if quick {
        (3, 2_000, 5)
    } else {
        (11, 16_000, 21)
    };
    // Two workers: the 2 cores the target is stated for.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (sandbox, bare_url) = runtime.block_on(async {
        let sandbox = Sandbox::start(Config::default()).await.unwrap();
        let http = reqwest::Client::new();
        let seeded = http
            .post(format!("{}/_sandbox/verifications", sandbox.url()))
            .json(&serde_json::json!({"family": "vrs", "verification_id": ID}))
            .send()
            .await
            .unwrap();
        assert_eq!(seeded.status(), 201);
        // The bare server answers with exactly what the sandbox answers.
        let body = vkyc_sandbox_answer(&sandbox).await;
        (sandbox, bare(body).await)
    });
    let variants = [
        (
            "sandbox/lookup",
            Arc::new(client(&sandbox.base_url("vrs").unwrap())),
        ),
        ("sandbox/bare-hyper", Arc::new(client(&bare_url))),
    ];
    let mut samples = vec![Vec::new(); variants.len()];
    for round in 0..=rounds {
        for i in (0..variants.len()).map(|i| (i + round) % variants.len()) {
            let per_second = runtime.block_on(rate(variants[i].1.clone(), requests));
            if round > 0 {
                samples[i].push(per_second);
            }
        }
    }
    for ((name, _), samples) in variants.iter().zip(samples) {
        println!(
            "{}",
            serde_json::json!({"bench": name, "unit": "req/s", "samples": samples, "concurrency": CONCURRENCY})
        );
    }
    drop(sandbox);

    let mut in_process = Vec::new();
    let mut process = Vec::new();
    for round in 0..=starts {
        let a = runtime.block_on(start_in_process());
        let b = start_process();
        if round > 0 {
            in_process.push(a);
            process.push(b);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "{}",
        serde_json::json!({"bench": "sandbox/start/in-process", "unit": "ms", "samples": in_process})
    );
    println!(
        "{}",
        serde_json::json!({"bench": "sandbox/start/process", "unit": "ms", "samples": process})
    );
}

async fn vkyc_sandbox_answer(sandbox: &Sandbox) -> Bytes {
    let url = format!(
        "{}/vkyc?verification_id={ID}",
        sandbox.base_url("vrs").unwrap()
    );
    reqwest::Client::new()
        .get(url)
        .header("x-client-id", DEFAULT_CLIENT_ID)
        .header("x-client-secret", DEFAULT_CLIENT_SECRET)
        .header("x-api-version", vrs::API_VERSION)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
}
