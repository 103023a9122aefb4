//! What a caller receives: responses by status code, and each body's schema.

use serde_json::Value;

use super::schemas::{SchemaDiff, body_schema};

impl SchemaDiff<'_> {
    /// Responses removed (breaking unless a success code) and added, and each kept one's body.
    pub(super) fn responses(&mut self, old_op: &Value, new_op: &Value) {
        let responses = |op: &Value| -> Vec<(String, Value)> {
            op.get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let (ores, nres) = (responses(old_op), responses(new_op));
        for (code, oresp) in &ores {
            match nres.iter().find(|(c, _)| c == code) {
                None => self.push(
                    format!("response {code} removed"),
                    !code.starts_with('2'),
                    "handled as an unexpected response",
                ),
                Some((_, nresp)) => {
                    if let (Some(os), Some(ns)) = (
                        body_schema(self.old_doc, Some(oresp)),
                        body_schema(self.new_doc, Some(nresp)),
                    ) {
                        self.compare(&format!("response {code}"), os, ns, (true, true), 0);
                    }
                }
            }
        }
        for (code, _) in nres
            .iter()
            .filter(|(c, _)| !ores.iter().any(|(oc, _)| oc == c))
        {
            self.push(
                format!("response {code} added"),
                false,
                "a documented response; nothing to change",
            );
        }
    }
}
