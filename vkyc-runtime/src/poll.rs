//! Waiting for a verification to end: the loop behind every generated `wait_for_terminal`.

use std::future::Future;
use std::time::Duration;

use progenitor_client::ResponseValue;
use serde::Serialize;
use tokio::time::Instant;

use super::retry::jittered;
use super::{Error, SendExt as _};

/// How often, and for how long, `wait_for_terminal` looks up a verification's status.
///
/// The wait between lookups starts at `initial_interval` and doubles up to `max_interval` (with
/// jitter); after `timeout` the last lookup has been made. A Video KYC involves a person on a
/// video call, so expect minutes, not seconds.
///
/// ```no_run
/// use std::time::Duration;
/// use vkyc_runtime::PollPolicy;
/// # async fn run(client: vkyc_generated::vrs::v2024_12_01::Client) -> Result<(), vkyc_runtime::Error> {
/// let policy = PollPolicy::new(Duration::from_secs(30 * 60)).initial_interval(Duration::from_secs(10));
/// let done = client.wait_for_terminal("v-1", &policy).await?;
/// println!("finished as {:?}", done.sub_status);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollPolicy {
    timeout: Duration,
    initial_interval: Duration,
    max_interval: Duration,
}

impl Default for PollPolicy {
    /// Gives up after 15 minutes; looks every 5 s at first, then at most every minute.
    fn default() -> Self {
        Self::new(Duration::from_secs(15 * 60))
    }
}

impl PollPolicy {
    /// Gives up after `timeout`; looks every 5 s at first, then at most every minute.
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            initial_interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
        }
    }

    /// The wait after the first lookup; it doubles after each later one.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest wait between lookups.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }
}

/// A verification's sub-status that knows whether it is final: the generated `status::SubStatus`
/// implements it from the status table, so the loop here needs no table of its own.
pub trait TerminalStatus: std::fmt::Debug + std::fmt::Display {
    /// Whether the verification has ended (approved, rejected, expired...).
    fn is_terminal(&self) -> bool;
}

/// Calls `lookup` until `sub_status` of its response is terminal or `policy`'s timeout passes.
/// Retryable errors are logged and polling goes on; other errors end it. This is the loop behind
/// every generated `wait_for_terminal`; call it directly to poll another way, e.g. VRS by
/// `reference_id`.
///
/// ```no_run
/// use vkyc_runtime::{poll_until_terminal, PollPolicy};
/// use vkyc_generated::vrs::v2024_12_01::{types::GetVkycLinkResponseSchema, Client};
///
/// # async fn run(client: Client) -> Result<(), vkyc_runtime::Error> {
/// let done = poll_until_terminal(
///     &PollPolicy::default(),
///     |response: &GetVkycLinkResponseSchema| response.sub_status.clone(),
///     || client.vkyc_get_status().reference_id("1358").send(),
/// )
/// .await?;
/// # Ok(()) }
/// ```
pub async fn poll_until_terminal<T, S, E, Fut>(
    policy: &PollPolicy,
    sub_status: impl Fn(&T) -> Option<S>,
    mut lookup: impl FnMut() -> Fut,
) -> Result<ResponseValue<T>, Error>
where
    Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    S: TerminalStatus,
    E: Serialize,
{
    let deadline = Instant::now() + policy.timeout;
    let mut interval = policy.initial_interval;
    let mut last_sub_status = None;
    loop {
        match lookup().checked().await {
            Ok(response) => {
                let seen = sub_status(&response);
                if seen.as_ref().is_some_and(S::is_terminal) {
                    return Ok(response);
                }
                tracing::debug!(sub_status = ?seen, "verification not finished yet");
                last_sub_status = seen.map(|s| s.to_string());
            }
            Err(e) if e.is_retryable() => {
                tracing::warn!(error = %e, "status lookup failed; polling goes on");
            }
            Err(e) => return Err(e),
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::PollTimeout { last_sub_status });
        }
        tokio::time::sleep(jittered(interval).min(left)).await;
        interval = interval.saturating_mul(2).min(policy.max_interval);
    }
}
