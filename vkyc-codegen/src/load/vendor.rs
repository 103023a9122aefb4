//! Vendoring: the OpenAPI text of a source (a YAML/JSON file, or a Cashfree page's Markdown export
//! whose spec sits between ````yaml fences), taken verbatim, and the manifest entry that pins it.

use crate::error::{Diagnostic, Location, Result};
use crate::load::manifest::sha256_hex;
use crate::load::source::SourceFile;

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
    if looks_like_html(text) {
        return Err(Diagnostic::new(
            source,
            "the source is an HTML page, not a spec or a Markdown page export",
            "use the spec file itself or the page's Markdown export (the page URL with `.md`)",
        )
        .into());
    }
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

/// An HTML document (a docs page served as a web page, a login wall, an error page).
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<') && (head.contains("<!doctype html") || head.contains("<html"))
}

/// The OpenAPI documents a source holds, each checked to be a usable spec: what `vendor` writes and
/// what `upstream` compares with the manifest.
pub fn specs(source: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let docs = extract(source, bytes)?;
    let from_page = docs.len() != 1 || docs[0] != bytes;
    let mut problems = Vec::new();
    for doc in &docs {
        let checked = SourceFile::parse(source, doc.clone())
            .and_then(|file| require_paths(&file).map_err(Into::into));
        if let Err(e) = checked {
            // Lines count from the start of the ````yaml block, not of the page: name none.
            problems.extend(e.diagnostics.into_iter().map(|mut d| {
                if from_page {
                    d.location.line = None;
                }
                d
            }));
        }
    }
    if problems.is_empty() {
        Ok(docs)
    } else {
        Err(problems.into())
    }
}

/// A vendored spec must declare `paths`: without it there is nothing to generate, and every overlay
/// action aimed at an operation would fail far from the cause. Cashfree's `.md` page exports are often
/// cut short (the YAML stops inside `tags:`), so that is named as the likely cause.
pub fn require_paths(file: &SourceFile) -> Result<(), Diagnostic> {
    if file.value.get("paths").is_some_and(|p| !p.is_null()) {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&file.bytes);
    let lines = text.lines().count();
    let last_key = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .next_back();
    let cause = match last_key {
        Some(key) if key != "paths" => format!(
            "; its YAML stops after {lines} lines inside `{key}:`, so it is most likely a truncated \
             page export (Cashfree's `.md` exports often stop inside `tags:`)"
        ),
        _ => String::new(),
    };
    Err(Diagnostic::new(
        &file.path,
        format!("the spec has no `paths`, so there is no operation to generate{cause}"),
        "vendor the complete spec (the whole page export or Cashfree's YAML) with `cargo xtask vendor`; \
         if Cashfree publishes no complete copy, hand-author the file and mark it `origin: hand-authored` \
         in manifest.yaml",
    )
    .at(Location::line(lines.max(1))))
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

/// The manifest with `fields` of the entry for `path` set (replaced where present, else added at the
/// end of the entry); other fields, entries and comments stay as they are. `None` if `path` is not listed.
pub fn set_entry_fields(text: &str, path: &str, fields: &[(&str, &str)]) -> Option<String> {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    let mut found = false;
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if found || line.trim_start() != format!("- path: {path}") {
            continue;
        }
        found = true;
        let mut pending: Vec<(&str, &str)> = fields.to_vec();
        while let Some(next) = lines.next_if(|l| l.starts_with("    ")) {
            let key = next.trim_start().split(':').next().unwrap_or_default();
            let is_field = next.starts_with("    ") && !next.starts_with("     ");
            match pending.iter().position(|(k, _)| is_field && *k == key) {
                Some(i) => {
                    let (k, v) = pending.remove(i);
                    out.push_str(&format!("    {k}: {v}\n"));
                    // A folded value of the replaced field continues on deeper-indented lines.
                    while lines.next_if(|l| l.starts_with("      ")).is_some() {}
                }
                None => {
                    out.push_str(next);
                    out.push('\n');
                }
            }
        }
        for (k, v) in pending {
            out.push_str(&format!("    {k}: {v}\n"));
        }
    }
    found.then_some(out)
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
        let html = extract(
            "p",
            b"\n<!DOCTYPE html><html><body>openapi: 3.0.0</body></html>",
        )
        .unwrap_err();
        assert!(html.to_string().contains("HTML page"), "{html}");
    }

    #[test]
    fn a_spec_without_paths_is_refused_naming_the_truncation() {
        let page = b"````yaml get /vkyc\nopenapi: 3.0.0\ninfo:\n  title: t\ntags:\n  - name: Aadhaar\n  - name: BAV V2\n````\n";
        let err = specs("https://x/p.md", page).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("error: https://x/p.md: the spec has no `paths`"),
            "{text}"
        );
        assert!(text.contains("stops after 6 lines"), "{text}");
        assert!(text.contains("inside `tags:`"), "{text}");
        assert!(text.contains("truncated page export"), "{text}");
        let whole = b"openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n";
        assert_eq!(specs("s.yaml", whole).unwrap().len(), 1);
    }

    #[test]
    fn set_entry_fields_edits_one_entry_in_place() {
        let m = "files:\n  - path: a.yaml\n    origin: vendored\n    retrieved: \"1\"\n    sha256: old\n    note: >-\n      kept\n  - path: b.yaml\n    sha256: other\n";
        let out = set_entry_fields(
            m,
            "a.yaml",
            &[
                ("sha256", "new"),
                ("retrieved", "\"2\""),
                ("page_sha256", "p"),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "files:\n  - path: a.yaml\n    origin: vendored\n    retrieved: \"2\"\n    sha256: new\n    note: >-\n      kept\n    page_sha256: p\n  - path: b.yaml\n    sha256: other\n"
        );
        assert!(set_entry_fields(m, "c.yaml", &[("sha256", "x")]).is_none());
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
