//! The bare progenitor crates that figures 8 and 9 build, written into temporary directories
//! outside the workspace: their own `[workspace]` table, this repository's Cargo.lock (so that
//! they resolve to the versions vkyc builds with, offline), and dependency lines copied from the
//! manifests that vkyc builds with, so that both sides compile the same HTTP, TLS and serde stack.

use std::fs;
use std::path::Path;

use tempfile::TempDir;

use super::bare_progenitor;

/// The bare generator's `main`: a client module per spec file, into the directory given first.
const GENERATOR_MAIN: &str = r#"//! Bare progenitor: a client module for each spec file given, into OUT_DIR.
//! Usage: bare-progenitor-generator OUT_DIR SPEC...

mod bare_progenitor;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, specs) = args.split_first().expect("usage: OUT_DIR SPEC...");
    for spec in specs {
        let text = std::fs::read_to_string(spec).expect("read a spec file");
        let code = bare_progenitor::generate(&text).expect("progenitor generates");
        let module = std::path::Path::new(spec).file_stem().expect("a file name");
        let path = std::path::Path::new(out).join(module).with_extension("rs");
        std::fs::write(path, code).expect("write the module");
    }
}
"#;

/// A client crate of bare progenitor output, a module per spec, with what progenitor's output
/// needs (progenitor-client, reqwest, serde, serde_json, chrono, and regress when a schema has a
/// `pattern`) and the rustls crypto provider vkyc-runtime installs, each as vkyc declares it.
/// `specs` are (module name, OpenAPI document) pairs.
pub fn client_crate(root: &Path, specs: &[(String, String)]) -> Result<TempDir, String> {
    let dir = temp_crate("vkyc-bench-bare-client-")?;
    let mut lib = String::from("//! Bare progenitor clients, one module per spec.\n\n");
    let mut regress = false;
    for (module, spec) in specs {
        let code = bare_progenitor::generate(spec)
            .map_err(|e| format!("bare progenitor on {module}: {e}"))?;
        regress |= code.contains("regress::");
        write(&dir, &format!("src/{module}.rs"), &code)?;
        lib.push_str(&format!("pub mod {module};\n"));
    }
    write(&dir, "src/lib.rs", &lib)?;
    let mut dependencies = workspace_lines(
        root,
        &[
            "progenitor-client",
            "reqwest",
            "serde",
            "serde_json",
            "chrono",
        ],
    )?;
    if regress {
        dependencies.extend(workspace_lines(root, &["regress"])?);
    }
    let runtime = read(&root.join("vkyc-runtime/Cargo.toml"))?;
    dependencies.push(line(&runtime, "rustls", "vkyc-runtime/Cargo.toml")?);
    manifest(root, &dir, "bare-progenitor-client", &dependencies)?;
    Ok(dir)
}

/// A binary crate that runs [`bare_progenitor::generate`] on the spec files it is given, with
/// progenitor's stack as vkyc declares it.
/// `specs` are written beside it, as `specs/<module>.json`, for it to read.
pub fn generator_crate(root: &Path, specs: &[(String, String)]) -> Result<TempDir, String> {
    let dir = temp_crate("vkyc-bench-bare-generator-")?;
    for (module, spec) in specs {
        write(&dir, &format!("specs/{module}.json"), spec)?;
    }
    write(&dir, "src/main.rs", GENERATOR_MAIN)?;
    write(
        &dir,
        "src/bare_progenitor.rs",
        include_str!("bare_progenitor.rs"),
    )?;
    let dependencies = workspace_lines(
        root,
        &[
            "progenitor",
            "openapiv3",
            "serde_norway",
            "syn",
            "prettyplease",
        ],
    )?;
    manifest(root, &dir, "bare-progenitor-generator", &dependencies)?;
    Ok(dir)
}

fn temp_crate(prefix: &str) -> Result<TempDir, String> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))
}

/// Cargo.toml (a workspace of its own, edition 2024 like vkyc's) and a copy of vkyc's Cargo.lock.
fn manifest(root: &Path, dir: &TempDir, name: &str, dependencies: &[String]) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{}\n",
        dependencies.join("\n")
    );
    write(dir, "Cargo.toml", &manifest)?;
    fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock"))
        .map(drop)
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))
}

/// The `[workspace.dependencies]` lines of the root Cargo.toml for `names`.
fn workspace_lines(root: &Path, names: &[&str]) -> Result<Vec<String>, String> {
    let text = read(&root.join("Cargo.toml"))?;
    let section = text
        .split_once("[workspace.dependencies]")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or_default())
        .ok_or("Cargo.toml has no [workspace.dependencies]")?;
    names
        .iter()
        .map(|name| line(section, name, "Cargo.toml [workspace.dependencies]"))
        .collect()
}

/// The line that declares dependency `name` in `text` (a manifest or one of its sections).
fn line(text: &str, name: &str, file: &str) -> Result<String, String> {
    text.lines()
        .find(|l| l.split_once('=').is_some_and(|(key, _)| key.trim() == name))
        .map(str::to_owned)
        .ok_or_else(|| {
            format!("{file} declares no `{name}`, which the bare progenitor crates copy")
        })
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(dir: &TempDir, rel: &str, contents: &str) -> Result<(), String> {
    let path = dir.path().join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))
}
