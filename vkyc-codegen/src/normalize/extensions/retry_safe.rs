//! `x-vkyc-retry-safe: true` on an operation: repeating the call has no further effect, so the
//! runtime may retry it after a transient failure. Unmarked operations are never retried.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Extension, marked_operations};
use crate::error::Diagnostic;
use crate::normalize::provenance::Provenance;

/// The extension's key.
pub const RETRY_SAFE: &str = "x-vkyc-retry-safe";

const NOT_A_BOOLEAN: &str = "x-vkyc-retry-safe must be `true` or `false`";
const NOT_A_BOOLEAN_HELP: &str =
    "write `x-vkyc-retry-safe: true` on an operation that may be repeated, or remove the mark";

pub const EXTENSION: Extension = Extension {
    name: RETRY_SAFE,
    on: "an operation (`paths.<path>.<method>`)",
    shape: "`true` or `false` (absent means `false`)",
    generates: "the operation's snake_case name in the module's `RETRY_SAFE_OPERATIONS`; the runtime \
                retries only those operations on a timeout, a connection error, 429 or 5xx",
    example: "x-vkyc-retry-safe: true",
    errors: &[(NOT_A_BOOLEAN, NOT_A_BOOLEAN_HELP)],
};

/// The operations marked [`RETRY_SAFE`] as progenitor names them (snake_case), in name order.
pub(crate) fn collect(
    prov: &Provenance,
    doc: &Value,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut out = BTreeSet::new();
    for marked in marked_operations(doc, RETRY_SAFE) {
        match marked.mark.as_bool() {
            Some(true) => {
                out.insert(marked.method_name);
            }
            Some(false) => {}
            None => problems.push(prov.error_at_node(
                &format!("{}/{RETRY_SAFE}", marked.pointer),
                NOT_A_BOOLEAN,
                NOT_A_BOOLEAN_HELP,
            )),
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_support::{error, golden};
    use super::*;

    #[test]
    fn collects_marked_operations_and_refuses_a_mark_that_is_not_a_boolean() {
        let (v, doc) = golden("lookup-by-query");
        let normalized = crate::normalize::normalize(&v, doc.clone()).unwrap();
        assert_eq!(normalized.retry_safe, ["get_status"]);
        let mut doc = doc;
        doc["paths"]["/status"]["get"][RETRY_SAFE] = json!("yes");
        let err = error(&v, doc);
        assert!(err.contains(NOT_A_BOOLEAN), "{err}");
        assert!(
            err.contains("/paths/~1status/get/x-vkyc-retry-safe"),
            "{err}"
        );
        assert!(err.contains("overlay.yaml"), "{err}");
    }
}
