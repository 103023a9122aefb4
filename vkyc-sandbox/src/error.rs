//! Cashfree's error shape, `{type, code, message}`, for everything the sandbox refuses.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer in Cashfree's shape. `code` follows Cashfree's convention: `<field>_missing`,
/// `<field>_value_invalid`, `<field>_not_found`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            kind,
            code: code.into(),
            message: message.into(),
        }
    }

    /// 400 for a required field, header or parameter that is absent.
    pub fn missing(field: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            format!("{field}_missing"),
            format!("{field} is missing in the request."),
        )
    }

    /// 400 for a value that breaks the spec; `why` says how.
    pub fn invalid(field: &str, why: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            format!("{field}_value_invalid"),
            format!("{field} value is invalid: {why}"),
        )
    }

    /// 404 for an id that names no verification.
    pub fn not_found(field: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "validation_error",
            format!("{field}_not_found"),
            format!("{field} does not exist."),
        )
    }

    /// 401, Cashfree's answer to an unknown client id or a wrong secret (its Response401 example).
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication_error",
            "authentication_failed",
            "Invalid clientId and clientSecret combination",
        )
    }

    /// 500 with Cashfree's Response500 example body.
    pub fn internal(status: StatusCode) -> Self {
        Self::new(
            status,
            "internal_error",
            "request_failed",
            "Unable to process your request. Try again after some time",
        )
    }

    /// A request to the sandbox's own control API that cannot be carried out.
    pub fn sandbox(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self::new(status, "sandbox_error", code, message)
    }

    pub fn body(&self) -> Vec<u8> {
        json!({"type": self.kind, "code": self.code, "message": self.message})
            .to_string()
            .into_bytes()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}
