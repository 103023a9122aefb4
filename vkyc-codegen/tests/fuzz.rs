//! Property tests: arbitrary bytes, arbitrary YAML and mutated real files fed to the status-table
//! loader and the overlay applier never panic; they either load or return diagnostics.
//!
//! Bounded for CI (256 cases per property by default). Longer runs:
//! `VKYC_FUZZ_CASES=100000 cargo test -p vkyc-codegen --test fuzz --release`.

use proptest::prelude::*;
use serde_json::Value;
use vkyc_codegen::{SourceFile, StatusTable};

fn cases() -> u32 {
    std::env::var("VKYC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn repo_file(rel: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(rel),
    )
    .expect("repository file")
}

/// Arbitrary JSON-shaped values, which serialize to arbitrary (valid) YAML.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "$", "$.a", "$..*", "$[", "1.0.0", "remove", "update", "target"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "overlay",
                    "info",
                    "title",
                    "version",
                    "actions",
                    "target",
                    "description",
                    "update",
                    "remove",
                    "schema_version",
                    "sources",
                    "phases",
                    "statuses",
                    "sub_statuses",
                    "code",
                    "status",
                    "phase",
                    "id",
                ])
                .prop_map(String::from),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A real file with a few bytes overwritten.
fn mutated(original: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = original.len();
    prop::collection::vec((0..len, any::<u8>()), 1..8).prop_map(move |edits| {
        let mut bytes = original.clone();
        for (i, b) in edits {
            bytes[i] = b;
        }
        bytes
    })
}

fn load_table(bytes: Vec<u8>) {
    if let Ok(file) = SourceFile::parse("spec/status-table.yaml", bytes) {
        let _ = StatusTable::load(&file);
    }
}

fn apply_overlay(bytes: Vec<u8>) {
    let yaml = repo_file("spec/vrs/2024-12-01/vkyc-get-status.yaml");
    let mut doc = SourceFile::parse("spec.yaml", yaml)
        .expect("vendored spec parses")
        .value;
    if let Ok(file) = SourceFile::parse("overlay.yaml", bytes) {
        let _ = vkyc_codegen::apply_overlay(&file, &mut doc);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn status_table_loader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        load_table(bytes);
    }

    #[test]
    fn status_table_loader_never_panics_on_yaml(v in value()) {
        load_table(serde_norway::to_string(&v).unwrap().into_bytes());
    }

    #[test]
    fn status_table_loader_never_panics_on_mutations(bytes in mutated(repo_file("spec/status-table.yaml"))) {
        load_table(bytes);
    }

    #[test]
    fn overlay_applier_never_panics_on_yaml(v in value()) {
        apply_overlay(serde_norway::to_string(&v).unwrap().into_bytes());
    }

    #[test]
    fn overlay_applier_never_panics_on_mutations(bytes in mutated(repo_file("spec/vrs/2024-12-01/overlay.yaml"))) {
        apply_overlay(bytes);
    }

    #[test]
    fn overlay_applier_never_panics_on_arbitrary_targets(target in "\\$[ -~]{0,24}", update in value()) {
        let overlay = serde_json::json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [{"target": target, "description": "fuzz", "update": update}],
        });
        apply_overlay(serde_norway::to_string(&overlay).unwrap().into_bytes());
    }
}
