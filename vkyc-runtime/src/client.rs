//! The client of every generated module: one generic type, so that a generated module states only
//! what its API is ([`Api`]: constants and progenitor's constructor) and holds no behaviour.

use std::ops::Deref;

use crate::{BuildError, ClientConfig, Credentials, Environment, Runtime};

/// What a generated module states about its API, implemented by its progenitor client
/// (`RawClient`): the values come from the spec, nothing here is code. [`Client`] does the rest.
///
/// ```
/// use vkyc_runtime::Api;
/// use vkyc_generated::vrs::v2024_12_01::{RawClient, API_VERSION, RETRY_SAFE_OPERATIONS};
///
/// assert_eq!(<RawClient as Api>::API_VERSION, API_VERSION);
/// assert_eq!(<RawClient as Api>::RETRY_SAFE_OPERATIONS, RETRY_SAFE_OPERATIONS);
/// assert!(<RawClient as Api>::CF_SIGNATURE);
/// ```
pub trait Api: Sized {
    /// The family's id (`vrs`, `ppi`), for the `User-Agent`.
    const FAMILY: &'static str;
    /// The `x-api-version` pinned and sent on every request.
    const API_VERSION: &'static str;
    /// Base URL of Cashfree's sandbox (the spec's `servers`).
    const SANDBOX_URL: &'static str;
    /// Base URL of Cashfree's production API (the spec's `servers`).
    const PRODUCTION_URL: &'static str;
    /// Operations (progenitor's snake_case ids) the spec marks safe to repeat; only these are retried.
    const RETRY_SAFE_OPERATIONS: &'static [&'static str];
    /// Whether the spec takes the `x-cf-signature` header: only then does a client sign requests
    /// (`ClientConfig::sign_requests`, feature `cf-signature`).
    const CF_SIGNATURE: bool;

    /// progenitor's `Client::new_with_client`.
    fn from_parts(base_url: &str, http: reqwest::Client, runtime: Runtime) -> Self;
}

/// A client of one Cashfree API version: each generated module names it `Client` (`pub type
/// Client = vkyc_runtime::Client<RawClient>`).
///
/// Every request carries `x-client-id`, `x-client-secret` (marked sensitive) and the pinned
/// `x-api-version`; operations are the builder methods of the module's `RawClient`, reached
/// through `Deref`. Finish a call with `.send().checked().await?` ([`SendExt`](crate::SendExt)) to
/// get [`Error`](crate::Error). A module whose spec marks a status lookup also has
/// [`wait_for_terminal`](Client::wait_for_terminal).
///
/// ```
/// use progenitor_client::ClientInfo as _;
/// use vkyc_runtime::{Credentials, Environment};
/// use vkyc_generated::vrs::v2024_12_01::{Client, PRODUCTION_URL};
///
/// let client = Client::new(Environment::Production, Credentials::new("id", "secret"))?;
/// assert_eq!(client.baseurl(), PRODUCTION_URL);
/// # Ok::<(), vkyc_runtime::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Client<A> {
    raw: A,
}

impl<A: Api> Client<A> {
    /// A client for `environment` with default timeouts and retries.
    pub fn new(environment: Environment, credentials: Credentials) -> Result<Self, BuildError> {
        Self::with_config(ClientConfig::new(environment, credentials))
    }

    /// A client with every setting of `config`.
    pub fn with_config(config: ClientConfig) -> Result<Self, BuildError> {
        let base_url = config
            .environment()
            .base_url(A::SANDBOX_URL, A::PRODUCTION_URL);
        let http = config.http_client()?;
        let runtime = Runtime::new::<A>(config);
        Ok(Self {
            raw: A::from_parts(&base_url, http, runtime),
        })
    }
}

impl<A> Client<A> {
    /// The progenitor client underneath.
    pub fn raw(&self) -> &A {
        &self.raw
    }
}

impl<A> Deref for Client<A> {
    type Target = A;

    fn deref(&self) -> &A {
        &self.raw
    }
}

/// Routes every request of a generated module's progenitor client through its [`Runtime`]
/// (headers, signing, retries, logging). The rules of coherence put this `ClientHooks` impl in the
/// crate that defines the client, so each generated module invokes this macro once, with its
/// client type; the impl is written here.
#[macro_export]
macro_rules! client_hooks {
    ($client:ty) => {
        impl $crate::__private::progenitor_client::ClientHooks<$crate::Runtime> for $client {
            async fn pre<E>(
                &self,
                request: &mut $crate::__private::reqwest::Request,
                _info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), $crate::__private::progenitor_client::Error<E>> {
                use $crate::__private::progenitor_client::ClientInfo as _;
                self.inner()
                    .prepare(request)
                    .map_err($crate::__private::progenitor_client::Error::InvalidRequest)
            }

            async fn exec(
                &self,
                request: $crate::__private::reqwest::Request,
                info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> $crate::__private::reqwest::Result<$crate::__private::reqwest::Response> {
                use $crate::__private::progenitor_client::ClientInfo as _;
                self.inner().execute(self.client(), request, info).await
            }
        }
    };
}
