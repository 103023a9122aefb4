//! A loopback HTTP proxy between the generated client and Prism.
//!
//! Why: Prism picks the response example from the request's `Prefer` header, and the generated
//! client has no way to add a header per call (its reqwest client and hooks are its own). So every
//! *scenario* gets its own base URL, `http://127.0.0.1:PROXY/s/<id>`; the proxy strips `/s/<id>`,
//! adds that scenario's `Prefer` header (if any), forwards the request unchanged otherwise, and
//! records the exchange: what the client sent and what Prism answered, including Prism's
//! `sl-violations` header. A scenario with no recorded exchange proves that no request reached Prism.
//!
//! Scenarios are independent, so any number of clients may use one proxy concurrently.
//!
//! Connections to Prism are pooled, and Prism (Node's HTTP server) closes one after 5 s idle; a
//! request written onto a connection at the moment Prism closes it is lost ("connection closed
//! before message completed"), and the client would see the proxy's 502 with no exchange recorded.
//! So the pool drops connections idle for [`POOL_IDLE`] (well under Node's 5 s), and a request
//! that failed at the connection level (never answered) is sent again, at most [`ATTEMPTS`] times in
//! all; [`Proxy::resent`] counts those resends, for the test to report and bound.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};

/// One request the client sent and Prism's answer to it.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    /// Path and query as Prism saw them (without the `/s/<id>` prefix).
    pub path: String,
    pub request_headers: HeaderMap,
    pub request_body: Bytes,
    pub status: u16,
    pub response_headers: HeaderMap,
    pub response_body: Bytes,
}

impl Exchange {
    /// Prism's `sl-violations` header (a JSON array), if present.
    pub fn violations(&self) -> Option<serde_json::Value> {
        let raw = self.response_headers.get("sl-violations")?;
        Some(
            serde_json::from_slice(raw.as_bytes())
                .unwrap_or_else(|_| serde_json::Value::String(raw.to_str().unwrap_or("").into())),
        )
    }

    /// A multi-line description for failure messages.
    pub fn describe(&self) -> String {
        let mut headers: Vec<String> = self
            .request_headers
            .iter()
            .map(|(k, v)| {
                let v = if k == "x-client-secret" {
                    "<redacted>"
                } else {
                    v.to_str().unwrap_or("<binary>")
                };
                format!("{k}: {v}")
            })
            .collect();
        headers.sort();
        format!(
            "    {} {}\n    request headers: {}\n    request body: {}\n    Prism answered {} \
             sl-violations: {}\n    response body: {}",
            self.method,
            self.path,
            headers.join("; "),
            String::from_utf8_lossy(&self.request_body),
            self.status,
            self.violations()
                .map(|v| v.to_string())
                .unwrap_or_else(|| "(none)".into()),
            String::from_utf8_lossy(&self.response_body),
        )
    }
}

#[derive(Default)]
struct Scenario {
    prefer: Option<String>,
    exchanges: Vec<Exchange>,
}

/// How long a pooled connection to Prism may stay idle: under Node's 5 s keep-alive timeout, so
/// the proxy, not Prism, closes idle connections.
pub const POOL_IDLE: Duration = Duration::from_secs(2);
/// Sends of one request to Prism at most, when the earlier ones failed at the connection level.
pub const ATTEMPTS: usize = 3;

struct State {
    upstream: String,
    /// Requests sent to Prism again after a connection-level failure.
    resent: AtomicUsize,
    scenarios: Mutex<Vec<Scenario>>,
    http: HttpClient<HttpConnector, Full<Bytes>>,
}

/// The running proxy; dropping it stops accepting connections.
pub struct Proxy {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// Listens on 127.0.0.1 (a port the kernel picks) and forwards to `upstream` (`http://host:port`).
    pub async fn start(upstream: &str) -> Proxy {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind the proxy on 127.0.0.1");
        let addr = listener.local_addr().expect("proxy address");
        let state = Arc::new(State {
            upstream: upstream.trim_end_matches('/').to_owned(),
            resent: AtomicUsize::new(0),
            scenarios: Mutex::new(Vec::new()),
            http: HttpClient::builder(TokioExecutor::new())
                .pool_idle_timeout(POOL_IDLE)
                .build_http(),
        });
        let accept_state = Arc::clone(&state);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&accept_state);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(forward(&state, req).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Proxy { addr, state, task }
    }

    /// A new scenario whose requests carry `Prefer: <prefer>`; returns its base URL for the client.
    pub fn scenario(&self, prefer: Option<&str>) -> Handle {
        let mut scenarios = self.state.scenarios.lock().unwrap();
        scenarios.push(Scenario {
            prefer: prefer.map(str::to_owned),
            exchanges: Vec::new(),
        });
        let id = scenarios.len() - 1;
        Handle {
            id,
            base_url: format!("http://{}/s/{id}", self.addr),
        }
    }

