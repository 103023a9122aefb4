//! The VRS operations Cashfree publishes no YAML for are hand-authored files beside the vendored
//! one: they merge with it (sharing its components by `$ref`), each is listed as hand-authored in the
//! manifest, a component defined differently from the vendored one is an error, and adding them is a
//! compatible change for users of the generated client.

use serde_json::{Value, json};
use vkyc_codegen::{Config, Origin, SourceFile, apply_overlay, diff, merge, normalize, walk};

const HAND_AUTHORED: [&str; 3] = [
    "vkyc-initiate.yaml",
    "vkyc-oauth-token.yaml",
    "vkyc-user.yaml",
];

fn vrs() -> vkyc_codegen::Api {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    Config::new(root)
        .load()
        .unwrap()
        .apis
        .into_iter()
        .find(|a| a.version.family == "vrs")
        .unwrap()
}

fn operations(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (path, method, op) in walk::operations(doc) {
        out.push(format!(
            "{} {path} {}",
            method.to_uppercase(),
            op["operationId"].as_str().unwrap()
        ));
    }
    out.sort();
    out
}

#[test]
fn the_vrs_version_is_the_whole_vkyc_surface() {
    let api = vrs();
    assert_eq!(
        operations(&api.effective),
        [
            "GET /vkyc vkyc-get-status",
            "POST /oauth/token vkyc-create-auth-token",
            "POST /user vkyc-create-user",
            "POST /vkyc vkyc-initiate",
        ]
    );
    for name in HAND_AUTHORED {
        let entry = api.version.manifest.entry(name).unwrap();
        assert_eq!(entry.origin, Origin::HandAuthored, "{name}");
        assert!(
            entry
                .source_url
                .starts_with("https://www.cashfree.com/docs/api-reference/vrs/v2/video-kyc/")
        );
        let file = api
            .version
            .specs
            .iter()
            .find(|s| s.path.ends_with(name))
            .unwrap();
        let text = std::str::from_utf8(&file.bytes).unwrap();
        assert!(
            text.starts_with("# Hand-authored"),
            "{name} does not say it is hand-authored"
        );
        // Shared components come from the vendored file by $ref, not from copies.
        assert!(
            file.value
                .pointer("/components/schemas/ErrorResponseSchema")
                .is_none(),
            "{name}"
        );
    }
    let vendored = api.version.manifest.entry("vkyc-get-status.yaml").unwrap();
    assert_eq!(vendored.origin, Origin::Vendored);
    // None is retry-safe; only GET /vkyc is the status lookup.
    assert_eq!(api.normalized.retry_safe, ["vkyc_get_status"]);
    assert_eq!(
        api.normalized.status_lookup.unwrap().operation,
        "vkyc_get_status"
    );
}

#[test]
fn a_component_defined_differently_from_the_vendored_one_is_an_error() {
    let api = vrs();
    let mut specs = api.version.specs.clone();
    let user = specs
        .iter_mut()
        .find(|s| s.path.ends_with("vkyc-user.yaml"))
        .unwrap();
    let mut value = user.value.clone();
    value["components"]["schemas"]["ErrorResponseSchema"] = json!({"type": "string"});
    let yaml = serde_norway::to_string(&value).unwrap();
    *user = SourceFile::parse(&user.path, yaml.into_bytes()).unwrap();
    let err = merge(&specs).unwrap_err().to_string();
    assert!(
        err.contains("ErrorResponseSchema is defined differently"),
        "{err}"
    );
    assert!(
        err.contains("vkyc-user.yaml") && err.contains("vkyc-get-status.yaml"),
        "{err}"
    );
}

#[test]
fn adding_the_hand_authored_operations_breaks_nothing() {
    let api = vrs();
    let mut before = api.version.clone();
    before
        .specs
        .retain(|s| !HAND_AUTHORED.iter().any(|h| s.path.ends_with(h)));
    let mut doc = merge(&before.specs).unwrap();
    apply_overlay(before.overlay.as_ref().unwrap(), &mut doc).unwrap();
    let old = normalize(&before, doc).unwrap();
    let changes = diff::diff_specs(&old.doc, &api.normalized.doc);
    let mut added: Vec<(&str, &str, bool)> = changes
        .iter()
        .map(|c| (c.scope.as_str(), c.what.as_str(), c.breaking))
        .collect();
    added.sort();
    assert_eq!(
        added,
        [
            (
                "`vkyc_create_auth_token` (POST /oauth/token)",
                "operation added",
                false
            ),
            ("`vkyc_create_user` (POST /user)", "operation added", false),
            ("`vkyc_initiate` (POST /vkyc)", "operation added", false),
        ]
    );
}

#[test]
fn template_names_are_constants_and_deprecated_operations_are_collected() {
    let api = vrs();
    let known = &api.normalized.known_values;
    let user = known
        .iter()
        .find(|k| k.property == "user_template")
        .unwrap();
    let values: Vec<&str> = user.values.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(
        values,
        [
            "vkyc_user_template_v1",
            "vkyc_user_okyc_template_v1",
            "vkyc_standard_template",
            "vkyc_user_template"
        ]
    );
    assert!(known.iter().any(|k| k.property == "agent_template"));
    // The property still takes any string.
    let schema = &api.normalized.doc["components"]["schemas"]["InitiateVKYCRequestSchema"]["properties"]
        ["user_template"];
    assert_eq!(schema["type"], "string");
    assert!(schema.get("enum").is_none());

    // Misuse is an error naming the file.
    let mut doc = api.effective.clone();
    let prop = "/components/schemas/InitiateVKYCRequestSchema/properties";
    doc.pointer_mut(prop).unwrap()["user_reference_id"]["x-vkyc-known-values"] =
        json!([{"value": "1", "description": "d"}]);
    let err = normalize(&api.version, doc).unwrap_err().to_string();
    assert!(
        err.contains("must be on a `type: string` property"),
        "{err}"
    );
    assert!(err.contains("vkyc-initiate.yaml"), "{err}");
    let mut doc = api.effective.clone();
    doc.pointer_mut(prop).unwrap()["user_id"]["x-vkyc-known-values"] =
        json!([{"value": "a-b", "description": "d"}, {"value": "a_b", "description": "d"}]);
    let err = normalize(&api.version, doc).unwrap_err().to_string();
    assert!(err.contains("list distinct values"), "{err}");

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let ppi = Config::new(root)
        .load()
        .unwrap()
        .apis
        .into_iter()
        .find(|a| a.version.family == "ppi")
        .unwrap();
    let deprecated: Vec<(&str, &str)> = ppi
        .normalized
        .deprecated
        .iter()
        .map(|d| (d.operation.as_str(), d.route.as_str()))
        .collect();
    assert_eq!(
        deprecated,
        [("ppi_get_vkyc_status", "POST /ppi/kyc/vkyc/status")]
    );
    assert_eq!(
        ppi.normalized.status_lookup.unwrap().operation,
        "ppi_get_vkyc_details"
    );
}
