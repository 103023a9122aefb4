//! The `x-vkyc-*` extensions a spec or overlay may carry, one module each: it owns the extension's
//! parsing, its checks and its error messages, and describes itself ([`Extension`]) for
//! `docs/extensions.md`, which `cargo xtask regen` writes from [`ALL`] so the page cannot drift.

pub mod idempotency_key;
pub mod known_values;
pub mod lenient;
pub mod retry_safe;
pub mod status_lookup;
pub mod webhook_events;

use heck::ToSnakeCase;
use serde_json::Value;

use crate::walk;

/// What `docs/extensions.md` says about one extension.
#[derive(Debug)]
pub struct Extension {
    /// The key, e.g. `x-vkyc-retry-safe`.
    pub name: &'static str,
    /// Where in a spec it may appear.
    pub on: &'static str,
    /// The shape of its value.
    pub shape: &'static str,
    /// What the generator makes of it.
    pub generates: &'static str,
    /// A YAML example, as written in a spec or an overlay action's `update`.
    pub example: &'static str,
    /// The errors a wrong use gets, as `(message, help)` (placeholders in `<>`); every error also
    /// names the file and JSON pointer.
    pub errors: &'static [(&'static str, &'static str)],
}

/// Every extension, in the order the page lists them.
pub const ALL: [&Extension; 6] = [
    &retry_safe::EXTENSION,
    &status_lookup::EXTENSION,
    &webhook_events::EXTENSION,
    &idempotency_key::EXTENSION,
    &known_values::EXTENSION,
    &lenient::EXTENSION,
];

/// An operation that carries an operation-level extension.
pub(super) struct Marked<'a> {
    /// The operation's JSON pointer.
    pub pointer: String,
    /// Its `operationId`, snake_case as progenitor names the method.
    pub method_name: String,
    /// The operation.
    pub op: &'a Value,
    /// The extension's value.
    pub mark: &'a Value,
}

/// Every operation that has an `operationId` (the checks report those without) and carries
/// `key`, in walk order.
pub(super) fn marked_operations<'a>(
    doc: &'a Value,
    key: &'a str,
) -> impl Iterator<Item = Marked<'a>> {
    walk::operations(doc).filter_map(move |(path, method, op)| {
        Some(Marked {
            pointer: walk::operation_pointer(path, method),
            method_name: op.get("operationId")?.as_str()?.to_snake_case(),
            op,
            mark: op.get(key)?,
        })
    })
}

/// `[{<key>: ..., description: ...}, ...]` as `(key, description)` pairs; `None` unless every entry
/// has both as strings.
pub(super) fn described(list: &Value, key: &str) -> Option<Vec<(String, String)>> {
    list.as_array()?
        .iter()
        .map(|e| {
            let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
            Some((text(key)?, text("description")?))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Small synthetic inputs for the extension tests: the golden specs, never the live `spec/`.

    use serde_json::Value;

    use crate::load::layout::VersionDir;

    /// The golden case `case` (`vkyc-codegen/tests/golden/<case>`) after merge and overlay:
    /// (directory, document).
    pub(crate) fn golden(case: &str) -> (VersionDir, Value) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
        let mut config = crate::Config::new(root);
        config
            .spec_dir(format!("{case}/spec"))
            .status_table("status-table.yaml");
        let api = config.load().unwrap().apis.remove(0);
        (api.version, api.effective)
    }

    /// The error `normalize` gives `doc` (which must fail), as text.
    pub(crate) fn error(version: &VersionDir, doc: Value) -> String {
        crate::normalize::normalize(version, doc)
            .unwrap_err()
            .to_string()
    }
}
