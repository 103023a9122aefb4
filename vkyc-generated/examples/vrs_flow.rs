//! A whole VRS (Secure ID v2) Video KYC flow: create the user, initiate the verification (Cashfree
//! sends the link by SMS and WhatsApp), create the token the mobile SDK is initialised with, then wait
//! until the verification reaches a terminal sub-status.
//!
//! ```text
//! export CASHFREE_CLIENT_ID=... CASHFREE_CLIENT_SECRET=... CASHFREE_VKYC_APP_ID=...
//! cargo run -p vkyc-generated --example vrs_flow                      # Cashfree's sandbox
//! cargo run -p vkyc-generated --example vrs_flow -- http://127.0.0.1:4010   # any server (or VKYC_BASE_URL)
//! ```

use vkyc_generated::runtime::{Credentials, Environment, Error, PollPolicy, SendExt as _};
use vkyc_generated::vrs::v2024_12_01::{Client, known_values, types};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let environment = match std::env::args()
        .nth(1)
        .or(std::env::var("VKYC_BASE_URL").ok())
    {
        Some(url) => Environment::Custom(url),
        None => Environment::Sandbox,
    };
    let client = Client::new(environment, Credentials::from_env()?)?;
    let app_id = std::env::var("CASHFREE_VKYC_APP_ID")?;
    let done = run(
        &client,
        "vkyc_verification_id",
        &app_id,
        &PollPolicy::default(),
    )
    .await?;
    println!("final: {:?} / {:?}", done.status, done.sub_status);
    Ok(())
}

/// The flow, for one verification id.
pub async fn run(
    client: &Client,
    verification_id: &str,
    app_id: &str,
    policy: &PollPolicy,
) -> Result<types::GetVkycLinkResponseSchema, Error> {
    // 1. The user profile; Cashfree answers with its user_reference_id.
    let user = client
        .vkyc_create_user()
        .body_map(|user| user.phone("9988776655").name("John Doe".to_owned()))
        .send()
        .checked()
        .await?;

    // 2. The verification: Cashfree generates the link and sends it to the user.
    let vkyc = client
        .vkyc_initiate()
        .body_map(|vkyc| {
            vkyc.verification_id(verification_id)
                // Cashfree's ids arrive as a number or a string (`lenient::Id`); requests take the number.
                .user_reference_id(user.user_reference_id.as_ref().and_then(|id| id.as_i64()))
                .user_template(known_values::user_template::VKYC_USER_TEMPLATE_V1.to_owned())
                .agent_template(known_values::agent_template::VKYC_AGENT_TEMPLATE_V1.to_owned())
                .notification_types(vec![
                    types::VkycNotificationType::Sms,
                    types::VkycNotificationType::Whatsapp,
                ])
        })
        .send()
        .checked()
        .await?;
    println!("link: {:?} ({:?})", vkyc.vkyc_link, vkyc.sub_status);

    // 3. The token your app hands to Cashfree's VKYC SDK.
    let metadata = types::AuthTokenMetadata {
        vkyc_request_id: vkyc.reference_id.as_ref().and_then(|id| id.as_i64()),
    };
    let token = client
        .vkyc_create_auth_token()
        .body_map(|token| {
            token
                .app_id(app_id)
                .product(known_values::product::VKYC.to_owned())
                .metadata(metadata)
        })
        .send()
        .checked()
        .await?;
    println!(
        "SDK token expires: {:?}",
        token.expires_at.as_ref().or(token.expiry.as_ref())
    );

    // 4. Poll GET /vkyc until the sub-status is terminal (or the policy's deadline passes).
    Ok(client
        .wait_for_terminal(verification_id, policy)
        .await?
        .into_inner())
}
