//! Every test runs from a plain clone: no test source names a path outside the repository (the
//! project's `shared/` directory beside it in particular). What a test needs from there is copied
//! into `tests/fixtures/`, with its origin.

use std::fs;
use std::path::{Path, PathBuf};

/// Test sources of every package: `tests/` directories and `src/` unit tests alike.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "target" || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_test_reads_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &mut files);
    assert!(files.len() > 20, "found only {} Rust files", files.len());
    // Built from pieces so that this file does not match itself.
    let outside = [
        format!("../{}", "shared"),
        format!("VKYC_{}_DIR", "SHARED"),
        format!("/work/{}", "shared"),
    ];
    let offenders: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let text = fs::read_to_string(file).ok()?;
            let hit = outside
                .iter()
                .find(|needle| text.contains(needle.as_str()))?;
            Some(format!(
                "{} mentions `{hit}`",
                file.strip_prefix(root).unwrap().display()
            ))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "copy what these need into tests/fixtures/ (with its origin):\n  {}",
        offenders.join("\n  ")
    );
}
