//! `cargo xtask regen` end to end, on a copy of the repository's inputs and outputs in a temp dir.

mod common;

use std::fs;
use std::process::Output;

use common::{regen, snapshot, workspace};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn checked_in_tree_is_up_to_date_and_regen_is_a_no_op() {
    let ws = workspace();
    let check = regen(ws.path(), true);
    assert!(check.status.success(), "{}", stderr(&check));
    let before = snapshot(ws.path());
    let out = regen(ws.path(), false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
    assert_eq!(before, snapshot(ws.path()));
}

#[test]
fn changed_overlay_description_makes_check_fail_with_a_diff() {
    let ws = workspace();
    let overlay = ws.path().join("spec/vrs/2024-12-01/overlay.yaml");
    let text = fs::read_to_string(&overlay).unwrap();
    fs::write(
        &overlay,
        text.replacen("GET /vkyc only reads", "GET /vkyc merely reads", 1),
    )
    .unwrap();
    let before = snapshot(ws.path());
    let out = regen(ws.path(), true);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("stale: docs/api/vrs-2024-12-01.md"), "{err}");
    assert!(
        err.contains("+- `$.paths['/vkyc'].get`: GET /vkyc merely reads"),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask regen`"), "{err}");
    assert_eq!(before, snapshot(ws.path()), "--check wrote something");
    assert!(regen(ws.path(), false).status.success());
    assert!(regen(ws.path(), true).status.success());
}

#[test]
fn one_changed_byte_in_a_vendored_file_stops_regen_and_names_it() {
    let ws = workspace();
    let vendored = ws.path().join("spec/vrs/2024-12-01/vkyc-get-status.yaml");
    let mut bytes = fs::read(&vendored).unwrap();
    let i = bytes.iter().position(|b| *b == b'V').unwrap();
    bytes[i] = b'W';
    fs::write(&vendored, bytes).unwrap();
    let before = snapshot(ws.path());
    let out = regen(ws.path(), false);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("spec/vrs/2024-12-01/vkyc-get-status.yaml"),
        "{err}"
    );
    assert!(err.contains("no longer matches its SHA-256"), "{err}");
    assert!(
        err.contains("overlay.yaml"),
        "the message says where fixes belong: {err}"
    );
    assert_eq!(
        before,
        snapshot(ws.path()),
        "a failed regen wrote something"
    );
}

#[test]
fn removed_version_deletes_its_generated_files() {
    let ws = workspace();
    fs::remove_dir_all(ws.path().join("spec/ppi")).unwrap();
    let out = regen(ws.path(), false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !ws.path()
            .join("vkyc-generated/src/ppi/v2025_11_01.rs")
            .exists()
    );
    assert!(!ws.path().join("docs/api/ppi-2025-11-01.md").exists());
    assert!(
        ws.path()
            .join("vkyc-generated/examples/check_status.rs")
            .exists(),
        "hand-written files stay"
    );
    let cargo = fs::read_to_string(ws.path().join("vkyc-generated/Cargo.toml")).unwrap();
    assert!(!cargo.contains("ppi-2025-11-01"));
}

#[test]
fn a_new_version_directory_is_a_new_module_and_feature_with_no_code_change() {
    let ws = workspace();
    let (old, new) = (
        ws.path().join("spec/ppi/2025-11-01"),
        ws.path().join("spec/ppi/2026-03-01"),
    );
    common::copy_dir(&old, &new);
    for file in ["ppi-vkyc.yaml", "manifest.yaml"] {
        let text = fs::read_to_string(new.join(file))
            .unwrap()
            .replace("2025-11-01", "2026-03-01");
        fs::write(new.join(file), text).unwrap();
    }
    let out = regen(ws.path(), false);
    assert!(out.status.success(), "{}", stderr(&out));
    let module =
        fs::read_to_string(ws.path().join("vkyc-generated/src/ppi/v2026_03_01.rs")).unwrap();
    assert!(module.contains("pub const API_VERSION: &str = \"2026-03-01\";"));
    let family = fs::read_to_string(ws.path().join("vkyc-generated/src/ppi/mod.rs")).unwrap();
    assert!(
        family.contains("#[cfg(feature = \"ppi-2026-03-01\")]\npub mod v2026_03_01;"),
        "{family}"
    );
    let cargo = fs::read_to_string(ws.path().join("vkyc-generated/Cargo.toml")).unwrap();
    assert!(
        cargo.contains("ppi-2026-03-01 = []") && cargo.contains("\"ppi-2026-03-01\""),
        "{cargo}"
    );
    assert!(ws.path().join("docs/api/ppi-2026-03-01.md").exists());
    assert!(
        fs::read_to_string(ws.path().join("docs/README.md"))
            .unwrap()
            .contains("`vkyc_generated::ppi::v2026_03_01`")
    );
}
