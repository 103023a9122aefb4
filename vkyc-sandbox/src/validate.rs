//! Request validation against the effective spec, with the `jsonschema` crate: OpenAPI 3.0 schemas
//! are turned into JSON Schema 2020-12 (`nullable` becomes a `null` type) and compiled once at
//! start-up; a failure becomes Cashfree's 400 naming the field.

use jsonschema::Validator;
use jsonschema::error::ValidationErrorKind;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// A compiled schema for one body or parameter.
pub struct Schema {
    validator: Validator,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Schema")
    }
}

impl Schema {
    /// Compiles `schema` (OpenAPI 3.0, `$ref`s into `spec`'s components allowed).
    pub fn compile(spec: &Value, schema: &Value) -> Result<Self, String> {
        let mut root = convert(schema);
        if let Value::Object(map) = &mut root {
            if let Some(components) = spec.get("components") {
                map.insert("components".into(), convert(components));
            }
        } else {
            // `true`/`false` schemas carry no refs.
        }
        let validator = jsonschema::draft202012::new(&root).map_err(|e| e.to_string())?;
        Ok(Self { validator })
    }

    /// The first violation as Cashfree's 400; `field` names the value when it is not an object
    /// (a parameter).
    pub fn check(&self, value: &Value, field: Option<&str>) -> Result<(), ApiError> {
        if self.validator.is_valid(value) {
            return Ok(());
        }
        let Some(error) = self.validator.iter_errors(value).next() else {
            return Ok(());
        };
        let mut path: Vec<String> = error
            .instance_path()
            .iter()
            .map(|segment| segment.to_string())
            .collect();
        if let ValidationErrorKind::Required { property } = error.kind() {
            path.push(property.as_str().unwrap_or_default().to_owned());
            let top = field.map_or_else(|| path[0].clone(), str::to_owned);
            return Err(if path.len() == 1 {
                ApiError::missing(&top)
            } else {
                let mut e = ApiError::missing(&top);
                e.message = format!("{} is missing in the request.", dotted(field, &path));
                e
            });
        }
        let top = field
            .map(str::to_owned)
            .or_else(|| path.first().cloned())
            .unwrap_or_else(|| "request_body".to_owned());
        let mut e = ApiError::invalid(&top, describe(error.kind()));
        e.message = format!(
            "{} value is invalid: {}",
            dotted(field, &path),
            describe(error.kind())
        );
        Err(e)
    }
}

/// `security_questions[0].order`, or the parameter name.
fn dotted(field: Option<&str>, path: &[String]) -> String {
    let mut out = field.unwrap_or_default().to_owned();
    for segment in path {
        if segment.bytes().all(|b| b.is_ascii_digit()) && !segment.is_empty() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    if out.is_empty() {
        "request body".into()
    } else {
        out
    }
}

/// The rule that failed, without echoing the value (it may be personal data).
fn describe(kind: &ValidationErrorKind) -> String {
    match kind {
        ValidationErrorKind::Type { kind } => format!("must be of type {kind:?}").to_lowercase(),
        ValidationErrorKind::MinLength { limit } => format!("must be at least {limit} characters"),
        ValidationErrorKind::MaxLength { limit } => format!("must be at most {limit} characters"),
        ValidationErrorKind::Pattern { pattern } => format!("must match `{pattern}`"),
        ValidationErrorKind::Enum { options } => format!("must be one of {options}"),
        ValidationErrorKind::MinItems { limit } => format!("must have at least {limit} items"),
        ValidationErrorKind::MaxItems { limit } => format!("must have at most {limit} items"),
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
        other => format!("breaks the `{}` rule of the spec", other.keyword()),
    }
}

/// OpenAPI 3.0 schema → JSON Schema 2020-12: `nullable: true` adds `null` to `type` (and to
/// `enum`); `example` is dropped. `$ref`s keep pointing at `#/components/...`, which the caller puts
/// beside the schema.
pub fn convert(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let nullable = map.get("nullable") == Some(&Value::Bool(true));
            let mut out = Map::new();
            for (key, value) in map {
                match key.as_str() {
                    "nullable" | "example" | "x-examples" => {}
                    // Examples hold data, not schemas: copied as they are.
                    "examples" if !value.is_array() => {}
                    "type" if nullable => {
                        out.insert(key.clone(), Value::from(vec![value.clone(), "null".into()]));
                    }
                    "enum" if nullable => {
                        let mut values = value.as_array().cloned().unwrap_or_default();
                        values.push(Value::Null);
                        out.insert(key.clone(), Value::from(values));
                    }
                    _ => {
                        out.insert(key.clone(), convert(value));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
        other => other.clone(),
    }
}

/// A parameter's text as the JSON value its schema expects: a number for `integer`/`number`,
/// a boolean for `boolean`, else the text. A text that does not parse stays a string, so the
/// schema reports it.
pub fn param_value(text: &str, schema: &Value) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text
            .parse::<i64>()
            .map_or_else(|_| text.into(), Value::from),
        Some("number") => text
            .parse::<f64>()
            .map_or_else(|_| text.into(), Value::from),
        Some("boolean") => text
            .parse::<bool>()
            .map_or_else(|_| text.into(), Value::from),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nullable_becomes_a_null_type() {
        let converted = convert(&json!({"type": "string", "nullable": true, "example": "x"}));
        assert_eq!(converted, json!({"type": ["string", "null"]}));
    }

    #[test]
    fn required_and_invalid_fields_are_named() {
        let spec = json!({"components": {"schemas": {"Q": {"type": "object", "required": ["order"],
            "properties": {"order": {"type": "integer", "minimum": 1}}}}}});
        let schema = json!({"type": "object", "required": ["user_id"], "properties": {
            "user_id": {"type": "string", "maxLength": 3},
            "qs": {"type": "array", "items": {"$ref": "#/components/schemas/Q"}}}});
        let schema = Schema::compile(&spec, &schema).unwrap();
        let e = schema.check(&json!({}), None).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("user_id_missing", "user_id is missing in the request.")
        );
        let e = schema.check(&json!({"user_id": "abcd"}), None).unwrap_err();
        assert_eq!(e.code, "user_id_value_invalid");
        assert!(e.message.contains("at most 3"), "{}", e.message);
        let e = schema
            .check(&json!({"user_id": "a", "qs": [{"order": 0}]}), None)
            .unwrap_err();
        assert_eq!(e.code, "qs_value_invalid");
        assert!(
            e.message.starts_with("qs[0].order value is invalid"),
            "{}",
            e.message
        );
        let e = schema
            .check(&json!({"user_id": "a", "qs": [{}]}), None)
            .unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("qs_missing", "qs[0].order is missing in the request.")
        );
        schema
            .check(&json!({"user_id": "a", "qs": [{"order": 2}]}), None)
            .unwrap();
    }
}
