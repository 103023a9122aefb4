//! The build-script API: `Builder::compile` writes self-contained modules plus one include file,
//! rewrites only what changed, writes nothing when an input is broken, and says what to fix.

use std::fs;
use std::path::{Path, PathBuf};

use vkyc_codegen::Builder;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A copy of the repository's `spec/` in a temporary directory.
fn spec_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("spec"), &dir.path().join("spec"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn builder(spec: &Path, out: &Path) -> Builder {
    let mut b = Builder::new();
    b.spec_dir(spec.join("spec"))
        .out_dir(out)
        .emit_rerun_if_changed(false);
    b
}

fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_owned();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn compile_writes_modules_and_an_include_file_then_only_changes() {
    let spec = spec_copy();
    let out = tempfile::tempdir().unwrap();
    let first = builder(spec.path(), out.path()).compile().unwrap();
    assert_eq!(first.include_file, out.path().join("vkyc.rs"));
    assert_eq!(
        files(out.path()),
        [
            "ppi/v2025_11_01.rs",
            "status.rs",
            "vkyc.rs",
            "vrs/v2024_12_01.rs"
        ]
    );
    assert_eq!(first.written.len(), 4);
    let include = fs::read_to_string(&first.include_file).unwrap();
    assert!(include.contains("pub mod status {\n    include!(\"status.rs\");\n}"));
    assert!(include.contains("include!(\"vrs/v2024_12_01.rs\");"));
    // Self-contained: the modules name the runtime and each other by path, never a crate of vkyc's.
    let vrs = fs::read_to_string(out.path().join("vrs/v2024_12_01.rs")).unwrap();
    assert!(vrs.contains("::vkyc_runtime::Runtime"));
    assert!(!vrs.contains("vkyc_generated"));

    let before = fs::metadata(out.path().join("status.rs"))
        .unwrap()
        .modified()
        .unwrap();
    let again = builder(spec.path(), out.path()).compile().unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.unchanged.len(), 4);
    let after = fs::metadata(out.path().join("status.rs"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "an unchanged file is not rewritten");

    // A comment in an overlay changes no output; a status description changes `status.rs` only.
    let overlay = spec.path().join("spec/vrs/2024-12-01/overlay.yaml");
    let text = fs::read_to_string(&overlay).unwrap();
    fs::write(&overlay, format!("{text}\n# a comment changes no output\n")).unwrap();
    let table = spec.path().join("spec/status-table.yaml");
    let text = fs::read_to_string(&table).unwrap();
    fs::write(
        &table,
        text.replacen("description: \"", "description: \"Edited. ", 1),
    )
    .unwrap();
    let third = builder(spec.path(), out.path()).compile().unwrap();
    let written: Vec<String> = third
        .written
        .iter()
        .map(|p| p.strip_prefix(out.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(written, ["status.rs"]);
}

#[test]
fn paths_and_docs_are_settings() {
    let spec = spec_copy();
    let out = tempfile::tempdir().unwrap();
    builder(spec.path(), out.path())
        .runtime_path("crate::rt")
        .module_path("crate::cashfree")
        .include_file("cashfree.rs")
        .docs(true)
        .compile()
        .unwrap();
    let vrs = fs::read_to_string(out.path().join("vrs/v2024_12_01.rs")).unwrap();
    assert!(vrs.contains("crate::rt::Runtime"));
    assert!(vrs.contains("crate::cashfree::status::SubStatus"));
    assert!(!vrs.contains("vkyc_runtime"));
    assert!(out.path().join("cashfree.rs").exists());
    assert!(out.path().join("docs/api/vrs-2024-12-01.md").exists());
    assert!(out.path().join("docs/status-codes.md").exists());
}

#[test]
fn a_broken_input_writes_nothing_and_names_the_file() {
    let spec = spec_copy();
    let out = tempfile::tempdir().unwrap();
    fs::write(
        spec.path().join("spec/vrs/2024-12-01/overlay.yaml"),
        "overlay: [unclosed\n",
    )
    .unwrap();
    let err = builder(spec.path(), out.path()).compile().unwrap_err();
    let message = err.to_string();
    assert!(message.contains("vrs/2024-12-01/overlay.yaml"), "{message}");
    assert!(files(out.path()).is_empty(), "{:?}", files(out.path()));
}

#[test]
fn a_runtime_path_that_is_not_a_path_is_refused() {
    let spec = spec_copy();
    let out = tempfile::tempdir().unwrap();
    let err = builder(spec.path(), out.path())
        .runtime_path("not a path")
        .compile()
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("runtime_path `not a path`"), "{message}");
    assert!(files(out.path()).is_empty());
}
