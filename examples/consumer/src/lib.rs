//! The clients vkyc generates, built by this crate's `build.rs` (no generated file is checked in):
//! `status`, `vrs::v2024_12_01`, `ppi::v2025_11_01`, one module per spec version. Below the include,
//! README.md's dozen lines that call a client (`tests/readme.rs` compares them).

include!(concat!(env!("OUT_DIR"), "/vkyc.rs")); // status, vrs::v2024_12_01, ppi::v2025_11_01, …

use vkyc_runtime::{Credentials, Environment, SendExt as _};

/// Where a VRS verification stands, asked of Cashfree (or of a local server) at `environment`.
pub async fn sub_status(
    environment: Environment,
    credentials: Credentials,
    verification_id: &str,
) -> Result<Option<status::SubStatus>, Box<dyn std::error::Error + Send + Sync>> {
    let client = vrs::v2024_12_01::Client::new(environment, credentials)?;
    let response = client
        .vkyc_get_status()
        .verification_id(verification_id)
        .send()
        .checked()
        .await?;
    Ok(response.into_inner().sub_status)
}
