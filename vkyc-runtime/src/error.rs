//! One error type for every generated client: progenitor's errors sorted into what a caller acts
//! on, with the HTTP status kept (even for undecodable bodies), Cashfree's `{type, code, message}`
//! body parsed, and nothing secret in any `Debug` or `Display`.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;

use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use super::decode::DecodeError;
use super::retry::is_retryable_status;

/// Why a call through a generated client failed.
///
/// Get it by finishing a call with [`SendExt::checked`]; [`Error::is_retryable`] tells transient
/// failures apart, and [`Error::code`] matches Cashfree's error codes (see [`codes`]).
///
/// ```no_run
/// use vkyc_runtime::{codes, Error, SendExt as _};
/// # async fn run(client: vkyc_generated::vrs::v2024_12_01::Client) {
/// match client.vkyc_get_status().verification_id("v-1").send().checked().await {
///     Ok(response) => println!("{:?}", response.sub_status),
///     Err(e) if e.code() == Some(codes::VERIFICATION_ID_NOT_FOUND) => println!("no such verification"),
///     Err(Error::Api(api)) => println!("{} {:?}: {:?}", api.status, api.code, api.message),
///     Err(e) if e.is_retryable() => println!("try again later: {e}"),
///     Err(e) => println!("failed: {e}"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No connection could be made (DNS, refused, TLS), after any retries.
    Connect(reqwest::Error),
    /// Connecting, or the request as a whole (body included), took longer than the configured
    /// timeout.
    Timeout(reqwest::Error),
    /// The connection failed otherwise, e.g. it was reset, or closed before the response (or its
    /// body) was complete.
    Transport(reqwest::Error),
    /// Cashfree answered with an error status the spec declares, and this body.
    Api(ApiError),
    /// A status the spec does not declare for the operation, e.g. a gateway's 503 page, or a
    /// redirect (never followed: credentials go to the configured host only); the body is not
    /// read.
    UnexpectedStatus {
        status: StatusCode,
        request_id: Option<String>,
    },
    /// The response body does not match its declared type (not JSON, or a field of the wrong type).
    /// Only the JSON path and the expected type are kept ([`DecodeError`]): no value of the body,
    /// so nothing it echoes (a secret, personal data) ends up in messages or logs.
    Decode {
        status: Option<StatusCode>,
        request_id: Option<String>,
        source: DecodeError,
    },
    /// A 404 without Cashfree's `{type, code, message}` error body: the route itself does not exist
    /// at the configured base URL (a wrong base URL, or an endpoint Cashfree has moved or retired).
    /// A verification that does not exist is an [`Error::Api`] 404 with a code such as
    /// [`codes::VERIFICATION_ID_NOT_FOUND`] instead.
    RouteNotFound { request_id: Option<String> },
    /// The request was not sent: an argument, or a credential, is not valid in a request.
    InvalidRequest(String),
    /// `wait_for_terminal` reached its deadline before a terminal status or sub-status.
    PollTimeout {
        /// The status code of the last successful lookup, if any, as Cashfree sent it.
        last_status: Option<String>,
        /// The sub-status code of the last successful lookup, if any, as Cashfree sent it.
        last_sub_status: Option<String>,
        /// The error of the last failed lookup, if any (polling rides out retryable errors).
        last_error: Option<Box<Error>>,
        /// Whether a lookup was still running at the deadline (it was abandoned).
        lookup_cut_off: bool,
    },
    /// A retry-safe operation failed on every attempt the [`RetryPolicy`](super::RetryPolicy)
    /// allowed; `last` is the final failure. Every accessor of [`Error`] answers for `last`.
    Retried {
        /// What each attempt got, in order (the last one is `last`).
        attempts: Vec<AttemptOutcome>,
        last: Box<Error>,
    },
}

