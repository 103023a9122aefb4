//! Helpers shared by the xtask integration tests: the repository root, copies of its trees, and
//! byte-level snapshots that prove a command left a tree untouched.

#![allow(dead_code)] // each test binary uses a subset

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Copies `from` into `to`, skipping `target/`.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        if entry.file_name() == "target" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst)
        } else {
            fs::copy(&src, &dst).map(drop).unwrap()
        }
    }
}

/// A temp workspace holding `spec/`, `vkyc-generated/` and `docs/` as they are in the repository.
pub fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["spec", "vkyc-generated", "docs"] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    dir
}

/// Every directory and file under `dir` with the file's bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                out.push((p.clone(), Vec::new()));
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Runs `cargo xtask regen [--check]` on the workspace at `root`.
pub fn regen(root: &Path, check: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.args(["regen", "--root"]).arg(root);
    if check {
        cmd.arg("--check");
    }
    cmd.output().unwrap()
}
