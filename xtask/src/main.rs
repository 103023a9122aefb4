//! `cargo xtask <task>`: project tasks that need only cargo.

mod bench;
mod diff;
mod files;
mod gate;
mod http;
mod regen;
mod test;
mod upstream;
mod vendor;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "vkyc project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate vkyc-generated/ and docs/ from spec/ (writes only files whose content changed).
    Regen {
        /// Write nothing; exit 1 listing each stale file with a unified diff (the CI drift gate).
        #[arg(long)]
        check: bool,
        /// Workspace root (default: this repository).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Measure codegen, compile time and client overhead against bare progenitor and hand-written
    /// reqwest, and write docs/benchmarks.md (5 to 10 minutes on 2 cores).
    Bench {
        /// Fewer samples and builds, for trying a change: prints the report instead of writing it.
        #[arg(long)]
        quick: bool,
    },
    /// Run every test: installs Prism and openapi-spec-validator into the project when missing
    /// (scripts/setup-tools.sh), then `cargo test --workspace --all-features [ARGS]`.
    Test {
        /// Passed on to `cargo test`, e.g. `-- --nocapture`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Copy Cashfree's spec verbatim into `spec/<family>/<version>/` and pin it in the manifest.
    Vendor {
        /// API family, e.g. `vrs` or `ppi` (the Rust module name).
        family: String,
        /// The x-api-version, YYYY-MM-DD.
        version: String,
        /// OpenAPI YAML/JSON files, Markdown page exports with ````yaml fences, or https URLs of either.
        #[arg(required = true)]
        sources: Vec<String>,
        /// Date recorded as `retrieved` (default: today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Report what changed between two versions of a family (or one version and a git revision),
    /// classified as breaking or not for users of the generated Rust client.
    Diff {
        family: String,
        /// The old version (or, with --against, the version to compare with itself at a revision).
        old: String,
        /// The new version.
        #[arg(required_unless_present = "against", conflicts_with = "against")]
        new: Option<String>,
        /// Compare `old` in the working tree with `old` at this git revision.
        #[arg(long, value_name = "GIT-REV")]
        against: Option<String>,
        /// Write `docs/changes/<family>-<old>..<new>.md` instead of printing.
        #[arg(long)]
        out: bool,
        /// Exit 2 when a change is breaking.
        #[arg(long, value_name = "LEVEL", value_parser = ["breaking"])]
        fail_on: Option<String>,
        /// Status table, relative to the root (default: spec/status-table.yaml).
        #[arg(long, value_name = "PATH")]
        status_table: Option<String>,
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Compare every file in the manifests with what Cashfree publishes now: unchanged, changed,
    /// unreachable, or no longer holding a spec; hand-authored files by their page's hash.
    #[command(after_help = upstream::EXIT_CODES)]
    Upstream {
        /// Re-vendor each changed file whose overlay still matches, regenerate, and write the
        /// breaking-change report to docs/changes/upstream-DATE.md.
        #[arg(long)]
        apply: bool,
        /// Seconds allowed per download.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        timeout: u64,
        /// Date recorded as `retrieved` and in the report's name (default: today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// The spec gate of CI and pull requests: `regen --check`, then `diff --fail-on breaking` of
    /// every version that exists at the base revision.
    SpecGate {
        /// The git revision to compare with, e.g. `origin/main`.
        #[arg(long, value_name = "GIT-REV", default_value = "HEAD")]
        against: String,
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// `cargo check` each version feature of vkyc-generated alone, and vkyc-runtime with and
    /// without its optional features.
    CheckFeatures,
}

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
fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = |given: Option<PathBuf>| match given {
        Some(root) => Ok(root),
        None => workspace_root(),
    };
    let root = match &cli.task {
        Task::Regen { root: given, .. }
        | Task::Vendor { root: given, .. }
        | Task::Diff { root: given, .. }
        | Task::Upstream { root: given, .. }
        | Task::SpecGate { root: given, .. } => root(given.clone()),
        Task::Bench { .. } | Task::Test { .. } | Task::CheckFeatures => root(None),
    };
    let root = match root {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.task {
        Task::Regen { check, .. } => regen::run(&root, check),
        Task::Bench { quick } => bench::run(&root, quick),
        Task::Test { args } => test::run(&root, &args),
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
        Task::Diff {
            family,
            old,
            new,
            against,
            out,
            fail_on,
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
            fail_on_breaking: fail_on.is_some(),
        }),
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
        Task::SpecGate { against, .. } => gate::spec_gate(&root, &against),
        Task::CheckFeatures => gate::check_features(&root),
    }
}
