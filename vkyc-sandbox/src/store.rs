//! The sandbox's memory: users and verifications per family, and where each verification is on
//! its path.

use std::collections::HashMap;
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::model::SubStatus;

/// One verification created by an initiate call.
#[derive(Clone, Debug)]
pub struct Verification {
    pub family: String,
    /// The version it was created with (an index into the model's specs): its webhooks follow that
    /// version's webhook spec.
    pub spec_index: usize,
    /// Whose client secret signs its webhooks.
    pub client_id: String,
    pub scenario: String,
    /// Every field Cashfree reports about it, by name (the response schemas pick theirs).
    pub fields: Map<String, Value>,
    pub path: Vec<SubStatus>,
    pub step: usize,
    /// When the current step was reached, for the clock.
    pub since: Instant,
}

impl Verification {
    pub fn current(&self) -> &SubStatus {
        &self.path[self.step]
    }

    pub fn is_terminal(&self) -> bool {
        self.step + 1 >= self.path.len()
    }

    /// Sets `status`, `sub_status` and what goes with the phase reached (remarks, recording).
    pub fn apply_step(&mut self, base_url: &str) {
        self.since = Instant::now();
        let current = self.current().clone();
        let id = self
            .fields
            .get("verification_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        self.fields.insert("status".into(), json!(current.status));
        self.fields.insert("sub_status".into(), json!(current.code));
        match current.phase.as_str() {
            "agent_review" => {
                self.fields.insert(
                    "recording_link".into(),
                    json!(format!("{base_url}/_sandbox/verifications/{id}?recording")),
                );
                self.fields.insert(
                    "agent_remarks".into(),
                    json!(format!("Sandbox agent: {}", current.code)),
                );
            }
            "auditor_review" => {
                self.fields.insert(
                    "auditor_remarks".into(),
                    json!(format!("Sandbox auditor: {}", current.code)),
                );
            }
            _ => {}
        }
    }

    /// What `GET /_sandbox/verifications/{id}` shows.
    pub fn describe(&self) -> Value {
        json!({
            "family": self.family,
            "scenario": self.scenario,
            "step": self.step,
            "terminal": self.is_terminal(),
            "path": self.path.iter().map(|s| format!("{}/{}", s.status, s.code)).collect::<Vec<_>>(),
            "fields": self.fields,
        })
    }
}

#[derive(Debug, Default)]
pub struct Store {
    /// By (family, verification_id).
    pub verifications: HashMap<(String, String), Verification>,
    /// By (family, user_id): the user's fields.
    pub users: HashMap<(String, String), Map<String, Value>>,
    next_id: i64,
}

impl Store {
    /// A fresh Cashfree-side id (reference_id, user_reference_id…), counting from 10001.
    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        10_000 + self.next_id
    }

    /// The verifications of any family with this id.
    pub fn by_id(&self, verification_id: &str, family: Option<&str>) -> Vec<&Verification> {
        self.verifications
            .iter()
            .filter(|((f, id), _)| id == verification_id && family.is_none_or(|want| want == f))
            .map(|(_, v)| v)
            .collect()
    }
}
