//! `x-vkyc-status-lookup: [key, ...]` on the one operation that reads a verification's status: the
//! generated client gets `wait_for_terminal(key..., options)`, which polls it until the status is
//! terminal.

use serde_json::Value;

use super::{Extension, marked_operations};
use crate::error::Diagnostic;
use crate::normalize::provenance::Provenance;
use crate::walk::{self, resolve};

/// The extension's key. Its value lists the query parameters or body properties that identify the
/// verification, in argument order.
pub const STATUS_LOOKUP: &str = "x-vkyc-status-lookup";

const NOT_A_LIST: &str = "x-vkyc-status-lookup must list the snake_case names of the inputs that identify a verification";
const NOT_AN_INPUT: &str =
    "which is neither a query parameter nor a JSON body property of the operation";
const NO_STATUS_RESPONSE: &str = "the 200 response of a status lookup must be a `$ref` to a component schema with a `sub_status` property";
const TWICE: &str = "in one version";
const NOT_A_LIST_HELP: &str = "e.g. `x-vkyc-status-lookup: [verification_id]`";
const NOT_AN_INPUT_HELP: &str = "list only the operation's own inputs";
const NO_STATUS_RESPONSE_HELP: &str = "point the 200 response at the status response schema";
const TWICE_HELP: &str = "mark only the operation that reads a verification's status";

pub const EXTENSION: Extension = Extension {
    name: STATUS_LOOKUP,
    on: "one operation per version (`paths.<path>.<method>`)",
    shape: "a non-empty list of snake_case names, each a query parameter or a property of the \
            operation's `application/json` request body; the 200 response must be a `$ref` to a \
            component schema with a `sub_status` property (and, optionally, `status`)",
    generates: "`client.wait_for_terminal(keys, &policy)` (one key as a `&str`, several as a \
                tuple in the listed order), which calls the operation until `status` or \
                `sub_status` is terminal in the status table; the sandbox serves the operation as \
                the lookup; `cargo xtask diff` reports a moved lookup as breaking",
    example: "x-vkyc-status-lookup: [verification_id]",
    errors: &[
        (NOT_A_LIST, NOT_A_LIST_HELP),
        (
            "x-vkyc-status-lookup names `<name>`, which is neither a query parameter nor a JSON body property of the operation",
            NOT_AN_INPUT_HELP,
        ),
        (NO_STATUS_RESPONSE, NO_STATUS_RESPONSE_HELP),
        (
            "x-vkyc-status-lookup marks <operation> and <operation> in one version",
            TWICE_HELP,
        ),
    ],
};

/// How to ask for a verification's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLookup {
    /// Operation id, snake_case as progenitor names the method.
    pub operation: String,
    /// The identifying inputs, in the order the extension lists them.
    pub keys: Vec<LookupKey>,
    /// Component schema of the 200 response; it has a `sub_status` property.
    pub response_schema: String,
    /// Whether that schema also has a `status` property (a terminal one ends polling too).
    pub has_status: bool,
}

/// One identifying input of the status lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupKey {
    /// The parameter or property name.
    pub name: String,
    /// A property of the JSON request body rather than a query parameter.
    pub in_body: bool,
}

