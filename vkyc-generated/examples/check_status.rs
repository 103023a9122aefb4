//! Checks the status of a VRS Video KYC verification on Cashfree's sandbox.
//!
//! ```text
//! export CASHFREE_CLIENT_ID=... CASHFREE_CLIENT_SECRET=...
//! cargo run -p vkyc-generated --example check_status -- <verification_id>
//! ```
//!
//! Exits with 2 on wrong usage and 1 on any error (missing credentials included), printing why.

use std::error::Error;
use std::process::ExitCode;

use vkyc_generated::runtime::{Credentials, Environment, SendExt as _};
use vkyc_generated::vrs::v2024_12_01::{Client, FAMILY};

#[tokio::main]
async fn main() -> ExitCode {
    let Some(verification_id) = std::env::args().nth(1) else {
        eprintln!("usage: check_status <verification_id>");
        return ExitCode::from(2);
    };
    match check(&verification_id).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            let mut cause = e.source();
            while let Some(c) = cause {
                eprintln!("  caused by: {c}");
                cause = c.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn check(verification_id: &str) -> Result<(), Box<dyn Error>> {
    let client = Client::new(Environment::Sandbox, Credentials::from_env()?)?;
    let response = client
        .vkyc_get_status()
        .verification_id(verification_id)
        .send()
        .checked()
        .await?;
    let show = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
    println!("verification: {verification_id}");
    println!(
        "status:       {}",
        show(response.status.as_ref().map(ToString::to_string))
    );
    let Some(sub_status) = &response.sub_status else {
        println!("sub_status:   -");
        return Ok(());
    };
    println!("sub_status:   {sub_status}");
    println!(
        "finished:     {}",
        if sub_status.is_terminal() {
            "yes"
        } else {
            "no"
        }
    );
    println!(
        "meaning:      {}",
        show(sub_status.description(FAMILY).map(str::to_owned))
    );
    println!(
        "next step:    {}",
        show(sub_status.recommended_action(FAMILY).map(str::to_owned))
    );
    Ok(())
}
