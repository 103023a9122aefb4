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
    // The docs name what they document where the generated code is: here in this crate.
    let docs = |rel: &str| fs::read_to_string(out.path().join("docs").join(rel)).unwrap();
    for rel in files(&out.path().join("docs")) {
        assert!(!docs(&rel).contains("vkyc_generated"), "{rel}");
    }
    let page = docs("api/vrs-2024-12-01.md");
    assert!(page.contains("Rust module `crate::cashfree::vrs::v2024_12_01`"));
    assert!(page.contains(
        "use crate::cashfree::vrs::v2024_12_01::Client;\nuse crate::rt::{Credentials, Environment};"
    ));
    assert!(docs("status-codes.md").contains("`crate::cashfree::status::{Status, SubStatus}`"));
    assert!(docs("README.md").contains("`crate::cashfree::vrs::v2024_12_01`"));
}

/// Named from outside the crate, the docs take the crate's name for `crate`; a crate re-exporting
/// the runtime has its items named there.
#[test]
fn docs_name_the_crate_and_a_runtime_reexport() {
    let spec = spec_copy();
    let out = tempfile::tempdir().unwrap();
    builder(spec.path(), out.path())
        .module_path("crate::cashfree")
        .crate_name("my_app")
        .docs(true)
        .compile()
        .unwrap();
    let page = fs::read_to_string(out.path().join("docs/api/vrs-2024-12-01.md")).unwrap();
    assert!(page.contains("use my_app::cashfree::vrs::v2024_12_01::Client;\nuse vkyc_runtime::{Credentials, Environment};"), "{page}");
    builder(spec.path(), out.path())
        .crate_name("my_app")
        .docs_runtime_path("crate::cashfree")
        .docs(true)
        .compile()
        .unwrap();
    let page = fs::read_to_string(out.path().join("docs/api/vrs-2024-12-01.md")).unwrap();
    assert!(page.contains("use my_app::vrs::v2024_12_01::Client;\nuse my_app::cashfree::{Credentials, Environment};"), "{page}");
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

#[test]
fn only_the_selected_versions_are_generated_beside_the_same_status_module() {
    let spec = spec_copy();
    let all = tempfile::tempdir().unwrap();
    builder(spec.path(), all.path()).compile().unwrap();
    let status = fs::read_to_string(all.path().join("status.rs")).unwrap();

    let vrs = tempfile::tempdir().unwrap();
    builder(spec.path(), vrs.path())
        .versions(["vrs/2024-12-01"])
        .compile()
        .unwrap();
    assert_eq!(
        files(vrs.path()),
        ["status.rs", "vkyc.rs", "vrs/v2024_12_01.rs"]
    );
    let include = fs::read_to_string(vrs.path().join("vkyc.rs")).unwrap();
    assert!(include.contains("include!(\"vrs/v2024_12_01.rs\");"));
    assert!(!include.contains("ppi"), "{include}");
    // The status module comes from the table alone, so one version gets the same one (the goldens,
    // one version each, compile it).
    assert_eq!(
        fs::read_to_string(vrs.path().join("status.rs")).unwrap(),
        status
    );

    let by_pair: fn(&mut Builder) = |b| {
        b.family_version("ppi", "2025-11-01");
    };
    let by_family: fn(&mut Builder) = |b| {
        b.versions(["ppi"]);
    };
    for select in [by_pair, by_family] {
        let ppi = tempfile::tempdir().unwrap();
        let mut b = builder(spec.path(), ppi.path());
        select(&mut b);
        b.compile().unwrap();
        assert_eq!(
            files(ppi.path()),
            ["ppi/v2025_11_01.rs", "status.rs", "vkyc.rs"]
        );
    }
}

#[test]
fn a_selection_that_names_no_version_names_the_spec_dir_and_lists_its_versions() {
    let spec = spec_copy();
    for wrong in ["vrs/2030-01-01", "vkyc", "vrs/2024-12-1"] {
        let out = tempfile::tempdir().unwrap();
        let err = builder(spec.path(), out.path())
            .versions(["ppi/2025-11-01", wrong])
            .compile()
            .unwrap_err();
        let message = err.to_string();
        let spec_dir = spec.path().join("spec").display().to_string();
        assert!(
            message.contains(&format!("`{wrong}` is not in {spec_dir}")),
            "{message}"
        );
        assert!(
            message.contains("which has: ppi/2025-11-01, vrs/2024-12-01"),
            "{message}"
        );
        assert!(message.contains("Builder::versions"), "{message}");
        assert!(files(out.path()).is_empty());
    }
}

/// `versions_from_features` reads the `CARGO_FEATURE_*` variables cargo gives a build script, so
/// each case runs this test binary again with only the variables it sets (the environment is
/// process-wide); the child compiles and prints what it wrote, or the error.
#[test]
fn versions_from_features_generates_the_enabled_versions() {
    const OUT: &str = "VKYC_TEST_FEATURES_OUT";
    const NAME: &str = "versions_from_features_generates_the_enabled_versions";
    if let Some(out) = std::env::var_os(OUT) {
        let spec = std::env::var_os("VKYC_TEST_FEATURES_SPEC").unwrap();
        let outcome = builder(Path::new(&spec), Path::new(&out))
            .versions_from_features()
            .compile();
        match outcome {
            Ok(_) => println!("wrote: {}", files(Path::new(&out)).join(" ")),
            Err(e) => println!("error: {e}"),
        }
        return;
    }
    let spec = spec_copy();
    let run = |features: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child
            .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(OUT, out.path())
            .env("VKYC_TEST_FEATURES_SPEC", spec.path());
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("CARGO_FEATURE_") {
                child.env_remove(name);
            }
        }
        for feature in features {
            child.env(feature, "1");
        }
        let output = child.output().unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let ppi = run(&["CARGO_FEATURE_PPI_2025_11_01", "CARGO_FEATURE_CF_SIGNATURE"]);
    assert!(
        ppi.contains("wrote: ppi/v2025_11_01.rs status.rs vkyc.rs\n"),
        "{ppi}"
    );
    let both = run(&[
        "CARGO_FEATURE_PPI_2025_11_01",
        "CARGO_FEATURE_VRS_2024_12_01",
    ]);
    assert!(
        both.contains("wrote: ppi/v2025_11_01.rs status.rs vkyc.rs vrs/v2024_12_01.rs\n"),
        "{both}"
    );
    let none = run(&["CARGO_FEATURE_DEFAULT"]);
    assert!(
        none.contains("error: ") && none.contains("no version feature is enabled"),
        "{none}"
    );
    assert!(
        none.contains("`vrs-2024-12-01 = []`") || none.contains("`ppi-2025-11-01 = []`"),
        "{none}"
    );
    let stray = run(&[
        "CARGO_FEATURE_VRS_2024_12_01",
        "CARGO_FEATURE_VRS_2030_01_01",
    ]);
    assert!(
        stray.contains("the enabled cargo feature `vrs-2030-01-01` names no version")
            && stray.contains("which has: ppi/2025-11-01, vrs/2024-12-01"),
        "{stray}"
    );
}
