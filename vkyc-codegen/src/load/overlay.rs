//! Overlay stage: applies an OpenAPI Overlay 1.0 document (RFC 9535 JSONPath targets, `update` and
//! `remove` actions) to a merged spec. Stricter than the specification in two ways that keep
//! corrections honest: every action must say why (`description`), and a target matching nothing is
//! an error, since a correction that silently stops applying is a bug.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::error::{Diagnostic, Result};
use crate::load::source::SourceFile;
use crate::walk;

/// A parsed, validated overlay action.
struct Action {
    index: usize,
    target: JsonPath,
    target_text: String,
    update: Option<Value>,
    remove: bool,
}

/// Applies `overlay` to `doc`. On error, `doc` is left as it was. A local `$ref` that resolved
/// before and dangles after (or that an action added, dangling) is blamed on the action, with the
/// overlay's file and line, not on the vendored file where it would otherwise surface.
pub fn apply(overlay: &SourceFile, doc: &mut Value) -> Result<()> {
    let actions = parse(overlay)?;
    let mut work = doc.clone();
    let mut removed = Vec::new();
    for action in &actions {
        removed.push(apply_action(overlay, action, &mut work)?);
    }
    let mut before = Vec::new();
    local_refs(doc, "", &mut before);
    let mut after = Vec::new();
    local_refs(&work, "", &mut after);
    let mut problems = Vec::new();
    for (_, target) in after.iter().filter(|(_, t)| work.pointer(t).is_none()) {
        let was_fine = before.iter().any(|(_, t)| t == target) && doc.pointer(target).is_some();
        if let Some(diagnostic) = blame(overlay, &actions, &removed, target, was_fine)
            && !problems
                .iter()
                .any(|p: &Diagnostic| p.message == diagnostic.message)
        {
            problems.push(diagnostic);
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    *doc = work;
    Ok(())
}

/// Every local `$ref` under `node` (whose own pointer is `pointer`): (JSON pointer of the `$ref`,
/// pointer it names).
fn local_refs(node: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    for (at, n) in walk::nodes(node) {
        if let Some(target) = walk::local_ref(n) {
            out.push((format!("{pointer}{at}/$ref"), target.to_owned()));
        }
    }
}

/// The action to blame for the dangling reference to `target`: the last one whose `update` adds
/// it, else (when it resolved before the overlay) the one that removed what it names.
fn blame(
    overlay: &SourceFile,
    actions: &[Action],
    removed: &[Vec<String>],
    target: &str,
    was_fine: bool,
) -> Option<Diagnostic> {
    for action in actions.iter().rev() {
        let Some(update) = &action.update else {
            continue;
        };
        let mut added = Vec::new();
        local_refs(
            update,
            &format!("/actions/{}/update", action.index),
            &mut added,
        );
        if let Some((at, _)) = added.iter().find(|(_, t)| t == target) {
            return Some(overlay.error(
                at,
                format!("this action adds `$ref: #{target}`, which points to nothing in the spec"),
                "correct the reference, or add what it names (an `update` on its parent, e.g. \
                 `$.components.schemas`) in this overlay",
            ));
        }
    }
    if !was_fine {
        return None;
    }
    let (action, _) = actions.iter().zip(removed).rev().find(|(_, pointers)| {
        pointers
            .iter()
            .any(|p| target == p || target.starts_with(&format!("{p}/")))
    })?;
    Some(overlay.error(
        &format!("/actions/{}/target", action.index),
        format!(
            "this action removes `#{target}`, which the spec still references with `$ref`"
        ),
        "keep what the reference names, or remove or redirect the references to it in this overlay too",
    ))
}

fn parse(file: &SourceFile) -> Result<Vec<Action>> {
    let root = file.value.as_object().ok_or_else(|| {
        file.error(
            "",
            "the overlay is not a YAML mapping",
            "an overlay has `overlay: 1.0.0`, `info` and `actions`",
        )
    })?;
    let mut problems = Vec::new();
    for key in root.keys() {
        if !matches!(key.as_str(), "overlay" | "info" | "extends" | "actions")
            && !key.starts_with("x-")
        {
            problems.push(file.error(
                &format!("/{key}"),
                format!("unknown overlay field `{key}`"),
                "Overlay 1.0 allows `overlay`, `info`, `extends`, `actions` and `x-` extensions",
            ));
        }
    }
    match root.get("overlay").and_then(Value::as_str) {
        Some(v) if v == "1.0.0" || v.starts_with("1.0.") => {}
        other => problems.push(file.error(
            "/overlay",
            format!(
                "unsupported overlay version {}",
                other.map_or("(missing)".to_owned(), |v| format!("`{v}`"))
            ),
            "this tool applies OpenAPI Overlay 1.0: set `overlay: 1.0.0`",
        )),
    }
    let info = root.get("info");
    for field in ["title", "version"] {
        if info
            .and_then(|i| i.get(field))
            .and_then(Value::as_str)
            .is_none()
        {
            problems.push(file.error(
                "/info",
                format!("`info.{field}` is missing"),
                format!("add `info.{field}` (a string), as Overlay 1.0 requires"),
            ));
        }
    }
    let mut actions = Vec::new();
    // Overlay 1.0 asks for at least one action; an empty list is accepted so a freshly vendored
    // version can start with the scaffolded, empty overlay.
    match root.get("actions").and_then(Value::as_array) {
        Some(list) => {
            for (index, raw) in list.iter().enumerate() {
                match parse_action(file, index, raw) {
                    Ok(a) => actions.push(a),
                    Err(d) => problems.push(d),
                }
            }
        }
        _ => problems.push(file.error(
            "/actions",
            "`actions` is missing",
            "add `actions:` with the corrections (or `actions: []` for none)",
        )),
    }
    if problems.is_empty() {
        Ok(actions)
    } else {
        Err(problems.into())
    }
}

fn parse_action(file: &SourceFile, index: usize, raw: &Value) -> Result<Action, Diagnostic> {
    let at = format!("/actions/{index}");
    let obj = raw.as_object().ok_or_else(|| {
        file.error(
            &at,
            "an action is not a mapping",
            "write each action as a mapping with target, description and update or remove",
        )
    })?;
    for key in obj.keys() {
        if !matches!(key.as_str(), "target" | "description" | "update" | "remove")
            && !key.starts_with("x-")
        {
            return Err(file.error(
                &format!("{at}/{key}"),
                format!("unknown action field `{key}`"),
                "an Overlay 1.0 action has `target`, `description`, `update` or `remove`",
            ));
        }
    }
    let target_text = obj.get("target").and_then(Value::as_str).ok_or_else(|| {
        file.error(
            &at,
            "the action has no `target`",
            "add `target:` with a JSONPath (RFC 9535) selecting the nodes to change",
        )
    })?;
    let target = JsonPath::parse(target_text).map_err(|e| {
        file.error(
            &format!("{at}/target"),
            format!("invalid JSONPath `{target_text}`: {e}"),
            "write the target as an RFC 9535 JSONPath, e.g. `$.paths['/vkyc'].get`",
        )
    })?;
    if obj
        .get("description")
        .and_then(Value::as_str)
        .is_none_or(|d| d.trim().is_empty())
    {
        return Err(file.error(
            &at,
            "the action has no `description`",
            "say in `description` why this correction is needed (vkyc requires a reason for every correction)",
        ));
    }
    let remove = match obj.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(file.error(
                &format!("{at}/remove"),
                "`remove` is not a boolean",
                "write `remove: true`",
            ));
        }
    };
    let update = obj.get("update").cloned();
    match (&update, remove) {
        (Some(_), true) => Err(file.error(
            &at,
            "the action has both `update` and `remove: true`",
            "split it into two actions",
        )),
        (None, false) => Err(file.error(
            &at,
            "the action has neither `update` nor `remove: true`",
            "add one of them",
        )),
        _ => Ok(Action {
            index,
            target,
            target_text: target_text.to_owned(),
            update,
            remove,
        }),
    }
}

