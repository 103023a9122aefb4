//! `x-vkyc-known-values` on a string property: the values Cashfree documents for an open-ended
//! field (e.g. template names). Each becomes a named constant; the field keeps accepting any
//! string.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Extension, described};
use crate::error::Diagnostic;
use crate::normalize::provenance::Provenance;
use crate::walk;

/// The extension's key; its value is `[{value, description}, ...]`.
pub const KNOWN_VALUES: &str = "x-vkyc-known-values";

const MISPLACED: &str = "x-vkyc-known-values must be on a `type: string` property and list distinct values, each with a description";
const DIFFERENT: &str = "lists different x-vkyc-known-values in two places";

const MISPLACED_HELP: &str =
    "e.g. `x-vkyc-known-values: [{value: vkyc_user_template_v1, description: ...}]`";
const DIFFERENT_HELP: &str = "list the same values wherever the property appears";

pub const EXTENSION: Extension = Extension {
    name: KNOWN_VALUES,
    on: "a `type: string` property of any schema (request or response)",
    shape: "a non-empty list of `{value, description}` whose values make distinct constant names \
            (SHOUTY_SNAKE_CASE starting with a letter); a property name marked in several places \
            lists the same values everywhere",
    generates: "`<module>::known_values::<property>::<VALUE>` constants with their descriptions; \
                the field stays a `String`",
    example: "x-vkyc-known-values:\n  - value: vkyc_user_template_v1\n    description: The default template.",
    errors: &[
        (MISPLACED, MISPLACED_HELP),
        (
            "`<property>` lists different x-vkyc-known-values in two places",
            DIFFERENT_HELP,
        ),
    ],
};

/// The documented values of one open-ended string property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownValues {
    /// The property name, e.g. `user_template`.
    pub property: String,
    /// `(value, description)` in spec order.
    pub values: Vec<(String, String)>,
}

/// The Rust constant for a known value: `vkyc_user_template_v1` → `VKYC_USER_TEMPLATE_V1`.
pub fn constant_name(value: &str) -> String {
    heck::ToShoutySnakeCase::to_shouty_snake_case(value)
}

/// Reads every [`KNOWN_VALUES`] list, by property name in name order.
pub(crate) fn collect(
    prov: &Provenance,
    doc: &Value,
    problems: &mut Vec<Diagnostic>,
) -> Vec<KnownValues> {
    let mut out: Vec<KnownValues> = Vec::new();
    for (pointer, property, list) in marked_properties(doc) {
        let at = format!("{pointer}/{KNOWN_VALUES}");
        let entries = described(list, "value");
        let is_string = doc
            .pointer(&pointer)
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str)
            == Some("string");
        let names: BTreeSet<String> = entries
            .iter()
            .flatten()
            .map(|(v, _)| constant_name(v))
            .collect();
        let entries = match entries {
            Some(e)
                if is_string
                    && !e.is_empty()
                    && names.len() == e.len()
                    && names
                        .iter()
                        .all(|n| n.starts_with(|c: char| c.is_ascii_uppercase())) =>
            {
                e
            }
            _ => {
                problems.push(prov.error(&at, MISPLACED, MISPLACED_HELP));
                continue;
            }
        };
        match out.iter().find(|k| k.property == property) {
            Some(k) if k.values != entries => {
                problems.push(prov.error(&at, format!("`{property}` {DIFFERENT}"), DIFFERENT_HELP))
            }
            Some(_) => {}
            None => out.push(KnownValues {
                property,
                values: entries,
            }),
        }
    }
    out.sort_by(|a, b| a.property.cmp(&b.property));
    out
}

/// `(pointer to the property, property name, list)` for every member of a `properties` map that
/// carries [`KNOWN_VALUES`], in document order.
fn marked_properties(doc: &Value) -> Vec<(String, String, &Value)> {
    walk::nodes(doc)
        .into_iter()
        .filter_map(|(pointer, node)| {
            let props = node.get("properties")?.as_object()?;
            Some(props.iter().filter_map(move |(name, prop)| {
                let list = prop.get(KNOWN_VALUES)?;
                Some((
                    walk::child(&format!("{pointer}/properties"), name),
                    name.clone(),
                    list,
                ))
            }))
        })
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_support::{error, golden};
    use super::*;

    const PROP: &str = "/components/schemas/StatusResponse/properties";

    #[test]
    fn collects_the_values_and_refuses_misplaced_or_conflicting_lists() {
        let (v, mut doc) = golden("lookup-by-query");
        let list = json!([{"value": "a_1", "description": "first"}, {"value": "b", "description": "second"}]);
        doc.pointer_mut(PROP).unwrap()["verification_id"][KNOWN_VALUES] = list.clone();
        doc["components"]["schemas"]["ErrorResponse"]["properties"]["verification_id"] =
            json!({"type": "string", KNOWN_VALUES: list});
        let normalized = crate::normalize::normalize(&v, doc.clone()).unwrap();
        assert_eq!(
            normalized.known_values,
            [KnownValues {
                property: "verification_id".into(),
                values: vec![
                    ("a_1".into(), "first".into()),
                    ("b".into(), "second".into())
                ],
            }]
        );
        assert_eq!(constant_name("a_1"), "A_1");
        for bad in [
            json!([]),
            json!([{"value": "a"}]),
            json!([{"value": "a", "description": "d"}, {"value": "A", "description": "d"}]),
            json!([{"value": "1a", "description": "d"}]),
        ] {
            let mut doc = doc.clone();
            doc.pointer_mut(PROP).unwrap()["verification_id"][KNOWN_VALUES] = bad;
            let err = error(&v, doc);
            assert!(err.contains(MISPLACED), "{err}");
        }
        let mut on_a_number = doc.clone();
        on_a_number.pointer_mut(PROP).unwrap()["verification_id"]["type"] = json!("integer");
        assert!(error(&v, on_a_number).contains(MISPLACED));
        let mut different = doc;
        different["components"]["schemas"]["ErrorResponse"]["properties"]["verification_id"]
            [KNOWN_VALUES][0]["value"] = json!("c");
        let err = error(&v, different);
        assert!(
            err.contains(&format!("`verification_id` {DIFFERENT}")),
            "{err}"
        );
    }
}
