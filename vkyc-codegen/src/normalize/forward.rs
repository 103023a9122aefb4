//! Forward compatibility of everything Cashfree sends (responses, error bodies, webhooks).
//!
//! - Every enum it sends becomes an open enum (`Unknown(String)`) in the version module's
//!   `received` module: the places Cashfree sends point at a component `Received<Name>` that keeps
//!   the `enum` (Prism and the docs still see the known values) and is marked `x-vkyc-open-enum:
//!   <Name>`; the generator replaces it with the open enum. An enum component that requests use
//!   too stays closed for them: requests catch a typo before the wire.
//! - Every object schema it sends gets `additionalProperties: {}` where it has none, so typify adds a
//!   flattened `extra` map (`serde_json::Map`) that keeps the fields the spec does not declare and
//!   writes them back on serialization. An object component that requests use too is copied
//!   (`<Name>Received`) so that request types gain no `extra` field.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use heck::{ToPascalCase, ToUpperCamelCase};
use serde_json::{Value, json};

use crate::normalize::lenient::{Problem, RUST_TYPE};
use crate::walk::{self, escape_token, resolve};

/// Marks a component schema (after this stage) whose Rust type is an open enum; its value is the
/// enum's name in the `received` module.
pub const OPEN_ENUM: &str = "x-vkyc-open-enum";
/// The prefix of the component a received enum gets.
pub const RECEIVED_PREFIX: &str = "Received";
/// The module of a version module that holds its open enums.
pub const RECEIVED_MODULE: &str = "received";

const SCHEMAS: &str = "#/components/schemas/";

/// One open enum of the `received` module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedEnum {
    /// Rust name.
    pub name: String,
    /// The component schema (`Received<name>`) the generator replaces with it.
    pub component: String,
    /// The component's description.
    pub description: String,
    /// The known values, in spec order.
    pub values: Vec<String>,
}

/// Where the values of one version flow: the schemas Cashfree sends and the ones callers send.
struct Roots {
    /// JSON pointers of the schema nodes of responses.
    received: Vec<String>,
    /// Component schemas reachable from request bodies and parameters.
    sent: BTreeSet<String>,
}

fn component(r: &str) -> Option<&str> {
    r.strip_prefix(SCHEMAS)
}

fn roots(doc: &Value) -> Roots {
    let mut received = Vec::new();
    let mut sent_nodes: Vec<&Value> = Vec::new();
    let content_schemas = |at: &str, node: &Value, out: &mut Vec<String>| {
        for (media, m) in node
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if m.get("schema").is_some() {
                out.push(format!("{at}/content/{}/schema", escape_token(media)));
            }
        }
    };
    for (path, method, op) in walk::operations(doc) {
        let at = walk::operation_pointer(path, method);
        for (code, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let (at, response) = match walk::local_ref(response) {
                Some(target) => (target.to_owned(), resolve(doc, response)),
                None => (format!("{at}/responses/{}", escape_token(code)), response),
            };
            content_schemas(&at, response, &mut received);
        }
        if let Some(body) = op.get("requestBody") {
            let body = resolve(doc, body);
            for m in body
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                sent_nodes.extend(m.1.get("schema"));
            }
        }
        sent_nodes.extend(walk::parameters(doc, op).filter_map(|p| p.get("schema")));
    }
    received.sort();
    received.dedup();
    let mut sent = BTreeSet::new();
    for node in sent_nodes {
        collect_refs(doc, node, &mut sent);
    }
    Roots { received, sent }
}

/// Every component schema `node` reaches.
fn collect_refs(doc: &Value, node: &Value, out: &mut BTreeSet<String>) {
    for (_, n) in walk::nodes(node) {
        if let Some(name) = n.get("$ref").and_then(Value::as_str).and_then(component)
            && out.insert(name.to_owned())
            && let Some(target) = doc.pointer(&walk::child("/components/schemas", name))
        {
            collect_refs(doc, target, out);
        }
    }
}

fn is_enum(schema: &Value) -> bool {
    schema.get("enum").is_some()
        && schema.get("type").and_then(Value::as_str) == Some("string")
        && schema.get(RUST_TYPE).is_none()
}

fn is_object(schema: &Value) -> bool {
    schema.get("properties").is_some()
        || schema.get("type").and_then(Value::as_str) == Some("object")
}

struct Opener<'a> {
    sent: &'a BTreeSet<String>,
    schemas: BTreeMap<String, Value>,
    enums: BTreeMap<String, ReceivedEnum>,
    queue: VecDeque<String>,
    queued: BTreeSet<String>,
    problems: Vec<Problem>,
}

