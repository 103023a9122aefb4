//! `cargo xtask <task>`: project tasks that need only cargo.
//!
//! One binary, two builds. The `cargo xtask` alias builds it without features: regen, diff,
//! spec-gate, check-features and test need vkyc-codegen and little else, so that the CI drift gate
//! on a fresh clone (`cargo xtask regen --check`) compiles little more than the generator. The
//! tasks that need HTTP (ureq and rustls), dates (chrono) or the benchmark baselines are behind the
//! `full` feature; without it, the binary hands them to `cargo run --features full`.

mod cli;
mod diff;
mod files;
mod gate;
mod git;
mod regen;
mod test;

#[cfg(feature = "full")]
mod bench;
#[cfg(feature = "full")]
mod http;
#[cfg(feature = "full")]
mod upstream;
#[cfg(feature = "full")]
mod vendor;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use cli::Task;

/// The checkout this command was started in, found at run time, never baked in at compile time:
/// with a target directory shared between clones (`CARGO_TARGET_DIR`), cargo may run a binary
/// built in another clone. `cargo xtask` (`cargo run`) sets `CARGO_MANIFEST_DIR` to this clone's
/// `xtask/` when it starts the binary; run any other way, `cargo locate-project --workspace` finds
/// the workspace around the current directory.
fn workspace_root() -> Result<PathBuf, String> {
    if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
        && manifest_dir.join("src/main.rs").is_file()
        && let Some(root) = manifest_dir.parent()
    {
        return Ok(root.to_path_buf());
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .output()
        .map_err(|e| format!("cannot run `cargo locate-project`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cannot find the vkyc checkout around the current directory ({}); run `cargo xtask` inside \
             it, or pass --root DIR",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let manifest = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    manifest
        .parent()
        .map(PathBuf::from)
        .ok_or_else(|| format!("`cargo locate-project` printed {}", manifest.display()))
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
#[cfg(feature = "full")]
fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let task = match cli::parse(args.clone()) {
        Ok(task) => task,
        Err(e) => {
            eprintln!("error: {e}\n\nRun `cargo xtask --help` for the tasks and their options.");
            return ExitCode::from(2);
        }
    };
    if let Task::Help = task {
        print!("{}", cli::USAGE);
        return ExitCode::SUCCESS;
    }
    if task.needs_full() && !cfg!(feature = "full") {
        return run_full(&args);
    }
    let root = |given: &Option<PathBuf>| match given {
        Some(root) => Ok(root.clone()),
        None => workspace_root(),
    };
    let root = match &task {
        Task::Regen { root: given, .. }
        | Task::Vendor { root: given, .. }
        | Task::Diff { root: given, .. }
        | Task::Upstream { root: given, .. }
        | Task::SpecGate { root: given, .. } => root(given),
        Task::Help | Task::Bench { .. } | Task::Test { .. } | Task::CheckFeatures => root(&None),
    };
    let root = match root {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    run(task, root)
}

fn run(task: Task, root: PathBuf) -> ExitCode {
    match task {
        Task::Help => ExitCode::SUCCESS,
        Task::Regen { check, .. } => regen::run(&root, check),
        Task::Test { args } => test::run(&root, &args),
        Task::Diff {
            family,
            old,
            new,
            against,
            out,
            fail_on_breaking,
            status_table,
            ..
        } => diff::run(diff::Args {
            root: &root,
            family: &family,
            old: &old,
            new: new.as_deref(),
            against: against.as_deref(),
            status_table: status_table.as_deref(),
            out,
            fail_on_breaking,
        }),
        Task::SpecGate { against, .. } => gate::spec_gate(&root, &against),
        Task::CheckFeatures => gate::check_features(&root),
        #[cfg(feature = "full")]
        Task::Bench { quick, only } => {
            let only: Result<Vec<bench::Figure>, String> =
                only.iter().map(|name| bench::Figure::parse(name)).collect();
            match only {
                Ok(only) => bench::run(&root, bench::Options { quick, only }),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        #[cfg(feature = "full")]
        Task::Vendor {
            family,
            version,
            sources,
            date,
            ..
        } => vendor::run(vendor::Args {
            root: &root,
            family: &family,
            version: &version,
            sources: &sources,
            retrieved: &date.unwrap_or_else(today),
        }),
        #[cfg(feature = "full")]
        Task::Upstream {
            apply,
            timeout,
            date,
            ..
        } => upstream::run(upstream::Args {
            root: &root,
            apply,
            date: &date.unwrap_or_else(today),
            limits: http::Limits {
                timeout: std::time::Duration::from_secs(timeout),
                ..http::Limits::default()
            },
        }),
        #[cfg(not(feature = "full"))]
        Task::Bench { .. } | Task::Vendor { .. } | Task::Upstream { .. } => {
            unreachable!("main hands these to the full build")
        }
    }
}

/// Runs this task in the `full` build of this checkout's xtask (`cargo run --features full`),
/// with the same arguments and current directory, and exits as it does.
fn run_full(args: &[OsString]) -> ExitCode {
    let checkout = match workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "-q", "--manifest-path"])
        .arg(checkout.join("Cargo.toml"))
        .args(["-p", "xtask", "--features", "full", "--"])
        .args(args)
        .status();
    match status {
        Ok(status) => ExitCode::from(status.code().map_or(1, |c| c.clamp(0, 255) as u8)),
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
