//! `cargo xtask upstream [--apply]`: compares every file in the manifests with what Cashfree publishes
//! now, and with `--apply` turns a changed page into one reviewable change (the re-vendored file, its
//! manifest entry, the regenerated client and a breaking-change report under `docs/changes/`).
//!
//! A changed file is tried in a scratch copy of `spec/` first (overlay still matching, everything
//! loading and generating, the diff computed); only a file that passes every step is written, so a
//! failure leaves its part of `spec/` as it was.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use vkyc_codegen::diff::{self, Change};
use vkyc_codegen::{Config, MANIFEST, Origin, VersionDir, Workspace, is_date, sha256_hex, vendor};

use crate::files::write_atomic;
use crate::http::{self, Limits};

/// The exit statuses, worst first wins; listed by `cargo xtask --help`.
const FAILED: u8 = 1;
const BREAKING: u8 = 2;
const COMPATIBLE: u8 = 3;

pub struct Args<'a> {
    pub root: &'a Path,
    pub apply: bool,
    /// Recorded as `retrieved` for re-vendored files and names the report.
    pub date: &'a str,
    pub limits: Limits,
}

/// What the page of a hand-authored file did since its hash was recorded.
enum Page {
    Unchanged,
    Changed(String),
    FirstSeen(String),
}

enum Outcome {
    Unchanged,
    /// The spec on the page differs; `applied` is the result of trying it in a scratch copy.
    Changed {
        bytes: Vec<u8>,
        old: String,
        new: String,
        applied: Result<(), String>,
    },
    Unreachable(String),
    NoSpec(String),
    HandAuthored(Page),
    /// Vendored from a local file (`file:`): nothing to fetch.
    Local,
}

struct Row {
    dir: String,
    name: String,
    source_url: String,
    outcome: Outcome,
}

impl Row {
    fn file(&self) -> String {
        format!("{}/{}", self.dir, self.name)
    }
}

/// The URL whose body holds the spec: the recorded URL, or for a docs page without an extension its
/// Markdown export (`<page>.md`), which is what Cashfree serves the page's YAML in.
pub fn export_url(source_url: &str) -> String {
    let (base, query) = match source_url.find(['?', '#']) {
        Some(i) => source_url.split_at(i),
        None => (source_url, ""),
    };
    let last = base.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let has_ext = [".md", ".yaml", ".yml", ".json", ".txt"]
        .iter()
        .any(|e| last.ends_with(e));
    if has_ext {
        source_url.to_owned()
    } else {
        format!("{}.md{query}", base.trim_end_matches('/'))
    }
}

fn check(v: &VersionDir, limits: &Limits) -> Vec<Row> {
    let mut rows = Vec::new();
    for entry in &v.manifest.files {
        let outcome = if !entry.source_url.contains("://") {
            Outcome::Local
        } else {
            let url = export_url(&entry.source_url);
            match http::get(&url, limits) {
                Err(e) => Outcome::Unreachable(format!("{url}: {e}")),
                Ok(body) => match entry.origin {
                    Origin::HandAuthored => {
                        let sha = sha256_hex(&body);
                        Outcome::HandAuthored(match &entry.page_sha256 {
                            Some(old) if *old == sha => Page::Unchanged,
                            Some(_) => Page::Changed(sha),
                            None => Page::FirstSeen(sha),
                        })
                    }
                    Origin::Vendored => match vendor::specs(&url, &body) {
                        Err(e) => Outcome::NoSpec(e.to_string()),
                        Ok(docs) if docs.len() != 1 => Outcome::NoSpec(format!(
                            "{url}: the page now holds {} OpenAPI documents where one was vendored; \
                             vendor it again by hand with `cargo xtask vendor`",
                            docs.len()
                        )),
                        Ok(mut docs) => {
                            let bytes = docs.remove(0);
                            let new = sha256_hex(&bytes);
                            let old = entry.sha256.clone().unwrap_or_default();
                            if new == old {
                                Outcome::Unchanged
                            } else {
                                Outcome::Changed {
                                    bytes,
                                    old,
                                    new,
                                    applied: Ok(()),
                                }
                            }
                        }
                    },
                },
            }
        };
        rows.push(Row {
            dir: v.dir.clone(),
            name: entry.path.clone(),
            source_url: entry.source_url.clone(),
            outcome,
        });
    }
    rows
}

/// Copies `from` into `to` (the `spec/` tree: plain files and directories).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// A scratch copy of `root/spec` with `files` and `manifests` written over it, loaded and generated:
/// every step `--apply` takes, without touching `root`.
fn trial(
    root: &Path,
    files: &[(String, &[u8])],
    manifests: &BTreeMap<String, String>,
) -> Result<Workspace, String> {
    let scratch = tempfile::tempdir().map_err(|e| format!("scratch directory: {e}"))?;
    let at = scratch.path();
    copy_tree(&root.join("spec"), &at.join("spec")).map_err(|e| format!("copying spec/: {e}"))?;
    for (dir, text) in manifests {
        std::fs::write(at.join(dir).join(MANIFEST), text).map_err(|e| e.to_string())?;
    }
    for (path, bytes) in files {
        std::fs::write(at.join(path), bytes).map_err(|e| e.to_string())?;
    }
    let ws = Config::new(at).load().map_err(|e| e.to_string())?;
    ws.generate().map_err(|e| e.to_string())?;
    Ok(ws)
}