/// Applies one action; returns the pointers it removed.
fn apply_action(
    file: &SourceFile,
    action: &Action,
    doc: &mut Value,
) -> Result<Vec<String>, Diagnostic> {
    let at = format!("/actions/{}/target", action.index);
    let mut pointers: Vec<String> = action
        .target
        .query_located(doc)
        .into_iter()
        .map(|n| n.location().to_json_pointer())
        .collect();
    if pointers.is_empty() {
        return Err(file.error(
            &at,
            format!(
                "target `{}` matches nothing in the spec",
                action.target_text
            ),
            "fix the JSONPath, or delete the action if the spec no longer needs this correction",
        ));
    }
    if action.remove {
        // Remove deepest and last first, so array indices of later matches stay valid.
        pointers.sort_by(|a, b| b.cmp(a));
        for pointer in &pointers {
            remove_at(doc, pointer);
        }
        return Ok(pointers);
    }
    let update = action.update.as_ref().expect("checked in parse_action");
    for pointer in pointers {
        let node = doc
            .pointer_mut(&pointer)
            .expect("location came from this document");
        match node {
            Value::Object(target) => {
                let Value::Object(patch) = update else {
                    return Err(file.error(
                        &format!("/actions/{}/update", action.index),
                        format!(
                            "`update` is not a mapping but the target `{pointer}` is an object"
                        ),
                        "write `update` as a mapping of the fields to set",
                    ));
                };
                merge_into(target, patch);
            }
            Value::Array(items) => items.push(update.clone()),
            _ => {
                return Err(file.error(
                    &at,
                    format!("target `{}` selects a primitive value at {pointer}", action.target_text),
                    "Overlay 1.0 targets objects or arrays: target the containing object and update the field in it",
                ));
            }
        }
    }
    Ok(Vec::new())
}

