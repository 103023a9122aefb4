//! Embeds what the sandbox serves: the effective (merged, overlaid) spec of every version under
//! `spec/` and the status table, loaded by vkyc-codegen exactly as for the client, into
//! `$OUT_DIR/model.json`.
//!
//! At build time rather than at start-up: the sandbox then starts in milliseconds without reading
//! YAML, runs from any directory, and takes no YAML or progenitor code into its binary. A new
//! directory under `spec/` reruns this script (cargo watches the whole directory), so it is served
//! without code changes.

use std::path::Path;

use serde_json::{Map, Value, json};
use vkyc_codegen::walk;

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
            "role_marks": role_marks(api),
        })).collect::<Vec<Value>>(),
    });
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("model.json");
    let text = serde_json::to_string(&model).expect("JSON values serialize");
    if std::fs::read_to_string(&out).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&out, text).expect("write model.json into OUT_DIR");
    }
}

/// Where each operation's `x-vkyc-sandbox-role` mark is written, by the operation's pointer:
/// `file:line` (the spec file that has it, else the overlay action that sets it), so that the
/// sandbox's error for an unknown role names the line to edit.
fn role_marks(api: &vkyc_codegen::Api) -> Value {
    const MARK: &str = "x-vkyc-sandbox-role";
    let dir = &api.version;
    let mut marks = Map::new();
    for (path, method, op) in walk::operations(&api.effective) {
        let Some(role) = op.get(MARK) else { continue };
        let pointer = walk::operation_pointer(path, method);
        let in_spec = walk::child(&pointer, MARK);
        let spec = dir
            .specs
            .iter()
            .find(|s| s.value.pointer(&in_spec) == Some(role))
            .map(|s| (s, in_spec.clone()));
        let overlay = || {
            let overlay = dir.overlay.as_ref()?;
            let actions = overlay.value.get("actions")?.as_array()?;
            let i = actions
                .iter()
                .rposition(|a| a.pointer(&format!("/update/{MARK}")) == Some(role))?;
            Some((overlay, format!("/actions/{i}/update/{MARK}")))
        };
        let place = match spec.or_else(overlay) {
            Some((file, at)) => match file.line_of(&at) {
                Some(line) => format!("{}:{line}", file.path),
                None => file.path.clone(),
            },
            None => dir.dir.clone(),
        };
        marks.insert(pointer, Value::String(place));
    }
    Value::Object(marks)
}