impl Opener<'_> {
    fn visit_component(&mut self, name: &str) {
        if self.queued.insert(name.to_owned()) {
            self.queue.push_back(name.to_owned());
        }
    }

    /// The open enum `name` for the enum `schema`: a `Received<name>` component marked
    /// [`OPEN_ENUM`]; returns the `$ref` to it, or `None` (a problem is recorded).
    fn open(&mut self, schema: &Value, name: &str, at: &str) -> Option<Value> {
        let values: Option<Vec<String>> = schema["enum"]
            .as_array()
            .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect());
        let Some(values) = values else {
            self.problems.push((
                format!("{at}/enum"),
                "an enum of a response lists a value that is not a string".into(),
                "list the values as strings".into(),
            ));
            return None;
        };
        let variants: BTreeSet<String> = values.iter().map(|v| variant_name(v)).collect();
        if variants.len() != values.len() || variants.contains("Unknown") {
            self.problems.push((
                format!("{at}/enum"),
                format!("the values of enum `{name}` do not give distinct Rust variants (or one is UNKNOWN, which is reserved): {values:?}"),
                "keep one spelling of each value in overlay.yaml: the open enum keeps other spellings as `Unknown`".into(),
            ));
            return None;
        }
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("A value Cashfree sends.")
            .to_owned();
        let component = format!("{RECEIVED_PREFIX}{name}");
        let entry = ReceivedEnum {
            name: name.to_owned(),
            component: component.clone(),
            description,
            values,
        };
        match self.enums.get(name) {
            Some(existing) if existing.values != entry.values => {
                self.problems.push((
                    at.to_owned(),
                    format!("two different enums of the responses would both be named `{name}`"),
                    "make the enum a component schema and `$ref` it from both places".into(),
                ));
                return None;
            }
            _ => {
                self.enums.insert(name.to_owned(), entry);
            }
        }
        let mut open = schema.clone();
        open[OPEN_ENUM] = Value::String(name.to_owned());
        self.schemas.insert(component.clone(), open);
        Some(json!({ "$ref": format!("{SCHEMAS}{component}") }))
    }

    /// Opens `node` (a schema Cashfree sends) and everything under it; `hint` names inline enums.
    fn walk(&mut self, node: &mut Value, hint: &str, at: &str) {
        if node.get(RUST_TYPE).is_some() || node.get(OPEN_ENUM).is_some() {
            return;
        }
        if let Some(name) = node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(component)
            .map(str::to_owned)
        {
            let Some(target) = self.schemas.get(&name).cloned() else {
                return;
            };
            if is_enum(&target) {
                if let Some(open) = self.open(&target, &name.to_pascal_case(), at) {
                    *node = open;
                }
            } else if is_object(&target) && self.sent.contains(&name) {
                let copy = format!("{name}Received");
                if !self.schemas.contains_key(&copy) {
                    self.schemas.insert(copy.clone(), target);
                }
                node["$ref"] = Value::String(format!("{SCHEMAS}{copy}"));
                self.visit_component(&copy);
            } else {
                self.visit_component(&name);
            }
            return;
        }
        if is_enum(node) {
            if let Some(open) = self.open(node, &hint.to_pascal_case(), at) {
                *node = open;
            }
            return;
        }
        if let Some(props) = node.get_mut("properties").and_then(Value::as_object_mut) {
            for (key, prop) in props.iter_mut() {
                let hint = format!("{hint}_{key}");
                let at = format!("{at}/properties/{}", escape_token(key));
                self.walk(prop, &hint, &at);
            }
        }
        if let Some(items) = node.get_mut("items") {
            self.walk(items, hint, &format!("{at}/items"));
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(members) = node.get_mut(key).and_then(Value::as_array_mut) {
                for (i, m) in members.iter_mut().enumerate() {
                    self.walk(m, hint, &format!("{at}/{key}/{i}"));
                }
            }
        }
        if is_object(node)
            && let Some(map) = node.as_object_mut()
        {
            map.entry("additionalProperties")
                .or_insert_with(|| json!({}));
        }
    }
}

