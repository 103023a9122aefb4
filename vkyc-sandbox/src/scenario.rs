//! Where a verification goes: a path of sub-statuses through the status table's phases, ending at
//! the terminal sub-status the test chose.
//!
//! The path is derived from `spec/status-table.yaml` alone. Walking the phases in the table's
//! order, each phase contributes the scenario's own sub-status if it pins one there, else the
//! phase's first `in_progress` sub-status of the family (phases without one, such as expiry and
//! failure, are passed over); the walk ends at the first terminal sub-status.

use crate::model::{Model, SubStatus};

/// Scenario names and the sub-statuses each pins. Any terminal sub-status code (e.g.
/// `AUDITOR_REJECTED`) is a scenario too, pinning itself.
pub const SCENARIOS: &[(&str, &[&str])] = &[
    ("approved", &["AUDITOR_APPROVED"]),
    ("auditor_rejected", &["AUDITOR_REJECTED"]),
    // The status table judges the agent's rejection final; were it not, the auditor would confirm it.
    ("agent_rejected", &["AGENT_REJECTED", "AUDITOR_REJECTED"]),
    ("agent_unable_to_validate", &["AGENT_UNABLE_TO_VALIDATE"]),
    ("expired", &["VKYC_EXPIRED"]),
    ("technical_failure", &["TECHNICAL_ERROR"]),
    ("insufficient_balance", &["INSUFFICIENT_BALANCE"]),
];

/// The scenario a verification id asks for by its ending: `-approved`, `_agent_rejected`,
/// `.expired`… (like a test card number). `None` when it names none.
pub fn from_id(verification_id: &str) -> Option<&'static str> {
    let id = verification_id.to_ascii_lowercase();
    SCENARIOS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| {
            id.strip_suffix(name)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(['-', '_', '.']))
        })
        .max_by_key(|name| name.len())
}

/// The path of `scenario` (a name above or a terminal sub-status code) for `family`.
pub fn path(model: &Model, family: &str, scenario: &str) -> Result<Vec<SubStatus>, String> {
    let pins: Vec<&str> = match SCENARIOS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(scenario))
    {
        Some((_, pins)) => pins.to_vec(),
        None => match model.sub_status(&scenario.to_ascii_uppercase()) {
            Some(s) if s.terminal => vec![s.code.as_str()],
            _ => {
                let names: Vec<&str> = SCENARIOS.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "unknown outcome `{scenario}`: use one of {} or a terminal sub_status",
                    names.join(", ")
                ));
            }
        },
    };
    let of_family = |s: &&SubStatus| s.families.iter().any(|f| f == family);
    for pin in &pins {
        if !model
            .sub_statuses
            .iter()
            .filter(of_family)
            .any(|s| s.code == *pin)
        {
            return Err(format!(
                "outcome `{scenario}` needs sub_status {pin}, which the status table does not document for {family}"
            ));
        }
    }
    let mut path = Vec::new();
    for phase in &model.phases {
        let in_phase: Vec<&SubStatus> = model
            .sub_statuses
            .iter()
            .filter(of_family)
            .filter(|s| &s.phase == phase)
            .collect();
        let step = in_phase
            .iter()
            .find(|s| pins.contains(&s.code.as_str()))
            .or_else(|| {
                in_phase
                    .iter()
                    .find(|s| s.outcome == "in_progress" && !s.terminal)
            });
        if let Some(step) = step {
            path.push((*step).clone());
            if step.terminal {
                return Ok(path);
            }
        }
    }
    Err(format!(
        "outcome `{scenario}` reaches no terminal sub_status for {family}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every terminal sub-status of the table is reachable in each family it is documented for,
    /// both by its code and by a scenario name.
    #[test]
    fn every_terminal_sub_status_is_reachable() {
        let model = Model::embedded().unwrap();
        for terminal in model.sub_statuses.iter().filter(|s| s.terminal) {
            for family in &terminal.families {
                let path = path(&model, family, &terminal.code).unwrap();
                assert_eq!(path.last(), Some(terminal), "{family}");
                let named = SCENARIOS.iter().any(|(name, _)| {
                    path_ends(&model, family, name).as_deref() == Some(terminal.code.as_str())
                });
                assert!(
                    named,
                    "no scenario name reaches {} in {family}",
                    terminal.code
                );
            }
        }
    }

    fn path_ends(model: &Model, family: &str, scenario: &str) -> Option<String> {
        path(model, family, scenario)
            .ok()?
            .last()
            .map(|s| s.code.clone())
    }

    #[test]
    fn ids_name_their_scenario_by_their_ending() {
        assert_eq!(from_id("order-7-agent_rejected"), Some("agent_rejected"));
        assert_eq!(from_id("X.AUDITOR_REJECTED"), Some("auditor_rejected"));
        assert_eq!(from_id("expired"), Some("expired"));
        assert_eq!(from_id("notexpired"), None);
        assert_eq!(from_id("v-1"), None);
    }
}
