//! `cargo xtask regen [--check]`.

use std::path::Path;
use std::process::ExitCode;

use crate::files::{self, Plan};

/// Directories whose `@generated` files regen owns (and may delete when no longer produced).
pub const OUTPUT_DIRS: [&str; 2] = ["vkyc-generated", "docs"];

pub fn run(root: &Path, check: bool) -> ExitCode {
    let generated = match vkyc_codegen::Config::new(root).generate() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("\nregen failed: nothing was written.");
            return ExitCode::FAILURE;
        }
    };
    let plan = match files::plan(root, &OUTPUT_DIRS, &generated.files) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        return report_check(&plan);
    }
    match files::apply(root, &plan) {
        Ok(()) => {
            if plan.is_empty() {
                println!("regen: {} files up to date", generated.files.len());
            } else {
                for change in &plan.changes {
                    println!("{} {}", change.verb(), change.path);
                }
                println!(
                    "regen: {} changed, {} unchanged",
                    plan.changes.len(),
                    generated.files.len() - plan.written()
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
