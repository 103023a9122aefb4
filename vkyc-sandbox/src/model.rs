//! What the sandbox serves: the effective spec of every version and the status table, embedded at
//! build time by `build.rs` from the same inputs as the client.

use serde::Deserialize;
use serde_json::Value;

const EMBEDDED: &str = include_str!(concat!(env!("OUT_DIR"), "/model.json"));

#[derive(Debug, Deserialize)]
pub struct Model {
    /// Phase ids in the table's order, which is the flow's order.
    pub phases: Vec<String>,
    pub sub_statuses: Vec<SubStatus>,
    pub apis: Vec<ApiSpec>,
}

/// One row of `spec/status-table.yaml`'s `sub_statuses`, with vkyc's judgement.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SubStatus {
    pub code: String,
    pub status: String,
    pub phase: String,
    pub families: Vec<String>,
    pub terminal: bool,
    /// `in_progress`, `user_action_needed`, `approved`, `rejected`, `failed` or `expired`.
    pub outcome: String,
}

/// One `spec/<family>/<version>/`, after merge and overlay.
#[derive(Debug, Deserialize)]
pub struct ApiSpec {
    pub family: String,
    pub version: String,
    pub spec: Value,
    /// Where each `x-vkyc-sandbox-role` mark is written (`file:line`), by operation pointer.
    #[serde(default)]
    pub role_marks: std::collections::BTreeMap<String, String>,
}

impl Model {
    pub fn embedded() -> Result<Self, String> {
        serde_json::from_str(EMBEDDED).map_err(|e| format!("the embedded model is unreadable: {e}"))
    }

    pub fn families(&self) -> Vec<&str> {
        let mut families: Vec<&str> = self.apis.iter().map(|a| a.family.as_str()).collect();
        families.dedup();
        families
    }

    pub fn sub_status(&self, code: &str) -> Option<&SubStatus> {
        self.sub_statuses.iter().find(|s| s.code == code)
    }
}

/// Follows `$ref` (local JSON pointers only, as vkyc-codegen guarantees) until a node without one.
pub fn resolve<'a>(spec: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference.strip_prefix('#').and_then(|p| spec.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}
