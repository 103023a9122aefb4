//! The project-local tools installed by `scripts/setup-tools.sh`. A missing tool fails the test with
//! the command to run, unless its skip variable is set to `1` explicitly.

use std::path::{Path, PathBuf};

/// The workspace root (the root package's directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Set to `1` to skip the Prism tests on a machine without Node.js (they are never skipped silently).
pub const SKIP_PRISM: &str = "VKYC_SKIP_PRISM";
/// Set to `1` to skip the openapi-spec-validator test on a machine without Python.
pub const SKIP_SPEC_VALIDATOR: &str = "VKYC_SKIP_SPEC_VALIDATOR";
/// Set to `1` to skip the Mermaid parser test on a machine without Node.js.
pub const SKIP_MERMAID: &str = "VKYC_SKIP_MERMAID";

/// `<root>/.prism/node_modules/.bin/prism`, or `None` when it is absent and `VKYC_SKIP_PRISM=1`.
/// Panics when it is absent and the tests were not told to skip.
/// Also panics when the installed Prism is not the version pinned in `.prism-package.json`.
pub fn prism() -> Option<PathBuf> {
    let bin = require(
        &root().join(".prism/node_modules/.bin/prism"),
        "Prism",
        SKIP_PRISM,
    )?;
    let version_of = |path: &Path, pointer: &str| -> Option<String> {
        let text = std::fs::read_to_string(path).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        json.pointer(pointer)?.as_str().map(str::to_owned)
    };
    let pinned = version_of(
        &root().join(".prism-package.json"),
        "/dependencies/@stoplight~1prism-cli",
    )
    .expect(".prism-package.json pins @stoplight/prism-cli");
    let installed = version_of(
        &root().join(".prism/node_modules/@stoplight/prism-cli/package.json"),
        "/version",
    );
    assert_eq!(
        installed.as_deref(),
        Some(pinned.as_str()),
        "the Prism in .prism/ is not the version pinned in .prism-package.json; run          `scripts/setup-tools.sh`"
    );
    Some(bin)
}

/// `<root>/.venv/bin/openapi-spec-validator`, or `None` when absent and `VKYC_SKIP_SPEC_VALIDATOR=1`.
pub fn spec_validator() -> Option<PathBuf> {
    require(
        &root().join(".venv/bin/openapi-spec-validator"),
        "openapi-spec-validator",
        SKIP_SPEC_VALIDATOR,
    )
}

/// `<root>/.mermaid/node_modules/mermaid/package.json` (Mermaid's parser, run through
/// `scripts/check-mermaid.mjs`), or `None` when absent and `VKYC_SKIP_MERMAID=1`.
pub fn mermaid() -> Option<PathBuf> {
    require(
        &root().join(".mermaid/node_modules/mermaid/package.json"),
        "Mermaid's parser",
        SKIP_MERMAID,
    )
}

fn require(path: &Path, what: &str, skip_var: &str) -> Option<PathBuf> {
    if path.is_file() {
        return Some(path.to_owned());
    }
    if std::env::var(skip_var).as_deref() == Ok("1") {
        eprintln!(
            "SKIPPED: {what} is not installed at {} and {skip_var}=1 is set",
            path.display()
        );
        return None;
    }
    panic!(
        "{what} is not installed at {}.\n\
         Run `scripts/setup-tools.sh` from the repository root (it installs Prism into .prism/, \
         mermaid into .mermaid/ and openapi-spec-validator into .venv/), then run the tests again.\n\
         To skip these tests on a machine that cannot run them, set {skip_var}=1 explicitly.",
        path.display()
    );
}
