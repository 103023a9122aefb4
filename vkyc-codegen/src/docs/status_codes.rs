//! `docs/status-codes.md`: every status and sub-status of the status table by phase, with the flow
//! chart ([`flowchart`]), the codes seen but undocumented, and the sources quoted.

use super::{Names, cell, flowchart, header, yes_no};
use crate::load::status_table::{Cited, FAMILIES, Field, StatusTable, SubStatus};

/// The page, as Markdown.
pub(super) fn page(table_path: &str, table: &StatusTable, names: &Names) -> String {
    let mut s = header(&[table_path.to_owned()]);
    s.push_str("# VKYC status codes\n\n");
    s.push_str(&format!(
        "Every `status` / `sub_status` Cashfree documents for Video KYC, grouped by phase. Descriptions and actions are \
         quoted from each source, named by title (see [Sources](#sources)); **terminal** and **outcome** are vkyc's own \
         judgement, not Cashfree's, with the reason in `spec/status-table.yaml`. In Rust: \
         `{}::status::{{Status, SubStatus}}`.\n\n",
        names.modules
    ));
    s.push_str(&flowchart::flowchart(table));
    s.push_str("## Statuses\n\n| status | terminal | families | phase | meaning |\n|---|---|---|---|---|\n");
    for st in &table.statuses {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            st.code,
            yes_no(status_is_terminal(table, &st.code)),
            st.families.join(", "),
            st.phase,
            cell(&st.description),
        ));
    }
    for phase in &table.phases {
        let subs: Vec<&SubStatus> = table
            .sub_statuses
            .iter()
            .filter(|x| x.phase == phase.id)
            .collect();
        if subs.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "\n## {} (`{}`)\n\n{}\n\n",
            phase.title, phase.id, phase.description
        ));
        s.push_str("| sub_status | terminal | outcome | families | status | description (per source) | recommended action (per source) |\n|---|---|---|---|---|---|---|\n");
        for sub in subs {
            let cited = |items: &[Cited]| {
                items
                    .iter()
                    .map(|c| format!("{} *({})*", cell(&c.text), source_title(table, &c.source)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | `{}` | {} | {} |\n",
                sub.code,
                yes_no(sub.judgement.terminal),
                sub.judgement.outcome.id(),
                sub.families.join(", "),
                sub.status,
                cited(&sub.descriptions),
                cited(&sub.recommended_actions),
            ));
        }
    }
    if !table.undocumented.is_empty() {
        s.push_str("\n## Seen but undocumented\n\n| field | value | families | note |\n|---|---|---|---|\n");
        for u in &table.undocumented {
            let field = match u.field {
                Field::Status => "status",
                Field::SubStatus => "sub_status",
            };
            s.push_str(&format!(
                "| {field} | `{}` | {} | {} |\n",
                u.value,
                u.families.join(", "),
                cell(&u.note)
            ));
        }
    }
    s.push_str("\n## Sources\n\n");
    for src in &table.sources {
        s.push_str(&format!(
            "- **{}** ({}; `{}`): <{}>, copied as `{}`\n",
            src.title,
            src.families.join(", "),
            src.id,
            src.url,
            src.path
        ));
    }
    s
}

fn source_title<'a>(table: &'a StatusTable, id: &'a str) -> &'a str {
    table.source(id).map_or(id, |src| src.title.as_str())
}

/// A status is terminal when every sub-status under it is (the generated `Status::is_terminal`).
pub(super) fn status_is_terminal(table: &StatusTable, code: &str) -> bool {
    let mut subs = table
        .sub_statuses
        .iter()
        .filter(|x| x.status == code)
        .peekable();
    subs.peek().is_some() && subs.all(|x| x.judgement.terminal)
}

/// `(PPI only)` for a code that not every family documents.
pub(super) fn family_note(families: &[String]) -> String {
    if families.len() >= FAMILIES.len() {
        String::new()
    } else {
        let names: Vec<String> = families.iter().map(|f| f.to_uppercase()).collect();
        format!(" ({} only)", names.join(", "))
    }
}
