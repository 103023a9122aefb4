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
    /// Connecting, or the request as a whole, took longer than the configured timeout.
    Timeout(reqwest::Error),
    /// The connection failed otherwise, e.g. it closed before the response was complete.
    Transport(reqwest::Error),
    /// Cashfree answered with an error status the spec declares, and this body.
    Api(ApiError),
    /// A status the spec does not declare for the operation, e.g. a gateway's 503 page; the body
    /// is not read.
    UnexpectedStatus {
        status: StatusCode,
        request_id: Option<String>,
    },
    /// The response body does not match its declared type (not JSON, or a field of the wrong type).
    /// The body itself is left out, so nothing it echoes ends up in logs.
    Decode {
        status: Option<StatusCode>,
        request_id: Option<String>,
        source: serde_json::Error,
    },
    /// A 404 without Cashfree's `{type, code, message}` error body: the route itself does not exist
    /// at the configured base URL (a wrong base URL, or an endpoint Cashfree has moved or retired).
    /// A verification that does not exist is an [`Error::Api`] 404 with a code such as
    /// [`codes::VERIFICATION_ID_NOT_FOUND`] instead.
    RouteNotFound { request_id: Option<String> },
    /// The request was not sent: an argument, or a credential, is not valid in a request.
    InvalidRequest(String),
    /// `wait_for_terminal` reached its deadline before a terminal sub-status.
    PollTimeout {
        /// The sub-status code of the last successful lookup, if any, as Cashfree sent it.
        last_sub_status: Option<String>,
    },
}

