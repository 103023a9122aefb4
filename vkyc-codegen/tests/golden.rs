//! Golden tests per generator: each directory of `tests/golden/` is a small synthetic spec for one
//! feature (see its README); every file `Builder::compile` writes for it, the Markdown docs
//! included, must equal the snapshot in its `expected/`. The `vkyc-goldens` crate includes every
//! Rust snapshot, so they are all compiled too.
//!
//! After an intended change to the generators: `VKYC_BLESS=1 cargo test -p vkyc-codegen --test
//! golden`, then review the diff of `tests/golden/*/expected/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use heck::ToSnakeCase;
use vkyc_codegen::{Builder, Config};

const GOLDEN: &str = "tests/golden";

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(GOLDEN)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("spec").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_owned();
                let text = fs::read_to_string(entry.path()).unwrap();
                out.insert(rel.to_string_lossy().replace('\\', "/"), text);
            }
        }
    }
    out
}

/// The docs page that depends on no input (the extension modules write it): `docs/extensions.md`
/// holds it, checked by `cargo xtask regen --check`, so the cases leave it out.
const INPUT_FREE_PAGE: &str = "docs/extensions.md";

/// Whether `rel` (under `vkyc-generated/`) is a file that ties a checked-in crate together
/// (`Config` mode, as `cargo xtask regen` writes `vkyc-generated`): `Cargo.toml`, `src/lib.rs`, a
/// family's `src/<family>/mod.rs`. They go under `crate/` in a case's snapshot; the generated
/// modules and docs are the build-script mode's, so only these are added.
fn crate_file(rel: &str) -> bool {
    rel == "Cargo.toml" || rel == "src/lib.rs" || rel.ends_with("/mod.rs")
}

/// What the generators make of one case, by path: the modules, the include file, the Markdown
/// docs and the crate files ([`crate_file`]). Paths are relative so the headers are the same on
/// every machine (cargo runs tests in the package directory).
fn generate(case: &str) -> BTreeMap<String, String> {
    let out = tempfile::tempdir().unwrap();
    Builder::new()
        .spec_dir(format!("{GOLDEN}/{case}/spec"))
        .status_table(format!("{GOLDEN}/status-table.yaml"))
        .module_path(format!("crate::{}", case.to_snake_case()))
        .crate_name("vkyc_goldens")
        .out_dir(out.path())
        .docs(true)
        .emit_rerun_if_changed(false)
        .compile()
        .unwrap_or_else(|e| panic!("{case}: {e}"));
    let mut files = files(out.path());
    files.remove(INPUT_FREE_PAGE);
    let mut config = Config::new(GOLDEN);
    config
        .spec_dir(format!("{case}/spec"))
        .status_table("status-table.yaml");
    let tree = config
        .generate()
        .unwrap_or_else(|e| panic!("{case}: {e}"))
        .files;
    for (path, text) in tree {
        if let Some(rel) = path
            .strip_prefix("vkyc-generated/")
            .filter(|r| crate_file(r))
        {
            files.insert(format!("crate/{rel}"), text);
        }
    }
    files
}

/// A case's versions as `<family>/<version>`, from its spec directory.
fn versions(case: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for family in fs::read_dir(format!("{GOLDEN}/{case}/spec"))
        .unwrap()
        .flatten()
    {
        for version in fs::read_dir(family.path()).unwrap().flatten() {
            out.push((
                family.file_name().to_string_lossy().into_owned(),
                version.file_name().to_string_lossy().into_owned(),
            ));
        }
    }
    out.sort();
    out
}

/// Each case's crate files name its versions: a cargo feature per version, all on by default, and
/// `lib.rs` and the family's `mod.rs` gate the version's module on it.
#[test]
fn each_case_crate_has_a_feature_per_version() {
    for case in cases() {
        let got = generate(&case);
        let (cargo, lib) = (&got["crate/Cargo.toml"], &got["crate/src/lib.rs"]);
        let versions = versions(&case);
        assert!(!versions.is_empty(), "{case}");
        let features: Vec<String> = versions
            .iter()
            .map(|(family, version)| format!("{family}-{version}"))
            .collect();
        let default = format!(
            "default = [{}]\n",
            features
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(cargo.contains(&default), "{case}: {default:?} in\n{cargo}");
        for ((family, version), feature) in versions.iter().zip(&features) {
            let family = &got[&format!("crate/src/{family}/mod.rs")];
            assert!(
                cargo.contains(&format!("\n{feature} = []\n")),
                "{case}: {feature}"
            );
            assert!(
                lib.contains(&format!("feature = \"{feature}\"")),
                "{case}: {feature}"
            );
            let module = format!("pub mod v{};", version.replace('-', "_"));
            let gate = format!("#[cfg(feature = \"{feature}\")]\npub mod");
            assert!(
                family.contains(&module) && family.contains(&gate),
                "{case}: {family}"
            );
        }
        // No feature beyond the versions' and the runtime's `cf-signature`.
        let section = cargo.split("[features]\n").nth(1).unwrap();
        let section = section.split("\n[").next().unwrap();
        let declared: Vec<&str> = section
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| l.split(" = ").next())
            .filter(|name| *name != "default" && *name != "cf-signature")
            .collect();
        assert_eq!(declared, features, "{case}");
    }
}

