//! An OpenAPI document's operations with their request and response examples, through the
//! codegen's spec walker (`vkyc_codegen::walk`).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One operation of a document.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The spec's `operationId`, e.g. `vkyc-get-status`.
    pub id: String,
    pub method: String,
    pub path: String,
    /// Examples of the request body, by name.
    pub request_examples: Vec<Example>,
    /// Every response example of every status code.
    pub response_examples: Vec<Example>,
}

/// A named example of one media type.
#[derive(Clone, Debug)]
pub struct Example {
    /// The status code for a response example, `request` for a request body example.
    pub code: String,
    /// The name under `examples`, or `None` for a lone `example`.
    pub name: Option<String>,
    pub value: Value,
}

impl Example {
    /// The `Prefer` header that makes Prism answer with exactly this example.
    pub fn prefer(&self) -> String {
        match &self.name {
            Some(name) => format!("code={}, example={name}", self.code),
            None => format!("code={}", self.code),
        }
    }

    /// `200 "Success"`, for messages.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{} {name:?}", self.code),
            None => format!("{} (example)", self.code),
        }
    }
}

/// Follows a local `$ref` (repeatedly); the codegen's walker, re-exported for the tests.
pub use vkyc_codegen::walk::resolve;

/// The examples of every media type under `content`, labelled with `code`.
pub fn media_examples(doc: &Value, code: &str, content: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    for media in content.as_object().into_iter().flatten().map(|(_, m)| m) {
        if let Some(value) = media.get("example") {
            out.push(Example {
                code: code.to_owned(),
                name: None,
                value: value.clone(),
            });
        }
        for (name, example) in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            out.push(Example {
                code: code.to_owned(),
                name: Some(name.clone()),
                value: resolve(doc, example)
                    .get("value")
                    .cloned()
                    .unwrap_or(Value::Null),
            });
        }
    }
    out
}

/// Every operation of `doc` that has an `operationId`, in the walker's order.
pub fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, method, op) in vkyc_codegen::walk::operations(doc) {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let request_examples = op
            .get("requestBody")
            .map(|b| media_examples(doc, "request", &resolve(doc, b)["content"]))
            .unwrap_or_default();
        let mut response_examples = Vec::new();
        for (code, response) in op["responses"].as_object().into_iter().flatten() {
            response_examples.extend(media_examples(
                doc,
                code,
                &resolve(doc, response)["content"],
            ));
        }
        out.push(Operation {
            id: id.to_owned(),
            method: method.to_uppercase(),
            path: path.to_owned(),
            request_examples,
            response_examples,
        });
    }
    out
}

/// Objects without their `null` members, recursively: a typed value cannot tell `null` from absent.
pub fn strip_nulls(v: &Value) -> Value {
    without_members(v, &Value::is_null)
}

/// Objects without the members a typed value writes back as missing, recursively: `null`, and `[]`
/// (an optional list decodes to an empty `Vec`, which is left out).
pub fn without_absent(v: &Value) -> Value {
    without_members(v, &|m| {
        m.is_null() || m.as_array().is_some_and(Vec::is_empty)
    })
}

fn without_members(v: &Value, drop: &dyn Fn(&Value) -> bool) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !drop(v))
                .map(|(k, v)| (k.clone(), without_members(v, drop)))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|i| without_members(i, drop)).collect())
        }
        other => other.clone(),
    }
}

/// Writes `value` as pretty JSON to `dir/name` and returns the path.
pub fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    let text = serde_json::to_string_pretty(value).expect("JSON values serialize");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}