/// The operation marked [`STATUS_LOOKUP`], if any; more than one mark is an error.
pub(crate) fn collect(
    prov: &Provenance,
    doc: &Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<StatusLookup> {
    let mut found: Option<StatusLookup> = None;
    for marked in marked_operations(doc, STATUS_LOOKUP) {
        let op_ptr = marked.pointer;
        let Some(lookup) = parse(prov, doc, marked.op, &op_ptr, marked.method_name, problems)
        else {
            continue;
        };
        match &found {
            Some(first) => problems.push(prov.error(
                &format!("{op_ptr}/{STATUS_LOOKUP}"),
                format!(
                    "{STATUS_LOOKUP} marks {} and {} {TWICE}",
                    first.operation, lookup.operation
                ),
                TWICE_HELP,
            )),
            None => found = Some(lookup),
        }
    }
    found
}

/// Reads one mark: every key must be a query parameter or a property of the JSON body, and the 200
/// response a component schema with `sub_status`, so that the generated `StatusLookup` impl
/// (behind the runtime's `wait_for_terminal`) compiles. A required body property missing from the list is not an error here: `cargo xtask
/// diff` reports a newly required input as breaking, and the call itself would fail with
/// `InvalidRequest` naming it.
fn parse(
    prov: &Provenance,
    root: &Value,
    op: &Value,
    op_ptr: &str,
    operation: String,
    problems: &mut Vec<Diagnostic>,
) -> Option<StatusLookup> {
    let at = format!("{op_ptr}/{STATUS_LOOKUP}");
    let mut fail = |message: String, help: &str| {
        problems.push(prov.error(&at, message, help));
        None
    };
    let is_ident = |n: &&str| {
        n.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let names = op[STATUS_LOOKUP]
        .as_array()
        .and_then(|items| items.iter().map(Value::as_str).collect::<Option<Vec<_>>>());
    let names = match names {
        Some(names) if !names.is_empty() && names.iter().all(is_ident) => names,
        _ => {
            return fail(NOT_A_LIST.into(), NOT_A_LIST_HELP);
        }
    };
    let query: Vec<&str> = walk::parameters(root, op)
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .collect();
    let body_props = op
        .get("requestBody")
        .and_then(|b| walk::json_schema(root, b))
        .map(|s| resolve(root, s))
        .and_then(|b| b.get("properties"))
        .and_then(Value::as_object);
    let mut keys = Vec::new();
    for name in &names {
        let in_body = body_props.is_some_and(|p| p.contains_key(*name));
        if !in_body && !query.contains(name) {
            return fail(
                format!("{STATUS_LOOKUP} names `{name}`, {NOT_AN_INPUT}"),
                NOT_AN_INPUT_HELP,
            );
        }
        keys.push(LookupKey {
            name: (*name).to_owned(),
            in_body,
        });
    }
    let schema_ref = op
        .get("responses")
        .and_then(|r| r.get("200"))
        .and_then(|r| walk::json_schema(root, r))
        .and_then(walk::local_ref);
    let schema = schema_ref.filter(|p| {
        root.pointer(&format!("{p}/properties/sub_status"))
            .is_some()
    });
    match schema.and_then(|p| p.strip_prefix("/components/schemas/")) {
        Some(name) => Some(StatusLookup {
            operation,
            keys,
            response_schema: name.to_owned(),
            has_status: root
                .pointer(&format!("/components/schemas/{name}/properties/status"))
                .is_some(),
        }),
        _ => fail(NO_STATUS_RESPONSE.into(), NO_STATUS_RESPONSE_HELP),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_support::{error, golden};
    use super::*;

    fn key(name: &str, in_body: bool) -> LookupKey {
        LookupKey {
            name: name.into(),
            in_body,
        }
    }

    #[test]
    fn collects_a_lookup_by_query_and_by_body() {
        let (v, doc) = golden("lookup-by-query");
        let lookup = crate::normalize::normalize(&v, doc)
            .unwrap()
            .status_lookup
            .unwrap();
        assert_eq!(lookup.operation, "get_status");
        assert_eq!(lookup.keys, [key("verification_id", false)]);
        assert_eq!(lookup.response_schema, "StatusResponse");
        assert!(lookup.has_status);
        let (v, doc) = golden("lookup-by-body");
        let lookup = crate::normalize::normalize(&v, doc)
            .unwrap()
            .status_lookup
            .unwrap();
        assert_eq!(
            lookup.keys,
            [key("user_id", true), key("verification_id", true)]
        );
    }

    #[test]
    fn rejects_lookups_the_generated_method_could_not_call() {
        let (v, doc) = golden("lookup-by-query");
        let op = "/paths/~1status/get";
        for (lookup, message) in [
            (json!(true), NOT_A_LIST),
            (json!([]), NOT_A_LIST),
            (json!(["Verification-Id"]), NOT_A_LIST),
            (json!(["user_id"]), NOT_AN_INPUT),
        ] {
            let mut doc = doc.clone();
            doc.pointer_mut(op).unwrap()[STATUS_LOOKUP] = lookup;
            let err = error(&v, doc);
            assert!(err.contains(message), "{err}");
            assert!(err.contains("`user_id`, which is neither") || message != NOT_AN_INPUT);
        }
        let mut broken = doc.clone();
        let response = format!("{op}/responses/200/content/application~1json/schema");
        *broken.pointer_mut(&response).unwrap() = json!({"type": "object"});
        let err = error(&v, broken);
        assert!(err.contains(NO_STATUS_RESPONSE), "{err}");
        let mut twice = doc;
        let mut again = twice.pointer(op).unwrap().clone();
        again["operationId"] = json!("get-status-again");
        twice["paths"]["/again"] = json!({ "get": again });
        let err = error(&v, twice);
        assert!(err.contains(TWICE), "{err}");
    }
}
