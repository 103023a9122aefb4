//! Answers shaped by the spec: each property of a response (or webhook) schema takes the
//! sandbox's value of the same name, converted to the property's type, else the example's.

use serde_json::{Map, Value};

use crate::model::resolve;

/// What a `null` becomes in a property that is not `nullable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nulls {
    /// Left out (responses: no property is required).
    Omit,
    /// `""`, as Cashfree's webhook samples send empty values.
    Empty,
}

/// `schema`'s object properties filled from `values`, then from `example`.
pub fn conform(
    spec: &Value,
    schema: &Value,
    values: &Map<String, Value>,
    example: &Value,
    nulls: Nulls,
) -> Value {
    let schema = resolve(spec, schema);
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return example.clone();
    };
    let mut out = Map::new();
    for (name, property) in properties {
        let property = resolve(spec, property);
        let value = match values.get(name) {
            Some(value) => value.clone(),
            None => match example.get(name) {
                Some(value) => value.clone(),
                None => continue,
            },
        };
        if let Some(value) = convert(property, value, nulls) {
            out.insert(name.clone(), value);
        }
    }
    Value::Object(out)
}

/// `value` in the type `property` declares: numbers and numeric strings swap as needed.
fn convert(property: &Value, value: Value, nulls: Nulls) -> Option<Value> {
    let nullable = property.get("nullable") == Some(&Value::Bool(true));
    match (property.get("type").and_then(Value::as_str), value) {
        (_, Value::Null) if nullable => Some(Value::Null),
        (Some("string"), Value::Null) if nulls == Nulls::Empty => Some(Value::from("")),
        (_, Value::Null) => None,
        (Some("string"), Value::Number(n)) => Some(Value::from(n.to_string())),
        (Some("integer"), Value::String(s)) => {
            Some(s.parse::<i64>().map_or(Value::String(s), Value::from))
        }
        (_, value) => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_take_the_declared_types() {
        let schema = json!({"properties": {
            "reference_id": {"type": "integer"}, "cf_verification_id": {"type": "string"},
            "meeting_schedule": {"type": "string", "nullable": true}, "recording_link": {"type": "string"},
            "vkyc_link": {"type": "string"}}});
        let values = json!({"reference_id": "10001", "cf_verification_id": 10001,
            "meeting_schedule": null, "recording_link": null})
        .as_object()
        .unwrap()
        .clone();
        let example = json!({"vkyc_link": "https://example"});
        assert_eq!(
            conform(&json!({}), &schema, &values, &example, Nulls::Omit),
            json!({"reference_id": 10001, "cf_verification_id": "10001", "meeting_schedule": null, "vkyc_link": "https://example"})
        );
        assert_eq!(
            conform(&json!({}), &schema, &values, &example, Nulls::Empty)["recording_link"],
            json!("")
        );
    }
}
