//! When, and after how long, a request that is safe to repeat is sent again.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// Bounded exponential backoff with jitter, applied only to operations listed in a module's
/// `RETRY_SAFE_OPERATIONS` (status lookups; never an initiate call).
///
/// The decision is made on the whole exchange, status first: a request is sent again after a 429,
/// 502, 503 or 504 response whatever its body says (empty, HTML, JSON), and after any failure to
/// connect, to get an answer in time, or to read the whole body (a reset, a stall, a truncated
/// body), until `max_attempts` requests have been sent. A 500 is not retried: the 500s Cashfree
/// documents (`request_failed`, `verification_failed`) report that the request failed at
/// Cashfree, not that a gateway was briefly unavailable, and repeating it within a second helps
/// neither side. The wait doubles from `initial_delay` up to
/// `max_delay`, with jitter so that many clients do not retry in step; a `Retry-After` header
/// (seconds or HTTP date) replaces it, capped at `max_retry_after`.
///
/// ```
/// use std::time::Duration;
/// use vkyc_runtime::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_delay(Duration::from_millis(100))
///     .max_delay(Duration::from_secs(2))
///     .max_retry_after(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::never().attempts(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, waits from 200 ms doubling up to 5 s, `Retry-After` honoured up to 30 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Every request is sent once.
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// Requests sent at most, counting the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; it doubles for each later one.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest computed wait between attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait a `Retry-After` header can impose.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Requests sent at most, counting the first.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1`, or `None` when `outcome` is final.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        outcome: &reqwest::Result<reqwest::Response>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let retry_after = match outcome {
            // A request that could not be built fails the same way every time.
            Err(e) if e.is_builder() => return None,
            Err(_) => None,
            Ok(response) if is_retryable_status(response.status()) => {
                retry_after(response.headers())
            }
            _ => return None,
        };
        Some(match retry_after {
            Some(wait) => wait.min(self.max_retry_after),
            None => jittered(
                self.initial_delay
                    .saturating_mul(2u32.saturating_pow(attempt - 1))
                    .min(self.max_delay),
            ),
        })
    }
}

/// Statuses that say "try again later": rate limited, or a gateway in front of Cashfree failed.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Between half of `wait` and all of it ("equal jitter"): spread out, never much shorter.
pub(crate) fn jittered(wait: Duration) -> Duration {
    let half = wait / 2;
    let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
    half + Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// `Retry-After` as delta-seconds or an HTTP date in any of its three forms (IMF-fixdate, RFC 850,
/// asctime; RFC 9110 §10.2.3 and §5.6.7). A date in the past means "now".
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, value.parse().unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_all_three_date_forms() {
        assert_eq!(retry_after(&headers(" 7 ")), Some(Duration::from_secs(7)));
        for past in [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",
        ] {
            assert_eq!(retry_after(&headers(past)), Some(Duration::ZERO), "{past}");
        }
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let wait = retry_after(&headers(&soon)).unwrap();
        assert!(wait > Duration::from_secs(100), "{wait:?}");
        assert_eq!(retry_after(&headers("soon")), None);
    }

    #[test]
    fn jitter_stays_between_half_and_whole() {
        for _ in 0..100 {
            let wait = jittered(Duration::from_millis(100));
            assert!(wait >= Duration::from_millis(50) && wait <= Duration::from_millis(100));
        }
    }
}
