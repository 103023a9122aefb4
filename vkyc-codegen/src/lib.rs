//! vkyc-codegen: vendored Cashfree VKYC specs + overlays + the status table → Rust clients and
//! their docs.
//!
//! Two ways in. [`Config`] is pure and deterministic: it reads the inputs and returns file
//! contents (the checked-in `vkyc-generated` crate and `docs/`, written by `cargo xtask regen`).
//! [`Builder`] is the build-script mode, in prost-build's shape: it writes self-contained modules
//! and one include file into `OUT_DIR`, for a crate that does not check generated code in.
//!
//! The source tree reads as the pipeline; the modules are private, and this page re-exports what
//! a build script, `cargo xtask` and the tests use:
//! - `load/`: find the inputs ([`discover`]), parse them keeping lines ([`SourceFile`]), check
//!   the [`Manifest`], [`merge`] a version's files, apply its overlay ([`apply_overlay`]), read
//!   the [`StatusTable`]; [`vendor`] takes Cashfree's YAML into `spec/`.
//! - `normalize/`: the checks and rewrites every spec gets before generation, and one module per
//!   `x-vkyc-*` extension (documented in `docs/extensions.md`, generated from those modules)
//!   ([`normalize()`] → [`Normalized`]).
//! - `generate/`: progenitor and quote build the client, webhook and status modules and the
//!   files that tie them together ([`Workspace::modules`], [`Workspace::generate`]).
//! - `docs/`: the Markdown reference, `docs/extensions.md` included ([`Workspace::docs`]).
//! - [`diff`]: what changed between two loads of a spec; [`walk`]: the one walker over a spec
//!   (operations, `$ref`s, pointers, nodes) every stage and the tests use.
//!
//! ```no_run
//! // build.rs, in `fn main`
//! if let Err(e) = vkyc_codegen::Builder::new().spec_dir("spec").compile() {
//!     panic!("{e}");
//! }
//! ```

// The re-exports below are the whole public API; each carries a doc comment.
#![warn(missing_docs)]

mod builder;
pub mod diff;
mod docs;
mod error;
mod generate;
mod load;
mod normalize;
pub mod walk;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The build-script mode: [`Builder`] writes self-contained modules and one include file into
/// `OUT_DIR`; [`Compiled`] says what it wrote.
pub use builder::{Builder, Compiled};
/// Every error names the file to edit, the line or JSON pointer, and how to fix it.
pub use error::{Diagnostic, Error, Location, Result};
/// The layout of `spec/`: one [`VersionDir`] per `<family>/<version>/`, each with its
/// [`MANIFEST`] and optional [`OVERLAY`]; [`discover`] finds them, [`is_date`] checks a version
/// name.
pub use load::layout::{MANIFEST, OVERLAY, VersionDir, discover, is_date};
/// A version's `manifest.yaml`: where each spec file came from ([`Origin`]) and the SHA-256
/// ([`sha256_hex`]) that keeps vendored files verbatim.
pub use load::manifest::{Manifest, ManifestEntry, Origin, sha256_hex};
/// Joins the spec files of one version into one document.
pub use load::merge::merge;
/// Applies an OpenAPI Overlay 1.0 document to a merged spec.
pub use load::overlay::apply as apply_overlay;
/// A parsed input file that maps JSON pointers to source lines, for errors.
pub use load::source::SourceFile;
/// The hand-written `spec/status-table.yaml`, loaded and checked.
pub use load::status_table::{
    Cited, Field, Judgement, Outcome, Phase, Status, StatusTable, SubStatus, Undocumented,
};
/// Vendoring: taking Cashfree's YAML verbatim into `spec/` and pinning it in the manifest
/// (`cargo xtask vendor`, `cargo xtask upstream`).
pub use load::vendor;
/// An open enum of values Cashfree sends (in a version module's `received`).
pub use normalize::forward::ReceivedEnum;
/// The normalize stage and what it collects for the generators.
pub use normalize::{
    Deprecated, KnownValues, LookupKey, Normalized, StatusLookup, Webhook, normalize,
};
/// Writes a generated file atomically (a temporary file beside it, then a rename).
pub use write::write_atomically;

use generate::{client, crate_files, format, status};
use load::select::{Selection, select};
use load::{layout, status_table};

/// Where the inputs are; everything has a sensible default (prost-build's `Config` is the model).
#[derive(Debug, Clone)]
pub struct Config {
    root: PathBuf,
    spec_dir: String,
    status_table: String,
    crate_dir: String,
    docs_dir: String,
    runtime_path: String,
    module_path: String,
    /// What the docs of [`Workspace::docs`] put for a leading `crate` (see [`Builder::crate_name`]).
    crate_name: Option<String>,
    /// Where those docs name the runtime's items (see [`Builder::docs_runtime_path`]).
    docs_runtime_path: Option<String>,
    versions: Selection,
    regenerate: &'static str,
}