#[test]
fn every_case_matches_its_snapshot() {
    let cases = cases();
    assert!(cases.len() >= 6, "{cases:?}");
    let bless = std::env::var_os("VKYC_BLESS").is_some();
    let mut stale = Vec::new();
    for case in &cases {
        let expected_dir = PathBuf::from(GOLDEN).join(case).join("expected");
        let got = generate(case);
        if bless {
            let _ = fs::remove_dir_all(&expected_dir);
            for (rel, text) in &got {
                let path = expected_dir.join(rel);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            }
            continue;
        }
        let want = files(&expected_dir);
        for rel in got.keys().chain(want.keys()) {
            match (got.get(rel), want.get(rel)) {
                (Some(g), Some(w)) if g == w => {}
                (Some(_), Some(_)) => stale.push(format!("{case}/expected/{rel} differs")),
                (Some(_), None) => stale.push(format!("{case}/expected/{rel} is missing")),
                (None, _) => stale.push(format!("{case}/expected/{rel} is no longer generated")),
            }
        }
    }
    stale.dedup();
    assert!(
        stale.is_empty(),
        "golden snapshots differ:\n  {}\nif the change is intended: VKYC_BLESS=1 cargo test -p vkyc-codegen --test golden, and review the diff",
        stale.join("\n  ")
    );
}

/// Each snapshot is compiled: the `vkyc-goldens` crate includes every case's include file.
#[test]
fn every_case_is_compiled_by_the_goldens_crate() {
    let lib = fs::read_to_string("goldens/src/lib.rs").unwrap();
    for case in cases() {
        let module = format!("pub mod {} {{", case.to_snake_case());
        let include = format!("include!(\"../../{GOLDEN}/{case}/expected/vkyc.rs\");");
        assert!(
            lib.contains(&module) && lib.contains(&include),
            "goldens/src/lib.rs does not include the case {case}"
        );
    }
}

/// What sets each case apart shows in its output (so a case cannot silently test nothing).
#[test]
fn each_case_shows_its_feature() {
    let module = |case: &str| generate(case)["vrs/v2025_01_01.rs"].clone();
    let query = module("lookup-by-query");
    assert!(query.contains("type Keys<'a> = &'a str;"));
    assert!(query.contains("self.get_status().verification_id(verification_id).send()"));
    assert!(!query.contains("pub mod webhook"));
    assert!(query.contains("const CF_SIGNATURE: bool = false;"));
    let body = module("lookup-by-body");
    assert!(body.contains("type Keys<'a> = (&'a str, &'a str);"));
    assert!(body.contains("body.user_id(user_id).verification_id(verification_id)"));
    let webhooks = module("webhooks");
    assert!(webhooks.contains("pub mod webhook {"));
    assert!(webhooks.contains("LinkGenerated"));
    assert!(module("cf-signature").contains("const CF_SIGNATURE: bool = true;"));
    let merged = module("two-file-merge");
    assert!(merged.contains("pub fn add_user(&self) -> builder::AddUser<'_>"));
    assert!(merged.contains("pub fn get_status(&self) -> builder::GetStatus<'_>"));
    let lenient = module("lenient-field");
    assert!(lenient.contains("Option<::vkyc_runtime::lenient::Id>"));
    assert!(lenient.contains("Option<::vkyc_runtime::lenient::Date>"));
    let open = module("open-enum");
    assert!(open.contains("received::NotificationMode"));
    assert!(open.contains("pub enum NotificationMode {"));
    let bare = module("no-overlay");
    assert!(bare.contains("RETRY_SAFE_OPERATIONS: &[&str] = &[];"));
    assert!(!bare.contains("StatusLookup"));
    let two = generate("two-versions");
    assert!(
        two["vkyc.rs"].contains("pub mod v2025_01_01")
            && two["vkyc.rs"].contains("pub mod v2025_06_01")
    );
    assert!(
        two["crate/src/lib.rs"]
            .contains("#[cfg(any(feature = \"vrs-2025-01-01\", feature = \"vrs-2025-06-01\"))]")
    );

    let page = |case: &str| generate(case)["docs/api/vrs-2025-01-01.md"].clone();
    assert!(page("webhooks").contains("## Webhooks"));
    assert!(!page("lookup-by-query").contains("## Webhooks"));
    assert!(page("cf-signature").contains("Two-factor `x-cf-signature`"));
    assert!(page("lookup-by-body").contains("status lookup used by `wait_for_terminal`"));
    assert!(!page("no-overlay").contains("status lookup used by"));
    assert!(page("lenient-field").contains("`lenient::Date`: date or date-time"));
    assert!(page("open-enum").contains("`received::NotificationMode` (open enum)"));
    assert!(page("two-file-merge").contains("## `POST /users`"));
}

