//! The build-script mode, in prost-build's shape: a [`Builder`] names the inputs and
//! [`Builder::compile`] writes self-contained modules plus one include file into `OUT_DIR`, for a
//! crate that does not check generated code in.
//!
//! ```no_run
//! // build.rs, in `fn main`
//! if let Err(e) = vkyc_codegen::Builder::new().spec_dir("spec").compile() {
//!     panic!("{e}");
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/vkyc.rs"));
//! ```

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Result};
use crate::load::select::Selection;
use crate::{Config, Workspace};

/// Settings of the build-script mode; every one has a default.
#[derive(Debug, Clone)]
pub struct Builder {
    spec_dir: PathBuf,
    status_table: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    include_file: String,
    /// Holds the runtime and module paths.
    config: Config,
    docs: bool,
    rerun_if_changed: bool,
    versions_from_features: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// What [`Builder::compile`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// The file to `include!`.
    pub include_file: PathBuf,
    /// Files written because their content changed (or they were new).
    pub written: Vec<PathBuf>,
    /// Files left alone because their content was already right.
    pub unchanged: Vec<PathBuf>,
}

impl Builder {
    /// Specs in `spec/` (relative to the build script's working directory, the package root),
    /// the status table in `spec/status-table.yaml`, output into `OUT_DIR`, the runtime at
    /// `::vkyc_runtime`, modules included at the crate root, no Markdown docs.
    pub fn new() -> Self {
        Self {
            spec_dir: PathBuf::from("spec"),
            status_table: None,
            out_dir: None,
            include_file: "vkyc.rs".into(),
            config: Config::new("."),
            docs: false,
            rerun_if_changed: true,
            versions_from_features: false,
        }
    }

