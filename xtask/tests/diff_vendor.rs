//! `cargo xtask vendor` and `cargo xtask diff` end to end.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{copy_dir, repo};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `cargo xtask vendor vrs <version> <source> --date <date> --root <root>`.
fn vendor(root: &Path, version: &str, source: &Path, date: &str) -> Output {
    xtask(&[
        "vendor",
        "vrs",
        version,
        source.to_str().unwrap(),
        "--date",
        date,
        "--root",
        root.to_str().unwrap(),
    ])
}

const FIXTURE: &str = "tests/fixtures/ppi-details-move";
const TABLE: &str = "../../../spec/status-table.yaml";

#[test]
fn fixture_revision_reports_the_moved_operation_as_breaking_and_the_new_status() {
    let out = xtask(&[
        "diff",
        "ppi",
        "2025-11-01",
        "2026-02-01",
        "--root",
        FIXTURE,
        "--status-table",
        TABLE,
    ]);
    let report = text(&out);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("| **breaking** | `ppi_get_vkyc_status` (POST /ppi/kyc/vkyc/status) | moved: POST /ppi/kyc/vkyc/status → POST /ppi/kyc/vkyc/details |"),
        "{report}"
    );
    assert!(report.contains("| compatible | `ppi_initiate_vkyc` (POST /ppi/kyc/vkyc) | example status `INITIATED` appears |"), "{report}");

    let gate = xtask(&[
        "diff",
        "ppi",
        "2025-11-01",
        "2026-02-01",
        "--root",
        FIXTURE,
        "--status-table",
        TABLE,
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(gate.status.code(), Some(2), "{}", text(&gate));
}

#[test]
fn same_version_against_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("spec"), &dir.path().join("spec"));
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(["-c", "user.email=t@t", "-c", "user.name=t"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", text(&o));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "base"]);
    // Upstream adds a required request field and drops a sub-status.
    let spec = dir.path().join("spec/ppi/2025-11-01/ppi-vkyc.yaml");
    let yaml = fs::read_to_string(&spec).unwrap();
    let schema = yaml
        .find("    GetVkycStatusRequest:")
        .expect("the status request schema");
    let (head, tail) = yaml.split_at(schema);
    let from = "        - verification_id\n      properties:\n";
    assert!(
        tail.contains(from),
        "fixture assumption: required list, then properties"
    );
    let to = "        - verification_id\n        - channel\n      properties:\n        channel:\n          type: string\n";
    fs::write(&spec, format!("{head}{}", tail.replacen(from, to, 1))).unwrap();
    let table = dir.path().join("spec/status-table.yaml");
    let t = fs::read_to_string(&table).unwrap();
    let start = t.find("  - code: \"NO_AGENT_FOUND\"").unwrap();
    let end = start + t[start..].find("\n  - code:").unwrap() + 1;
    fs::write(&table, format!("{}{}", &t[..start], &t[end..])).unwrap();

    let root = dir.path().to_str().unwrap();
    let out = xtask(&[
        "diff",
        "ppi",
        "2025-11-01",
        "--against",
        "HEAD",
        "--root",
        root,
        "--fail-on",
        "breaking",
    ]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(
        report.contains("request body.channel added (required)"),
        "{report}"
    );
    assert!(
        report.contains("sub-status `NO_AGENT_FOUND` removed"),
        "{report}"
    );
}

#[test]
fn vendoring_the_seed_page_reproduces_the_pinned_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("spec"), &dir.path().join("spec"));
    let vrs = dir.path().join("spec/vrs/2024-12-01");
    fs::remove_file(vrs.join("vkyc-get-status.yaml")).unwrap();
    fs::remove_file(vrs.join("manifest.yaml")).unwrap();
    // The version is rebuilt from the seed page alone; the hand-authored files are not on it.
    for hand_authored in [
        "webhooks.yaml",
        "vkyc-initiate.yaml",
        "vkyc-oauth-token.yaml",
        "vkyc-user.yaml",
    ] {
        fs::remove_file(vrs.join(hand_authored)).unwrap();
    }
    // Seed 003, copied into the repository (tests/fixtures/upstream/README.md says from where).
    let page = repo().join("tests/fixtures/upstream/get-vkyc-status.md");
    let page_copy = dir.path().join("vkyc-get-status.md");
    fs::copy(&page, &page_copy).unwrap();
    let out = vendor(dir.path(), "2024-12-01", &page_copy, "2026-11-23");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        fs::read(vrs.join("vkyc-get-status.yaml")).unwrap(),
        fs::read(repo().join("spec/vrs/2024-12-01/vkyc-get-status.yaml")).unwrap(),
        "vendoring is byte for byte"
    );
    let manifest = fs::read_to_string(vrs.join("manifest.yaml")).unwrap();
    assert!(
        manifest
            .contains("sha256: 06274009e7524a518de1acb122b23c8a930c717b7fbef21bf13dc90af560ff1d"),
        "{manifest}"
    );
    let regen = common::regen(dir.path(), true);
    assert!(
        !text(&regen).contains("regen failed"),
        "the re-vendored tree loads: {}",
        text(&regen)
    );
}

#[test]
fn vendoring_a_new_version_scaffolds_an_empty_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let out = vendor(dir.path(), "2030-01-01", &spec, "2030-01-01");
    assert!(out.status.success(), "{}", text(&out));
    let v = dir.path().join("spec/vrs/2030-01-01");
    assert!(
        fs::read_to_string(v.join("overlay.yaml"))
            .unwrap()
            .contains("actions: []")
    );
    assert!(
        fs::read_to_string(v.join("manifest.yaml"))
            .unwrap()
            .contains("- path: spec.yaml\n    origin: vendored")
    );
    let bad = xtask(&[
        "vendor",
        "vrs",
        "2030-01-01",
        "/nonexistent/page.md",
        "--root",
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        !bad.status.success() && text(&bad).contains("/nonexistent/page.md"),
        "{}",
        text(&bad)
    );
}