/// The manifest text of `dir` with `fields` set on the entry for `name`.
fn with_fields(
    manifests: &BTreeMap<String, String>,
    dir: &str,
    name: &str,
    fields: &[(&str, &str)],
) -> Result<BTreeMap<String, String>, String> {
    let mut out = manifests.clone();
    let text = out
        .get_mut(dir)
        .ok_or_else(|| format!("{dir}: no manifest"))?;
    *text = vendor::set_entry_fields(text, name, fields)
        .ok_or_else(|| format!("{dir}/{}: no entry for {name}", MANIFEST))?;
    Ok(out)
}

/// Everything one run decided: rows, the manifests to write, and the diff of each applied version.
struct Plan {
    rows: Vec<Row>,
    manifests: BTreeMap<String, String>,
    accepted: Vec<(String, Vec<u8>)>,
    diffs: Vec<(String, Vec<Change>)>,
}

fn plan(args: &Args, base: &Workspace) -> Plan {
    let versions: Vec<&VersionDir> = base.apis.iter().map(|a| &a.version).collect();
    let mut rows: Vec<Row> = versions
        .iter()
        .flat_map(|v| check(v, &args.limits))
        .collect();
    let mut manifests: BTreeMap<String, String> = versions
        .iter()
        .map(|v| {
            (
                v.dir.clone(),
                String::from_utf8_lossy(&v.manifest_file.bytes).into_owned(),
            )
        })
        .collect();
    for row in &rows {
        // The entry is in the manifest it was read from, so setting its field cannot miss.
        if let Outcome::HandAuthored(Page::Changed(sha) | Page::FirstSeen(sha)) = &row.outcome
            && let Ok(m) = with_fields(&manifests, &row.dir, &row.name, &[("page_sha256", sha)])
        {
            manifests = m;
        }
    }
    let mut accepted: Vec<(String, Vec<u8>)> = Vec::new();
    let mut staged: Option<Workspace> = None;
    let retrieved = format!("\"{}\"", args.date);
    for row in &mut rows {
        let file = row.file();
        let Outcome::Changed {
            bytes,
            new,
            applied,
            ..
        } = &mut row.outcome
        else {
            continue;
        };
        let result = with_fields(
            &manifests,
            &row.dir,
            &row.name,
            &[("retrieved", &retrieved), ("sha256", new)],
        )
        .and_then(|m| {
            let mut files: Vec<(String, &[u8])> = accepted
                .iter()
                .map(|(p, b)| (p.clone(), b.as_slice()))
                .collect();
            files.push((file.clone(), bytes));
            trial(args.root, &files, &m).map(|ws| (m, ws))
        });
        match result {
            Ok((m, ws)) => {
                manifests = m;
                accepted.push((file, bytes.clone()));
                staged = Some(ws);
            }
            Err(e) => *applied = Err(e),
        }
    }
    let mut diffs = Vec::new();
    if let Some(now) = &staged {
        let touched = versions.iter().filter(|v| {
            accepted
                .iter()
                .any(|(p, _)| p.starts_with(&format!("{}/", v.dir)))
        });
        for v in touched {
            let title = format!("{} {}", v.family, v.version);
            match crate::diff::version_changes(base, now, &v.family, &v.version, "") {
                Ok(changes) => diffs.push((title, changes)),
                Err(e) => diffs.push((
                    title.clone(),
                    vec![Change {
                        scope: title,
                        what: format!("the diff could not be computed: {e}"),
                        breaking: true,
                        why: "review the change by hand".into(),
                    }],
                )),
            }
        }
    }
    Plan {
        rows,
        manifests,
        accepted,
        diffs,
    }
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

fn describe(row: &Row) -> String {
    match &row.outcome {
        Outcome::Unchanged => "unchanged".into(),
        Outcome::Changed {
            old, new, applied, ..
        } => match applied {
            Ok(()) => format!("**changed** (sha256 `{}` → `{}`)", short(old), short(new)),
            Err(e) => format!(
                "**changed, cannot be applied**: {} (details below)",
                first_line(e).trim_start_matches("error: ")
            ),
        },
        Outcome::Unreachable(e) => format!("**unreachable**: {e}"),
        Outcome::NoSpec(e) => format!(
            "**no longer holds a spec**: {}",
            first_line(e).trim_start_matches("error: ")
        ),
        Outcome::HandAuthored(Page::Unchanged) => "hand-authored; its page is unchanged".into(),
        Outcome::HandAuthored(Page::Changed(_)) => {
            "hand-authored; **its page changed**: review the file against the page".into()
        }
        Outcome::HandAuthored(Page::FirstSeen(_)) => {
            "hand-authored; no page hash was recorded (`--apply` records today's as `page_sha256`)"
                .into()
        }
        Outcome::Local => "not watched: vendored from a local file".into(),
    }
}

/// The worst outcome as an exit status (see `cargo xtask --help`).
fn status(plan: &Plan) -> u8 {
    let failed = plan.rows.iter().any(|r| {
        matches!(
            r.outcome,
            Outcome::Unreachable(_)
                | Outcome::NoSpec(_)
                | Outcome::Changed {
                    applied: Err(_),
                    ..
                }
        )
    });
    let breaking = plan.diffs.iter().flat_map(|(_, c)| c).any(|c| c.breaking);
    let changed = !plan.accepted.is_empty()
        || plan.rows.iter().any(|r| {
            matches!(
                r.outcome,
                Outcome::HandAuthored(Page::Changed(_) | Page::FirstSeen(_))
            )
        });
    if failed {
        FAILED
    } else if breaking {
        BREAKING
    } else if changed {
        COMPATIBLE
    } else {
        0
    }
}

fn report(args: &Args, plan: &Plan) -> String {
    let mut s = format!(
        "# Upstream check {}\n\nEach spec file of `spec/` compared with the page it came from \
         (`cargo xtask upstream{}`).\n\n| file | source | outcome |\n|---|---|---|\n",
        args.date,
        if args.apply { " --apply" } else { "" }
    );
    for row in &plan.rows {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} |",
            row.file(),
            row.source_url,
            describe(row).replace('|', "\\|")
        );
    }
    for (title, changes) in &plan.diffs {
        let section = diff::markdown(&format!("{title}: vendored → upstream"), changes);
        let _ = write!(s, "\n#{section}");
    }
    let details: Vec<(String, &str)> = plan
        .rows
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::NoSpec(e)
            | Outcome::Changed {
                applied: Err(e), ..
            } => Some((r.file(), e.as_str())),
            _ => None,
        })
        .collect();
    if !details.is_empty() {
        s.push_str("\n## Not applied\n\nThese files keep their vendored copy; fix the cause and run again.\n");
        for (file, e) in details {
            let _ = write!(s, "\n### `{file}`\n\n```text\n{}\n```\n", e.trim_end());
        }
    }
    if !args.apply && !plan.accepted.is_empty() {
        s.push_str("\nNothing was written: run `cargo xtask upstream --apply` to re-vendor, regenerate and write this report to docs/changes/.\n");
    }
    s
}

