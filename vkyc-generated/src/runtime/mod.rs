//! Hand-written runtime shared by every generated client: where requests go, how they authenticate,
//! and how they are sent. Generated modules call only [`Runtime::new`], [`Runtime::prepare`],
//! [`Runtime::execute`], [`ClientConfig::environment`] and [`ClientConfig::http_client`].

mod config;
mod credentials;

pub use config::{BuildError, ClientConfig, Environment};
pub use credentials::{Credentials, CredentialsError};

use reqwest::header::{HeaderName, HeaderValue};

/// Per-client state the generated hooks consult on every request.
#[derive(Clone, Debug)]
pub struct Runtime {
    config: ClientConfig,
    api_version: &'static str,
    retry_safe: &'static [&'static str],
}

impl Runtime {
    /// Called by generated `Client::with_config`.
    pub fn new(
        config: ClientConfig,
        api_version: &'static str,
        retry_safe: &'static [&'static str],
    ) -> Self {
        Self {
            config,
            api_version,
            retry_safe,
        }
    }

    /// The `x-api-version` this client sends.
    pub fn api_version(&self) -> &'static str {
        self.api_version
    }

    /// Whether the operation (progenitor's snake_case id) may be retried.
    pub fn is_retry_safe(&self, operation_id: &str) -> bool {
        self.retry_safe.contains(&operation_id)
    }

    /// Sets the authentication and version headers, and removes progenitor's `api-version` header
    /// (it would carry the document's `info.version`, which Cashfree does not read).
    pub fn prepare(&self, request: &mut reqwest::Request) -> Result<(), String> {
        let headers = request.headers_mut();
        headers.remove("api-version");
        headers.insert(
            HeaderName::from_static("x-api-version"),
            HeaderValue::from_static(self.api_version),
        );
        let credentials = self.config.credentials();
        headers.insert(
            HeaderName::from_static("x-client-id"),
            credentials.client_id_header()?,
        );
        headers.insert(
            HeaderName::from_static("x-client-secret"),
            credentials.client_secret_header()?,
        );
        Ok(())
    }

    /// Sends the request.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        _info: &progenitor_client::OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        client.execute(request).await
    }
}
