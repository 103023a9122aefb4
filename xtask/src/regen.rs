//! `cargo xtask regen [--check]`.

use std::path::Path;
use std::process::ExitCode;

use crate::files::{self, Plan};

/// Directories whose `@generated` files regen owns (and may delete when no longer produced).
pub const OUTPUT_DIRS: [&str; 2] = ["vkyc-generated", "docs"];

/// What regen would change under `root`, and how many files it generates.
pub fn plan(root: &Path) -> Result<(Plan, usize), String> {
    let generated = vkyc_codegen::Config::new(root)
        .generate()
        .map_err(|e| format!("{e}\n\nregen failed: nothing was written."))?;
    let plan =
        files::plan(root, &OUTPUT_DIRS, &generated.files).map_err(|e| format!("error: {e}"))?;
    Ok((plan, generated.files.len()))
}

pub fn run(root: &Path, check: bool) -> ExitCode {
    let (plan, count) = match plan(root) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        return report_check(&plan);
    }
    match files::apply(root, &plan) {
        Ok(()) => {
            if plan.is_empty() {
                println!("regen: {count} files up to date");
            } else {
                for change in &plan.changes {
                    println!("{} {}", change.verb(), change.path);
                }
                println!(
                    "regen: {} changed, {} unchanged",
                    plan.changes.len(),
                    count - plan.written()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn report_check(plan: &Plan) -> ExitCode {
    if plan.is_empty() {
        println!("regen --check: generated files are up to date");
        return ExitCode::SUCCESS;
    }
    for change in &plan.changes {
        eprintln!("stale: {} ({})", change.path, change.verb());
        eprint!("{}", change.diff());
    }
    eprintln!(
        "\nregen --check: {} generated file(s) are stale; run `cargo xtask regen` and commit the result.",
        plan.changes.len()
    );
    ExitCode::FAILURE
}