/// What one attempt of a request got, for [`Error::Retried`]: no header or body value, so it can
/// be printed anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttemptOutcome {
    /// No connection could be made.
    Connect,
    /// No complete answer within the timeout.
    Timeout,
    /// The connection failed before the whole response was read.
    Transport,
    /// A complete response with this status.
    Status(StatusCode),
}

impl AttemptOutcome {
    pub(crate) fn of(outcome: &reqwest::Result<reqwest::Response>) -> Self {
        match outcome {
            Ok(response) => AttemptOutcome::Status(response.status()),
            Err(e) if e.is_timeout() => AttemptOutcome::Timeout,
            Err(e) if e.is_connect() => AttemptOutcome::Connect,
            Err(_) => AttemptOutcome::Transport,
        }
    }
}

impl fmt::Display for AttemptOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptOutcome::Connect => f.write_str("could not connect"),
            AttemptOutcome::Timeout => f.write_str("timed out"),
            AttemptOutcome::Transport => f.write_str("connection failed mid-response"),
            AttemptOutcome::Status(status) => write!(f, "{status}"),
        }
    }
}

/// Cashfree's error body with the status and request id it came with.
///
/// `Display` and `Debug` show the status, the request id and `code` when it is one of [`codes::ALL`];
/// they withhold `message`, `type` and any other code, because Cashfree's text can echo what the
/// request carried (personal data, or a secret sent to the wrong field). Read the fields to log
/// them deliberately.
///
/// ```
/// use vkyc_runtime::{codes, ApiError};
///
/// fn is_auth_problem(api: &ApiError) -> bool {
///     api.status == 401 || api.code.as_deref() == Some(codes::AUTHENTICATION_FAILED)
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    pub status: StatusCode,
    /// `type`, e.g. `validation_error`, `authentication_error`, `rate_limit_error`.
    pub error_type: Option<String>,
    /// `code`, e.g. [`codes::VERIFICATION_ID_NOT_FOUND`].
    pub code: Option<String>,
    /// `message`, for people.
    pub message: Option<String>,
    /// Cashfree's request id header, to quote to Cashfree support.
    pub request_id: Option<String>,
}

