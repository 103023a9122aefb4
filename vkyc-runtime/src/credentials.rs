//! Cashfree credentials. The secret is never printed: `Debug` redacts it and its header value is
//! marked sensitive.

use std::fmt;

use reqwest::header::HeaderValue;

/// Environment variable holding the client id.
pub const CLIENT_ID_VAR: &str = "CASHFREE_CLIENT_ID";
/// Environment variable holding the client secret.
pub const CLIENT_SECRET_VAR: &str = "CASHFREE_CLIENT_SECRET";

/// A Cashfree client id and secret. `Debug` shows the id only; there is no `Display`.
///
/// ```
/// use vkyc_runtime::Credentials;
///
/// let credentials = Credentials::new("CF_ID", "cfsk_secret");
/// assert_eq!(credentials.client_id(), "CF_ID");
/// assert!(!format!("{credentials:?}").contains("cfsk_secret"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    client_id: String,
    client_secret: String,
}

/// Credentials could not be read from the environment; `Display` names the missing variables
/// and where to find the values.
///
/// ```
/// use vkyc_runtime::Credentials;
///
/// match Credentials::from_env() {
///     Ok(credentials) => println!("using client id {}", credentials.client_id()),
///     Err(e) => eprintln!("{e}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    missing: Vec<&'static str>,
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Cashfree credentials are not set: {} missing or empty; export your client id and secret from the \
             Cashfree merchant dashboard (Developers > API keys) in these variables",
            self.missing.join(" and ")
        )
    }
}

impl std::error::Error for CredentialsError {}

impl Credentials {
    /// Credentials given in code, e.g. read from a secret store.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// Reads `CASHFREE_CLIENT_ID` and `CASHFREE_CLIENT_SECRET`; empty counts as missing.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let read = |name| var(name).filter(|v| !v.trim().is_empty());
        match (read(CLIENT_ID_VAR), read(CLIENT_SECRET_VAR)) {
            (Some(id), Some(secret)) => Ok(Self::new(id, secret)),
            (id, secret) => {
                let mut missing = Vec::new();
                if id.is_none() {
                    missing.push(CLIENT_ID_VAR);
                }
                if secret.is_none() {
                    missing.push(CLIENT_SECRET_VAR);
                }
                Err(CredentialsError { missing })
            }
        }
    }

    /// The client id (not secret).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Also the key Cashfree signs webhooks with ([`crate::webhook::WebhookSecret`]).
    pub(crate) fn client_secret(&self) -> &str {
        &self.client_secret
    }

    pub(crate) fn client_id_header(&self) -> Result<HeaderValue, String> {
        HeaderValue::from_str(&self.client_id)
            .map_err(|_| "the client id is not a valid header value".to_owned())
    }

    pub(crate) fn client_secret_header(&self) -> Result<HeaderValue, String> {
        let mut value = HeaderValue::from_str(&self.client_secret)
            .map_err(|_| "the client secret is not a valid header value".to_owned())?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_env_names_what_is_missing() {
        let err = Credentials::from_vars(|_| None).unwrap_err().to_string();
        assert!(
            err.contains("CASHFREE_CLIENT_ID and CASHFREE_CLIENT_SECRET missing"),
            "{err}"
        );
        let only_id = |name: &str| (name == CLIENT_ID_VAR).then(|| "id".to_owned());
        let err = Credentials::from_vars(only_id).unwrap_err().to_string();
        assert!(
            err.contains("CASHFREE_CLIENT_SECRET missing") && !err.contains("CLIENT_ID"),
            "{err}"
        );
        let blank_secret =
            |name: &str| Some(if name == CLIENT_ID_VAR { "id" } else { "  " }.to_owned());
        assert!(Credentials::from_vars(blank_secret).is_err());
        let both = |name: &str| Some(format!("{name}-value"));
        let credentials = Credentials::from_vars(both).unwrap();
        assert_eq!(credentials.client_id(), "CASHFREE_CLIENT_ID-value");
    }
}