    /// How many requests were sent to Prism again after a connection-level failure (each at most
    /// `ATTEMPTS - 1` times); a request that failed every attempt gets the proxy's 502.
    pub fn resent(&self) -> usize {
        self.state.resent.load(Ordering::Relaxed)
    }

    /// What the scenario's client sent and what Prism answered, in order.
    pub fn exchanges(&self, scenario: &Handle) -> Vec<Exchange> {
        self.state.scenarios.lock().unwrap()[scenario.id]
            .exchanges
            .clone()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A scenario: its base URL (give it to `Environment::Custom`) and its id.
#[derive(Clone, Debug)]
pub struct Handle {
    pub id: usize,
    pub base_url: String,
}

fn plain(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(text)));
    *resp.status_mut() = status;
    resp
}

async fn forward(state: &State, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    // `/s/<id>/rest?query` → scenario `id`, upstream path `/rest?query`.
    let Some(rest) = path_and_query.strip_prefix("/s/") else {
        return plain(
            StatusCode::BAD_GATEWAY,
            format!("vkyc test proxy: no scenario in {path_and_query}"),
        );
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let Ok(id) = rest[..split].parse::<usize>() else {
        return plain(
            StatusCode::BAD_GATEWAY,
            format!("vkyc test proxy: bad scenario in {path_and_query}"),
        );
    };
    let mut path = rest[split..].to_owned();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let prefer = {
        let scenarios = state.scenarios.lock().unwrap();
        match scenarios.get(id) {
            Some(s) => s.prefer.clone(),
            None => {
                return plain(
                    StatusCode::BAD_GATEWAY,
                    format!("vkyc test proxy: unknown scenario {id}"),
                );
            }
        }
    };
    let request_body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return plain(
                StatusCode::BAD_GATEWAY,
                format!("vkyc test proxy: reading the request body: {e}"),
            );
        }
    };

    let mut headers = parts.headers.clone();
    headers.remove(hyper::header::HOST);
    headers.remove(hyper::header::CONNECTION);
    if let Some(prefer) = &prefer {
        headers.insert(
            "prefer",
            HeaderValue::from_str(prefer).expect("Prefer values are plain text"),
        );
    }
    let upstream = || {
        let mut request = Request::builder()
            .method(parts.method.clone())
            .uri(format!("{}{path}", state.upstream))
            .body(Full::new(request_body.clone()))
            .expect("a valid upstream request");
        *request.headers_mut() = headers.clone();
        request
    };
    let mut attempt = 1;
    let answer = loop {
        match state.http.request(upstream()).await {
            Err(e) if attempt < ATTEMPTS && connection_lost(&e) => {
                state.resent.fetch_add(1, Ordering::Relaxed);
                attempt += 1;
            }
            answer => break answer,
        }
    };
    let (status, response_headers, response_body) = match answer {
        Ok(resp) => {
            let (parts, body) = resp.into_parts();
            match body.collect().await {
                Ok(b) => (parts.status, parts.headers, b.to_bytes()),
                Err(e) => {
                    return plain(
                        StatusCode::BAD_GATEWAY,
                        format!("vkyc test proxy: reading Prism's body: {e}"),
                    );
                }
            }
        }
        Err(e) => {
            return plain(
                StatusCode::BAD_GATEWAY,
                format!("vkyc test proxy: Prism unreachable after {attempt} attempt(s): {e}"),
            );
        }
    };

    state.scenarios.lock().unwrap()[id]
        .exchanges
        .push(Exchange {
            method: parts.method.to_string(),
            path: path.clone(),
            request_headers: headers,
            request_body,
            status: status.as_u16(),
            response_headers: response_headers.clone(),
            response_body: response_body.clone(),
        });

    let mut resp = Response::new(Full::new(response_body));
    *resp.status_mut() = status;
    for (name, value) in &response_headers {
        // The body is passed on whole: hyper sets its own length and connection headers.
        if name != hyper::header::CONTENT_LENGTH
            && name != hyper::header::TRANSFER_ENCODING
            && name != hyper::header::CONNECTION
            && name.as_str() != "keep-alive"
        {
            resp.headers_mut().append(name, value.clone());
        }
    }
    resp
}

/// Whether the request failed before Prism answered it because of the connection (refused, or
/// closed under it), not because of anything in the request: then sending it again is sound.
fn connection_lost(e: &hyper_util::client::legacy::Error) -> bool {
    use std::error::Error as _;
    e.is_connect()
        || e.source()
            .and_then(|s| s.downcast_ref::<hyper::Error>())
            .is_some_and(|h| h.is_incomplete_message() || h.is_canceled() || h.is_closed())
}
