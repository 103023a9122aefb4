//! Walking a spec's operations: the one place that knows which keys of a path item are operations.

use serde_json::Value;

/// The path-item keys that hold an operation (OpenAPI 3.0), in the order operations are visited.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of `doc` as `(path, method, operation)`, in document order of the paths.
pub(crate) fn operations(doc: &Value) -> impl Iterator<Item = (&str, &'static str, &Value)> {
    doc.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |&method| Some((path.as_str(), method, item.get(method)?)))
        })
}