/// Opens everything Cashfree sends in `doc`; returns the open enums of the `received` module.
/// `webhook_payload` is the component schema of the webhook body, if any.
pub fn apply(
    doc: &mut Value,
    webhook_payload: Option<&str>,
) -> Result<Vec<ReceivedEnum>, Vec<Problem>> {
    let Roots { received, sent } = roots(doc);
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.clone().into_iter().collect())
        .unwrap_or_default();
    let mut opener = Opener {
        sent: &sent,
        schemas,
        enums: BTreeMap::new(),
        queue: VecDeque::new(),
        queued: BTreeSet::new(),
        problems: Vec::new(),
    };
    if let Some(payload) = webhook_payload {
        opener.visit_component(payload);
    }
    for at in &received {
        let Some(node) = doc.pointer_mut(at) else {
            continue;
        };
        let mut schema = node.take();
        opener.walk(&mut schema, "Response", at);
        if let Some(node) = doc.pointer_mut(at) {
            *node = schema;
        }
    }
    while let Some(name) = opener.queue.pop_front() {
        let Some(mut schema) = opener.schemas.get(&name).cloned() else {
            continue;
        };
        let at = format!("/components/schemas/{}", escape_token(&name));
        opener.walk(&mut schema, &name, &at);
        opener.schemas.insert(name, schema);
    }
    // An enum component only Cashfree sends now has its open twin: no closed type for it.
    for name in opener.enums.keys() {
        if !sent.contains(name) && opener.schemas.get(name).is_some_and(is_enum) {
            opener.schemas.remove(name);
        }
    }
    if !opener.problems.is_empty() {
        return Err(opener.problems);
    }
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        *schemas = opener.schemas.into_iter().collect();
    }
    Ok(opener.enums.into_values().collect())
}

/// The Rust variant of a wire value: UpperCamelCase, prefixed when it would not start with a letter.
pub fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("V{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        json!({
            "paths": {"/x": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Res"}}}},
                    "400": {"$ref": "#/components/responses/Err"},
                },
            }}},
            "components": {
                "responses": {"Err": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Err"}}}}},
                "schemas": {
                    "Mode": {"type": "string", "enum": ["SMS", "WHATSAPP"]},
                    "Only": {"type": "string", "enum": ["A"]},
                    "Shared": {"type": "object", "properties": {"m": {"$ref": "#/components/schemas/Mode"}}},
                    "Req": {"type": "object", "properties": {"modes": {"type": "array", "items": {"$ref": "#/components/schemas/Mode"}}, "s": {"$ref": "#/components/schemas/Shared"}}},
                    "Res": {"type": "object", "properties": {
                        "modes": {"type": "array", "items": {"$ref": "#/components/schemas/Mode"}},
                        "only": {"$ref": "#/components/schemas/Only"},
                        "kind": {"type": "string", "enum": ["x", "y"]},
                        "s": {"$ref": "#/components/schemas/Shared"},
                    }},
                    "Err": {"type": "object", "properties": {"code": {"type": "string"}}},
                },
            },
        })
    }

    #[test]
    fn opens_what_cashfree_sends_and_leaves_requests_closed() {
        let mut doc = spec();
        let enums = apply(&mut doc, None).unwrap();
        let names: Vec<&str> = enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Mode", "Only", "ResKind"]);
        let schemas = &doc["components"]["schemas"];
        let open_ref = |name: &str| json!({"$ref": format!("#/components/schemas/Received{name}")});
        // Response side: open, with unknown fields kept.
        let res = &schemas["Res"];
        assert_eq!(res["additionalProperties"], json!({}));
        assert_eq!(res["properties"]["modes"]["items"], open_ref("Mode"));
        assert_eq!(res["properties"]["kind"], open_ref("ResKind"));
        assert_eq!(schemas["ReceivedResKind"][OPEN_ENUM], "ResKind");
        assert_eq!(schemas["ReceivedResKind"]["enum"], json!(["x", "y"]));
        assert_eq!(
            res["properties"]["s"]["$ref"],
            "#/components/schemas/SharedReceived"
        );
        assert_eq!(
            schemas["SharedReceived"]["properties"]["m"],
            open_ref("Mode")
        );
        assert_eq!(schemas["Err"]["additionalProperties"], json!({}));
        // An enum only responses use has no closed twin; one requests use too stays closed for them.
        assert_eq!(schemas.get("Only"), None);
        assert_eq!(schemas["Mode"].get(OPEN_ENUM), None);
        assert_eq!(schemas["Req"].get("additionalProperties"), None);
        assert_eq!(schemas["Shared"].get("additionalProperties"), None);
        assert_eq!(
            schemas["Shared"]["properties"]["m"]["$ref"],
            "#/components/schemas/Mode"
        );
    }

    #[test]
    fn enums_whose_values_give_clashing_variants_are_refused() {
        let mut doc = spec();
        doc["components"]["schemas"]["Only"]["enum"] = json!(["SMS", "sms"]);
        let problems = apply(&mut doc, None).unwrap_err();
        assert!(
            problems[0].1.contains("distinct Rust variants"),
            "{problems:?}"
        );
        assert_eq!(variant_name("1st"), "V1st");
        assert_eq!(variant_name("x-client-id_missing"), "XClientIdMissing");
    }
}
