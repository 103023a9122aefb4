//! Faults on demand, for testing retries and timeouts: per request with the `x-sandbox-fault`
//! header, or queued for the next requests with `POST /_sandbox/faults`.
//!
//! | fault | effect |
//! |---|---|
//! | `429` or `429=<seconds>` | 429 with `Retry-After` (default 1 s) and Cashfree's rate-limit body |
//! | `500`…`599` | that status with Cashfree's internal-error body |
//! | `slow-headers=<duration>` | the answer starts after the delay (`250ms`, `2s`) |
//! | `slow-body=<duration>` | headers at once, the body's second half after the delay |
//! | `drop` | the connection is closed without an answer |

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::StatusCode;
use serde::Deserialize;

use crate::error::ApiError;

/// The request header that asks for a fault.
pub const HEADER: &str = "x-sandbox-fault";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    RateLimited { retry_after: u64 },
    ServerError(StatusCode),
    SlowHeaders(Duration),
    SlowBody(Duration),
    Drop,
}

impl Fault {
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let invalid = |why: &str| {
            ApiError::sandbox(
                StatusCode::BAD_REQUEST,
                "sandbox_fault_invalid",
                format!(
                    "fault `{text}` {why}; use 429[=seconds], 500-599, slow-headers=<duration>, slow-body=<duration> or drop"
                ),
            )
        };
        let (name, arg) = match text.trim().split_once('=') {
            Some((name, arg)) => (name.trim(), Some(arg.trim())),
            None => (text.trim(), None),
        };
        match (name, arg) {
            ("429", None) => Ok(Fault::RateLimited { retry_after: 1 }),
            ("429", Some(secs)) => secs
                .parse()
                .map(|retry_after| Fault::RateLimited { retry_after })
                .map_err(|_| invalid("has a Retry-After that is not whole seconds")),
            ("drop", None) => Ok(Fault::Drop),
            ("slow-headers", Some(d)) => duration(d)
                .map(Fault::SlowHeaders)
                .ok_or_else(|| invalid("has no valid duration")),
            ("slow-body", Some(d)) => duration(d)
                .map(Fault::SlowBody)
                .ok_or_else(|| invalid("has no valid duration")),
            (code, None) => match code
                .parse::<u16>()
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok())
            {
                Some(status) if status.is_server_error() => Ok(Fault::ServerError(status)),
                _ => Err(invalid("is unknown")),
            },
            _ => Err(invalid("is unknown")),
        }
    }

    /// The error answer of a fault that is one.
    pub fn error(&self) -> Option<ApiError> {
        match self {
            Fault::RateLimited { .. } => Some(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limit_error",
                "too_many_requests_per_operation",
                "Too many requests for this operation, rate limit reached",
            )),
            Fault::ServerError(status) => Some(ApiError::internal(*status)),
            _ => None,
        }
    }
}

/// `250ms`, `2s` or a bare number of milliseconds.
pub fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Some(ms) = text.strip_suffix("ms") {
        return ms.trim().parse().ok().map(Duration::from_millis);
    }
    if let Some(s) = text.strip_suffix('s') {
        return s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64);
    }
    text.parse().ok().map(Duration::from_millis)
}

/// What `POST /_sandbox/faults` takes: the fault, for how many of the next Cashfree requests.
#[derive(Debug, Deserialize)]
pub struct FaultRequest {
    pub fault: String,
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

/// Faults queued for the next requests, first in first out.
#[derive(Debug, Default)]
pub struct FaultQueue(Mutex<VecDeque<Fault>>);

impl FaultQueue {
    pub fn push(&self, fault: Fault, count: u32) {
        let mut queue = self.0.lock().unwrap_or_else(|e| e.into_inner());
        queue.extend(std::iter::repeat_n(fault, count as usize));
    }

    pub fn next(&self) -> Option<Fault> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).pop_front()
    }

    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse() {
        assert_eq!(
            Fault::parse("429").unwrap(),
            Fault::RateLimited { retry_after: 1 }
        );
        assert_eq!(
            Fault::parse("429=7").unwrap(),
            Fault::RateLimited { retry_after: 7 }
        );
        assert_eq!(
            Fault::parse("503").unwrap(),
            Fault::ServerError(StatusCode::SERVICE_UNAVAILABLE)
        );
        assert_eq!(
            Fault::parse("slow-headers=250ms").unwrap(),
            Fault::SlowHeaders(Duration::from_millis(250))
        );
        assert_eq!(
            Fault::parse("slow-body=2s").unwrap(),
            Fault::SlowBody(Duration::from_secs(2))
        );
        assert_eq!(Fault::parse("drop").unwrap(), Fault::Drop);
        for bad in [
            "404",
            "slow-body",
            "429=x",
            "",
            "drop=1",
            "slow-headers=-1s",
        ] {
            assert!(Fault::parse(bad).is_err(), "{bad}");
        }
    }
}
