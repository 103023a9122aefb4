//! README.md's build-time mode shows this crate: its `build.rs` and `src/lib.rs` are the README's
//! block (the spec directory aside, and ignoring layout, which rustfmt decides), and its
//! dependencies are the README's. So the lines a newcomer copies are the lines CI builds and runs.

use std::collections::BTreeSet;
use std::fs;

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

fn readme() -> String {
    fs::read_to_string(format!("{CRATE}/../../README.md")).unwrap()
}

/// The fenced block of README.md that starts with `first_line` (after the fence line).
fn block(first_line: &str) -> String {
    let readme = readme();
    let start = readme
        .find(&format!("\n{first_line}\n"))
        .unwrap_or_else(|| panic!("README.md has no block starting with `{first_line}`"));
    let body = &readme[start + 1..];
    body[..body.find("\n```").unwrap()].to_owned()
}

/// Code without its `//!` docs and without whitespace, the spec directory written as `spec`.
fn code(text: &str) -> String {
    text.lines()
        .filter(|line| !line.starts_with("//!"))
        .collect::<String>()
        .replace("\"../../spec\"", "\"spec\"")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn build_rs_and_lib_rs_are_the_readme_block() {
    let block = block("// build.rs");
    let (build, lib) = block
        .split_once("// src/lib.rs")
        .expect("the block shows build.rs, then src/lib.rs");
    let build = build.trim_start_matches("// build.rs");
    for (shown, file) in [(build, "build.rs"), (lib, "src/lib.rs")] {
        let actual = fs::read_to_string(format!("{CRATE}/{file}")).unwrap();
        assert_eq!(
            code(shown),
            code(&actual),
            "README.md's {file} differs from examples/consumer/{file}:\n{shown}\n---\n{actual}"
        );
    }
}

/// The dependency names of `section` (`[dependencies]`, `[build-dependencies]`) in a manifest.
fn names(toml: &str, section: &str) -> BTreeSet<String> {
    toml.split(section)
        .nth(1)
        .unwrap_or_else(|| panic!("no {section} in\n{toml}"))
        .lines()
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(name, _)| name.trim().to_owned())
        .collect()
}

#[test]
fn the_dependencies_are_the_readmes() {
    let shown = block("[dependencies]");
    let manifest = fs::read_to_string(format!("{CRATE}/Cargo.toml")).unwrap();
    for section in ["[dependencies]", "[build-dependencies]"] {
        assert_eq!(
            names(&shown, section),
            names(&manifest, section),
            "README.md's {section} differ from examples/consumer/Cargo.toml's"
        );
    }
}
