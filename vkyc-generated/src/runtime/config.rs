//! Where a client sends requests and with which transport settings.

use std::fmt;
use std::time::Duration;

use super::Credentials;

/// Which Cashfree deployment to talk to.
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

/// Settings for a generated client.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    environment: Environment,
    credentials: Credentials,
    connect_timeout: Duration,
    timeout: Duration,
}

impl ClientConfig {
    /// Defaults: 10 s to connect, 30 s per request.
    pub fn new(environment: Environment, credentials: Credentials) -> Self {
        Self {
            environment,
            credentials,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
        }
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The HTTP client: rustls with the ring provider, the configured timeouts.
    pub fn http_client(&self) -> Result<reqwest::Client, BuildError> {
        // Installing fails harmlessly when a provider is already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|e| BuildError {
                message: e.to_string(),
            })
    }
}

/// The HTTP client could not be built.
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
