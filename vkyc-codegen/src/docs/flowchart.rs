//! The Mermaid flow chart of `docs/status-codes.md`.

use super::status_codes::{family_note, status_is_terminal};
use crate::load::status_table::{Outcome, StatusTable, SubStatus};

/// The Mermaid flowchart: boxes are the `status` values the API returns, in flow order, with the
/// terminal `sub_status` values that end each; paths that only one family documents say so.
pub(super) fn flowchart(table: &StatusTable) -> String {
    let mut s = String::from("## Flow\n\n```mermaid\nflowchart LR\n");
    s.push_str("    start((\"request sent\"))\n");
    // A phase whose codes all end the verification as expired or failed interrupts any step.
    let interrupts = |phase: &str| {
        let mut codes = table
            .sub_statuses
            .iter()
            .filter(|x| x.phase == phase)
            .peekable();
        codes.peek().is_some()
            && codes.all(|x| {
                x.judgement.terminal
                    && matches!(x.judgement.outcome, Outcome::Expired | Outcome::Failed)
            })
    };
    let first_phase = table.phases.first().map(|p| p.id.as_str());
    let mut previous = "start".to_owned();
    let mut any_step = false;
    for st in &table.statuses {
        let note = family_note(&st.families);
        let label = if note.is_empty() {
            String::new()
        } else {
            format!("|\"{}\"|", note.trim().trim_matches(['(', ')']))
        };
        s.push_str(&format!("    {}[\"status: {}{note}\"]\n", st.code, st.code));
        if interrupts(&st.phase) {
            if !any_step {
                s.push_str("    any_step((\"any step\"))\n");
                any_step = true;
            }
            s.push_str(&format!("    any_step -.->{label} {}\n", st.code));
        } else if Some(st.phase.as_str()) == first_phase {
            s.push_str(&format!("    start -->{label} {}\n", st.code));
            if !status_is_terminal(table, &st.code) {
                previous = st.code.clone();
            }
        } else {
            s.push_str(&format!("    {previous} -->{label} {}\n", st.code));
            previous = st.code.clone();
        }
    }
    for sub in table.sub_statuses.iter().filter(|x| x.judgement.terminal) {
        s.push_str(&format!(
            "    {} --> end_{}([\"sub_status: {}{}<br/>terminal, {}\"])\n",
            sub.status,
            sub.code,
            sub.code,
            family_note(&sub.families),
            sub.judgement.outcome.id()
        ));
    }
    s.push_str(
        "```\n\nBoxes are the `status` values the API returns, in flow order; rounded boxes are the terminal \
         `sub_status` values, each beside its status. Dotted: interruptions that can end any step. A path marked \
         with a family is documented by that family only. A verification need not pass every status.",
    );
    for (terminal, other) in look_alikes(table) {
        s.push_str(&format!(
            " Only `{}` (status `{}`) ends a verification; `{}` (status `{}`) does not.",
            terminal.code, terminal.status, other.code, other.status
        ));
    }
    s.push_str("\n\n");
    s
}

/// Terminal and non-terminal sub-statuses of two words that share the first, under different
/// statuses (`TECHNICAL_ERROR` and `TECHNICAL_FAILURE`): easy to mistake for each other.
fn look_alikes(table: &StatusTable) -> Vec<(&SubStatus, &SubStatus)> {
    let words = |s: &SubStatus| s.code.split('_').map(str::to_owned).collect::<Vec<_>>();
    let mut pairs = Vec::new();
    for t in table.sub_statuses.iter().filter(|x| x.judgement.terminal) {
        for o in table.sub_statuses.iter().filter(|x| !x.judgement.terminal) {
            let (tw, ow) = (words(t), words(o));
            if tw.len() == 2 && ow.len() == 2 && tw[0] == ow[0] && t.status != o.status {
                pairs.push((t, o));
            }
        }
    }
    pairs
}
