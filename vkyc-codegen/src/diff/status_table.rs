//! Status and sub-status codes added to or removed from `spec/status-table.yaml`.

use std::collections::BTreeSet;

use super::{Change, change};
use crate::load::status_table::StatusTable;

/// Status-table codes added or removed.
pub fn diff_tables(old: &StatusTable, new: &StatusTable) -> Vec<Change> {
    let mut changes = Vec::new();
    let codes = |t: &StatusTable| -> (BTreeSet<String>, BTreeSet<String>) {
        (
            t.statuses.iter().map(|s| s.code.clone()).collect(),
            t.sub_statuses.iter().map(|s| s.code.clone()).collect(),
        )
    };
    let ((os, osub), (ns, nsub)) = (codes(old), codes(new));
    for (kind, o, n) in [("status", &os, &ns), ("sub-status", &osub, &nsub)] {
        for c in o.difference(n) {
            changes.push(change(
                "status table",
                format!("{kind} `{c}` removed"),
                true,
                "its enum variant is gone",
            ));
        }
        for c in n.difference(o) {
            changes.push(change(
                "status table",
                format!("{kind} `{c}` added"),
                false,
                "the enums are open and `#[non_exhaustive]`: existing matches still compile",
            ));
        }
    }
    changes
}
