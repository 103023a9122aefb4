//! vkyc-sandbox: an offline, stateful Cashfree Video KYC simulator for testing an integration
//! without Cashfree.
//!
//! It serves every operation of every version under `spec/` at Cashfree's paths (PPI under
//! `/ppi/kyc/vkyc…`, VRS under `/verification/…`), validates requests against the effective spec,
//! remembers each verification an initiate call creates, walks it through the status table's phases
//! to the outcome the test chose, and posts signed webhooks for each step. Faults (429, 5xx, slow
//! answers, dropped connections) come on demand.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use vkyc_sandbox::{Config, Sandbox};
//!
//! let sandbox = Sandbox::start(Config::default().pace(Duration::from_millis(20))).await?;
//! let vrs = sandbox.base_url("vrs").expect("VRS is in spec/"); // http://127.0.0.1:<port>/verification
//! # Ok(()) }
//! ```
//!
//! How a verification ends: an id ending in a scenario name (`order-1-agent_rejected`, see
//! [`SCENARIOS`]), else [`Config::default_outcome`]; or `POST
//! /_sandbox/verifications/{id}/complete?outcome=…` at any time. How fast: [`Config::pace`] per
//! step, or `POST /_sandbox/verifications/{id}/advance` one step at a time.

mod api;
mod error;
mod fault;
mod model;
mod respond;
mod scenario;
mod server;
mod store;
mod validate;
mod webhook;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

pub use api::{ROLES_BY_OPERATION_ID, Role};
pub use error::ApiError;
pub use fault::{Fault, HEADER as FAULT_HEADER, duration as parse_duration};
pub use scenario::SCENARIOS;
pub use webhook::{Attempt, EVENTS, WEBHOOK_VERSION, sign};

/// The client id the sandbox accepts unless configured otherwise.
pub const DEFAULT_CLIENT_ID: &str = "sandbox_client_id";
/// The client secret that goes with [`DEFAULT_CLIENT_ID`]; it also signs the webhooks.
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox_client_secret";

/// A client id and secret the sandbox accepts. `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub client_id: String,
    pub client_secret: String,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// How the sandbox runs. [`Config::default`]: a free port on 127.0.0.1, the default credentials,
/// no webhooks, no clock (steps only through the control API), outcome `approved`.
#[derive(Clone, Debug)]
pub struct Config {
    address: SocketAddr,
    credentials: Vec<Credential>,
    webhook_url: Option<String>,
    pace: Option<Duration>,
    default_outcome: String,
    webhook_attempts: u32,
    webhook_backoff: Duration,
    webhook_duplicates: bool,
    body_limit: usize,
    link_validity_days: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            credentials: vec![Credential {
                client_id: DEFAULT_CLIENT_ID.into(),
                client_secret: DEFAULT_CLIENT_SECRET.into(),
            }],
            webhook_url: None,
            pace: None,
            default_outcome: "approved".into(),
            webhook_attempts: 5,
            webhook_backoff: Duration::from_secs(1),
            webhook_duplicates: false,
            body_limit: 64 * 1024,
            link_validity_days: 30,
        }
    }
}

impl Config {
    /// Where to listen; port 0 picks a free one. Loopback by default.
    pub fn address(mut self, address: SocketAddr) -> Self {
        self.address = address;
        self
    }

    /// The only credentials accepted (replacing the default pair); the secret signs webhooks.
    pub fn credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = vec![Credential {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }];
        self
    }

    /// Where each transition's webhook is posted.
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    /// The clock: each verification moves one step on after `pace`.
    pub fn pace(mut self, pace: Duration) -> Self {
        self.pace = Some(pace);
        self
    }

    /// The outcome of a verification whose id names none: a [`SCENARIOS`] name or a terminal
    /// sub_status.
    pub fn default_outcome(mut self, outcome: impl Into<String>) -> Self {
        self.default_outcome = outcome.into();
        self
    }

    /// Attempts per webhook (default 5) and the wait before the second (default 1 s, doubling).
    pub fn webhook_retries(mut self, attempts: u32, backoff: Duration) -> Self {
        self.webhook_attempts = attempts.max(1);
        self.webhook_backoff = backoff;
        self
    }

    /// Delivers every event twice, as Cashfree may: the repeat has the next `x-webhook-attempt`.
    pub fn webhook_duplicates(mut self, duplicates: bool) -> Self {
        self.webhook_duplicates = duplicates;
        self
    }

    /// The largest request body accepted (default 64 KiB); larger gets 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }
}

/// Why the sandbox did not start.
#[derive(Debug)]
pub struct StartError(String);

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// A running sandbox. Dropping it stops it.
pub struct Sandbox {
    address: SocketAddr,
    app: Arc<server::App>,
    shutdown: watch::Sender<bool>,
}

impl Sandbox {
    /// Loads the embedded specs and status table, binds, and serves in the background.
    pub async fn start(config: Config) -> Result<Self, StartError> {
        let model = model::Model::embedded().map_err(StartError)?;
        let api = api::Api::build(&model).map_err(StartError)?;
        scenario::path(
            &model,
            model.families().first().copied().unwrap_or_default(),
            &config.default_outcome,
        )
        .map_err(|e| StartError(format!("default outcome: {e}")))?;
        let listener = tokio::net::TcpListener::bind(config.address)
            .await
            .map_err(|e| StartError(format!("cannot listen on {}: {e}", config.address)))?;
        let address = listener
            .local_addr()
            .map_err(|e| StartError(e.to_string()))?;
        let (shutdown, stop) = watch::channel(false);
        let (webhooks, queue) = mpsc::unbounded_channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let policy = webhook::DeliveryPolicy {
            max_attempts: config.webhook_attempts,
            backoff: config.webhook_backoff,
            duplicates: config.webhook_duplicates,
        };
        let app = Arc::new(server::App {
            model,
            api,
            url: format!("http://{address}"),
            config: config.clone(),
            store: Mutex::default(),
            faults: fault::FaultQueue::default(),
            webhooks,
            log: log.clone(),
            shutdown: stop.clone(),
        });
        let mut stop_deliveries = stop;
        tokio::spawn(async move {
            tokio::select! {
                _ = webhook::deliver_all(queue, policy, log) => {}
                _ = stop_deliveries.changed() => {}
            }
        });
        if let Some(pace) = config.pace {
            tokio::spawn(app.clone().run_clock(pace));
        }
        tokio::spawn(server::serve(listener, app.clone()));
        Ok(Self {
            address,
            app,
            shutdown,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:<port>`: the control API is under `/_sandbox/`.
    pub fn url(&self) -> String {
        self.app.url.clone()
    }

    /// The base URL a family's client takes (its spec's server path on the sandbox), e.g.
    /// `http://127.0.0.1:<port>/verification` for `vrs`.
    pub fn base_url(&self, family: &str) -> Option<String> {
        self.app
            .api
            .base_paths
            .get(family)
            .map(|path| format!("{}{path}", self.app.url))
    }

    /// Every webhook delivery attempt so far, in order.
    pub fn webhook_attempts(&self) -> Vec<Attempt> {
        self.app
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Moves a verification to its end, optionally along another outcome (as the control API's
    /// `complete`); returns its state as JSON.
    pub fn complete(
        &self,
        verification_id: &str,
        outcome: Option<&str>,
    ) -> Result<serde_json::Value, ApiError> {
        self.app.advance(verification_id, None, Some(outcome))
    }

    /// Moves a verification one step on (as the control API's `advance`).
    pub fn advance(&self, verification_id: &str) -> Result<serde_json::Value, ApiError> {
        self.app.advance(verification_id, None, None)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
