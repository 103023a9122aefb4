//! `spec/<family>/<version>/manifest.yaml`: where each spec file came from, and the hash that keeps
//! vendored files verbatim.

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Result};
use crate::load::source::SourceFile;
use crate::load::typed;

/// How a spec file came to be in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Copied byte for byte from Cashfree; its SHA-256 is enforced.
    Vendored,
    /// Written by this project where Cashfree publishes no YAML.
    HandAuthored,
}

/// A version's `manifest.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The API family it belongs to.
    pub family: String,
    /// The API version it belongs to.
    pub version: String,
    /// One entry per spec file.
    pub files: Vec<ManifestEntry>,
}

/// One spec file of the manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// File name inside the version directory.
    pub path: String,
    /// Vendored (byte for byte, hash pinned) or hand-authored.
    pub origin: Origin,
    /// Where the content comes from (the page a vendored file was copied from, or the pages a
    /// hand-authored file was written from).
    pub source_url: String,
    /// `YYYY-MM-DD` the source was retrieved.
    pub retrieved: String,
    /// Lower-case hex SHA-256 of the file; required for vendored files.
    #[serde(default)]
    pub sha256: Option<String>,
    /// Lower-case hex SHA-256 of the text of the page at `source_url` (its Markdown export) as last
    /// seen by `cargo xtask upstream`: how a hand-authored file learns that its page changed.
    #[serde(default)]
    pub page_sha256: Option<String>,
    /// Why the file is there, or what it corrects.
    #[serde(default)]
    pub note: Option<String>,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Manifest {
    /// Reads `file` as the manifest of `family` `version`, checking each entry.
    pub fn parse(file: &SourceFile, family: &str, version: &str) -> Result<Self> {
        let manifest: Manifest = typed::from_file(
            file,
            "a manifest has `family`, `version` and `files` (each with path, origin, source_url, retrieved, sha256)",
        )?;
        if manifest.family != family || manifest.version != version {
            return Err(file
                .error(
                    "/family",
                    format!(
                        "the manifest says {}/{} but lives in spec/{family}/{version}/",
                        manifest.family, manifest.version
                    ),
                    format!(
                        "set `family: {family}` and `version: \"{version}\"`, or move the directory"
                    ),
                )
                .into());
        }
        let mut problems = Vec::new();
        for (i, entry) in manifest.files.iter().enumerate() {
            if entry.origin == Origin::Vendored && entry.sha256.is_none() {
                problems.push(file.error(
                    &format!("/files/{i}"),
                    format!("vendored file `{}` has no sha256", entry.path),
                    "add `sha256:` with the file's SHA-256 (`sha256sum <file>`) as retrieved from Cashfree",
                ));
            }
            if manifest.files[..i].iter().any(|e| e.path == entry.path) {
                problems.push(file.error(
                    &format!("/files/{i}/path"),
                    format!("`{}` is listed twice", entry.path),
                    "list each file once",
                ));
            }
        }
        if problems.is_empty() {
            Ok(manifest)
        } else {
            Err(problems.into())
        }
    }

    /// The entry of the spec file `name`.
    pub fn entry(&self, name: &str) -> Option<&ManifestEntry> {
        self.files.iter().find(|e| e.path == name)
    }

    /// Checks a spec file against its entry: listed, and byte-identical to what was vendored.
    pub fn verify(
        &self,
        manifest_file: &SourceFile,
        name: &str,
        path: &str,
        bytes: &[u8],
    ) -> Result<(), Diagnostic> {
        let Some(entry) = self.entry(name) else {
            return Err(manifest_file.error(
                "/files",
                format!("`{path}` is not listed in the manifest"),
                format!("add an entry for `{name}` (origin, source_url, retrieved, sha256), or remove the file"),
            ));
        };
        if entry.origin == Origin::Vendored {
            let actual = sha256_hex(bytes);
            let expected = entry.sha256.as_deref().unwrap_or_default();
            if actual != expected {
                return Err(Diagnostic::new(
                    path,
                    format!(
                        "vendored file no longer matches its SHA-256 in {} line {} (expected {expected}, found {actual})",
                        manifest_file.path,
                        manifest_file.line_of("/files").unwrap_or(1)
                    ),
                    "vendored files stay byte for byte as Cashfree published them: undo the edit and put the \
                     correction in overlay.yaml, or re-vendor with `cargo xtask vendor`",
                ));
            }
        }
        Ok(())
    }
}
