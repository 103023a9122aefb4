//! What a caller receives: responses by status code, and each body's schema.

use serde_json::Value;

use super::schemas::{SchemaDiff, body_schema};

/// A status code progenitor puts on the success side (`2xx`, `2XX`, `default`).
fn success(code: &str) -> bool {
    code.starts_with('2') || code == "default"
}

impl SchemaDiff<'_> {
    /// Responses removed and added, and each kept one's body. As oasdiff's
    /// `response-success-status-removed` (ERR) and `response-non-success-status-removed` (INFO):
    /// a removed success code is breaking (progenitor matches exact codes, so a server still
    /// answering it now fails with `Error::UnexpectedResponse` where the body decoded before, and
    /// removing the last one changes the method's success type); a removed error code only loses
    /// its typed body (the status still surfaces as an error), unless no error response with a body
    /// is left, which turns the method's `Error<types::…>` into `Error<()>`.
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
        let typed_error = |doc: &Value, res: &[(String, Value)]| {
            res.iter()
                .any(|(c, r)| !c.starts_with('2') && body_schema(doc, Some(r)).is_some())
        };
        let error_type_lost = typed_error(self.old_doc, &ores) && !typed_error(self.new_doc, &nres);
        for (code, oresp) in &ores {
            match nres.iter().find(|(c, _)| c == code) {
                None if success(code) => self.push(
                    format!("response {code} removed"),
                    true,
                    "a server still answering it now gets `Error::UnexpectedResponse` where the body decoded before",
                ),
                None if error_type_lost && body_schema(self.old_doc, Some(oresp)).is_some() => {
                    self.push(
                        format!("response {code} removed"),
                        true,
                        "no error response with a body is left: the method's `Error<types::…>` becomes `Error<()>`",
                    )
                }
                None => self.push(
                    format!("response {code} removed"),
                    false,
                    "the status still surfaces as an error, as `Error::UnexpectedResponse` without its typed body",
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