    /// The directory holding `<family>/<version>/` (a copy of vkyc's `spec/`).
    pub fn spec_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.spec_dir = dir.into();
        self
    }

    /// The status table; default `status-table.yaml` in the spec directory.
    pub fn status_table(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.status_table = Some(path.into());
        self
    }

    /// Where the files go; default the `OUT_DIR` cargo gives build scripts.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The include file's name in the output directory; default `vkyc.rs`.
    pub fn include_file(&mut self, name: impl Into<String>) -> &mut Self {
        self.include_file = name.into();
        self
    }

    /// The path generated code names the runtime by; default `::vkyc_runtime` (see
    /// [`Config::runtime_path`]).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.config.runtime_path(path);
        self
    }

    /// Where the include file is included; default `crate` (the crate root). Set e.g.
    /// `crate::cashfree` for `mod cashfree { include!(…); }`.
    pub fn module_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.config.module_path(path);
        self
    }

    /// The name of the crate the modules are compiled into (e.g. `my_app`), for the Markdown
    /// docs only: they then name the modules `my_app::…` (at [`module_path`](Self::module_path)
    /// with `crate` replaced) as code outside the crate writes them. Default none: the docs name
    /// them by the module path itself (`crate::…`), which is right anywhere inside the crate,
    /// a binary included.
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.config.crate_name = Some(name.into());
        self
    }

    /// Where the Markdown docs name the runtime's `Credentials`, `Environment` and `webhook`, for
    /// a crate that re-exports them (e.g. `crate`, as `vkyc-generated` does at its root); default
    /// the [runtime path](Self::runtime_path). A leading `crate` is replaced as in
    /// [`crate_name`](Self::crate_name). Generated code is not affected.
    pub fn docs_runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.config.docs_runtime_path = Some(path.into());
        self
    }

    /// Generate only these versions, each `<family>/<version>` (`"vrs/2024-12-01"`) or a whole
    /// `<family>` (`"vrs"`); default every version in the spec directory (see
    /// [`Config::versions`]). A name that matches no version fails [`compile`](Self::compile) with
    /// an error naming the spec directory and listing its versions.
    ///
    /// ```no_run
    /// vkyc_codegen::Builder::new().spec_dir("spec").versions(["vrs/2024-12-01"]).compile()?;
    /// # Ok::<(), vkyc_codegen::Error>(())
    /// ```
    pub fn versions<I, S>(&mut self, selection: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config.versions(selection);
        self
    }

    /// Adds the version `family`/`version` (`"vrs"`, `"2024-12-01"`) to the selection of
    /// [`versions`](Self::versions).
    pub fn family_version(&mut self, family: &str, version: &str) -> &mut Self {
        self.versions([format!("{family}/{version}")])
    }

    /// Generate the versions whose cargo feature is enabled in the crate being built: a feature
    /// per version, named `<family>-<version>` as in `vkyc-generated` (e.g. `vrs-2024-12-01`,
    /// which a build script sees as `CARGO_FEATURE_VRS_2024_12_01`). Declare them in the crate's
    /// `Cargo.toml`, e.g. `[features] default = ["vrs-2024-12-01"]` and `vrs-2024-12-01 = []`.
    /// No version feature enabled, or an enabled one shaped like a version's that names none, is an
    /// error listing the spec directory's versions. Replaces [`versions`](Self::versions).
    pub fn versions_from_features(&mut self) -> &mut Self {
        self.versions_from_features = true;
        self
    }

    /// Also write the Markdown API reference and status-code pages under `docs/` in the output
    /// directory; default off.
    pub fn docs(&mut self, on: bool) -> &mut Self {
        self.docs = on;
        self
    }

    /// Print `cargo:rerun-if-changed` for every input (default on; off outside build scripts).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = on;
        self
    }

    /// Loads and checks every input, generates, and writes the files whose content changed. On
    /// error nothing is written, and the error names the input file to fix.
    pub fn compile(&self) -> Result<Compiled> {
        let spec_dir = path_str(&self.spec_dir)?;
        let table = match &self.status_table {
            Some(path) => path_str(path)?,
            None => format!("{spec_dir}/status-table.yaml"),
        };
        if self.rerun_if_changed {
            // The directory too: cargo then notices a new version directory.
            println!("cargo:rerun-if-changed={spec_dir}");
            println!("cargo:rerun-if-changed={table}");
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Diagnostic::new(
                        "build.rs",
                        "OUT_DIR is not set, so there is nowhere to write",
                        "call `compile()` from a build script, or set `Builder::out_dir`",
                    )
                })?,
        };
        let mut config = self.config.clone();
        config.spec_dir(spec_dir).status_table(table);
        if self.versions_from_features {
            config.versions = Selection::Features(
                std::env::vars_os()
                    .filter_map(|(name, _)| name.into_string().ok())
                    .filter(|name| name.starts_with("CARGO_FEATURE_"))
                    .collect(),
            );
        }
        config.regenerate = "build.rs regenerates it on every build";
        let workspace = config.load()?;
        if self.rerun_if_changed {
            for input in inputs(&workspace) {
                println!("cargo:rerun-if-changed={input}");
            }
        }
        let mut files = workspace.modules()?;
        files.insert(
            self.include_file.clone(),
            workspace.include_file(&self.include_file)?,
        );
        if self.docs {
            files.extend(
                workspace
                    .docs()
                    .into_iter()
                    .map(|(path, contents)| (format!("docs/{path}"), contents)),
            );
        }
        let mut compiled = Compiled {
            include_file: out_dir.join(&self.include_file),
            written: Vec::new(),
            unchanged: Vec::new(),
        };
        for (rel, contents) in &files {
            let path = out_dir.join(rel);
            if std::fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
                compiled.unchanged.push(path);
            } else {
                write_atomically(&path, contents)?;
                compiled.written.push(path);
            }
        }
        Ok(compiled)
    }
}

/// Every file of the versions the generated code depends on (the status table is printed first).
fn inputs(workspace: &Workspace) -> Vec<String> {
    let mut inputs = Vec::new();
    for api in &workspace.apis {
        let v = &api.version;
        inputs.push(v.manifest_file.path.clone());
        inputs.extend(v.input_paths());
    }
    inputs
}

fn path_str(path: &Path) -> Result<String> {
    path.to_str().map(str::to_owned).ok_or_else(|| {
        Diagnostic::new(
            "build.rs",
            format!("the path {} is not UTF-8", path.display()),
            "move the specs to a path that is valid UTF-8",
        )
        .into()
    })
}

/// [`write_atomically`](crate::write_atomically), its error naming the file.
fn write_atomically(path: &Path, contents: &str) -> Result<()> {
    crate::write_atomically(path, contents).map_err(|e| {
        Diagnostic::new(
            path.display().to_string(),
            format!("cannot write the generated file: {e}"),
            "check that the output directory is writable",
        )
        .into()
    })
}
