//! Every example body in every effective spec (request and response, success and error, `example` and
//! `examples`, and the webhook samples) deserializes through the generated type for its place and
//! serializes back to the same JSON. The raw vendored VRS spec's own types cannot read its own
//! example; the overlay fixes that.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use vkyc_codegen::Config;

mod support;

use support::spec::{self, strip_nulls};

/// Where an example sits: the operation and `request` or a response status code; for a webhook
/// (a request body marked `x-vkyc-webhook-events`), `webhook` and the request body's name.
#[derive(Debug, Clone)]
struct Place {
    family: String,
    version: String,
    operation: String,
    kind: String,
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example of `doc` with its place: webhook samples, then each operation's request and
/// response examples.
fn all_examples(family: &str, version: &str, doc: &Value) -> Vec<(Place, String, Value)> {
    let place = |operation: &str, kind: &str| Place {
        family: family.to_owned(),
        version: version.to_owned(),
        operation: operation.to_owned(),
        kind: kind.to_owned(),
    };
    let mut out = Vec::new();
    let webhooks = doc
        .pointer("/components/requestBodies")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, body)| body.get("x-vkyc-webhook-events").is_some());
    for (name, body) in webhooks {
        for example in spec::media_examples(doc, "webhook", &body["content"]) {
            out.push((place("webhook", name), example.label(), example.value));
        }
    }
    for op in spec::operations(doc) {
        for example in op.request_examples.iter().chain(&op.response_examples) {
            out.push((
                place(&op.id, &example.code),
                example.label(),
                example.value.clone(),
            ));
        }
    }
    out
}

/// Deserialize, serialize, compare: no field lost, none invented (nulls and absent are the same).
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(
    value: &Value,
) -> Result<(), String> {
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not deserialize: {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))?;
    if strip_nulls(&back) != strip_nulls(value) {
        return Err(format!(
            "round trip changed it:\n  example: {value}\n  back:    {back}"
        ));
    }
    let again: T = serde_json::from_value(back).map_err(|e| format!("re-read failed: {e}"))?;
    if again != typed {
        return Err("re-read value differs".into());
    }
    Ok(())
}

/// The generated type for each place. A place missing here fails the test, so a new operation or
/// version cannot slip through unchecked.
fn check(place: &Place, value: &Value) -> Option<Result<(), String>> {
    use vkyc_generated::ppi::v2025_11_01::types as ppi;
    use vkyc_generated::vrs::v2024_12_01::types as vrs;
    let is_error = place.kind.starts_with('4') || place.kind.starts_with('5');
    Some(
        match (
            place.family.as_str(),
            place.version.as_str(),
            place.operation.as_str(),
            place.kind.as_str(),
        ) {
            ("vrs", "2024-12-01", "vkyc-get-status", "200") => {
                round_trip::<vrs::GetVkycLinkResponseSchema>(value)
            }
            ("vrs", "2024-12-01", "vkyc-create-user", "request") => {
                round_trip::<vrs::CreateUserRequestSchema>(value)
            }
            ("vrs", "2024-12-01", "vkyc-create-user", "200") => {
                round_trip::<vrs::CreateUserResponseSchema>(value)
            }
            ("vrs", "2024-12-01", "vkyc-initiate", "request") => {
                round_trip::<vrs::InitiateVkycRequestSchema>(value)
            }
            ("vrs", "2024-12-01", "vkyc-initiate", "200") => {
                round_trip::<vrs::InitiateVkycResponseSchema>(value)
            }
            ("vrs", "2024-12-01", "vkyc-create-auth-token", "request") => {
                round_trip::<vrs::CreateAuthTokenRequestSchema>(value)
            }
            ("vrs", "2024-12-01", "vkyc-create-auth-token", "200") => {
                round_trip::<vrs::CreateAuthTokenResponseSchema>(value)
            }
            ("vrs", "2024-12-01", _, _) if is_error => {
                round_trip::<vrs::ErrorResponseSchema>(value)
            }
            ("vrs", "2024-12-01", "webhook", "VkycWebhook") => {
                round_trip::<vkyc_generated::vrs::v2024_12_01::webhook::Event>(value)
            }
            ("ppi", "2025-11-01", "ppi-initiate-vkyc", "request") => {
                round_trip::<ppi::InitiateVkycRequest>(value)
            }
            ("ppi", "2025-11-01", "ppi-initiate-vkyc", "200") => {
                round_trip::<ppi::InitiateVkycResponse>(value)
            }
            ("ppi", "2025-11-01", "ppi-get-vkyc-details" | "ppi-get-vkyc-status", "request") => {
                round_trip::<ppi::GetVkycStatusRequest>(value)
            }
            ("ppi", "2025-11-01", "ppi-get-vkyc-details" | "ppi-get-vkyc-status", "200") => {
                round_trip::<ppi::GetVkycStatusResponse>(value)
            }
            ("ppi", "2025-11-01", _, _) if is_error => {
                round_trip::<ppi::ErrorResponseSchema>(value)
            }
            ("ppi", "2025-11-01", "webhook", "VkycWebhook") => {
                round_trip::<vkyc_generated::ppi::v2025_11_01::webhook::Event>(value)
            }
            _ => return None,
        },
    )
}

