//! `cargo xtask spec-gate` and `cargo xtask check-features`: the CI gates that were shell
//! (`scripts/spec-gate.sh`, a `sed` over the generated Cargo.toml), as tasks that read the spec
//! tree the way regen does.

use std::path::Path;
use std::process::{Command, ExitCode};

use vkyc_codegen::{MANIFEST, VersionDir};

/// The spec gate: the generated tree matches the specs (`regen --check`), and no version that
/// exists at `base` (a git revision) changed in a way that breaks users of the generated client.
pub fn spec_gate(root: &Path, base: &str) -> ExitCode {
    let check = crate::regen::run(root, true);
    if check != ExitCode::SUCCESS {
        return check;
    }
    let versions = match versions(root) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let mut outcome = ExitCode::SUCCESS;
    for v in &versions {
        let manifest = format!("{base}:{}/{}", v.dir, MANIFEST);
        let at_base = crate::git::output(root, &["cat-file", "-e", &manifest]).is_ok();
        if !at_base {
            println!(
                "== {} {} is new since {base} (nothing to compare)",
                v.family, v.version
            );
            continue;
        }
        println!("== {} {} against {base}", v.family, v.version);
        let code = crate::diff::run(crate::diff::Args {
            root,
            family: &v.family,
            old: &v.version,
            new: None,
            against: Some(base),
            status_table: None,
            out: false,
            fail_on_breaking: true,
        });
        if code != ExitCode::SUCCESS {
            outcome = code;
        }
    }
    outcome
}

/// Each version feature of `vkyc-generated` builds alone, and `vkyc-runtime` builds with and
/// without its optional features.
pub fn check_features(root: &Path) -> ExitCode {
    let versions = match versions(root) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let mut checks: Vec<Vec<String>> = versions
        .iter()
        .map(|v| {
            [
                "-p",
                "vkyc-generated",
                "--no-default-features",
                "--features",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([v.feature()])
            .collect()
        })
        .collect();
    checks.push(vec![
        "-p".into(),
        "vkyc-runtime".into(),
        "--no-default-features".into(),
    ]);
    checks.push(vec![
        "-p".into(),
        "vkyc-runtime".into(),
        "--no-default-features".into(),
        "--features".into(),
        "cf-signature".into(),
    ]);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for args in &checks {
        println!("cargo check {}", args.join(" "));
        let status = Command::new(&cargo)
            .args(["check", "-q"])
            .args(args)
            .current_dir(root)
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(_) => {
                eprintln!("check-features: `cargo check {}` failed", args.join(" "));
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("check-features: {} feature sets build alone", checks.len());
    ExitCode::SUCCESS
}

/// Every `spec/<family>/<version>/`, as regen finds them.
fn versions(root: &Path) -> Result<Vec<VersionDir>, ExitCode> {
    vkyc_codegen::discover(root, "spec").map_err(|e| {
        eprintln!("{e}");
        ExitCode::FAILURE
    })
}