impl Error {
    /// Whether the same request may succeed later, decided by the status first: connect errors,
    /// timeouts, connections that failed mid-response, and 429, 502, 503 and 504 responses
    /// whatever their body (JSON, HTML or empty). Retry-safe operations were already retried by
    /// the client.
    pub fn is_retryable(&self) -> bool {
        match self.last_failure() {
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) => true,
            error => error.status().is_some_and(is_retryable_status),
        }
    }

    /// The HTTP status of the response that caused the error, if one was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self.last_failure() {
            Error::Api(api) => Some(api.status),
            Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::Decode { status, .. } => *status,
            Error::RouteNotFound { .. } => Some(StatusCode::NOT_FOUND),
            _ => None,
        }
    }

    /// Cashfree's error `code`, for [`Error::Api`].
    pub fn code(&self) -> Option<&str> {
        match self.last_failure() {
            Error::Api(api) => api.code.as_deref(),
            _ => None,
        }
    }

    /// Cashfree's request id header of the response, if one was received and carried it.
    pub fn request_id(&self) -> Option<&str> {
        match self.last_failure() {
            Error::Api(ApiError { request_id, .. })
            | Error::UnexpectedStatus { request_id, .. }
            | Error::RouteNotFound { request_id }
            | Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The final failure: `last` of [`Error::Retried`], else the error itself.
    pub fn last_failure(&self) -> &Error {
        match self {
            Error::Retried { last, .. } => last,
            error => error,
        }
    }

    /// What each attempt got, when the client made more than one; empty otherwise.
    pub fn attempts(&self) -> &[AttemptOutcome] {
        match self {
            Error::Retried { attempts, .. } => attempts,
            _ => &[],
        }
    }

    /// A 404 without Cashfree's `code` or `type` is a missing route, not a missing verification.
    fn api_or_route(api: ApiError) -> Self {
        if api.status == StatusCode::NOT_FOUND && api.code.is_none() && api.error_type.is_none() {
            Error::RouteNotFound {
                request_id: api.request_id,
            }
        } else {
            Error::Api(api)
        }
    }

    fn transport(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Error::Timeout(e)
        } else if e.is_connect() {
            Error::Connect(e)
        } else {
            Error::Transport(e)
        }
    }

    /// `call` is what the runtime saw of this call: the final response, which progenitor's
    /// payload error forgets, and every attempt. `T` and `E` are the declared success and error
    /// bodies, decoded again to locate a decode failure.
    fn from_progenitor<T: DeserializeOwned, E: Serialize + DeserializeOwned>(
        error: progenitor_client::Error<E>,
        call: CallRecord,
    ) -> Self {
        let error = Error::from_progenitor_once::<T, E>(error, call.last);
        if call.attempts.len() > 1 {
            Error::Retried {
                attempts: call.attempts,
                last: Box::new(error),
            }
        } else {
            error
        }
    }

    fn from_progenitor_once<T: DeserializeOwned, E: Serialize + DeserializeOwned>(
        error: progenitor_client::Error<E>,
        last: Option<Seen>,
    ) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::InvalidRequest(message) | P::Custom(message) => Error::InvalidRequest(message),
            P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
                Error::transport(e)
            }
            P::ErrorResponse(response) => Error::api_or_route(ApiError::new(response)),
            P::InvalidResponsePayload(body, error) => {
                let (status, request_id) =
                    last.map_or((None, None), |l| (Some(l.status), l.request_id));
                // An error status whose body does not fit the error schema is still Cashfree's
                // error: keep its `code` rather than report a decode failure.
                if let Some(status) = status.filter(|s| s.is_client_error() || s.is_server_error())
                    && let Ok(body @ serde_json::Value::Object(_)) = serde_json::from_slice(&body)
                {
                    return Error::api_or_route(ApiError::from_body(status, request_id, &body));
                }
                if status == Some(StatusCode::NOT_FOUND) {
                    return Error::RouteNotFound { request_id };
                }
                let source = if status.is_none_or(|s| s.is_success()) {
                    DecodeError::locate::<T>(&body, &error)
                } else {
                    DecodeError::locate::<E>(&body, &error)
                };
                Error::Decode {
                    status,
                    request_id,
                    source,
                }
            }
            P::UnexpectedResponse(response) if response.status() == StatusCode::NOT_FOUND => {
                Error::RouteNotFound {
                    request_id: request_id(response.headers()),
                }
            }
            P::UnexpectedResponse(response) => Error::UnexpectedStatus {
                status: response.status(),
                request_id: request_id(response.headers()),
            },
        }
    }
}

impl ApiError {
    /// Reads `type`, `code` and `message` through serde, so any generated error schema works.
    fn new<E: Serialize>(response: ResponseValue<E>) -> Self {
        let status = response.status();
        let request_id = request_id(response.headers());
        let body = serde_json::to_value(response.into_inner()).unwrap_or_default();
        Self::from_body(status, request_id, &body)
    }

