//! `cargo xtask spec-gate`: passes on a tree that is regenerated and compatible with the base
//! revision, fails on a stale generated file (exit 1) and on a breaking change (exit 2).

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{regen, workspace};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn gate(root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec-gate", "--against", "HEAD", "--root"])
        .arg(root)
        .output()
        .unwrap()
}

/// A temporary workspace copy committed to a fresh git repository (the gate's base, HEAD).
fn committed_workspace() -> tempfile::TempDir {
    let ws = workspace();
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.email=t@t",
            "-c",
            "user.name=t",
            "commit",
            "-qm",
            "base",
        ],
    ] {
        let o = Command::new("git")
            .args(args)
            .current_dir(ws.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", text(&o));
    }
    ws
}

#[test]
fn a_regenerated_compatible_tree_passes_and_every_version_is_compared() {
    let ws = committed_workspace();
    let out = gate(ws.path());
    let report = text(&out);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("== ppi 2025-11-01 against HEAD"),
        "{report}"
    );
    assert!(
        report.contains("== vrs 2024-12-01 against HEAD"),
        "{report}"
    );
}

#[test]
fn a_stale_generated_file_fails_before_any_diff() {
    let ws = committed_workspace();
    let status = ws.path().join("vkyc-generated/src/status.rs");
    let text_before = fs::read_to_string(&status).unwrap();
    fs::write(&status, format!("{text_before}// edited by hand\n")).unwrap();
    let out = gate(ws.path());
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("stale: vkyc-generated/src/status.rs"),
        "{report}"
    );
    assert!(!report.contains("against HEAD"), "{report}");
}

#[test]
fn a_breaking_change_fails_even_when_regenerated() {
    let ws = committed_workspace();
    let table = ws.path().join("spec/status-table.yaml");
    let t = fs::read_to_string(&table).unwrap();
    let start = t.find("  - code: \"NO_AGENT_FOUND\"").unwrap();
    let end = start + t[start..].find("\n  - code:").unwrap() + 1;
    fs::write(&table, format!("{}{}", &t[..start], &t[end..])).unwrap();
    assert!(regen(ws.path(), false).status.success());
    let out = gate(ws.path());
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(
        report.contains("sub-status `NO_AGENT_FOUND` removed"),
        "{report}"
    );
}
