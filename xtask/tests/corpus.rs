//! The broken-input corpus (`tests/corpus/NN-name/`): each entry breaks a copy of the repository's
//! inputs in one way. Regen must exit 1 (not panic), name the file the entry says (`expect`), say how
//! to fix it, and leave the tree byte-identical. Messages are snapshots (insta) so wording is reviewed.
//!
//! An entry has `README.md` (what is wrong), `expect` (the file the message must name), optional
//! `files/` (placed over the copy) and optional `actions` (JSON lines: `{"remove": path}`,
//! `{"mkdir": path}`, `{"replace": path, "from": text, "to": text}`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{repo, snapshot, workspace};

fn apply_actions(entry: &Path, root: &Path) {
    let Ok(text) = fs::read_to_string(entry.join("actions")) else {
        return;
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let action: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(p) = action["remove"].as_str() {
            fs::remove_file(root.join(p))
                .unwrap_or_else(|e| panic!("{}: remove {p}: {e}", entry.display()));
        } else if let Some(p) = action["mkdir"].as_str() {
            fs::create_dir_all(root.join(p)).unwrap();
        } else if let Some(p) = action["replace"].as_str() {
            let (from, to) = (
                action["from"].as_str().unwrap(),
                action["to"].as_str().unwrap(),
            );
            let text = fs::read_to_string(root.join(p)).unwrap();
            assert!(
                text.contains(from),
                "{}: `{from}` not found in {p}; update the entry",
                entry.display()
            );
            fs::write(root.join(p), text.replacen(from, to, 1)).unwrap();
        } else {
            panic!("{}: unknown action {line}", entry.display());
        }
    }
}

#[test]
fn every_broken_input_fails_cleanly() {
    let corpus = repo().join("tests/corpus");
    let mut entries: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 25,
        "the corpus has {} entries",
        entries.len()
    );
    for entry in entries {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        let readme = fs::read_to_string(entry.join("README.md"))
            .unwrap_or_else(|_| panic!("{name} has no README.md"));
        let expect = fs::read_to_string(entry.join("expect"))
            .unwrap()
            .trim()
            .to_owned();
        let ws = workspace();
        if entry.join("files").is_dir() {
            common::copy_dir(&entry.join("files"), ws.path());
        }
        apply_actions(&entry, ws.path());
        let before = snapshot(ws.path());

        let out = common::regen(ws.path(), false);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name} ({}): expected exit 1\n{stderr}",
            readme.trim()
        );
        assert!(!stderr.contains("panicked"), "{name}: panicked\n{stderr}");
        assert!(
            stderr.contains(&format!("error: {expect}")),
            "{name}: the message does not name {expect}\n{stderr}"
        );
        assert!(
            stderr.contains("help: "),
            "{name}: no fix is suggested\n{stderr}"
        );
        assert_eq!(
            before,
            snapshot(ws.path()),
            "{name}: a failed regen changed the tree"
        );
        insta::assert_snapshot!(name, stderr, readme.trim());
    }
}