/// Cashfree's error body with the status and request id it came with.
///
/// ```
/// use vkyc_runtime::{codes, ApiError};
///
/// fn is_auth_problem(api: &ApiError) -> bool {
///     api.status == 401 || api.code.as_deref() == Some(codes::AUTHENTICATION_FAILED)
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Whether the same request may succeed later: connect errors, timeouts, and 429, 502, 503
    /// and 504 responses. Retry-safe operations were already retried by the client.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connect(_) | Error::Timeout(_) => true,
            Error::Api(api) => is_retryable_status(api.status),
            Error::UnexpectedStatus { status, .. } => is_retryable_status(*status),
            _ => false,
        }
    }

    /// The HTTP status of the response that caused the error, if one was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::Decode { status, .. } => *status,
            Error::RouteNotFound { .. } => Some(StatusCode::NOT_FOUND),
            _ => None,
        }
    }

    /// Cashfree's error `code`, for [`Error::Api`].
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.code.as_deref(),
            _ => None,
        }
    }

    /// Cashfree's request id header of the response, if one was received and carried it.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(ApiError { request_id, .. })
            | Error::UnexpectedStatus { request_id, .. }
            | Error::RouteNotFound { request_id }
            | Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
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

    /// `last` is the final response the runtime saw for this call, which progenitor's payload
    /// error forgets.
    fn from_progenitor<E: Serialize>(
        error: progenitor_client::Error<E>,
        last: Option<Seen>,
    ) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::InvalidRequest(message) | P::Custom(message) => Error::InvalidRequest(message),
            P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
                Error::transport(e)
            }
            P::ErrorResponse(response) => {
                let api = ApiError::new(response);
                if api.status == StatusCode::NOT_FOUND
                    && api.code.is_none()
                    && api.error_type.is_none()
                {
                    Error::RouteNotFound {
                        request_id: api.request_id,
                    }
                } else {
                    Error::Api(api)
                }
            }
            P::InvalidResponsePayload(_body, source) => {
                let (status, request_id) =
                    last.map_or((None, None), |l| (Some(l.status), l.request_id));
                if status == Some(StatusCode::NOT_FOUND) {
                    return Error::RouteNotFound { request_id };
                }
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
            Error::PollTimeout { last_sub_status } => {
                f.write_str("the verification did not reach a terminal sub-status in time")?;
                match last_sub_status {
                    Some(s) => write!(f, " (last seen: {s})"),
                    None => f.write_str(" (no status seen)"),
                }
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cashfree answered {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
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

tokio::task_local! {
    /// Set by [`SendExt::checked`] around one call, filled in by [`remember`].
    static LAST_RESPONSE: RefCell<Option<Seen>>;
}

/// Records the final response of a call made inside [`SendExt::checked`] (a no-op outside it).
pub(crate) fn remember(response: &reqwest::Response) {
    let seen = Seen {
        status: response.status(),
        request_id: request_id(response.headers()),
    };
    let _ = LAST_RESPONSE.try_with(|last| *last.borrow_mut() = Some(seen));
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
    E: Serialize,
{
    async fn checked(self) -> Result<ResponseValue<T>, Error> {
        let (result, last) = LAST_RESPONSE
            .scope(RefCell::new(None), async {
                let result = self.await;
                (result, LAST_RESPONSE.with(|last| last.borrow_mut().take()))
            })
            .await;
        result.map_err(|e| Error::from_progenitor(e, last))
    }
}

/// Error codes (`code`) that Cashfree's VKYC documentation shows, to compare with
/// [`Error::code`] or [`ApiError::code`]. The list is open: Cashfree may send codes not here.
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
        /// 400 (VRS create auth token): `app_id` is missing. Reconstructed by vkyc from Cashfree's
        /// `<field>_missing` pattern; not published.
        APP_ID_MISSING = "app_id_missing";
        /// 401: the client id and secret do not match.
        AUTHENTICATION_FAILED = "authentication_failed";
        /// 403: the caller's IP is not whitelisted.
        IP_VALIDATION_FAILED = "ip_validation_failed";
        /// 404 (VRS): no request has this `reference_id`.
        REFERENCE_ID_NOT_FOUND = "reference_id_not_found";
        /// 400 (VRS): `reference_id` is malformed.
        REFERENCE_ID_VALUE_INVALID = "reference_id_value_invalid";
        /// 400 (VRS): `reference_id` is empty.
        REFERENCE_ID_VALUE_MISSING = "reference_id_value_missing";
        /// 400 (VRS create user): `phone` is missing. Reconstructed by vkyc from Cashfree's
        /// `<field>_missing` pattern; not published.
        PHONE_MISSING = "phone_missing";
        /// 500: Cashfree could not process the request.
        REQUEST_FAILED = "request_failed";
        /// 429: too many requests from this IP.
        TOO_MANY_REQUESTS_PER_IP = "too_many_requests_per_ip";
        /// 429: too many requests for this operation.
        TOO_MANY_REQUESTS_PER_OPERATION = "too_many_requests_per_operation";
        /// 400 (PPI): `user_id` is missing.
        USER_ID_MISSING = "user_id_missing";
        /// 404 (PPI): no user has this `user_id`.
        USER_ID_NOT_FOUND = "user_id_not_found";
        /// 409: a verification with this `verification_id` exists already.
        VERIFICATION_ID_ALREADY_EXISTS = "verification_id_already_exists";
        /// 400: `verification_id` is missing.
        VERIFICATION_ID_MISSING = "verification_id_missing";
        /// 404: no verification has this `verification_id`.
        VERIFICATION_ID_NOT_FOUND = "verification_id_not_found";
        /// 400: `verification_id` has characters other than letters, digits, `.`, `-` and `_`.
        VERIFICATION_ID_VALUE_INVALID = "verification_id_value_invalid";
        /// 400 (VRS): `verification_id` is empty.
        VERIFICATION_ID_VALUE_MISSING = "verification_id_value_missing";
        /// 500: something went wrong at Cashfree.
        VERIFICATION_FAILED = "verification_failed";
        /// 400: the `x-client-id` header is missing.
        X_CLIENT_ID_MISSING = "x-client-id_missing";
        /// 400: the client secret belongs to the other environment (test vs production).
        X_CLIENT_SECRET_VALUE_INVALID = "x-client-secret_value_invalid";
    }
}
