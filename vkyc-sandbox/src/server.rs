//! The HTTP side: an accept loop on hyper (so that a fault can drop a connection), an axum router
//! for the control API under `/_sandbox/`, and every other request answered as Cashfree would.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::BodyExt as _;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc, watch};
use tower::ServiceExt as _;

use crate::Config;
use crate::api::{Api, Found, Operation, Role};
use crate::error::ApiError;
use crate::fault::{self, Fault, FaultQueue, FaultRequest};
use crate::model::Model;
use crate::respond::{Nulls, conform};
use crate::scenario::{self, SCENARIOS};
use crate::store::{Store, Verification};
use crate::webhook::{self, Attempt, Delivery};

/// Everything a request handler needs.
pub struct App {
    pub model: Model,
    pub api: Api,
    pub config: Config,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    pub store: Mutex<Store>,
    pub faults: FaultQueue,
    pub webhooks: mpsc::UnboundedSender<Delivery>,
    pub log: Arc<Mutex<Vec<Attempt>>>,
    pub shutdown: watch::Receiver<bool>,
}

/// Lets a handler close its own connection without an answer (the `drop` fault).
#[derive(Clone)]
struct Connection(Arc<Notify>);

/// Accepts connections until `shutdown` turns true.
pub async fn serve(listener: TcpListener, app: Arc<App>) {
    let router = router(app.clone());
    let mut shutdown = app.shutdown.clone();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = shutdown.changed() => return,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut shutdown = app.shutdown.clone();
        tokio::spawn(async move {
            let dropped = Arc::new(Notify::new());
            let connection = Connection(dropped.clone());
            let service = hyper::service::service_fn(
                move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(connection.clone());
                    router.clone().oneshot(request.map(Body::new))
                },
            );
            let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            // Leaving the select drops the connection: the socket closes, mid-request or not.
            tokio::select! {
                _ = conn => {}
                _ = dropped.notified() => {}
                _ = shutdown.changed() => {}
            }
        });
    }
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/_sandbox/health", get(health))
        .route("/_sandbox/scenarios", get(scenarios))
        .route("/_sandbox/verifications", post(seed))
        .route("/_sandbox/verifications/{id}", get(show))
        .route("/_sandbox/verifications/{id}/advance", post(advance))
        .route("/_sandbox/verifications/{id}/complete", post(complete))
        .route("/_sandbox/webhooks", get(webhooks))
        .route("/_sandbox/faults", post(add_fault).delete(clear_faults))
        .fallback(cashfree)
        .with_state(app)
}

type Params = Query<HashMap<String, String>>;

async fn health(State(app): State<Arc<App>>) -> Response {
    let bases: Map<String, Value> = app
        .api
        .base_paths
        .iter()
        .map(|(family, path)| (family.clone(), json!(format!("{}{path}", app.url))))
        .collect();
    axum::Json(json!({"status": "ok", "base_urls": bases})).into_response()
}

async fn scenarios(State(app): State<Arc<App>>) -> Response {
    let mut out = Map::new();
    for family in app.model.families() {
        let mut paths = Map::new();
        for (name, _) in SCENARIOS {
            let path = scenario::path(&app.model, family, name)
                .map(|p| {
                    json!(
                        p.iter()
                            .map(|s| format!("{}/{}", s.status, s.code))
                            .collect::<Vec<_>>()
                    )
                })
                .unwrap_or_else(|e| json!({"unavailable": e}));
            paths.insert((*name).into(), path);
        }
        out.insert(family.into(), Value::Object(paths));
    }
    axum::Json(Value::Object(out)).into_response()
}

/// What `POST /_sandbox/verifications` takes: a verification as if an initiate call had made it,
/// for families whose spec has no initiate operation (VRS 2024-12-01 has only the lookup).
#[derive(serde::Deserialize)]
struct Seed {
    family: String,
    verification_id: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
}

