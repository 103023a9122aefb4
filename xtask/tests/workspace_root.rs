//! xtask acts on the checkout it is started in, found at run time: a binary built in one clone and
//! run in another (what cargo does with a `CARGO_TARGET_DIR` shared between clones) reads and writes
//! the other clone, never the one it was built in; and it writes nothing outside that checkout.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// A real second checkout: `git clone` of this repository's committed state.
fn second_clone() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["clone", "--quiet", "--no-local"])
        .arg(common::repo())
        .arg(dir.path().join("clone"))
        .status()
        .unwrap();
    assert!(status.success(), "git clone failed");
    dir
}

/// Runs the xtask binary built from this checkout with the current directory `cwd`, as cargo runs
/// it (`CARGO_MANIFEST_DIR` set to `manifest_dir`), or directly (`None`).
fn xtask_in(cwd: &Path, manifest_dir: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("CARGO_MANIFEST_DIR");
    if let Some(dir) = manifest_dir {
        cmd.env("CARGO_MANIFEST_DIR", dir);
    }
    cmd.output().unwrap()
}

const MARK: &str = "Link expired, as seen from the second clone";

#[test]
fn regen_acts_on_the_clone_it_runs_in_not_the_one_it_was_built_in() {
    let ours_before = common::snapshot(&common::repo().join("docs"));
    let tmp = second_clone();
    let clone = tmp.path().join("clone");
    let table = clone.join("spec/status-table.yaml");
    let text = fs::read_to_string(&table).unwrap();
    let edited = text.replacen("title: \"Link expired\"", &format!("title: \"{MARK}\""), 1);
    assert_ne!(
        text, edited,
        "the status table has no `Link expired` phase title"
    );
    fs::write(&table, edited).unwrap();

    for manifest_dir in [Some(clone.join("xtask")), None] {
        let out = xtask_in(
            &clone.join("spec"),
            manifest_dir.as_deref(),
            &["regen", "--check"],
        );
        assert!(
            !out.status.success() && String::from_utf8_lossy(&out.stderr).contains(MARK),
            "regen --check did not read the second clone ({manifest_dir:?}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = xtask_in(&clone, Some(&clone.join("xtask")), &["regen"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = fs::read_to_string(clone.join("docs/status-codes.md")).unwrap();
    assert!(docs.contains(MARK), "regen did not write the second clone");
    assert_eq!(
        common::snapshot(&common::repo().join("docs")),
        ours_before,
        "regen wrote into the checkout the binary was built in"
    );
}

#[test]
fn vendor_refuses_to_write_outside_the_checkout() {
    let tmp = second_clone();
    let clone = tmp.path().join("clone");
    let source = clone.join("spec/vrs/2024-12-01/vkyc-get-status.yaml");
    let out = xtask_in(
        &clone,
        Some(&clone.join("xtask")),
        &[
            "vendor",
            "../../escaped",
            "2024-12-01",
            source.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("outside the checkout"), "{stderr}");
    assert!(!tmp.path().join("escaped").exists());
}
