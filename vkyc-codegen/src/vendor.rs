//! Vendoring: the OpenAPI text of a source (a YAML/JSON file, or a Cashfree page's Markdown export
//! whose spec sits between ````yaml fences), taken verbatim, and the manifest entry that pins it.

use crate::error::{Diagnostic, Result};
use crate::manifest::sha256_hex;

/// The OpenAPI document(s) in `bytes`, verbatim: the whole file for YAML/JSON, the text between each
/// ````yaml fence and its closing ```` for a Markdown export.
pub fn extract(source: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(
            source,
            "the source is not UTF-8 text",
            "vendor the YAML or Markdown export of the page",
        )
    })?;
    let mut docs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("````yaml") {
        let after = &rest[start..];
        let Some(line_end) = after.find('\n') else {
            break;
        };
        let body = &after[line_end + 1..];
        let Some(end) = body.find("\n````") else {
            return Err(Diagnostic::new(
                source,
                "a ````yaml fence is never closed",
                "vendor the complete page export",
            )
            .into());
        };
        docs.push(body.as_bytes()[..end + 1].to_vec());
        rest = &body[end + 5..];
    }
    if !docs.is_empty() {
        return Ok(docs);
    }
    let trimmed = text.trim_start();
    let looks_like_spec = trimmed.starts_with('{')
        || text
            .lines()
            .any(|l| l.starts_with("openapi:") || l.starts_with("swagger:"));
    if looks_like_spec {
        Ok(vec![bytes.to_vec()])
    } else {
        Err(Diagnostic::new(
            source,
            "no OpenAPI document found (neither a YAML/JSON spec nor a Markdown page with ````yaml fences)",
            "pass the spec file itself or the page's Markdown export (the page URL with `.md`)",
        )
        .into())
    }
}

/// One manifest entry in the manifest's YAML form.
pub fn manifest_entry(path: &str, source_url: &str, retrieved: &str, bytes: &[u8]) -> String {
    format!(
        "  - path: {path}\n    origin: vendored\n    source_url: {source_url}\n    retrieved: \"{retrieved}\"\n    sha256: {}\n",
        sha256_hex(bytes)
    )
}

/// The manifest with the entry for `path` replaced (or appended): other entries and comments stay.
pub fn upsert_manifest(
    existing: Option<&str>,
    family: &str,
    version: &str,
    path: &str,
    entry: &str,
) -> String {
    let Some(text) = existing else {
        return format!(
            "# Where each spec file of {family} x-api-version {version} came from (written by `cargo xtask vendor`).\n\
             family: {family}\nversion: \"{version}\"\nfiles:\n{entry}"
        );
    };
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    let mut replaced = false;
    while let Some(line) = lines.next() {
        if line.trim_start() == format!("- path: {path}") {
            // Skip this entry's lines (indented deeper than the list item).
            while lines.peek().is_some_and(|l| l.starts_with("    ")) {
                lines.next();
            }
            out.push_str(entry);
            replaced = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if !replaced {
        out.push_str(entry);
    }
    out
}

/// The overlay a new version starts with: no corrections yet.
pub fn empty_overlay(family: &str, version: &str) -> String {
    format!(
        "# Corrections to the vendored {family} spec, x-api-version {version} (OpenAPI Overlay 1.0).\n\
         # Add one action per defect, each with a `description` saying why; `cargo xtask regen` applies them.\n\
         overlay: 1.0.0\ninfo:\n  title: vkyc corrections to Cashfree {fam} {version}\n  version: 1.0.0\nactions: []\n",
        fam = family.to_uppercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_fenced_yaml_verbatim() {
        let page = b"# Title\n\n````yaml get /vkyc\nopenapi: 3.0.0\ninfo: {}\n\n````\n";
        assert_eq!(
            extract("p.md", page).unwrap(),
            vec![b"openapi: 3.0.0\ninfo: {}\n\n".to_vec()]
        );
        assert_eq!(
            extract("s.yaml", b"openapi: 3.0.3\n").unwrap(),
            vec![b"openapi: 3.0.3\n".to_vec()]
        );
        assert!(extract("x.txt", b"hello").is_err());
    }

    #[test]
    fn upsert_replaces_only_its_entry() {
        let m = "# c\nfamily: f\nversion: \"v\"\nfiles:\n  - path: a.yaml\n    origin: vendored\n    sha256: old\n  - path: b.yaml\n    origin: vendored\n";
        let out = upsert_manifest(
            Some(m),
            "f",
            "v",
            "a.yaml",
            "  - path: a.yaml\n    sha256: new\n",
        );
        assert_eq!(
            out,
            "# c\nfamily: f\nversion: \"v\"\nfiles:\n  - path: a.yaml\n    sha256: new\n  - path: b.yaml\n    origin: vendored\n"
        );
    }
}
