//! Walking a spec: the one place that knows which keys of a path item are operations, how a local
//! `$ref` resolves, how a JSON pointer is escaped, and how to visit every node of a document with
//! its pointer. Every stage (normalize, forward, lenient, overlay, diff, docs) and the tests that
//! look into specs go through it, so these rules cannot drift apart.

use serde_json::Value;

/// The path-item keys that hold an operation (OpenAPI 3.0), in the order operations are visited.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of `doc` as `(path, method, operation)`: paths in document order, the methods
/// of a path in [`METHODS`] order.
pub fn operations(doc: &Value) -> impl Iterator<Item = (&str, &'static str, &Value)> {
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

/// The JSON pointer of the operation at `path` and `method`: `/paths/~1vkyc/post`.
pub fn operation_pointer(path: &str, method: &str) -> String {
    format!("/paths/{}/{method}", escape_token(path))
}

/// The parameters of an operation, their `$ref`s resolved.
pub fn parameters<'a>(doc: &'a Value, op: &'a Value) -> impl Iterator<Item = &'a Value> {
    op.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(move |p| resolve(doc, p))
}

/// The `application/json` schema of a request body or response (`$ref`s of the body resolved, the
/// schema itself as written).
pub fn json_schema<'a>(doc: &'a Value, body: &'a Value) -> Option<&'a Value> {
    resolve(doc, body).pointer("/content/application~1json/schema")
}

/// The JSON pointer a local `$ref` (`#/...`) on `node` names, if it has one.
pub fn local_ref(node: &Value) -> Option<&str> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
}

/// Follows local `$ref`s (`#/...`) from `node` within `doc`; a dangling one resolves to `null`
/// (normalize reports those), and chains are followed at most 16 deep so cycles cannot hang.
pub fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..16 {
        match local_ref(node) {
            Some(pointer) => node = doc.pointer(pointer).unwrap_or(&Value::Null),
            None => break,
        }
    }
    node
}

/// Escapes one reference token of a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_token`].
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The pointer of member `key` of the node at `pointer`.
pub fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape_token(key))
}

/// Every node under `root` (itself included) with its JSON pointer relative to `root`, in document
/// order (a node before its children).
pub fn nodes(root: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), root)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                stack.extend(map.iter().rev().map(|(k, v)| (child(&pointer, k), v)))
            }
            Value::Array(items) => stack.extend(
                items
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, v)| (format!("{pointer}/{i}"), v)),
            ),
            _ => {}
        }
        out.push((pointer, node));
    }
    out
}

/// Calls `f` on every node under `root` with its pointer, a node before its children; `f` returns
/// whether to descend into the node (as it is after `f`).
pub fn visit_mut(root: &mut Value, f: &mut dyn FnMut(&str, &mut Value) -> bool) {
    fn go(node: &mut Value, pointer: &str, f: &mut dyn FnMut(&str, &mut Value) -> bool) {
        if !f(pointer, node) {
            return;
        }
        match node {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    go(v, &child(pointer, k), f);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    go(v, &format!("{pointer}/{i}"), f);
                }
            }
            _ => {}
        }
    }
    go(root, "", f);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn operations_skip_non_operation_keys_and_pointers_escape() {
        let doc = json!({"paths": {"/a/{id}": {
            "parameters": [], "summary": "s", "post": {"operationId": "p"}, "get": {"operationId": "g"}
        }}});
        let ops: Vec<String> = operations(&doc)
            .map(|(path, method, _)| operation_pointer(path, method))
            .collect();
        assert_eq!(ops, ["/paths/~1a~1{id}/get", "/paths/~1a~1{id}/post"]);
        assert_eq!(unescape_token(&escape_token("a/~b")), "a/~b");
        assert_eq!(escape_token("a/~b"), "a~1~0b");
    }

    #[test]
    fn resolve_follows_chains_and_survives_dangling_and_cyclic_refs() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"},
            "C": {"$ref": "#/components/schemas/C"}, "D": {"$ref": "#/nope"}
        }}});
        let at = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        assert_eq!(resolve(&doc, &at("A")), &json!({"type": "string"}));
        assert_eq!(resolve(&doc, &at("D")), &Value::Null);
        assert!(local_ref(resolve(&doc, &at("C"))).is_some());
    }

    #[test]
    fn nodes_are_in_document_order_with_their_pointers() {
        let doc = json!({"a": [1, {"b/c": 2}], "d": 3});
        let pointers: Vec<String> = nodes(&doc).into_iter().map(|(p, _)| p).collect();
        assert_eq!(pointers, ["", "/a", "/a/0", "/a/1", "/a/1/b~1c", "/d"]);
        let mut doc = doc;
        let mut seen = Vec::new();
        visit_mut(&mut doc, &mut |p, node| {
            seen.push(p.to_owned());
            !node.is_array()
        });
        assert_eq!(seen, ["", "/a", "/d"]);
    }
}
