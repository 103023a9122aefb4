//! `cargo xtask test`: the README's one test command. Installs the project-local test tools (Prism,
//! openapi-spec-validator) when missing, then runs every test of the workspace with all features.

use std::path::Path;
use std::process::{Command, ExitCode};

pub fn run(root: &Path, extra: &[std::ffi::OsString]) -> ExitCode {
    let setup = root.join("scripts/setup-tools.sh");
    match Command::new("bash").arg(&setup).current_dir(root).status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            eprintln!(
                "error: {} failed ({s}); the Prism and spec-validator tests need it",
                setup.display()
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", setup.display());
            return ExitCode::FAILURE;
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["test", "--workspace", "--all-features"])
        .args(extra)
        .current_dir(root);
    println!(
        "running: cargo test --workspace --all-features {}",
        extra.join(std::ffi::OsStr::new(" ")).to_string_lossy()
    );
    match cmd.status() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
