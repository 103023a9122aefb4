//! `cargo xtask diff`: what changed between two versions of a family, or between a version now and
//! at a git revision, classified for users of the generated Rust client.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vkyc_codegen::diff::{self, Change};
use vkyc_codegen::{Api, Config, Workspace};

pub struct Args<'a> {
    pub root: &'a Path,
    pub family: &'a str,
    pub old: &'a str,
    pub new: Option<&'a str>,
    pub against: Option<&'a str>,
    pub status_table: Option<&'a str>,
    pub out: bool,
    pub fail_on_breaking: bool,
}

fn config(root: &Path, status_table: Option<&str>) -> Config {
    let mut c = Config::new(root);
    if let Some(t) = status_table {
        c.status_table(t);
    }
    c
}

fn find<'w>(ws: &'w Workspace, family: &str, version: &str, at: &str) -> Result<&'w Api, String> {
    ws.apis
        .iter()
        .find(|a| a.version.family == family && a.version.version == version)
        .ok_or_else(|| format!("no spec/{family}/{version}/ {at}"))
}

/// The `spec/` tree at `rev`, copied into a temp dir (files read with `git show`).
fn checkout_spec(root: &Path, rev: &str) -> Result<tempfile::TempDir, String> {
    let git = |args: &[&str]| crate::git::output(root, args);
    let list = git(&["ls-tree", "-r", "--name-only", rev, "--", "spec"])?;
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    for path in String::from_utf8_lossy(&list).lines() {
        let bytes = git(&["show", &format!("{rev}:{path}")])?;
        let dest = dir.path().join(path);
        std::fs::create_dir_all(dest.parent().expect("spec paths have a parent"))
            .map_err(|e| e.to_string())?;
        std::fs::write(dest, bytes).map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

/// What changed in `family`/`version` from `then` (found `at`, e.g. "at HEAD") to `now`: the spec
/// and the status table, as `diff --against` reports it.
pub fn version_changes(
    then: &Workspace,
    now: &Workspace,
    family: &str,
    version: &str,
    at: &str,
) -> Result<Vec<Change>, String> {
    let (o, n) = (
        find(then, family, version, at)?,
        find(now, family, version, "")?,
    );
    let mut changes = diff::diff_specs(&o.normalized.doc, &n.normalized.doc);
    changes.extend(diff::diff_tables(&then.table, &now.table));
    Ok(changes)
}

pub fn run(args: Args) -> ExitCode {
    match compute(&args) {
        Ok((title, file, changes)) => {
            let report = diff::markdown(&title, &changes);
            if args.out {
                let path: PathBuf = args.root.join("docs/changes").join(file);
                if let Err(e) = crate::files::write_atomic(args.root, &path, &report) {
                    eprintln!("error: {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
                println!(
                    "wrote {}",
                    path.strip_prefix(args.root).unwrap_or(&path).display()
                );
            } else {
                print!("{report}");
            }
            if args.fail_on_breaking && changes.iter().any(|c| c.breaking) {
                eprintln!("diff: breaking changes found (--fail-on breaking)");
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn compute(args: &Args) -> Result<(String, String, Vec<Change>), String> {
    let now = config(args.root, args.status_table)
        .load()
        .map_err(|e| e.to_string())?;
    let family = args.family;
    match (args.new, args.against) {
        (Some(new), None) => {
            let (o, n) = (
                find(&now, family, args.old, "")?,
                find(&now, family, new, "")?,
            );
            let changes = diff::diff_specs(&o.normalized.doc, &n.normalized.doc);
            Ok((
                format!("{family} {} → {new}", args.old),
                format!("{family}-{}..{new}.md", args.old),
                changes,
            ))
        }
        (None, Some(rev)) => {
            let checkout = checkout_spec(args.root, rev)?;
            let mut then_cfg = config(checkout.path(), None);
            // The status table at `rev` lives in the checkout too, unless a custom one was given.
            if let Some(t) = args.status_table {
                then_cfg.status_table(args.root.join(t).to_string_lossy().into_owned());
            }
            let then = then_cfg
                .load()
                .map_err(|e| format!("the spec at {rev} does not load:\n{e}"))?;
            let version = args.old;
            let changes = version_changes(&then, &now, family, version, &format!("at {rev}"))?;
            let safe_rev: String = rev
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            Ok((
                format!("{family} {version}: {rev} → working tree"),
                format!("{family}-{version}@{safe_rev}..{version}.md"),
                changes,
            ))
        }
        _ => Err("give either a second version or --against <git-rev>".into()),
    }
}
