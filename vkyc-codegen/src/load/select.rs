//! Which versions of a spec directory to generate: every one (the default), those named
//! (`vrs/2024-12-01`, or a whole family `vrs`), or those whose cargo feature the build script's
//! package enables (`vrs-2024-12-01`, seen by a build script as `CARGO_FEATURE_VRS_2024_12_01`).

use crate::error::{Diagnostic, Result};
use crate::load::layout::{VersionDir, is_date};

/// The versions to generate.
#[derive(Debug, Clone, Default)]
pub(crate) enum Selection {
    /// Every version in the spec directory.
    #[default]
    All,
    /// `<family>/<version>` or `<family>` entries; each must match a version.
    Named(Vec<String>),
    /// Versions whose feature `<family>-<version>` is enabled, by the names of the enabled
    /// features' `CARGO_FEATURE_*` variables.
    Features(Vec<String>),
}

/// The versions of `versions` (everything in `spec_dir`) that `selection` names, in their order;
/// an error naming the spec directory and listing its versions for an entry that names none.
pub(crate) fn select(
    versions: Vec<VersionDir>,
    selection: &Selection,
    spec_dir: &str,
) -> Result<Vec<VersionDir>> {
    let available = || {
        versions
            .iter()
            .map(|v| format!("{}/{}", v.family, v.version))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match selection {
        Selection::All => Ok(versions),
        Selection::Named(names) => {
            let unknown: Vec<&String> = names
                .iter()
                .filter(|name| !versions.iter().any(|v| named(v, name)))
                .collect();
            if let Some(name) = unknown.first() {
                return Err(Diagnostic::new(
                    spec_dir,
                    format!(
                        "the selected version `{name}` is not in {spec_dir}, which has: {}",
                        available()
                    ),
                    format!(
                        "select `<family>/<version>` or a whole `<family>` from that list in \
                         `Builder::versions`, or add the directory {spec_dir}/{name}/"
                    ),
                )
                .into());
            }
            let selected: Vec<VersionDir> = versions
                .iter()
                .filter(|v| names.iter().any(|name| named(v, name)))
                .cloned()
                .collect();
            Ok(selected)
        }
        Selection::Features(enabled) => {
            let var = |v: &VersionDir| feature_var(&v.feature());
            // An enabled feature shaped like a version's that names none: a typo or a removed version.
            if let Some(stray) = enabled
                .iter()
                .filter(|name| looks_like_a_version(name))
                .find(|name| !versions.iter().any(|v| &var(v) == *name))
            {
                return Err(Diagnostic::new(
                    spec_dir,
                    format!(
                        "the enabled cargo feature `{}` names no version in {spec_dir}, which has: {}",
                        feature_name(stray),
                        available()
                    ),
                    "name the crate's version features `<family>-<version>` after that list, or add the version's directory",
                )
                .into());
            }
            let selected: Vec<VersionDir> = versions
                .iter()
                .filter(|v| enabled.contains(&var(v)))
                .cloned()
                .collect();
            if selected.is_empty() {
                return Err(Diagnostic::new(
                    spec_dir,
                    format!(
                        "no version feature is enabled, so there is nothing to generate; {spec_dir} has: {}",
                        available()
                    ),
                    format!(
                        "declare a feature per version in the crate's Cargo.toml, e.g. `[features] default = [\"{0}\"]` and `{0} = []`",
                        versions.first().map(VersionDir::feature).unwrap_or_default()
                    ),
                )
                .into());
            }
            Ok(selected)
        }
    }
}

/// Whether `name` (`vrs/2024-12-01` or `vrs`) names `v`.
fn named(v: &VersionDir, name: &str) -> bool {
    match name.split_once('/') {
        Some((family, version)) => v.family == family && v.version == version,
        None => v.family == name,
    }
}

/// The variable cargo sets for an enabled feature: `vrs-2024-12-01` → `CARGO_FEATURE_VRS_2024_12_01`.
fn feature_var(feature: &str) -> String {
    format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"))
}

/// `CARGO_FEATURE_VRS_2024_12_01` → `vrs-2024-12-01` (what the user wrote, as far as it can be told).
fn feature_name(var: &str) -> String {
    var.trim_start_matches("CARGO_FEATURE_")
        .to_lowercase()
        .replace('_', "-")
}

/// `CARGO_FEATURE_<FAMILY>_<YYYY>_<MM>_<DD>`.
fn looks_like_a_version(var: &str) -> bool {
    let name = feature_name(var);
    name.split_once('-').is_some_and(|(family, date)| {
        !family.is_empty()
            && family
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && is_date(date)
    })
}
