//! The `## Operations` table at the top of an API page.

use heck::ToSnakeCase;
use serde_json::Value;

use super::yes_no;
use crate::walk;

/// One row per operation: route, Rust method, retried, the status lookup, deprecated.
pub(super) fn operations_table(api: &crate::Api) -> String {
    let mut s = String::from(
        "## Operations\n\n| operation | Rust method | retried | notes |\n|---|---|---|---|\n",
    );
    for (path, method, op) in walk::operations(&api.normalized.doc) {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let rust = id.to_snake_case();
        let mut notes = Vec::new();
        if api
            .normalized
            .status_lookup
            .as_ref()
            .is_some_and(|l| l.operation == rust)
        {
            notes.push("status lookup used by `wait_for_terminal`".to_owned());
        }
        if op.get("deprecated").and_then(Value::as_bool) == Some(true) {
            notes.push("**deprecated**".to_owned());
        }
        s.push_str(&format!(
            "| `{} {path}` | `client.{rust}()` | {} | {} |\n",
            method.to_uppercase(),
            yes_no(api.normalized.retry_safe.contains(&rust)),
            notes.join("; ")
        ));
    }
    s.push('\n');
    s
}