impl Config {
    /// Inputs under `root` (the workspace root): `spec/`, `spec/status-table.yaml`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            spec_dir: "spec".into(),
            status_table: "spec/status-table.yaml".into(),
            crate_dir: "vkyc-generated".into(),
            docs_dir: "docs".into(),
            runtime_path: "::vkyc_runtime".into(),
            module_path: "crate".into(),
            crate_name: None,
            docs_runtime_path: None,
            versions: Selection::All,
            regenerate: format::REGEN,
        }
    }

    /// The directory holding `<family>/<version>/`, relative to the root.
    pub fn spec_dir(&mut self, dir: impl Into<String>) -> &mut Self {
        self.spec_dir = dir.into();
        self
    }

    /// The status table, relative to the root.
    pub fn status_table(&mut self, path: impl Into<String>) -> &mut Self {
        self.status_table = path.into();
        self
    }

    /// The path generated code names the hand-written runtime by (default `::vkyc_runtime`), like
    /// prost-build's `extern_path`: e.g. `crate::my_runtime` for a crate that re-exports or
    /// renames it.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// The path of the module the generated modules sit in (default `crate`: `status` and the
    /// family modules at the crate root), which generated code names them by.
    pub fn module_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.module_path = path.into();
        self
    }

    /// Generate only these versions, each `<family>/<version>` (`vrs/2024-12-01`) or a whole
    /// `<family>` (`vrs`); default every version in the spec directory. An entry that names no
    /// version is an error listing the versions the spec directory has. Every version directory
    /// is still read; only the selected ones are merged, checked and generated.
    pub fn versions<I, S>(&mut self, selection: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let named = selection.into_iter().map(Into::into);
        match &mut self.versions {
            Selection::Named(names) => names.extend(named),
            other => *other = Selection::Named(named.collect()),
        }
        self
    }

    /// The workspace root the inputs are under.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Loads, merges, overlays, normalizes and cross-checks every input.
    pub fn load(&self) -> Result<Workspace> {
        let table_file = layout::read(&self.root, &self.status_table)?;
        let table = StatusTable::load(&table_file)?;
        let versions = select(
            layout::discover(&self.root, &self.spec_dir)?,
            &self.versions,
            &self.spec_dir,
        )?;
        let mut apis = Vec::new();
        let mut problems = Vec::new();
        for version in versions {
            match load_api(&table, version) {
                Ok(api) => apis.push(api),
                Err(e) => problems.extend(e.diagnostics),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        Ok(Workspace {
            config: self.clone(),
            table_path: table_file.path,
            table,
            apis,
        })
    }

    /// The whole pipeline: every generated file, by workspace-relative path.
    pub fn generate(&self) -> Result<Generated> {
        self.load()?.generate()
    }
}

/// One API version, ready to generate.
#[derive(Debug, Clone)]
pub struct Api {
    /// The `spec/<family>/<version>/` directory it comes from.
    pub version: VersionDir,
    /// The spec after merge and overlay (with the `x-vkyc-lenient` shapes written out), before
    /// normalization: what the API itself accepts (`x-api-version` still a required header).
    /// Feed this to Prism or a validator.
    pub effective: serde_json::Value,
    /// The spec after normalization, with what the generators need from it.
    pub normalized: Normalized,
}

/// All inputs, loaded and checked.
#[derive(Debug, Clone)]
pub struct Workspace {
    config: Config,
    /// The status table's path, relative to the root.
    pub table_path: String,
    /// The status table.
    pub table: StatusTable,
    /// Every API version under the spec directory, in directory order.
    pub apis: Vec<Api>,
}

/// The output: file contents by workspace-relative path (`/` separators).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// File contents by workspace-relative path.
    pub files: BTreeMap<String, String>,
}