async fn seed(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let shape = r#"{"family": "vrs", "verification_id": "v-1", "user_id": …, "outcome": …}"#;
    let seed: Seed = match control_body(&body, "verification_invalid", shape) {
        Ok(seed) => seed,
        Err(e) => return e.into_response(),
    };
    let Some(spec_index) = app.model.apis.iter().rposition(|a| a.family == seed.family) else {
        let message = format!("no family `{}` under spec/", seed.family);
        return ApiError::sandbox(StatusCode::BAD_REQUEST, "family_invalid", message)
            .into_response();
    };
    let mut fields = Map::new();
    fields.insert("verification_id".into(), json!(seed.verification_id));
    if let Some(user) = seed.user_id {
        fields.insert("user_id".into(), json!(user));
    }
    let client_id = app
        .config
        .credentials
        .first()
        .map(|c| c.client_id.clone())
        .unwrap_or_default();
    let created = app.create(
        &seed.family,
        spec_index,
        &client_id,
        fields,
        seed.outcome.as_deref(),
    );
    match created {
        Ok(fields) => (StatusCode::CREATED, axum::Json(Value::Object(fields))).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn show(State(app): State<Arc<App>>, Path(id): Path<String>, Query(q): Params) -> Response {
    result(app.with_verification(&id, q.get("family"), |v| Ok(v.describe())))
}

async fn advance(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Params,
) -> Response {
    result(app.advance(&id, q.get("family").map(String::as_str), None))
}

async fn complete(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Params,
) -> Response {
    let outcome = q.get("outcome").map(String::as_str);
    result(app.advance(&id, q.get("family").map(String::as_str), Some(outcome)))
}

async fn webhooks(State(app): State<Arc<App>>) -> Response {
    let log = app.log.lock().unwrap_or_else(|e| e.into_inner()).clone();
    axum::Json(log).into_response()
}

async fn add_fault(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let shape = r#"{"fault": "429", "count": 1}"#;
    let request: FaultRequest = match control_body(&body, "sandbox_fault_invalid", shape) {
        Ok(request) => request,
        Err(e) => return e.into_response(),
    };
    match Fault::parse(&request.fault) {
        Ok(fault) => {
            app.faults.push(fault, request.count);
            axum::Json(json!({"queued": request.count, "fault": request.fault})).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn clear_faults(State(app): State<Arc<App>>) -> Response {
    app.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

/// A control API body, or a 400 that shows the expected `shape`.
fn control_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    code: &str,
    shape: &str,
) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::sandbox(
            StatusCode::BAD_REQUEST,
            code,
            format!("expected {shape}: {e}"),
        )
    })
}

fn result(outcome: Result<Value, ApiError>) -> Response {
    match outcome {
        Ok(value) => axum::Json(value).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Every request outside `/_sandbox/`: first a fault if one is asked for, then Cashfree's API.
async fn cashfree(State(app): State<Arc<App>>, request: Request) -> Response {
    let fault = match request.headers().get(fault::HEADER) {
        Some(value) => match Fault::parse(value.to_str().unwrap_or_default()) {
            Ok(fault) => Some(fault),
            Err(e) => return e.into_response(),
        },
        None => app.faults.next(),
    };
    match fault {
        None => app.answer(request).await,
        Some(Fault::Drop) => {
            if let Some(connection) = request.extensions().get::<Connection>() {
                connection.0.notify_one();
            }
            std::future::pending().await
        }
        Some(Fault::SlowHeaders(delay)) => {
            tokio::time::sleep(delay).await;
            app.answer(request).await
        }
        Some(Fault::SlowBody(delay)) => slow_body(app.answer(request).await, delay).await,
        Some(fault @ Fault::RateLimited { retry_after }) => {
            let mut response = fault
                .error()
                .expect("a rate limit is an error")
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            response
        }
        Some(fault) => fault
            .error()
            .expect("a server error is an error")
            .into_response(),
    }
}

/// The same answer, its second half sent `delay` after the first.
async fn slow_body(response: Response, delay: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let (first, second) = bytes.split_at(bytes.len() / 2);
    let chunks = [
        Bytes::copy_from_slice(first),
        Bytes::copy_from_slice(second),
    ];
    let stream = futures_util::stream::unfold(0, move |i| {
        let chunks = chunks.clone();
        async move {
            match i {
                0 => Some((Ok::<_, Infallible>(chunks[0].clone()), 1)),
                1 => {
                    tokio::time::sleep(delay).await;
                    Some((Ok(chunks[1].clone()), 2))
                }
                _ => None,
            }
        }
    });
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    Response::from_parts(parts, Body::from_stream(stream))
}

impl App {
    fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn answer(&self, request: Request) -> Response {
        match self.handle(request).await {
            Ok(response) => response,
            Err(e) => e.into_response(),
        }
    }

    async fn handle(&self, request: Request) -> Result<Response, ApiError> {
        let (parts, body) = request.into_parts();
        let op = match self
            .api
            .find(&parts.method, parts.uri.path(), &parts.headers)?
        {
            Found::Operation(op) => op,
            Found::WrongMethod => {
                return Err(ApiError::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "invalid_request_error",
                    "method_not_allowed",
                    format!("{} is not supported on {}", parts.method, parts.uri.path()),
                ));
            }
            Found::NoRoute => {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "invalid_request_error",
                    "route_not_found",
                    format!("no Cashfree Video KYC operation at {}", parts.uri.path()),
                ));
            }
        };
        let client_id = self.authenticate(op, &parts.headers)?;
        let mut inputs = Map::new();
        let query: HashMap<String, String> =
            form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        for param in &op.params {
            let text = match param.location.as_str() {
                "query" => query.get(&param.name).map(String::as_str),
                "header" if param.name.eq_ignore_ascii_case("x-api-version") => continue,
                "header" => parts
                    .headers
                    .get(&param.name)
                    .map(|v| v.to_str().unwrap_or("\u{fffd}")),
                _ => continue,
            };
            match text {
                None if param.required => return Err(ApiError::missing(&param.name)),
                None => {}
                Some(text) => {
                    let value = crate::validate::param_value(text, &param.schema);
                    param.validator.check(&value, Some(&param.name))?;
                    if param.location == "query" {
                        inputs.insert(param.name.clone(), value);
                    }
                }
            }
        }
        if let Some(schema) = &op.body {
            let body = self.read_json(&parts.headers, body).await?;
            schema.check(&body, None)?;
            if let Value::Object(fields) = body {
                inputs.extend(fields);
            }
        }
        // A verification's answer is its own state; the others fill gaps from the spec's example.
        let (values, example) = match op.role {
            Role::Initiate => (
                self.create(&op.family, op.spec_index, &client_id, inputs, None)?,
                &Value::Null,
            ),
            Role::Lookup => (self.lookup(op, &inputs)?, &Value::Null),
            Role::CreateUser => (self.create_user(op, inputs), &op.response_example),
            Role::Token => (token(op, inputs), &op.response_example),
            Role::Echo => (inputs, &op.response_example),
        };
        let spec = &self.model.apis[op.spec_index].spec;
        let body = conform(spec, &op.response_schema, &values, example, Nulls::Omit);
        Ok((op.status, axum::Json(body)).into_response())
    }

    /// The client id, if the operation needs credentials and they are configured ones.
    fn authenticate(&self, op: &Operation, headers: &HeaderMap) -> Result<String, ApiError> {
        for name in &op.security_headers {
            if !headers.contains_key(name.as_str()) {
                return Err(ApiError::missing(name));
            }
        }
        if op.security_headers.is_empty() {
            return Ok(String::new());
        }
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
        };
        let (id, secret) = (text("x-client-id"), text("x-client-secret"));
        self.config
            .credentials
            .iter()
            .find(|c| c.client_id == id && c.client_secret == secret)
            .map(|c| c.client_id.clone())
            .ok_or_else(ApiError::unauthorized)
    }

    async fn read_json(&self, headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let media = content_type.split(';').next().unwrap_or_default().trim();
        if !media.eq_ignore_ascii_case("application/json") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "validation_error",
                "content-type_value_invalid",
                "content-type must be application/json",
            ));
        }
        let too_large = || {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "validation_error",
                "request_body_too_large",
                format!(
                    "the request body is larger than {} bytes",
                    self.config.body_limit
                ),
            )
        };
        let bytes = http_body_util::Limited::new(body, self.config.body_limit)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    too_large()
                } else {
                    ApiError::invalid("request_body", "it could not be read")
                }
            })?
            .to_bytes();
        if bytes.is_empty() {
            return Err(ApiError::missing("request_body"));
        }
        serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid("request_body", format!("not JSON ({e})")))
    }

    /// A new verification (an initiate call): its outcome is `outcome`, else the one its id names,
    /// else the configured default.
    fn create(
        &self,
        family: &str,
        spec_index: usize,
        client_id: &str,
        mut fields: Map<String, Value>,
        outcome: Option<&str>,
    ) -> Result<Map<String, Value>, ApiError> {
        let Some(id) = fields
            .get("verification_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return Err(ApiError::missing("verification_id"));
        };
        let scenario = outcome
            .or_else(|| scenario::from_id(&id))
            .unwrap_or(&self.config.default_outcome)
            .to_owned();
        let path = scenario::path(&self.model, family, &scenario)
            .map_err(|e| ApiError::invalid("verification_id", e))?;
        let mut store = self.lock();
        let key = (family.to_owned(), id.clone());
        if store.verifications.contains_key(&key) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "validation_error",
                "verification_id_already_exists",
                "verification id already exists",
            ));
        }
        let reference_id = store.next_id();
        let user = fields
            .get("user_id")
            .and_then(Value::as_str)
            .map(|u| (family.to_owned(), u.to_owned()));
        // As sent (VRS initiate takes it), else the known user's, else a new one.
        let known = user
            .and_then(|u| store.users.get(&u))
            .and_then(|u| u.get("user_reference_id"))
            .cloned();
        let user_reference_id = match fields.get("user_reference_id").cloned().or(known) {
            Some(reference) => reference,
            None => json!(store.next_id()),
        };
        let expiry =
            chrono::Utc::now().date_naive() + chrono::Days::new(self.config.link_validity_days);
        fields.insert("reference_id".into(), json!(reference_id));
        fields.insert("cf_verification_id".into(), json!(reference_id.to_string()));
        fields.insert("user_reference_id".into(), user_reference_id);
        fields.insert(
            "vkyc_link".into(),
            json!(format!("{}/_sandbox/verifications/{id}", self.url)),
        );
        fields.insert(
            "link_expiry".into(),
            json!(expiry.format("%Y-%m-%d").to_string()),
        );
        for empty in [
            "recording_link",
            "meeting_schedule",
            "auditor_remarks",
            "agent_remarks",
        ] {
            fields.insert(empty.into(), Value::Null);
        }
        let mut verification = Verification {
            family: family.to_owned(),
            spec_index,
            client_id: client_id.to_owned(),
            scenario,
            fields,
            path,
            step: 0,
            since: std::time::Instant::now(),
        };
        verification.apply_step(&self.url);
        store.verifications.insert(key, verification.clone());
        drop(store);
        self.notify(&verification);
        Ok(verification.fields)
    }

    fn lookup(
        &self,
        op: &Operation,
        inputs: &Map<String, Value>,
    ) -> Result<Map<String, Value>, ApiError> {
        let mut keys: Vec<&str> = vec!["verification_id"];
        keys.extend(op.lookup_keys.iter().map(String::as_str));
        // A user_id sent with the lookup (PPI) must match too, marked or not.
        keys.extend(["reference_id", "cf_verification_id", "user_id"]);
        let mut given: Vec<(&str, String)> = Vec::new();
        for key in keys {
            // An empty id (`?verification_id=`) counts as absent.
            match inputs.get(key).filter(|v| *v != "") {
                Some(value) if !given.iter().any(|(k, _)| *k == key) => {
                    given.push((key, text(value)))
                }
                _ => {}
            }
        }
        let Some((first, _)) = given.first() else {
            return Err(ApiError::missing(
                op.lookup_keys
                    .first()
                    .map_or("verification_id", String::as_str),
            ));
        };
        let agrees = |v: &&Verification| {
            given
                .iter()
                .all(|(k, value)| v.fields.get(*k).map(text).as_ref() == Some(value))
        };
        let store = self.lock();
        let found = match given.iter().find(|(k, _)| *k == "verification_id") {
            // The usual case, by the merchant's id: one map look-up.
            Some((_, id)) => store
                .verifications
                .get(&(op.family.clone(), id.clone()))
                .filter(agrees),
            None => store
                .verifications
                .values()
                .filter(|v| v.family == op.family)
                .find(agrees),
        };
        found
            .map(|v| v.fields.clone())
            .ok_or_else(|| ApiError::not_found(first))
    }

    fn create_user(&self, op: &Operation, mut fields: Map<String, Value>) -> Map<String, Value> {
        let mut store = self.lock();
        let user_id = match fields.get("user_id").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => format!("user_{}", store.next_id()),
        };
        let key = (op.family.clone(), user_id.clone());
        if let Some(existing) = store.users.get(&key) {
            return existing.clone();
        }
        let reference = store.next_id();
        fields.insert("user_id".into(), json!(user_id));
        fields.insert("user_reference_id".into(), json!(reference));
        store.users.insert(key, fields.clone());
        fields
    }

    /// Moves a verification one step (`outcome` is `None`), or to its end (`Some`), with a new
    /// outcome if one is given; each step reached sends its webhook.
    pub fn advance(
        &self,
        id: &str,
        family: Option<&str>,
        outcome: Option<Option<&str>>,
    ) -> Result<Value, ApiError> {
        let (described, reached) =
            self.with_verification(id, family.map(str::to_owned).as_ref(), |v| {
                if v.is_terminal() {
                    return Err(ApiError::sandbox(
                        StatusCode::CONFLICT,
                        "verification_already_terminal",
                        format!("verification {id} already ended at {}", v.current().code),
                    ));
                }
                let mut reached = Vec::new();
                match outcome {
                    None => {
                        v.step += 1;
                        v.apply_step(&self.url);
                        reached.push(v.clone());
                    }
                    Some(new) => {
                        if let Some(new) = new {
                            self.reroute(v, new)?;
                        }
                        while !v.is_terminal() {
                            v.step += 1;
                            v.apply_step(&self.url);
                            reached.push(v.clone());
                        }
                    }
                }
                Ok((v.describe(), reached))
            })?;
        for verification in &reached {
            self.notify(verification);
        }
        Ok(described)
    }

    /// The clock: moves every verification whose step is older than `pace` one step on.
    pub async fn run_clock(self: Arc<Self>, pace: Duration) {
        let mut shutdown = self.shutdown.clone();
        let mut ticks = tokio::time::interval((pace / 4).max(Duration::from_millis(5)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = shutdown.changed() => return,
            }
            let due: Vec<(String, String)> = self
                .lock()
                .verifications
                .iter()
                .filter(|(_, v)| !v.is_terminal() && v.since.elapsed() >= pace)
                .map(|(key, _)| key.clone())
                .collect();
            for (family, id) in due {
                // A verification a test completed meanwhile is terminal: nothing to do.
                let _ = self.advance(&id, Some(&family), None);
            }
        }
    }

    /// Keeps the steps taken and continues along `outcome`'s path from the next phase on.
    fn reroute(&self, v: &mut Verification, outcome: &str) -> Result<(), ApiError> {
        let path = scenario::path(&self.model, &v.family, outcome)
            .map_err(|e| ApiError::sandbox(StatusCode::BAD_REQUEST, "outcome_invalid", e))?;
        let phase = |code: &str| {
            let phase = self
                .model
                .sub_status(code)
                .map(|s| s.phase.clone())
                .unwrap_or_default();
            self.model
                .phases
                .iter()
                .position(|p| *p == phase)
                .unwrap_or(0)
        };
        let here = phase(&v.current().code);
        let rest: Vec<_> = path.into_iter().filter(|s| phase(&s.code) > here).collect();
        if rest.is_empty() {
            return Err(ApiError::sandbox(
                StatusCode::CONFLICT,
                "outcome_unreachable",
                format!("outcome `{outcome}` cannot follow {}", v.current().code),
            ));
        }
        v.path.truncate(v.step + 1);
        v.path.extend(rest);
        v.scenario = outcome.to_owned();
        Ok(())
    }

    /// Runs `f` on the one verification with this id (in `family`, if given).
    fn with_verification<T>(
        &self,
        id: &str,
        family: Option<&String>,
        f: impl FnOnce(&mut Verification) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut store = self.lock();
        let families: Vec<String> = store
            .by_id(id, family.map(String::as_str))
            .iter()
            .map(|v| v.family.clone())
            .collect();
        let family = match families.as_slice() {
            [one] => one.clone(),
            [] => return Err(ApiError::not_found("verification_id")),
            _ => {
                return Err(ApiError::sandbox(
                    StatusCode::CONFLICT,
                    "family_ambiguous",
                    format!(
                        "verification {id} exists in {}: add ?family=",
                        families.join(" and ")
                    ),
                ));
            }
        };
        let verification = store
            .verifications
            .get_mut(&(family, id.to_owned()))
            .expect("found above");
        f(verification)
    }

    /// Queues the webhook of the verification's current sub-status, if it has one and a URL is set.
    fn notify(&self, v: &Verification) {
        let Some(url) = &self.config.webhook_url else {
            return;
        };
        let spec = &self.model.apis[v.spec_index].spec;
        let Some(event) = webhook::event_for(v.current(), spec) else {
            return;
        };
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let Some(payload) = webhook::payload(spec, &event, &v.fields, &now) else {
            return;
        };
        let Some(credential) = self
            .config
            .credentials
            .iter()
            .find(|c| c.client_id == v.client_id)
            .or(self.config.credentials.first())
        else {
            return;
        };
        let _ = self.webhooks.send(Delivery {
            url: url.clone(),
            secret: credential.client_secret.clone(),
            event,
            verification_id: v
                .fields
                .get("verification_id")
                .map(text)
                .unwrap_or_default(),
            body: payload.to_string().into_bytes(),
        });
    }
}

/// A token operation: the example's shape, with fresh values for its `*token*` string fields.
fn token(op: &Operation, mut fields: Map<String, Value>) -> Map<String, Value> {
    if let Some(properties) = op
        .response_schema
        .get("properties")
        .and_then(Value::as_object)
    {
        for (name, property) in properties {
            if name.contains("token")
                && property.get("type").and_then(Value::as_str) == Some("string")
            {
                let value: String = std::iter::repeat_with(fastrand::alphanumeric)
                    .take(32)
                    .collect();
                fields.insert(name.clone(), json!(format!("sandbox_{value}")));
            }
        }
    }
    fields
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
