//! Schemas as the docs show them: a type per field and the fields table.

use serde_json::Value;

use super::{cell, yes_no};
use crate::normalize::forward::OPEN_ENUM;
use crate::normalize::{EVENT_TYPE_SCHEMA, STATUS_SCHEMA, SUB_STATUS_SCHEMA, lenient};
use crate::walk::resolve;

/// A schema's type as the docs show it: the Rust name of a component, status or open enum, the
/// runtime type of a lenient field with its shapes, else `type (format)`, arrays and nullability.
pub(super) fn type_of(doc: &Value, schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return match name {
            STATUS_SCHEMA => "`Status`".into(),
            SUB_STATUS_SCHEMA => "`SubStatus`".into(),
            EVENT_TYPE_SCHEMA => "`webhook::EventType`".into(),
            _ => match resolve(doc, schema).get(OPEN_ENUM) {
                Some(Value::String(open)) => format!("`received::{open}` (open enum)"),
                _ => format!("`{name}`"),
            },
        };
    }
    let schema = resolve(doc, schema);
    // A runtime type named by the lenient or forward stage: its name, and for lenient fields the
    // shapes it accepts.
    if let Some(path) = schema.pointer("/x-rust-type/path").and_then(Value::as_str) {
        let short = format!(
            "`{}`",
            path.replace(&format!("{}::", lenient::RUNTIME_CRATE), "")
        );
        return match lenient::shapes(schema) {
            Some(shapes) => format!("{short}: {}", shapes.join(" or ")),
            None => short,
        };
    }
    let mut t = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("any")
        .to_owned();
    if t == "array" {
        t = format!(
            "array of {}",
            schema
                .get("items")
                .map_or("any".into(), |i| type_of(doc, i))
        );
    }
    if let Some(f) = schema.get("format").and_then(Value::as_str) {
        t.push_str(&format!(" ({f})"));
    }
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        t.push_str(", nullable");
    }
    t
}

/// Length, range, pattern, default and enum values, as one cell.
fn constraints(schema: &Value) -> String {
    let mut c = Vec::new();
    for key in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minimum",
        "maximum",
        "pattern",
        "default",
    ] {
        if let Some(v) = schema.get(key) {
            c.push(format!("{key}: `{}`", v.to_string().trim_matches('"')));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        let vals: Vec<String> = e
            .iter()
            .map(|v| format!("`{}`", v.as_str().unwrap_or_default()))
            .collect();
        c.push(format!("one of {}", vals.join(", ")));
    }
    c.join("; ")
}

/// The `| field | type | required | constraints | description |` table of an object schema.
pub(super) fn fields_table(doc: &Value, schema: &Value, out: &mut String) {
    let schema = resolve(doc, schema);
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        out.push_str("(no fields documented)\n");
        return;
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    out.push_str(
        "| field | type | required | constraints | description |\n|---|---|---|---|---|\n",
    );
    for (name, prop) in props {
        let resolved = resolve(doc, prop);
        out.push_str(&format!(
            "| `{name}` | {} | {} | {} | {} |\n",
            type_of(doc, prop),
            yes_no(required.contains(&name.as_str())),
            cell(&constraints(resolved)),
            cell(
                resolved
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
            )
        ));
    }
}