    /// `type`, `code` and `message` of an error body, whatever else it holds (`error` as an
    /// object, `null` or missing; fields the schema does not know).
    fn from_body(status: StatusCode, request_id: Option<String>, body: &serde_json::Value) -> Self {
        let field = |name| body.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        ApiError {
            status,
            error_type: field("type"),
            code: field("code"),
            message: field("message"),
            request_id,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Connect(e) => write!(f, "cannot connect to Cashfree: {e}"),
            Error::Timeout(e) => write!(f, "Cashfree did not answer in time: {e}"),
            Error::Transport(e) => write!(f, "the connection to Cashfree failed: {e}"),
            Error::Api(api) => api.fmt(f),
            Error::UnexpectedStatus { status, request_id } if status.is_redirection() => {
                write!(
                    f,
                    "Cashfree answered {status}, a redirect, which is not followed (credentials go to the \
                     configured host only); check the base URL"
                )?;
                write_request_id(f, request_id)
            }
            Error::UnexpectedStatus { status, request_id } => {
                write!(
                    f,
                    "Cashfree answered {status}, which the API does not declare here"
                )?;
                write_request_id(f, request_id)
            }
            Error::Decode {
                status,
                request_id,
                source,
            } => {
                f.write_str("cannot decode Cashfree's response")?;
                if let Some(status) = status {
                    write!(f, " ({status})")?;
                }
                write!(f, ": {source}")?;
                write_request_id(f, request_id)
            }
            Error::RouteNotFound { request_id } => {
                f.write_str(
                    "Cashfree answered 404 without its error body: this route does not exist at the \
                     configured base URL (check the environment or base URL; Cashfree may have moved or \
                     retired the endpoint). This is not a missing verification, which Cashfree reports \
                     with an error code such as verification_id_not_found",
                )?;
                write_request_id(f, request_id)
            }
            Error::InvalidRequest(message) => write!(f, "invalid request, not sent: {message}"),
            Error::PollTimeout {
                last_status,
                last_sub_status,
                last_error,
                lookup_cut_off,
            } => {
                f.write_str("the verification did not reach a terminal status in time")?;
                match (last_status, last_sub_status) {
                    (None, None) => f.write_str("; no lookup succeeded")?,
                    (status, sub_status) => write!(
                        f,
                        "; last seen: status {}, sub_status {}",
                        status.as_deref().unwrap_or("-"),
                        sub_status.as_deref().unwrap_or("-"),
                    )?,
                }
                if let Some(e) = last_error {
                    write!(f, "; last error: {e}")?;
                }
                if *lookup_cut_off {
                    f.write_str("; a lookup was still running at the deadline")?;
                }
                Ok(())
            }
            Error::Retried { attempts, last } => {
                write!(f, "{last} (gave up after {} attempts: ", attempts.len())?;
                for (i, attempt) in attempts.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{attempt}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl ApiError {
    /// `code` when it is one this crate knows ([`codes::ALL`]): safe to show, unlike free text.
    fn known_code(&self) -> Option<&'static str> {
        let code = self.code.as_deref()?;
        codes::ALL.iter().copied().find(|known| *known == code)
    }
}

/// What a withheld response value looks like in `Debug`: its presence and length only.
struct Withheld<'a>(&'a Option<String>);

impl fmt::Debug for Withheld<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(text) => write!(f, "<withheld, {} characters>", text.chars().count()),
            None => f.write_str("None"),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("ApiError");
        s.field("status", &self.status);
        match self.known_code() {
            Some(code) => s.field("code", &code),
            None => s.field("code", &Withheld(&self.code)),
        };
        s.field("error_type", &Withheld(&self.error_type))
            .field("message", &Withheld(&self.message))
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cashfree answered {}", self.status)?;
        match (self.known_code(), &self.code) {
            (Some(code), _) => write!(f, " {code}")?,
            (None, Some(_)) => {
                f.write_str(" with a code this crate does not know (ApiError::code)")?
            }
            (None, None) => {}
        }
        if self.message.is_some() {
            f.write_str("; message withheld (ApiError::message)")?;
        }
        write_request_id(f, &self.request_id)
    }
}

fn write_request_id(f: &mut fmt::Formatter<'_>, request_id: &Option<String>) -> fmt::Result {
    match request_id {
        Some(id) => write!(f, " (request id {id})"),
        None => Ok(()),
    }
}

impl std::error::Error for Error {
    /// The cause below the one `Display` already shows.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connect(e) | Error::Timeout(e) | Error::Transport(e) => {
                std::error::Error::source(e)
            }
            Error::Retried { last, .. } => std::error::Error::source(last.as_ref()),
            _ => None,
        }
    }
}

impl std::error::Error for ApiError {}