/// Writes the accepted files, the manifests, the regenerated output and the report.
fn write(args: &Args, plan: &Plan, report: &str) -> Result<Vec<String>, String> {
    let root = args.root;
    let mut written = Vec::new();
    for (path, bytes) in &plan.accepted {
        write_atomic(root, &root.join(path), &String::from_utf8_lossy(bytes))
            .map_err(|e| format!("{path}: {e}"))?;
        written.push(format!("re-vendored {path}"));
    }
    for (dir, text) in &plan.manifests {
        let path = root.join(dir).join(MANIFEST);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            write_atomic(root, &path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            written.push(format!("updated {dir}/{}", MANIFEST));
        }
    }
    if !plan.accepted.is_empty() {
        let (regen, _) = crate::regen::plan(root)?;
        crate::files::apply(root, &regen).map_err(|e| format!("regen: {e}"))?;
        written.extend(
            regen
                .changes
                .iter()
                .map(|c| format!("{} {}", c.verb(), c.path)),
        );
    }
    if !written.is_empty() {
        let rel = format!("docs/changes/upstream-{}.md", args.date);
        write_atomic(root, &root.join(&rel), report).map_err(|e| format!("{rel}: {e}"))?;
        written.push(format!("wrote {rel}"));
    }
    Ok(written)
}

pub fn run(args: Args) -> ExitCode {
    if !is_date(args.date) {
        eprintln!("error: --date {}: expected YYYY-MM-DD", args.date);
        return ExitCode::from(FAILED);
    }
    let base = match Config::new(args.root).load() {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!(
                "{e}\n\nupstream: the current spec/ does not load; fix it first (`cargo xtask regen` shows the same errors)."
            );
            return ExitCode::from(FAILED);
        }
    };
    let plan = plan(&args, &base);
    let report = report(&args, &plan);
    print!("{report}");
    let mut code = status(&plan);
    if args.apply {
        match write(&args, &plan, &report) {
            Ok(written) => written.iter().for_each(|w| eprintln!("{w}")),
            Err(e) => {
                eprintln!(
                    "error: {e}\nupstream --apply stopped; `git status` shows what was written."
                );
                code = FAILED;
            }
        }
    }
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::export_url;

    #[test]
    fn page_urls_are_fetched_as_their_markdown_export() {
        assert_eq!(
            export_url(
                "https://www.cashfree.com/docs/api-reference/vrs/v2/video-kyc/get-vkyc-status"
            ),
            "https://www.cashfree.com/docs/api-reference/vrs/v2/video-kyc/get-vkyc-status.md"
        );
        assert_eq!(
            export_url("https://x.test/a/spec.yaml"),
            "https://x.test/a/spec.yaml"
        );
        assert_eq!(
            export_url("https://x.test/a/page.md"),
            "https://x.test/a/page.md"
        );
        assert_eq!(
            export_url("https://x.test/a/page?v=1"),
            "https://x.test/a/page.md?v=1"
        );
    }
}
