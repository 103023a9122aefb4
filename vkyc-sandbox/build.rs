//! Embeds what the sandbox serves: the effective (merged, overlaid) spec of every version under
//! `spec/` and the status table, loaded by vkyc-codegen exactly as for the client, into
//! `$OUT_DIR/model.json`.
//!
//! At build time rather than at start-up: the sandbox then starts in milliseconds without reading
//! YAML, runs from any directory, and takes no YAML or progenitor code into its binary. A new
//! directory under `spec/` reruns this script (cargo watches the whole directory), so it is served
//! without code changes.

use std::path::Path;

use serde_json::{Value, json};

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("..");
    println!("cargo::rerun-if-changed={}", root.join("spec").display());
    let workspace = match vkyc_codegen::Config::new(&root).load() {
        Ok(workspace) => workspace,
        Err(e) => {
            // The same messages as `cargo xtask regen`: each names the file, line and fix.
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let table = &workspace.table;
    let model = json!({
        "phases": table.phases.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
        "sub_statuses": table.sub_statuses.iter().map(|s| json!({
            "code": s.code,
            "status": s.status,
            "phase": s.phase,
            "families": s.families,
            "terminal": s.judgement.terminal,
            "outcome": s.judgement.outcome.id(),
        })).collect::<Vec<Value>>(),
        "apis": workspace.apis.iter().map(|api| json!({
            "family": api.version.family,
            "version": api.version.version,
            "spec": api.effective,
        })).collect::<Vec<Value>>(),
    });
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("model.json");
    let text = serde_json::to_string(&model).expect("JSON values serialize");
    if std::fs::read_to_string(&out).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&out, text).expect("write model.json into OUT_DIR");
    }
}