/// Recursive merge: objects merge, anything else replaces.
fn merge_into(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (key, value) in patch {
        match (target.get_mut(key), value) {
            (Some(Value::Object(t)), Value::Object(p)) => merge_into(t, p),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn remove_at(doc: &mut Value, pointer: &str) {
    let Some(cut) = pointer.rfind('/') else {
        *doc = Value::Null;
        return;
    };
    let (parent, token) = (&pointer[..cut], &pointer[cut + 1..]);
    let token = token.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&token);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = token.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: &str) -> SourceFile {
        let text =
            format!("overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n{actions}");
        SourceFile::parse("overlay.yaml", text.into_bytes()).unwrap()
    }

    #[test]
    fn update_merges_and_remove_removes() {
        let mut doc = json!({"a": {"b": {"format": "date", "type": "string"}, "c": [1, 2]}});
        let o = overlay(
            "  - target: $.a.b\n    description: why\n    update: {type: integer}\n  - target: $.a.c\n    description: why\n    remove: true\n",
        );
        apply(&o, &mut doc).unwrap();
        assert_eq!(
            doc,
            json!({"a": {"b": {"format": "date", "type": "integer"}}})
        );
    }

    #[test]
    fn unmatched_target_is_an_error_with_line_and_doc_untouched() {
        let mut doc = json!({"a": {}});
        let o = overlay(
            "  - target: $.a\n    description: ok\n    update: {x: 1}\n  - target: $.nope\n    description: why\n    remove: true\n",
        );
        let err = apply(&o, &mut doc).unwrap_err();
        assert_eq!(err.diagnostics[0].location.line, Some(9));
        assert_eq!(doc, json!({"a": {}}));
    }

    #[test]
    fn invalid_jsonpath_and_missing_reason() {
        let o = overlay("  - target: $[\n    description: why\n    remove: true\n");
        assert!(
            apply(&o, &mut json!({}))
                .unwrap_err()
                .to_string()
                .contains("invalid JSONPath")
        );
        let o = overlay("  - target: $.a\n    remove: true\n");
        assert!(
            apply(&o, &mut json!({"a": {}}))
                .unwrap_err()
                .to_string()
                .contains("description")
        );
    }

    #[test]
    fn rejects_other_overlay_versions() {
        let f = SourceFile::parse(
            "o.yaml",
            b"overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions: []\n".to_vec(),
        )
        .unwrap();
        let err = apply(&f, &mut json!({})).unwrap_err().to_string();
        assert!(err.contains("unsupported overlay version `1.1.0`"), "{err}");
    }

    #[test]
    fn a_dangling_ref_is_blamed_on_the_action_that_made_it() {
        let spec = || {
            serde_json::json!({
                "components": {"schemas": {"A": {"type": "string"}, "B": {"$ref": "#/components/schemas/A"}}},
                "paths": {}
            })
        };
        let added = overlay(
            "  - target: $.components.schemas.B\n    description: point B elsewhere\n    update:\n      items:\n        $ref: '#/components/schemas/Nope'\n",
        );
        let mut doc = spec();
        let err = apply(&added, &mut doc).unwrap_err();
        assert_eq!(doc, spec(), "the document is left as it was");
        let d = &err.diagnostics[0];
        assert_eq!(d.file, "overlay.yaml");
        assert_eq!(d.location.line, Some(10), "{err}");
        assert!(
            d.message.contains("adds `$ref: #/components/schemas/Nope`"),
            "{err}"
        );

        let removed = overlay(
            "  - target: $.components.schemas.A\n    description: drop A\n    remove: true\n",
        );
        let err = apply(&removed, &mut spec()).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.location.line, Some(6), "{err}");
        assert!(
            d.message.contains("removes `#/components/schemas/A`"),
            "{err}"
        );
    }
}
