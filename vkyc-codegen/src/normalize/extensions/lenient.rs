//! The `x-vkyc-lenient` extension: a property whose shape Cashfree's pages disagree on accepts
//! every shape the overlay lists, and its Rust type is one of the runtime's lenient types.
//!
//! ```yaml
//! user_reference_id:
//!   type: integer
//!   x-vkyc-lenient: [integer, string]     # → runtime::lenient::Id
//! link_expiry:
//!   x-vkyc-lenient: [date, date-time]     # → runtime::lenient::Date
//! meeting_schedule:
//!   x-vkyc-lenient: [date-time, empty]    # → runtime::lenient::OrEmpty<Date>
//! ```
//!
//! Shapes: `integer`, `string`, `date`, `date-time`, `empty` (`""` means absent). The property
//! becomes an `anyOf` of the listed shapes (so Prism and the docs see exactly what is accepted),
//! keeps its description, example and `nullable`, and carries typify's `x-rust-type` naming the
//! runtime type (`vkyc_runtime::lenient`). The mark itself stays in the effective spec, for `cargo xtask diff`.

use serde_json::{Map, Value, json};

use super::Extension;
use crate::walk;

/// The extension's name.
pub const LENIENT: &str = "x-vkyc-lenient";
/// typify's extension naming the Rust type of a schema.
pub const RUST_TYPE: &str = "x-rust-type";

const SHAPES: [&str; 5] = ["integer", "string", "date", "date-time", "empty"];

const TOO_FEW: &str = "x-vkyc-lenient must list at least two shapes";
const NOT_SCALAR: &str = "x-vkyc-lenient marks a scalar property, not an object or a `$ref`";
const NOT_SCALAR_HELP: &str = "move the mark to the scalar property itself";
/// The help for a list of shapes that makes no type (it names [`SHAPES`]; a test keeps them equal).
const SHAPES_HELP: &str = "list two or more of integer, string, date, date-time, empty, e.g. `x-vkyc-lenient: [integer, string]`; docs/extensions.md#x-vkyc-lenient says which lists make which type";

pub const EXTENSION: Extension = Extension {
    name: LENIENT,
    on: "a scalar property of any schema, where Cashfree's pages disagree on its shape (each mark \
         cites the item of `reference/cashfree/inconsistencies.md` that justifies it)",
    shape: "two or more of `integer`, `string`, `date`, `date-time`, `empty` (`\"\"` meaning \
            absent): `[integer, string]`, `[date, date-time]` (plus `string` to keep free text), \
            `[string, empty]`, or any of these plus `empty`",
    generates: "the property becomes an `anyOf` of the listed shapes (Prism and the docs show \
                them) and its Rust type a runtime type: `vkyc_runtime::lenient::Id` for \
                `integer` with `string`, `lenient::Date` for `date` or `date-time` (with \
                `string`, free text is kept too), `String` for `string` with `empty`, each in \
                `lenient::OrEmpty<T>` when `empty` is listed; `cargo xtask diff` treats accepting \
                more shapes as compatible and fewer as breaking",
    example: "x-vkyc-lenient: [integer, string]",
    errors: &[
        (TOO_FEW, SHAPES_HELP),
        (NOT_SCALAR, NOT_SCALAR_HELP),
        ("x-vkyc-lenient: unknown shape `<shape>`", SHAPES_HELP),
        (
            "x-vkyc-lenient: `integer` goes with `string` only (an id sent in either shape)",
            SHAPES_HELP,
        ),
        (
            "x-vkyc-lenient: the shapes name no lenient type",
            SHAPES_HELP,
        ),
    ],
};

/// A problem with a mark: (JSON pointer, message, help).
pub type Problem = (String, String, String);

/// The runtime crate's name in `x-rust-type` paths. typify writes them as `::vkyc_runtime::…`;
/// the generator renames the crate to its runtime path when that is another crate's
/// (a runtime inside the generated crate, `crate::…`, cannot be named this way).
pub const RUNTIME_CRATE: &str = "vkyc_runtime";

/// typify's `x-rust-type` for a path in the runtime crate.
pub fn rust_type(path: &str) -> Value {
    json!({ "crate": RUNTIME_CRATE, "version": "*", "path": path })
}

/// The runtime type for a list of shapes, or why the list does not make one.
pub fn type_for(shapes: &[String]) -> Result<String, String> {
    if let Some(bad) = shapes.iter().find(|s| !SHAPES.contains(&s.as_str())) {
        return Err(format!("unknown shape `{bad}`"));
    }
    let has = |s: &str| shapes.iter().any(|x| x == s);
    let base = if has("integer") {
        if !has("string") || has("date") || has("date-time") {
            return Err("`integer` goes with `string` only (an id sent in either shape)".into());
        }
        "vkyc_runtime::lenient::Id"
    } else if has("date") || has("date-time") {
        "vkyc_runtime::lenient::Date"
    } else if has("string") && has("empty") {
        "::std::string::String"
    } else {
        return Err("the shapes name no lenient type".into());
    };
    Ok(if has("empty") {
        format!("vkyc_runtime::lenient::OrEmpty<{base}>")
    } else {
        base.to_owned()
    })
}

