//! Every effective spec (after merge and overlay) and every normalized spec (what progenitor is
//! given) is a valid OpenAPI document according to `openapi-spec-validator`, an independent
//! validator installed by `scripts/setup-tools.sh` into `.venv/`. Without it this test fails and says
//! so, unless `VKYC_SKIP_SPEC_VALIDATOR=1` is set.

mod support;

use std::process::Command;

use support::{spec, tools};
use vkyc_codegen::Config;

#[test]
fn every_effective_and_normalized_spec_passes_openapi_spec_validator() {
    let Some(validator) = tools::spec_validator() else {
        return;
    };
    let ws = Config::new(tools::root())
        .load()
        .unwrap_or_else(|e| panic!("the spec inputs do not load:\n{e}"));
    assert!(!ws.apis.is_empty(), "Config::load found no API version");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    let mut validated = 0;
    for api in &ws.apis {
        let v = &api.version;
        for (stage, doc) in [
            ("effective", &api.effective),
            ("normalized", &api.normalized.doc),
        ] {
            let path = spec::write_json(
                dir.path(),
                &format!("{}-{}.{stage}.json", v.family, v.version),
                doc,
            );
            let out = Command::new(&validator)
                .arg(&path)
                .output()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.display()));
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if out.status.success() {
                validated += 1;
                eprintln!("{} {stage}: {}", v.dir, text.trim());
            } else {
                failures.push(format!(
                    "{} ({stage} spec, written to {}): openapi-spec-validator exited with {}:\n{}",
                    v.dir,
                    path.display(),
                    out.status,
                    text.trim()
                ));
            }
        }
    }
    if !failures.is_empty() {
        // Keep the files for inspection.
        let kept = dir.keep();
        panic!(
            "{} spec(s) failed openapi-spec-validator (files kept in {}):\n\n{}",
            failures.len(),
            kept.display(),
            failures.join("\n\n")
        );
    }
    assert_eq!(validated, ws.apis.len() * 2);
}
