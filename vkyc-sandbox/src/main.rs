//! `cargo run -p vkyc-sandbox -- --port 8080 --webhook-url http://127.0.0.1:3000/cashfree/vkyc/webhook`

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use vkyc_sandbox::{Config, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};

/// An offline, stateful Cashfree Video KYC simulator.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on. Loopback by default; the sandbox has no TLS and test credentials.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Where each transition's signed webhook is posted.
    #[arg(long)]
    webhook_url: Option<String>,
    /// The accepted client id.
    #[arg(long, default_value = DEFAULT_CLIENT_ID)]
    client_id: String,
    /// The accepted client secret; it also signs the webhooks.
    #[arg(long, env = "VKYC_SANDBOX_CLIENT_SECRET", default_value = DEFAULT_CLIENT_SECRET, hide_default_value = true)]
    client_secret: String,
    /// Time per step of a verification (`2s`, `500ms`); `off` moves them only through the control API.
    #[arg(long, default_value = "2s")]
    pace: String,
    /// Outcome of a verification whose id names none.
    #[arg(long, default_value = "approved")]
    outcome: String,
    /// Deliver every webhook twice, as Cashfree may.
    #[arg(long)]
    webhook_duplicates: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let started = Instant::now();
    let args = Args::parse();
    let mut config = Config::default()
        .address(SocketAddr::new(args.host, args.port))
        .credentials(args.client_id, args.client_secret)
        .default_outcome(args.outcome)
        .webhook_duplicates(args.webhook_duplicates)
        .webhook_retries(5, Duration::from_secs(1));
    if args.pace != "off" {
        match vkyc_sandbox::parse_duration(&args.pace) {
            Some(pace) => config = config.pace(pace),
            None => {
                eprintln!(
                    "error: --pace `{}` is not a duration such as 2s or 500ms, nor `off`",
                    args.pace
                );
                return ExitCode::FAILURE;
            }
        }
    }
    if let Some(url) = args.webhook_url {
        config = config.webhook_url(url);
    }
    let sandbox = match Sandbox::start(config).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "vkyc-sandbox ready in {} ms on {}",
        started.elapsed().as_millis(),
        sandbox.url()
    );
    for family in ["ppi", "vrs"] {
        if let Some(url) = sandbox.base_url(family) {
            println!("  {family} base URL: {url}");
        }
    }
    println!(
        "  control API: {}/_sandbox/ (scenarios, verifications/{{id}}/advance, …/complete?outcome=, webhooks, faults)",
        sandbox.url()
    );
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