fn shape_schema(shape: &str) -> Value {
    match shape {
        "integer" => json!({"type": "integer", "format": "int64"}),
        "date" => json!({"type": "string", "format": "date"}),
        "date-time" => json!({"type": "string", "format": "date-time"}),
        "empty" => json!({"type": "string", "maxLength": 0}),
        _ => json!({"type": "string"}),
    }
}

/// Rewrites every property marked `x-vkyc-lenient` in `doc` (components and inline schemas).
pub fn apply(doc: &mut Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    walk::visit_mut(doc, &mut |pointer, node| match node {
        Value::Object(map) if map.contains_key(LENIENT) => {
            rewrite(map, pointer, &mut problems);
            false
        }
        _ => true,
    });
    problems
}

fn rewrite(schema: &mut Map<String, Value>, pointer: &str, problems: &mut Vec<Problem>) {
    let at = format!("{pointer}/{LENIENT}");
    let shapes: Option<Vec<String>> = schema[LENIENT]
        .as_array()
        .and_then(|a| a.iter().map(|s| s.as_str().map(str::to_owned)).collect());
    let help = SHAPES_HELP.to_owned();
    let Some(shapes) = shapes.filter(|s| s.len() >= 2) else {
        problems.push((at, TOO_FEW.into(), help));
        return;
    };
    if schema.contains_key("$ref") || schema.contains_key("properties") {
        problems.push((at, NOT_SCALAR.into(), NOT_SCALAR_HELP.into()));
        return;
    }
    let path = match type_for(&shapes) {
        Ok(path) => path,
        Err(why) => {
            problems.push((at, format!("{LENIENT}: {why}"), help));
            return;
        }
    };
    for key in [
        "type",
        "format",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "anyOf",
        "oneOf",
    ] {
        schema.remove(key);
    }
    schema.insert(
        "anyOf".into(),
        Value::Array(shapes.iter().map(|s| shape_schema(s)).collect()),
    );
    schema.insert(RUST_TYPE.into(), rust_type(&path));
}

/// Every shape the Rust type of `shapes` decodes: a lenient date keeps any text (so any string,
/// dates and date-times included), a string any string.
pub fn accepted(shapes: &[String]) -> Vec<String> {
    let mut out = shapes.to_vec();
    let text = type_for(shapes).is_ok_and(|t| t.contains("Date") || t.contains("String"));
    if text || shapes.iter().any(|s| s == "string") {
        out.extend(["string", "date", "date-time"].map(str::to_owned));
    }
    out.sort();
    out.dedup();
    out
}

/// The shapes a schema's mark lists (after [`apply`]), for the diff.
pub fn shapes(schema: &Value) -> Option<Vec<String>> {
    schema.get(LENIENT)?.as_array().map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(list: &[&str]) -> Vec<String> {
        list.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn the_help_names_every_shape() {
        assert!(SHAPES_HELP.contains(&SHAPES.join(", ")), "{SHAPES_HELP}");
    }

    #[test]
    fn each_combination_names_its_runtime_type() {
        let id = "vkyc_runtime::lenient::Id";
        let date = "vkyc_runtime::lenient::Date";
        assert_eq!(type_for(&s(&["integer", "string"])).unwrap(), id);
        assert_eq!(type_for(&s(&["string", "integer"])).unwrap(), id);
        assert_eq!(type_for(&s(&["date", "date-time"])).unwrap(), date);
        assert_eq!(type_for(&s(&["date-time", "string"])).unwrap(), date);
        assert_eq!(
            type_for(&s(&["date-time", "empty"])).unwrap(),
            format!("vkyc_runtime::lenient::OrEmpty<{date}>")
        );
        assert_eq!(
            type_for(&s(&["string", "empty"])).unwrap(),
            "vkyc_runtime::lenient::OrEmpty<::std::string::String>"
        );
        for bad in [
            &["integer", "date"][..],
            &["integer", "empty"],
            &["bool", "string"],
            &["string", "string"],
        ] {
            assert!(type_for(&s(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_marked_property_becomes_an_any_of_with_its_rust_type() {
        let mut doc = json!({"components": {"schemas": {"A": {"properties": {
            "id": {"type": "integer", "description": "d", "example": 1, "x-vkyc-lenient": ["integer", "string"]},
            "bad": {"type": "string", "x-vkyc-lenient": ["string"]},
        }}}}});
        let problems = apply(&mut doc);
        let id = &doc["components"]["schemas"]["A"]["properties"]["id"];
        assert_eq!(id["description"], "d");
        assert_eq!(id.get("type"), None);
        assert_eq!(id["anyOf"][0]["type"], "integer");
        assert_eq!(id["anyOf"][1]["type"], "string");
        assert_eq!(id[RUST_TYPE]["path"], "vkyc_runtime::lenient::Id");
        assert_eq!(shapes(id).unwrap(), s(&["integer", "string"]));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].0,
            "/components/schemas/A/properties/bad/x-vkyc-lenient"
        );
    }
}
