//! `cargo xtask <task>`: project tasks that need only cargo.

mod files;
mod regen;

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
}

/// The workspace root: the parent of xtask's manifest directory.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.task {
        Task::Regen { check, root } => regen::run(&root.unwrap_or_else(workspace_root), check),
    }
}