#[test]
fn every_example_round_trips_through_the_generated_types() {
    let ws = Config::new(root()).load().expect("inputs load");
    let mut failures = Vec::new();
    let (mut checked, mut webhooks) = (0, 0);
    for api in &ws.apis {
        let examples = all_examples(&api.version.family, &api.version.version, &api.effective);
        assert!(!examples.is_empty(), "{} has no examples", api.version.dir);
        for (place, name, value) in examples {
            match check(&place, &value) {
                Some(Ok(())) => {
                    checked += 1;
                    webhooks += usize::from(place.operation == "webhook");
                }
                Some(Err(e)) => failures.push(format!("{place:?} example `{name}`: {e}")),
                None => failures.push(format!(
                    "{place:?}: no generated type is mapped for it in tests/examples.rs"
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 70, "only {checked} examples checked");
    assert!(webhooks >= 3, "only {webhooks} webhook samples checked");
}

/// What progenitor would generate from the verbatim VRS schema: `format: date` → `NaiveDate`,
/// `type: string` → `String`, `type: integer` → `i64`. Cashfree's own 200 example fails exactly on the
/// two fields the overlay corrects.
#[test]
fn raw_vrs_example_contradicts_raw_schema_and_overlay_fixes_it() {
    let ws = Config::new(root()).load().expect("inputs load");
    let api = ws
        .apis
        .iter()
        .find(|a| a.version.family == "vrs")
        .expect("vrs is vendored");
    let raw = &api.version.specs[0].value;
    let schema = &raw["components"]["schemas"]["GetVKYCLinkResponseSchema"]["properties"];
    let example = &raw["components"]["responses"]["GetVKYCLinkResponse"]["content"]["application/json"]
        ["examples"]["Success"]["value"];
    let mut failing = Vec::new();
    for (field, value) in example.as_object().expect("example object") {
        let prop = &schema[field];
        if value.is_null() && prop["nullable"] == true {
            continue;
        }
        let ok = match (prop["type"].as_str(), prop["format"].as_str()) {
            (Some("string"), Some("date")) => {
                serde_json::from_value::<chrono::NaiveDate>(value.clone()).is_ok()
            }
            (Some("string"), _) => value.is_string(),
            (Some("integer"), _) => value.is_i64(),
            other => panic!("unexpected schema for {field}: {other:?}"),
        };
        if !ok {
            failing.push(field.as_str());
        }
    }
    failing.sort();
    assert_eq!(failing, ["link_expiry", "user_reference_id"]);

    let fixed: vkyc_generated::vrs::v2024_12_01::types::GetVkycLinkResponseSchema =
        serde_json::from_value(example.clone())
            .expect("the overlay-corrected type reads Cashfree's example");
    let user_reference_id = fixed.user_reference_id.as_ref().expect("sent");
    assert_eq!(user_reference_id.as_i64(), Some(11174));
    let link_expiry = fixed.link_expiry.as_ref().expect("sent");
    assert_eq!(link_expiry.as_str(), "2025-08-03T00:00:00.000Z");
    assert_eq!(
        link_expiry.as_date(),
        chrono::NaiveDate::from_ymd_opt(2025, 8, 3)
    );
    assert_eq!(
        fixed.sub_status,
        Some(vkyc_generated::status::SubStatus::LinkGenerated)
    );
}
