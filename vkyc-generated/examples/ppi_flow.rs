//! A whole PPI Video KYC flow: initiate the verification for a PPI user (Cashfree sends the link by
//! SMS and WhatsApp), then wait until it reaches a terminal sub-status.
//!
//! ```text
//! export CASHFREE_CLIENT_ID=... CASHFREE_CLIENT_SECRET=...
//! cargo run -p vkyc-generated --example ppi_flow -- USER827364          # Cashfree's sandbox
//! cargo run -p vkyc-generated --example ppi_flow -- USER827364 http://127.0.0.1:4010   # any server (or VKYC_BASE_URL)
//! ```

use vkyc_generated::ppi::v2025_11_01::{Client, types};
use vkyc_generated::runtime::{Credentials, Environment, Error, PollPolicy, SendExt as _};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let user_id = std::env::args()
        .nth(1)
        .ok_or("usage: ppi_flow <user_id> [base URL]")?;
    let environment = match std::env::args()
        .nth(2)
        .or(std::env::var("VKYC_BASE_URL").ok())
    {
        Some(url) => Environment::Custom(url),
        None => Environment::Sandbox,
    };
    let client = Client::new(environment, Credentials::from_env()?)?;
    let done = run(
        &client,
        &user_id,
        "TestVkycVerification",
        &PollPolicy::default(),
    )
    .await?;
    println!("final: {:?} / {:?}", done.status, done.sub_status);
    Ok(())
}

/// The flow, for one user and verification id.
pub async fn run(
    client: &Client,
    user_id: &str,
    verification_id: &str,
    policy: &PollPolicy,
) -> Result<types::GetVkycStatusResponse, Error> {
    // 1. The verification: Cashfree generates the link and sends it to the user.
    let vkyc = client
        .ppi_initiate_vkyc()
        .body_map(|vkyc| {
            vkyc.user_id(user_id)
                .verification_id(verification_id)
                .notification_modes(vec![
                    types::NotificationMode::Sms,
                    types::NotificationMode::Whatsapp,
                ])
        })
        .send()
        .checked()
        .await?;
    println!("link: {:?} ({:?})", vkyc.vkyc_link, vkyc.sub_status);

    // 2. Poll POST /ppi/kyc/vkyc/details until the sub-status is terminal (or the deadline passes).
    Ok(client
        .wait_for_terminal((user_id, verification_id), policy)
        .await?
        .into_inner())
}