fn load_api(table: &StatusTable, version: VersionDir) -> Result<Api> {
    let mut doc = merge(&version.specs)?;
    if let Some(overlay) = &version.overlay {
        apply_overlay(overlay, &mut doc)?;
    }
    // Examples are checked against the table before normalization rewrites the schemas.
    let mut problems = Vec::new();
    for (field, value, pointer) in status_table::example_values(&doc) {
        if !table.knows(field, &value) {
            let file = version
                .specs
                .iter()
                .find(|s| s.value.pointer(&pointer).is_some())
                .unwrap_or(&version.specs[0]);
            let name = if field == Field::Status {
                "status"
            } else {
                "sub_status"
            };
            problems.push(file.error(
                &pointer,
                format!("example {name} `{value}` is not in the status table"),
                format!("add `{value}` to spec/status-table.yaml, or list it under `undocumented` with its source"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let normalized = normalize(&version, doc.clone())?;
    // An `x-vkyc-lenient` mark states which shapes the API sends, so Prism and validators see them
    // too (normalize has already reported any mark it could not read).
    let mut effective = doc;
    normalize::lenient::apply(&mut effective);
    Ok(Api {
        version,
        effective,
        normalized,
    })
}

impl Workspace {
    /// The generated modules by path relative to the module root: `status.rs` and one
    /// `<family>/<module>.rs` per version, each naming the rest only by [`Config::runtime_path`]
    /// and [`Config::module_path`].
    pub fn modules(&self) -> Result<BTreeMap<String, String>> {
        let paths = self.paths()?;
        let regenerate = self.config.regenerate;
        let mut files = BTreeMap::new();
        for api in &self.apis {
            let v = &api.version;
            let path = format!("{}/{}.rs", v.family, v.module());
            let tokens = client::progenitor_tokens(v, &api.normalized.openapi, &paths)?;
            let module = client::module_tokens(v, &api.normalized, tokens, &paths);
            let mut inputs = v.input_paths();
            inputs.push(self.table_path.clone());
            let contents = format::rust_file(&path, &inputs, regenerate, module)?;
            files.insert(path, contents);
        }
        let status = "status.rs".to_owned();
        let contents = format::rust_file(
            &status,
            std::slice::from_ref(&self.table_path),
            regenerate,
            status::generate(&self.table, &paths.runtime),
        )?;
        files.insert(status, contents);
        Ok(files)
    }

    /// The Markdown reference (`api/<family>-<version>.md`, `status-codes.md`, …) by path
    /// relative to the docs directory, naming the modules by the module path and the runtime by
    /// the runtime path, as the build-script mode reaches them (see [`Builder::crate_name`]).
    pub fn docs(&self) -> Vec<(String, String)> {
        let c = &self.config;
        let runtime = c.docs_runtime_path.as_deref();
        docs::generate(self, &self.doc_names(c.crate_name.as_deref(), runtime))
    }

    /// How the docs name the modules and the runtime: `crate` in the configured paths becomes
    /// `crate_name`; the runtime's items are named at `runtime` if given (a re-export), else at
    /// the runtime path.
    fn doc_names(&self, crate_name: Option<&str>, runtime: Option<&str>) -> docs::Names {
        let c = &self.config;
        docs::Names {
            modules: docs::Names::reached(&c.module_path, crate_name),
            runtime: docs::Names::reached(runtime.unwrap_or(&c.runtime_path), crate_name),
        }
    }

    /// Every file of the checked-in tree: the `vkyc-generated` crate (its modules, `lib.rs`, one
    /// `mod.rs` per family, `Cargo.toml`) and the docs.
    pub fn generate(&self) -> Result<Generated> {
        let rt = self.paths()?.runtime;
        let regenerate = self.config.regenerate;
        let crate_dir = &self.config.crate_dir;
        let docs_dir = &self.config.docs_dir;
        let versions: Vec<VersionDir> = self.apis.iter().map(|a| a.version.clone()).collect();
        let mut all_inputs: Vec<String> = vec![self.table_path.clone()];
        all_inputs.extend(versions.iter().map(|v| format!("{}/", v.dir)));
        let mut files: BTreeMap<String, String> = self
            .modules()?
            .into_iter()
            .map(|(path, contents)| (format!("{crate_dir}/src/{path}"), contents))
            .collect();

        for (family, vs) in crate_files::by_family(&versions) {
            let path = format!("{crate_dir}/src/{family}/mod.rs");
            let inputs: Vec<String> = vs.iter().map(|v| format!("{}/", v.dir)).collect();
            let contents =
                format::rust_file(&path, &inputs, regenerate, crate_files::family_mod_rs(&vs))?;
            files.insert(path, contents);
        }
        let lib = format!("{crate_dir}/src/lib.rs");
        let contents = format::rust_file(
            &lib,
            &all_inputs,
            regenerate,
            crate_files::lib_rs(&versions, &rt),
        )?;
        files.insert(lib, contents);
        files.insert(
            format!("{crate_dir}/Cargo.toml"),
            crate_files::cargo_toml(&format::header("#", &all_inputs, regenerate), &versions),
        );
        // `lib.rs` re-exports the runtime's items at the crate root.
        let names = self.doc_names(Some(crate_files::CRATE_NAME), Some("crate"));
        for (path, contents) in docs::generate(self, &names) {
            files.insert(format!("{docs_dir}/{path}"), contents);
        }
        Ok(Generated { files })
    }

    /// The include file of the build-script mode ([`Builder`]): the family and version modules
    /// around `include!`s of [`Workspace::modules`]' files, which sit beside it.
    pub fn include_file(&self, name: &str) -> Result<String> {
        let versions: Vec<VersionDir> = self.apis.iter().map(|a| a.version.clone()).collect();
        let mut inputs: Vec<String> = vec![self.table_path.clone()];
        inputs.extend(versions.iter().map(|v| format!("{}/", v.dir)));
        format::rust_file(
            name,
            &inputs,
            self.config.regenerate,
            crate_files::include_rs(&versions),
        )
    }

    fn paths(&self) -> Result<client::Paths> {
        Ok(client::Paths {
            runtime: self.parse_path(
                &self.config.runtime_path,
                "runtime_path",
                "::vkyc_runtime",
            )?,
            modules: self.parse_path(&self.config.module_path, "module_path", "crate::cashfree")?,
        })
    }

    /// A path given to the config (`setting`), parsed.
    fn parse_path(&self, path: &str, setting: &str, example: &str) -> Result<syn::Path> {
        syn::parse_str(path).map_err(|e| {
            Diagnostic::new(
                "build.rs",
                format!("{setting} `{path}` is not a Rust path: {e}"),
                format!("pass a path such as `{example}` to `{setting}`"),
            )
            .into()
        })
    }
}
