//! Finds the inputs: `spec/<family>/<version>/` directories, each with spec files, a manifest and an
//! optional overlay. Adding a version is adding a directory; nothing here names one.

use std::path::Path;

use crate::error::{Diagnostic, Result};
use crate::load::manifest::{Manifest, Origin};
use crate::load::source::SourceFile;

/// The file of a version directory that says where each spec file came from.
pub const MANIFEST: &str = "manifest.yaml";
/// The file of a version directory with vkyc's corrections (OpenAPI Overlay 1.0).
pub const OVERLAY: &str = "overlay.yaml";

/// Everything one API version is generated from.
#[derive(Debug, Clone)]
pub struct VersionDir {
    /// The API family, e.g. `vrs`.
    pub family: String,
    /// The `x-api-version` this directory pins, `YYYY-MM-DD`.
    pub version: String,
    /// Workspace-relative directory, e.g. `spec/vrs/2024-12-01`.
    pub dir: String,
    /// The manifest as parsed, for errors with lines.
    pub manifest_file: SourceFile,
    /// The manifest's content.
    pub manifest: Manifest,
    /// Spec files in name order.
    pub specs: Vec<SourceFile>,
    /// The overlay, if the version has one.
    pub overlay: Option<SourceFile>,
}

impl VersionDir {
    /// Rust module name: `v` + the date with `_` (`2024-12-01` → `v2024_12_01`).
    pub fn module(&self) -> String {
        format!("v{}", self.version.replace('-', "_"))
    }

    /// Cargo feature: `<family>-<version>`.
    pub fn feature(&self) -> String {
        format!("{}-{}", self.family, self.version)
    }

    /// The workspace-relative paths this version is generated from, for `@generated` headers.
    pub fn input_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.specs.iter().map(|s| s.path.clone()).collect();
        paths.extend(self.overlay.iter().map(|o| o.path.clone()));
        paths
    }
}

/// Reads a file under `root` as a [`SourceFile`]; `rel` is workspace-relative.
pub fn read(root: &Path, rel: &str) -> Result<SourceFile> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        Diagnostic::new(
            rel,
            format!("cannot read the file: {e}"),
            "check that the file exists and is readable",
        )
    })?;
    SourceFile::parse(rel, bytes)
}

fn list_dir(root: &Path, rel: &str) -> Result<Vec<(String, bool)>> {
    let entries = std::fs::read_dir(root.join(rel)).map_err(|e| {
        Diagnostic::new(
            rel,
            format!("cannot read the directory: {e}"),
            "run from the workspace root, which has `spec/`",
        )
    })?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            Diagnostic::new(
                rel,
                format!("cannot list the directory: {e}"),
                "check permissions",
            )
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        out.push((name, is_dir));
    }
    out.sort();
    Ok(out)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn is_family_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn is_spec_file(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
}

/// Every version directory under `root/spec_dir`, ordered by family then version.
pub fn discover(root: &Path, spec_dir: &str) -> Result<Vec<VersionDir>> {
    let mut versions = Vec::new();
    let mut problems = Vec::new();
    for (family, is_dir) in list_dir(root, spec_dir)? {
        if !is_dir {
            continue;
        }
        let family_dir = format!("{spec_dir}/{family}");
        if !is_family_name(&family) {
            problems.push(Diagnostic::new(
                &family_dir,
                format!("family directory `{family}` is not a valid module name"),
                "name family directories in lower-case letters and digits, e.g. `vrs` or `ppi`",
            ));
            continue;
        }
        for (version, is_dir) in list_dir(root, &family_dir)? {
            if !is_dir {
                continue;
            }
            let dir = format!("{family_dir}/{version}");
            if !is_date(&version) {
                problems.push(Diagnostic::new(
                    &dir,
                    format!("version directory `{version}` is not an x-api-version date"),
                    "name version directories after the x-api-version they pin, as YYYY-MM-DD (e.g. 2024-12-01)",
                ));
                continue;
            }
            match load_version(root, &family, &version, &dir) {
                Ok(v) => versions.push(v),
                Err(e) => problems.extend(e.diagnostics),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    if versions.is_empty() {
        return Err(Diagnostic::new(
            spec_dir,
            "no API versions found",
            "add a directory spec/<family>/<YYYY-MM-DD>/ with a spec file and manifest.yaml (`cargo xtask vendor`)",
        )
        .into());
    }
    Ok(versions)
}

fn load_version(root: &Path, family: &str, version: &str, dir: &str) -> Result<VersionDir> {
    let entries = list_dir(root, dir)?;
    if entries.is_empty() {
        return Err(Diagnostic::new(
            dir,
            "the version directory is empty",
            "vendor the spec into it with `cargo xtask vendor`, or remove the directory",
        )
        .into());
    }
    if !entries.iter().any(|(n, d)| n == MANIFEST && !d) {
        return Err(Diagnostic::new(
            format!("{dir}/{MANIFEST}"),
            "the version directory has no manifest",
            "add manifest.yaml listing each spec file with origin, source_url, retrieved and sha256",
        )
        .into());
    }
    let manifest_file = read(root, &format!("{dir}/{MANIFEST}"))?;
    let manifest = Manifest::parse(&manifest_file, family, version)?;
    let mut specs = Vec::new();
    let mut overlay = None;
    let mut problems = Vec::new();
    for (name, is_dir) in entries {
        if is_dir || name == MANIFEST || !is_spec_file(&name) {
            continue;
        }
        let rel = format!("{dir}/{name}");
        if name == OVERLAY {
            overlay = Some(read(root, &rel)?);
            continue;
        }
        let bytes = std::fs::read(root.join(&rel)).map_err(|e| {
            Diagnostic::new(
                &rel,
                format!("cannot read the file: {e}"),
                "check permissions",
            )
        })?;
        if let Err(d) = manifest.verify(&manifest_file, &name, &rel, &bytes) {
            problems.push(d);
            continue;
        }
        let vendored = manifest
            .entry(&name)
            .is_some_and(|e| e.origin == Origin::Vendored);
        match SourceFile::parse(&rel, bytes) {
            Ok(f) => match vendored.then(|| crate::load::vendor::require_paths(&f)) {
                Some(Err(d)) => problems.push(d),
                _ => specs.push(f),
            },
            Err(e) => problems.extend(e.diagnostics),
        }
    }
    for (i, entry) in manifest.files.iter().enumerate() {
        if !root.join(dir).join(&entry.path).is_file() {
            problems.push(manifest_file.error(
                &format!("/files/{i}/path"),
                format!("`{}` is listed but not present in {dir}", entry.path),
                "restore the file or remove its entry",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    if specs.is_empty() {
        return Err(Diagnostic::new(
            dir,
            "the version directory has no spec file",
            "vendor Cashfree's YAML into it (`cargo xtask vendor`) or remove the directory",
        )
        .into());
    }
    Ok(VersionDir {
        family: family.to_owned(),
        version: version.to_owned(),
        dir: dir.to_owned(),
        manifest_file,
        manifest,
        specs,
        overlay,
    })
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates() {
        assert!(is_date("2024-12-01"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("v1"));
        assert!(!is_date("2024-1-01"));
    }
}