/// The request id header Cashfree sends, under either name it uses.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    ["x-request-id", "x-cf-request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::to_owned)
}

/// What the runtime saw of a call's final response.
struct Seen {
    status: StatusCode,
    request_id: Option<String>,
}

/// What the runtime saw of one call: every attempt, and the final response.
#[derive(Default)]
struct CallRecord {
    attempts: Vec<AttemptOutcome>,
    last: Option<Seen>,
}

tokio::task_local! {
    /// Set by [`SendExt::checked`] around one call, filled in by [`remember`].
    static CALL: RefCell<CallRecord>;
}

/// Records an attempt of a call made inside [`SendExt::checked`] (a no-op outside it), and its
/// response if it is the final one.
pub(crate) fn remember(outcome: &reqwest::Result<reqwest::Response>, is_final: bool) {
    let _ = CALL.try_with(|call| {
        let mut call = call.borrow_mut();
        call.attempts.push(AttemptOutcome::of(outcome));
        if let (true, Ok(response)) = (is_final, outcome) {
            call.last = Some(Seen {
                status: response.status(),
                request_id: request_id(response.headers()),
            });
        }
    });
}

/// Finishes a generated call: `.send().checked().await` returns [`Error`] instead of
/// progenitor's error, so `?` works in functions returning `Result<_, runtime::Error>` (or any
/// error type with `From<runtime::Error>`, such as `anyhow::Error`).
///
/// It wraps the send future rather than converting its result, because only while the call runs
/// can the runtime note the HTTP status that progenitor drops for undecodable bodies.
///
/// ```no_run
/// use vkyc_runtime::{Error, SendExt as _};
/// use vkyc_generated::vrs::v2024_12_01::Client;
///
/// async fn sub_status(client: &Client, id: &str) -> Result<String, Error> {
///     let response = client.vkyc_get_status().verification_id(id).send().checked().await?;
///     Ok(response.sub_status.as_ref().map(ToString::to_string).unwrap_or_default())
/// }
/// ```
pub trait SendExt<T, E>:
    Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>
{
    /// Awaits the call and converts its error into [`Error`].
    fn checked(self) -> impl Future<Output = Result<ResponseValue<T>, Error>>;
}

impl<F, T, E> SendExt<T, E> for F
where
    F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    T: DeserializeOwned,
    E: Serialize + DeserializeOwned,
{
    async fn checked(self) -> Result<ResponseValue<T>, Error> {
        let (result, call) = CALL
            .scope(RefCell::default(), async {
                let result = self.await;
                (result, CALL.with(|call| call.take()))
            })
            .await;
        result.map_err(|e| Error::from_progenitor::<T, E>(e, call))
    }
}

