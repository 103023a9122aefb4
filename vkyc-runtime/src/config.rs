//! Where a client sends requests and with which transport settings.

use std::fmt;
use std::time::Duration;

#[cfg(feature = "cf-signature")]
use super::CfSignatureKey;
use super::{Credentials, RetryPolicy};

/// Which Cashfree deployment to talk to. Each API module supplies its own sandbox and production
/// URLs (from its spec's `servers`), so the same value works for every client.
///
/// ```
/// use vkyc_runtime::Environment;
/// use vkyc_generated::vrs::v2024_12_01::{PRODUCTION_URL, SANDBOX_URL};
///
/// assert_eq!(Environment::Production.base_url(SANDBOX_URL, PRODUCTION_URL), "https://api.cashfree.com/verification");
/// let mock = Environment::Custom("http://127.0.0.1:8080/".into());
/// assert_eq!(mock.base_url(SANDBOX_URL, PRODUCTION_URL), "http://127.0.0.1:8080");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    /// Cashfree's sandbox (test credentials).
    Sandbox,
    /// Cashfree's production API.
    Production,
    /// Any other base URL, e.g. a mock server in tests. No trailing slash needed.
    Custom(String),
}

impl Environment {
    /// The base URL, given the module's sandbox and production URLs.
    pub fn base_url(&self, sandbox: &str, production: &str) -> String {
        match self {
            Environment::Sandbox => sandbox.to_owned(),
            Environment::Production => production.to_owned(),
            Environment::Custom(url) => url.trim_end_matches('/').to_owned(),
        }
    }
}

/// Every setting of a client, for [`Client::with_config`](crate::Client::with_config).
///
/// ```
/// use std::time::Duration;
/// use vkyc_runtime::{ClientConfig, Credentials, Environment, RetryPolicy};
/// use vkyc_generated::vrs::v2024_12_01::Client;
///
/// let config = ClientConfig::new(Environment::Sandbox, Credentials::new("id", "secret"))
///     .connect_timeout(Duration::from_secs(3))
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_attempts(5));
/// let client = Client::with_config(config)?;
/// # Ok::<(), vkyc_runtime::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientConfig {
    environment: Environment,
    credentials: Credentials,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    #[cfg(feature = "cf-signature")]
    cf_signature: Option<CfSignatureKey>,
}

impl ClientConfig {
    /// Defaults: 10 s to connect, 30 s per request (per attempt), [`RetryPolicy::default`].
    pub fn new(environment: Environment, credentials: Credentials) -> Self {
        Self {
            environment,
            credentials,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            #[cfg(feature = "cf-signature")]
            cf_signature: None,
        }
    }

    /// The longest wait for a connection (DNS, TCP and TLS).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest wait for one attempt, from sending to the end of the response body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How retry-safe operations are repeated.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends a fresh `x-cf-signature` with every request of an API whose spec takes that header
    /// (VRS; PPI does not use it, so PPI clients ignore this). The fresh signature replaces any
    /// `x_cf_signature` passed to an operation's builder: one source for the credential, never a
    /// stale one. Needs the `cf-signature` feature.
    ///
    /// ```
    /// use vkyc_runtime::{CfSignatureKey, ClientConfig, Credentials, Environment};
    /// use vkyc_generated::vrs::v2024_12_01::Client;
    ///
    /// # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/TEST-ONLY-cf-signature-public.pem"));
    /// // let pem = std::fs::read_to_string("cashfree-2fa-public-key.pem")?;
    /// let config = ClientConfig::new(Environment::Sandbox, Credentials::new("id", "secret"))
    ///     .sign_requests(CfSignatureKey::from_pem(pem)?);
    /// let client = Client::with_config(config)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "cf-signature")]
    pub fn sign_requests(mut self, key: CfSignatureKey) -> Self {
        self.cf_signature = Some(key);
        self
    }

    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The key given to [`ClientConfig::sign_requests`].
    #[cfg(feature = "cf-signature")]
    pub fn cf_signature_key(&self) -> Option<&CfSignatureKey> {
        self.cf_signature.as_ref()
    }

    /// The HTTP client: rustls with the ring provider, the configured timeouts, no redirects
    /// followed (a redirect would carry `x-client-secret` to whatever host it names, and a 307
    /// would replay an initiate POST there), and https only unless the base URL is a loopback
    /// address (a local mock server). A `Custom` base URL with plain http to any other host is
    /// refused here, before any request.
    pub fn http_client(&self) -> Result<reqwest::Client, BuildError> {
        let loopback = match &self.environment {
            Environment::Custom(url) => check_custom_url(url)?,
            Environment::Sandbox | Environment::Production => false,
        };
        // Installing fails harmlessly when a provider is already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!loopback)
            .build()
            .map_err(|e| BuildError {
                message: e.to_string(),
            })
    }
}

/// Whether a custom base URL is a loopback one; an error for a URL that is not http(s), or that
/// uses plain http to another host.
fn check_custom_url(url: &str) -> Result<bool, BuildError> {
    let refuse = |why: &str| BuildError {
        message: format!("the base URL `{url}` {why}"),
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| refuse(&format!("is not a URL: {e}")))?;
    let host = parsed.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(loopback),
        "http" if loopback => Ok(true),
        "http" => Err(refuse(
            "uses plain http to a host that is not loopback: credentials would cross the network \
             unencrypted; use https (plain http is allowed for 127.0.0.1, ::1 and localhost only)",
        )),
        _ => Err(refuse("is not http(s)")),
    }
}

/// The HTTP client could not be built (e.g. no TLS backend); returned by [`Client::new`] and
/// [`Client::with_config`].
///
/// [`Client::new`]: crate::Client::new
/// [`Client::with_config`]: crate::Client::with_config
///
/// ```
/// use vkyc_runtime::{BuildError, Credentials, Environment};
/// use vkyc_generated::vrs::v2024_12_01::Client;
///
/// fn sandbox_client() -> Result<Client, BuildError> {
///     Client::new(Environment::Sandbox, Credentials::new("id", "secret"))
/// }
/// # sandbox_client().unwrap();
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the HTTP client: {}", self.message)
    }
}

impl std::error::Error for BuildError {}