/// A generated module states data and holds no behaviour (DEVELOPERS.md): outside progenitor's
/// `mod api` there are only constants, type aliases, re-exports, modules, invocations of the
/// runtime's macros, and impls of the runtime's traits whose functions are one expression (a
/// constant, fields, or one progenitor call). Checked on every golden case and on the two
/// checked-in modules of `vkyc-generated`. The status module may also declare its tables' types
/// and read them in one-expression methods; the rest (how a family's text is chosen, polling) is
/// the runtime's.
#[test]
fn generated_modules_state_data_only() {
    let mut modules: Vec<(String, String)> = Vec::new();
    for case in cases() {
        for (rel, text) in generate(&case) {
            if rel.starts_with("vrs/") && rel.ends_with(".rs") {
                modules.push((format!("{case}/{rel}"), text));
            }
        }
    }
    for family in ["vrs", "ppi"] {
        let dir = PathBuf::from("../vkyc-generated/src").join(family);
        for (rel, text) in files(&dir) {
            if rel != "mod.rs" {
                modules.push((format!("vkyc-generated/src/{family}/{rel}"), text));
            }
        }
    }
    assert!(
        modules.len() >= 10,
        "{:?}",
        modules.iter().map(|m| &m.0).collect::<Vec<_>>()
    );
    let mut behaviour = Vec::new();
    for (name, text) in &modules {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        data_only(name, &file.items, false, &mut behaviour);
    }
    let status = fs::read_to_string("../vkyc-generated/src/status.rs").unwrap();
    let file = syn::parse_file(&status).unwrap();
    data_only(
        "vkyc-generated/src/status.rs",
        &file.items,
        true,
        &mut behaviour,
    );
    assert!(
        behaviour.is_empty(),
        "behaviour in generated code:\n  {}",
        behaviour.join("\n  ")
    );
}

/// `tables`: the status module's rules (type declarations and inherent one-expression readers).
fn data_only(module: &str, items: &[syn::Item], tables: bool, behaviour: &mut Vec<String>) {
    let traits: &[&str] = if tables {
        &["TerminalStatus"]
    } else {
        &["Api", "StatusLookup"]
    };
    const MACROS: &[&str] = &["client_hooks", "webhook_event", "open_enum"];
    let last = |path: &syn::Path| {
        path.segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default()
    };
    for item in items {
        match item {
            syn::Item::Const(_) | syn::Item::Type(_) | syn::Item::Use(_) => {}
            syn::Item::Mod(m) if m.ident == "api" => {}
            syn::Item::Mod(m) => {
                let inner = m
                    .content
                    .as_ref()
                    .map(|(_, items)| items.as_slice())
                    .unwrap_or_default();
                data_only(&format!("{module}::{}", m.ident), inner, tables, behaviour);
            }
            syn::Item::Macro(m) if MACROS.contains(&last(&m.mac.path).as_str()) => {}
            syn::Item::Enum(_) | syn::Item::Struct(_) if tables => {}
            syn::Item::Impl(imp) => {
                let name = match &imp.trait_ {
                    Some((path, _)) if traits.contains(&last(path).as_str()) => last(path),
                    None if tables => "an inherent impl".to_owned(),
                    Some((path, _)) => {
                        behaviour.push(format!("{module}: an impl of `{}`", last(path)));
                        continue;
                    }
                    None => {
                        behaviour.push(format!("{module}: an inherent impl"));
                        continue;
                    }
                };
                for member in &imp.items {
                    if let syn::ImplItem::Fn(f) = member {
                        let one_expression =
                            matches!(f.block.stmts.as_slice(), [syn::Stmt::Expr(_, None)]);
                        if !one_expression {
                            behaviour.push(format!(
                                "{module}: `fn {}` of {name} is more than one expression",
                                f.sig.ident
                            ));
                        }
                    }
                }
            }
            other => behaviour.push(format!(
                "{module}: {}",
                quote::ToTokens::to_token_stream(other)
                    .to_string()
                    .chars()
                    .take(80)
                    .collect::<String>()
            )),
        }
    }
}