/// Error codes (`code`) in the VKYC specs this crate is generated from, to compare with
/// [`Error::code`] or [`ApiError::code`]. The list is open: Cashfree may send codes not here.
///
/// Each constant says where it comes from, because not all are Cashfree's word for every family:
/// - **VRS spec**: an example in Cashfree's published Get Video KYC status spec (seed 003,
///   vendored byte for byte as `spec/vrs/2024-12-01/vkyc-get-status.yaml`).
/// - **VRS components**: Cashfree's shared VRS OpenAPI components (`openapi-VRS.json` of Cashfree's
///   `cashfree-mcp` repository), which no VKYC page is proven to use.
/// - **reconstructed**: vkyc's inference, published nowhere by Cashfree. Cashfree publishes no PPI
///   spec and its PPI pages show no error codes, so every code in the hand-authored PPI spec is
///   reconstructed from the VRS convention for PPI, even where VRS documents the same code.
///
/// ```
/// use vkyc_runtime::codes;
///
/// assert!(codes::ALL.contains(&codes::X_CLIENT_ID_MISSING));
/// assert_eq!(codes::X_CLIENT_ID_MISSING, "x-client-id_missing");
/// ```
pub mod codes {
    macro_rules! codes {
        ($($(#[$doc:meta])* $name:ident = $code:literal;)*) => {
            $($(#[$doc])* pub const $name: &str = $code;)*
            /// Every code above.
            pub const ALL: &[&str] = &[$($name),*];
        };
    }

    codes! {
        /// 400 (VRS create auth token): `app_id` is missing. Source: reconstructed (by vkyc, from
        /// Cashfree's `<field>_missing` pattern; not published).
        APP_ID_MISSING = "app_id_missing";
        /// 401: the client id and secret do not match. Source: VRS spec; reconstructed for PPI.
        AUTHENTICATION_FAILED = "authentication_failed";
        /// 403: the caller's IP is not whitelisted. Source: VRS spec; reconstructed for PPI.
        IP_VALIDATION_FAILED = "ip_validation_failed";
        /// 404 (VRS): no request has this `reference_id`. Source: VRS spec.
        REFERENCE_ID_NOT_FOUND = "reference_id_not_found";
        /// 400 (VRS): `reference_id` is malformed. Source: VRS spec.
        REFERENCE_ID_VALUE_INVALID = "reference_id_value_invalid";
        /// 400 (VRS): `reference_id` is empty. Source: VRS spec.
        REFERENCE_ID_VALUE_MISSING = "reference_id_value_missing";
        /// 400 (VRS create user): `phone` is missing. Source: reconstructed (by vkyc, from
        /// Cashfree's `<field>_missing` pattern; not published).
        PHONE_MISSING = "phone_missing";
        /// 500: Cashfree could not process the request. Source: VRS components; reconstructed for
        /// PPI.
        REQUEST_FAILED = "request_failed";
        /// 429: too many requests from this IP. Source: VRS components; reconstructed for PPI.
        TOO_MANY_REQUESTS_PER_IP = "too_many_requests_per_ip";
        /// 429: too many requests for this operation. Source: VRS components; reconstructed for
        /// PPI.
        TOO_MANY_REQUESTS_PER_OPERATION = "too_many_requests_per_operation";
        /// 400 (PPI): `user_id` is missing. Source: reconstructed (no Cashfree page or spec
        /// shows it).
        USER_ID_MISSING = "user_id_missing";
        /// 404 (PPI): no user has this `user_id`. Source: reconstructed (no Cashfree page or spec
        /// shows it).
        USER_ID_NOT_FOUND = "user_id_not_found";
        /// 409: a verification with this `verification_id` exists already. Source: VRS components
        /// and the VRS Initiate Video KYC page; reconstructed for PPI.
        VERIFICATION_ID_ALREADY_EXISTS = "verification_id_already_exists";
        /// 400: `verification_id` is missing. Source: VRS spec; reconstructed for PPI.
        VERIFICATION_ID_MISSING = "verification_id_missing";
        /// 404: no verification has this `verification_id`. Source: VRS spec; reconstructed for
        /// PPI.
        VERIFICATION_ID_NOT_FOUND = "verification_id_not_found";
        /// 400: `verification_id` has characters other than letters, digits, `.`, `-` and `_`.
        /// Source: VRS spec; reconstructed for PPI.
        VERIFICATION_ID_VALUE_INVALID = "verification_id_value_invalid";
        /// 400 (VRS): `verification_id` is empty. Source: VRS spec.
        VERIFICATION_ID_VALUE_MISSING = "verification_id_value_missing";
        /// 500: something went wrong at Cashfree. Source: VRS spec; reconstructed for PPI.
        VERIFICATION_FAILED = "verification_failed";
        /// 400: the `x-client-id` header is missing. Source: VRS spec; reconstructed for PPI.
        X_CLIENT_ID_MISSING = "x-client-id_missing";
        /// 400: the client secret belongs to the other environment (test vs production). Source:
        /// VRS spec; reconstructed for PPI.
        X_CLIENT_SECRET_VALUE_INVALID = "x-client-secret_value_invalid";
    }
}
