//! The compiling example of calling an operation that heads its section (the docs are doctests
//! of vkyc-generated).

use heck::ToSnakeCase;
use serde_json::Value;

use crate::walk::{self, resolve};

/// A complete, compiling example of calling the operation (the docs are doctests of vkyc-generated).
pub(super) fn usage(api: &crate::Api, names: &super::Names, rust: &str, op: &Value) -> String {
    let v = &api.version;
    let doc = &api.normalized.doc;
    let mut calls = String::new();
    // Required query/path parameters, or else the first optional one (VRS takes one of two ids).
    let mut optional_shown = false;
    for p in walk::parameters(doc, op) {
        let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
        let example = p
            .get("example")
            .or_else(|| p.pointer("/schema/example"))
            .and_then(Value::as_str);
        let required = p.get("required").and_then(Value::as_bool) == Some(true);
        if let (Some(name), Some(example), "query" | "path") =
            (p.get("name").and_then(Value::as_str), example, location)
            && (required || !optional_shown)
        {
            calls.push_str(&format!("\n        .{}({example:?})", name.to_snake_case()));
            optional_shown |= !required;
        }
    }
    if let Some(body) = op.get("requestBody").map(|b| resolve(doc, b)) {
        let media = body.pointer("/content/application~1json");
        let schema = media
            .and_then(|m| m.get("schema"))
            .map(|sc| resolve(doc, sc));
        let example = media.and_then(|m| {
            m.get("example").or_else(|| {
                m.get("examples")?
                    .as_object()?
                    .values()
                    .next()
                    .map(|e| resolve(doc, e).get("value").unwrap_or(&Value::Null))
            })
        });
        let required: Vec<&str> = schema
            .and_then(|sc| sc.get("required"))
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let setters: Vec<String> = required
            .iter()
            .filter_map(|f| Some(format!(".{f}({:?})", example?.get(*f)?.as_str()?)))
            .collect();
        calls.push_str(&format!(
            "\n        .body_map(|body| body{})",
            setters.join("")
        ));
    }
    format!(
        "```rust,no_run\nuse {}::Client;\nuse {}::{{Credentials, Environment}};\n\n\
         async fn {rust}() -> Result<(), Box<dyn std::error::Error>> {{\n    \
         let client = Client::new(Environment::Sandbox, Credentials::from_env()?)?;\n    \
         let response = client\n        .{rust}(){calls}\n        .send()\n        .await?;\n    \
         println!(\"{{:?}}\", response.into_inner());\n    Ok(())\n}}\n```\n\n",
        names.version(v),
        names.runtime
    )
}
