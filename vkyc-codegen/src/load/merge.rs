//! Merge stage: the spec files of one version become one document. Cashfree publishes a page per
//! operation, each carrying a whole OpenAPI document; paths are unioned, identical components dedupe,
//! and a component defined differently by two files is an error naming both.

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Result};
use crate::load::source::SourceFile;
use crate::walk::escape_token;

/// Merges `files` (at least one) into one document. Top-level fields other than `paths` and
/// `components` come from the first file.
pub fn merge(files: &[SourceFile]) -> Result<Value> {
    let (first, rest) = files
        .split_first()
        .ok_or_else(|| Diagnostic::new("spec", "no spec files", "add a spec file"))?;
    check_root(first)?;
    let mut merged = first.value.clone();
    // Where each path operation and component came from, for conflict messages.
    let mut owners: Vec<(String, String)> = Vec::new();
    record_owners(first, &mut owners);
    let mut problems = Vec::new();
    for file in rest {
        check_root(file)?;
        for (section, depth) in [("paths", 2), ("components", 2)] {
            let Some(src) = file.value.get(section).and_then(Value::as_object) else {
                continue;
            };
            let dst = merged
                .as_object_mut()
                .expect("checked to be a mapping")
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()));
            let Some(dst) = dst.as_object_mut() else {
                continue;
            };
            merge_level(
                file,
                &format!("/{section}"),
                src,
                dst,
                depth,
                &owners,
                &mut problems,
            );
        }
        record_owners(file, &mut owners);
    }
    if problems.is_empty() {
        Ok(merged)
    } else {
        Err(problems.into())
    }
}

fn check_root(file: &SourceFile) -> Result<()> {
    if file.value.is_object() {
        Ok(())
    } else {
        Err(file
            .error(
                "",
                "the spec is not a YAML mapping",
                "a spec file is an OpenAPI 3.0 document",
            )
            .into())
    }
}

fn record_owners(file: &SourceFile, owners: &mut Vec<(String, String)>) {
    for section in ["paths", "components"] {
        let Some(map) = file.value.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (k, v) in map {
            let Some(inner) = v.as_object() else { continue };
            for k2 in inner.keys() {
                let pointer = format!("/{section}/{}/{}", escape_token(k), escape_token(k2));
                if !owners.iter().any(|(p, _)| *p == pointer) {
                    owners.push((pointer, file.path.clone()));
                }
            }
        }
    }
}

/// Unions `src` into `dst` down to `depth` levels; below that, values must be equal.
fn merge_level(
    file: &SourceFile,
    pointer: &str,
    src: &Map<String, Value>,
    dst: &mut Map<String, Value>,
    depth: usize,
    owners: &[(String, String)],
    problems: &mut Vec<Diagnostic>,
) {
    for (key, value) in src {
        let child = format!("{pointer}/{}", escape_token(key));
        match dst.get_mut(key) {
            None => {
                dst.insert(key.clone(), value.clone());
            }
            Some(existing) if depth > 1 => match (existing.as_object_mut(), value.as_object()) {
                (Some(d), Some(s)) => merge_level(file, &child, s, d, depth - 1, owners, problems),
                _ => problems.push(conflict(file, &child, owners)),
            },
            Some(existing) => {
                if existing != value {
                    problems.push(conflict(file, &child, owners));
                }
            }
        }
    }
}

fn conflict(file: &SourceFile, pointer: &str, owners: &[(String, String)]) -> Diagnostic {
    let other = owners
        .iter()
        .find(|(p, _)| p == pointer)
        .map(|(_, f)| f.as_str())
        .unwrap_or("an earlier file");
    file.error(
        pointer,
        format!("{pointer} is defined differently here and in {other}"),
        format!("make the two definitions identical, or correct one of them in overlay.yaml (conflicts with {other})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, yaml: &str) -> SourceFile {
        SourceFile::parse(name, yaml.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn unions_paths_and_dedupes_components() {
        let a = file(
            "a.yaml",
            "openapi: 3.0.0\npaths:\n  /a: {get: {}}\ncomponents:\n  schemas:\n    E: {type: string}\n",
        );
        let b = file(
            "b.yaml",
            "openapi: 3.0.0\npaths:\n  /b: {get: {}}\ncomponents:\n  schemas:\n    E: {type: string}\n",
        );
        let m = merge(&[a, b]).unwrap();
        assert!(m.pointer("/paths/~1a/get").is_some());
        assert!(m.pointer("/paths/~1b/get").is_some());
    }

    #[test]
    fn conflicting_component_names_both_files() {
        let a = file("a.yaml", "components:\n  schemas:\n    E: {type: string}\n");
        let b = file(
            "b.yaml",
            "components:\n  schemas:\n    E: {type: integer}\n",
        );
        let err = merge(&[a, b]).unwrap_err().to_string();
        assert!(err.contains("b.yaml:3"), "{err}");
        assert!(err.contains("a.yaml"), "{err}");
    }
}
