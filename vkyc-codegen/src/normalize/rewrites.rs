//! The rewrites every spec gets after its checks pass: what the generated module pins or types
//! itself rather than leaving to each caller.

use serde_json::{Map, Value, json};

use super::checks::is_api_version_param;
use crate::walk::{self, resolve};

/// Component names the status rule introduces; the generator maps them to `crate::status` types.
pub const STATUS_SCHEMA: &str = "VkycStatus";
pub const SUB_STATUS_SCHEMA: &str = "VkycSubStatus";

/// Removes the `x-api-version` header parameter from every operation and from
/// `components.parameters`: the module pins it, and the runtime sends it.
pub(super) fn remove_api_version(doc: &mut Value) {
    let root = doc.clone();
    let pointers: Vec<String> = walk::operations(&root)
        .map(|(path, method, _)| walk::operation_pointer(path, method))
        .collect();
    for pointer in pointers {
        if let Some(params) = doc
            .pointer_mut(&format!("{pointer}/parameters"))
            .and_then(Value::as_array_mut)
        {
            params.retain(|p| !is_api_version_param(resolve(&root, p)));
        }
    }
    if let Some(params) = doc
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        params.retain(|_, p| !is_api_version_param(p));
    }
}

/// Sets `info.version` to the pinned API version, so progenitor's `api_version()` tells the truth;
/// returns the document's own version (kept for the docs).
pub(super) fn pin_version(doc: &mut Value, version: &str) -> String {
    let document_version = doc
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        info.insert("version".into(), Value::String(version.to_owned()));
    }
    document_version
}

/// `status` / `sub_status` string properties of any schema → the shared status types.
pub(super) fn type_status_fields(doc: &mut Value) {
    let mut used = false;
    walk::visit_mut(doc, &mut |_, node| {
        if let Some(Value::Object(props)) = node.get_mut("properties") {
            used |= type_status_properties(props);
        }
        true
    });
    if used {
        let schemas = doc
            .as_object_mut()
            .and_then(|d| {
                d.entry("components")
                    .or_insert_with(|| json!({}))
                    .as_object_mut()
                    .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
            })
            .and_then(Value::as_object_mut);
        if let Some(schemas) = schemas {
            schemas.insert(
                STATUS_SCHEMA.into(),
                json!({"type": "string", "description": "Status of the Video KYC request."}),
            );
            schemas.insert(
                SUB_STATUS_SCHEMA.into(),
                json!({"type": "string", "description": "Sub-status of the Video KYC request."}),
            );
        }
    }
}

/// Points plain-string `status` / `sub_status` members of one `properties` map at the status
/// types; whether it did.
fn type_status_properties(props: &mut Map<String, Value>) -> bool {
    let mut used = false;
    for (field, target) in [("status", STATUS_SCHEMA), ("sub_status", SUB_STATUS_SCHEMA)] {
        let Some(prop) = props.get_mut(field) else {
            continue;
        };
        let plain_string = prop.get("type").and_then(Value::as_str) == Some("string")
            && prop.get("enum").is_none()
            && prop.get("format").is_none();
        if plain_string {
            *prop = json!({ "$ref": format!("#/components/schemas/{target}") });
            used = true;
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_version_header_goes_and_status_fields_get_the_status_types() {
        let mut doc = json!({
            "info": {"version": "doc-1"},
            "paths": {"/s": {"get": {"parameters": [
                {"$ref": "#/components/parameters/v"},
                {"in": "header", "name": "X-Api-Version"},
                {"in": "query", "name": "id"}
            ]}}},
            "components": {
                "parameters": {"v": {"in": "header", "name": "x-api-version"}},
                "schemas": {"R": {"properties": {
                    "status": {"type": "string"},
                    "sub_status": {"type": "string", "enum": ["A"]},
                    "nested": {"properties": {"sub_status": {"type": "string"}}}
                }}}
            }
        });
        remove_api_version(&mut doc);
        assert_eq!(
            doc["paths"]["/s"]["get"]["parameters"],
            json!([{"in": "query", "name": "id"}])
        );
        assert_eq!(doc["components"]["parameters"], json!({}));
        assert_eq!(pin_version(&mut doc, "2025-01-01"), "doc-1");
        assert_eq!(doc["info"]["version"], "2025-01-01");
        type_status_fields(&mut doc);
        let r = &doc["components"]["schemas"]["R"]["properties"];
        assert_eq!(r["status"]["$ref"], "#/components/schemas/VkycStatus");
        assert_eq!(r["sub_status"]["enum"], json!(["A"]));
        assert_eq!(
            r["nested"]["properties"]["sub_status"]["$ref"],
            "#/components/schemas/VkycSubStatus"
        );
        assert!(doc["components"]["schemas"].get(STATUS_SCHEMA).is_some());
    }
}
