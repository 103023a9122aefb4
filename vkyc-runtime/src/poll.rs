//! Waiting for a verification to end: [`Client::wait_for_terminal`] for every generated module
//! whose spec marks a status lookup ([`StatusLookup`]), and [`poll_until_terminal`] to poll another way.

use std::future::Future;
use std::time::Duration;

use progenitor_client::ResponseValue;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::retry::jittered;
use super::{Client, Error, SendExt as _};

/// How often, and for how long, `wait_for_terminal` looks up a verification's status.
///
/// The wait between lookups starts at `initial_interval` and doubles up to `max_interval` (with
/// jitter). `timeout` is a hard deadline: every lookup (with its own retries) gets only the time
/// left, and one still running then is abandoned. A Video KYC involves a person on a video call,
/// so expect minutes, not seconds.
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

/// A verification's status or sub-status that knows whether it is final: the generated
/// `status::Status` and `status::SubStatus` implement it from the status table, so the loop here
/// needs no table of its own.
pub trait TerminalStatus: std::fmt::Debug + std::fmt::Display {
    /// Whether the verification has ended (approved, rejected, expired...).
    fn is_terminal(&self) -> bool;
}

/// The status lookup of an API (the operation its spec marks `x-vkyc-status-lookup`), implemented
/// by a generated module's progenitor client: which call it is and where a response keeps its
/// status. The polling is [`Client::wait_for_terminal`]'s.
pub trait StatusLookup: Sync {
    /// The lookup's keys, in the spec's order: `&str` for one, a tuple of `&str` for several.
    type Keys<'a>: Copy + Send;
    /// The lookup's response.
    type Response: DeserializeOwned + Send;
    /// The parent status (the generated `status::Status`).
    type Status: TerminalStatus + Send;
    /// The sub-status (the generated `status::SubStatus`).
    type SubStatus: TerminalStatus + Send;

    /// One lookup.
    fn lookup(
        &self,
        keys: Self::Keys<'_>,
    ) -> impl Future<Output = Result<ResponseValue<Self::Response>, Error>> + Send;

    /// The response's status and sub-status, when it has them.
    fn progress(response: &Self::Response) -> (Option<Self::Status>, Option<Self::SubStatus>);
}

impl<A: StatusLookup> Client<A> {
    /// Looks the verification up with backoff until its `sub_status` is terminal, or its `status`
    /// is whatever the sub-status, and returns that response; or [`Error::PollTimeout`] with the
    /// last status, sub-status and error seen once `policy`'s deadline passes (a hard deadline: a
    /// lookup still running then is abandoned). Retryable errors are logged and polling goes on;
    /// any other error is returned at once. `keys` are the lookup's ([`StatusLookup::Keys`]), e.g.
    /// VRS's `verification_id`, or PPI's `(user_id, verification_id)`.
    // A plain `async fn` would leave its `Send` to be proven at each call, which rustc cannot do
    // yet for a future holding `A::Keys<'a>` (rust-lang/rust#100013); stated here, it is proven once.
    pub fn wait_for_terminal<'a>(
        &'a self,
        keys: A::Keys<'a>,
        policy: &'a PollPolicy,
    ) -> impl Future<Output = Result<ResponseValue<A::Response>, Error>> + Send + 'a {
        poll(policy, A::progress, move || self.raw().lookup(keys))
    }
}

/// Calls `lookup` until its response is final, or `policy`'s deadline passes. Final means a
/// terminal `sub_status`, or a terminal parent `status` whatever the sub-status, so a final state
/// with a sub-status the table does not know still ends polling. `progress` reads
/// `(status, sub_status)` from a response.
///
/// Retryable errors are logged and polling goes on; other errors end it. On timeout the error
/// carries the last status and sub-status seen and the last error. This is the loop behind
/// [`Client::wait_for_terminal`]; call it directly to poll another way, e.g. VRS by
/// `reference_id`.
///
/// ```no_run
/// use vkyc_runtime::{poll_until_terminal, PollPolicy};
/// use vkyc_generated::vrs::v2024_12_01::{types::GetVkycLinkResponseSchema, Client};
///
/// # async fn run(client: Client) -> Result<(), vkyc_runtime::Error> {
/// let done = poll_until_terminal(
///     &PollPolicy::default(),
///     |response: &GetVkycLinkResponseSchema| (response.status.clone(), response.sub_status.clone()),
///     || client.vkyc_get_status().reference_id("1358").send(),
/// )
/// .await?;
/// # Ok(()) }
/// ```
pub async fn poll_until_terminal<T, St, S, E, Fut>(
    policy: &PollPolicy,
    progress: impl Fn(&T) -> (Option<St>, Option<S>),
    mut lookup: impl FnMut() -> Fut,
) -> Result<ResponseValue<T>, Error>
where
    Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    T: DeserializeOwned,
    St: TerminalStatus,
    S: TerminalStatus,
    E: Serialize + DeserializeOwned,
{
    poll(policy, progress, || lookup().checked()).await
}

/// [`poll_until_terminal`] for lookups whose errors are already [`Error`]s.
async fn poll<T, St, S, Fut>(
    policy: &PollPolicy,
    progress: impl Fn(&T) -> (Option<St>, Option<S>),
    mut lookup: impl FnMut() -> Fut,
) -> Result<ResponseValue<T>, Error>
where
    Fut: Future<Output = Result<ResponseValue<T>, Error>>,
    St: TerminalStatus,
    S: TerminalStatus,
{
    let deadline = Instant::now() + policy.timeout;
    let mut interval = policy.initial_interval;
    let (mut last_status, mut last_sub_status, mut last_error) = (None, None, None);
    loop {
        let timed_out = |last_status, last_sub_status, last_error, lookup_cut_off| {
            Err(Error::PollTimeout {
                last_status,
                last_sub_status,
                last_error,
                lookup_cut_off,
            })
        };
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, lookup()).await {
            Err(_) => return timed_out(last_status, last_sub_status, last_error, true),
            Ok(Ok(response)) => {
                let (status, sub_status) = progress(&response);
                let terminal = sub_status.as_ref().is_some_and(S::is_terminal)
                    || status.as_ref().is_some_and(St::is_terminal);
                if terminal {
                    return Ok(response);
                }
                tracing::debug!(?status, ?sub_status, "verification not finished yet");
                last_status = status.map(|s| s.to_string());
                last_sub_status = sub_status.map(|s| s.to_string());
            }
            Ok(Err(e)) if e.is_retryable() => {
                tracing::warn!(error = %e, "status lookup failed; polling goes on");
                last_error = Some(Box::new(e));
            }
            Ok(Err(e)) => return Err(e),
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return timed_out(last_status, last_sub_status, last_error, false);
        }
        tokio::time::sleep(jittered(interval).min(left)).await;
        interval = interval.saturating_mul(2).min(policy.max_interval);
    }
}
