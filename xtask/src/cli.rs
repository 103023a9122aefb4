//! The command line, `cargo xtask <task> [options]`, parsed with lexopt: a parser of a few hundred
//! lines without dependencies, where clap's derive compiled a dozen crates on every cold
//! `cargo xtask regen --check`.

use std::ffi::OsString;
use std::path::PathBuf;

use lexopt::prelude::*;

pub const USAGE: &str = "\
vkyc project tasks

Usage: cargo xtask <TASK> [OPTIONS]
       cargo xtask --help

Tasks:
  regen [--check] [--root DIR]
      Regenerate vkyc-generated/ and docs/ from spec/ (writes only files whose content changed).
      --check   write nothing; exit 1 listing each stale file with a unified diff (the CI drift gate)

  diff FAMILY OLD (NEW | --against GIT-REV) [--out] [--fail-on breaking] [--status-table PATH] [--root DIR]
      Report what changed between two versions of a family (or version OLD in the working tree and
      at a git revision), classified as breaking or not for users of the generated Rust client.
      --out                write docs/changes/<family>-<old>..<new>.md instead of printing
      --fail-on breaking   exit 2 when a change is breaking
      --status-table PATH  relative to the root (default: spec/status-table.yaml)

  spec-gate [--against GIT-REV] [--root DIR]
      The spec gate of CI and pull requests: regen --check, then diff --fail-on breaking of every
      version that exists at the base revision (default: HEAD).

  check-features
      cargo check each version feature of vkyc-generated alone, and vkyc-runtime with and without
      its optional features.

  test [ARGS]...
      Run every test: installs Prism and openapi-spec-validator into the project when missing
      (scripts/setup-tools.sh), then `cargo test --workspace --all-features [ARGS]`.

  vendor FAMILY VERSION SOURCE... [--date YYYY-MM-DD] [--root DIR]
      Copy Cashfree's spec verbatim into spec/<family>/<version>/ and pin it in the manifest.
      FAMILY is the API family's module name (vrs, ppi), VERSION the x-api-version (YYYY-MM-DD),
      each SOURCE an OpenAPI YAML/JSON file, a Markdown page export with ````yaml fences, or an
      https URL of either.
      --date   recorded as `retrieved` (default: today, UTC)

  upstream [--apply] [--timeout SECS] [--date YYYY-MM-DD] [--root DIR]
      Compare every file in the manifests with what Cashfree publishes now: unchanged, changed,
      unreachable, or no longer holding a spec; hand-authored files by their page's hash.
      --apply      re-vendor each changed file whose overlay still matches, regenerate, and write
                   the breaking-change report to docs/changes/upstream-DATE.md
      --timeout    seconds allowed per download (default: 30)
      --date       recorded as `retrieved` and in the report's name (default: today, UTC)
      Exit status: 0 every watched file is unchanged; 1 failed (a source was unreachable or no
      longer holds a spec, a changed file could not be applied, or a write failed; other files are
      still handled); 2 changed, and at least one change breaks users of the generated client;
      3 changed, all changes compatible (includes hand-authored files whose page changed).
      Each manifest entry's source_url is fetched (a docs page without an extension as its Markdown
      export, `<url>.md`). URLs must be https; plain http only for loopback addresses.

  bench [--quick] [--only FIGURE]...
      Measure codegen, build times and client overhead against bare progenitor and hand-written
      reqwest, and write docs/benchmarks.md (10 to 20 minutes on 2 cores).
      --quick         fewer samples and builds; prints the report instead of writing it
      --only FIGURE   measure only this figure (repeatable) and print the report: codegen, noop,
                      client, status, compile, duplicates, sandbox, clean-build, cold-regen

--root DIR is the workspace root (default: the checkout cargo xtask runs in).
";

/// A task and its arguments. (The build without `full` parses every task, to report mistakes
/// before handing one on, but reads the arguments of its own tasks only.)
#[cfg_attr(not(feature = "full"), allow(dead_code))]
pub enum Task {
    Help,
    Regen {
        check: bool,
        root: Option<PathBuf>,
    },
    Diff {
        family: String,
        old: String,
        new: Option<String>,
        against: Option<String>,
        out: bool,
        fail_on_breaking: bool,
        status_table: Option<String>,
        root: Option<PathBuf>,
    },
    SpecGate {
        against: String,
        root: Option<PathBuf>,
    },
    CheckFeatures,
    Test {
        args: Vec<OsString>,
    },
    Vendor {
        family: String,
        version: String,
        sources: Vec<String>,
        date: Option<String>,
        root: Option<PathBuf>,
    },
    Upstream {
        apply: bool,
        timeout: u64,
        date: Option<String>,
        root: Option<PathBuf>,
    },
    Bench {
        quick: bool,
        only: Vec<String>,
    },
}

impl Task {
    /// Whether the task needs the `full` build (HTTP, dates, the benchmark baselines).
    pub fn needs_full(&self) -> bool {
        matches!(
            self,
            Task::Vendor { .. } | Task::Upstream { .. } | Task::Bench { .. }
        )
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: Vec<OsString>) -> Result<Task, lexopt::Error> {
    let mut p = lexopt::Parser::from_args(args);
    let task = match p.next()? {
        Some(Value(task)) => task.string()?,
        Some(Long("help") | Short('h')) | None => return Ok(Task::Help),
        Some(arg) => return Err(arg.unexpected()),
    };
    if task == "test" {
        // Everything after `test` goes to `cargo test` as it is.
        let args = p.raw_args()?.collect();
        return Ok(Task::Test { args });
    }
    let mut flags = Flags::default();
    let mut positional: Vec<String> = Vec::new();
    while let Some(arg) = p.next()? {
        match arg {
            Long("help") | Short('h') => return Ok(Task::Help),
            Long("check") => flags.check = true,
            Long("out") => flags.out = true,
            Long("apply") => flags.apply = true,
            Long("quick") => flags.quick = true,
            Long("root") => flags.root = Some(p.value()?.into()),
            Long("against") => flags.against = Some(p.value()?.string()?),
            Long("fail-on") => {
                let level = p.value()?.string()?;
                if level != "breaking" {
                    return Err(format!("--fail-on takes `breaking`, not `{level}`").into());
                }
                flags.fail_on_breaking = true;
            }
            Long("status-table") => flags.status_table = Some(p.value()?.string()?),
            Long("date") => flags.date = Some(p.value()?.string()?),
            Long("timeout") => flags.timeout = Some(p.value()?.parse()?),
            Long("only") => flags.only.push(p.value()?.string()?),
            Value(value) => positional.push(value.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    flags.task(&task, positional)
}

/// Every option any task takes; [`Flags::task`] rejects those the task does not take.
#[derive(Default)]
struct Flags {
    check: bool,
    out: bool,
    apply: bool,
    quick: bool,
    fail_on_breaking: bool,
    root: Option<PathBuf>,
    against: Option<String>,
    status_table: Option<String>,
    date: Option<String>,
    timeout: Option<u64>,
    only: Vec<String>,
}

impl Flags {
    fn task(self, task: &str, positional: Vec<String>) -> Result<Task, lexopt::Error> {
        let parsed = match task {
            "regen" => {
                self.allow(task, &["check", "root"])?;
                none(task, &positional)?;
                Task::Regen {
                    check: self.check,
                    root: self.root,
                }
            }
            "diff" => {
                self.allow(task, &["against", "out", "fail-on", "status-table", "root"])?;
                let mut positional = positional.into_iter();
                let (Some(family), Some(old)) = (positional.next(), positional.next()) else {
                    return Err("diff needs FAMILY and OLD".into());
                };
                let new = positional.next();
                if positional.next().is_some() {
                    return Err("diff takes FAMILY OLD [NEW]".into());
                }
                match (&new, &self.against) {
                    (Some(_), Some(_)) => {
                        return Err("diff takes NEW or --against, not both".into());
                    }
                    (None, None) => return Err("diff needs NEW or --against GIT-REV".into()),
                    _ => {}
                }
                Task::Diff {
                    family,
                    old,
                    new,
                    against: self.against,
                    out: self.out,
                    fail_on_breaking: self.fail_on_breaking,
                    status_table: self.status_table,
                    root: self.root,
                }
            }
            "spec-gate" => {
                self.allow(task, &["against", "root"])?;
                none(task, &positional)?;
                Task::SpecGate {
                    against: self.against.unwrap_or_else(|| "HEAD".into()),
                    root: self.root,
                }
            }
            "check-features" => {
                self.allow(task, &[])?;
                none(task, &positional)?;
                Task::CheckFeatures
            }
            "vendor" => {
                self.allow(task, &["date", "root"])?;
                if positional.len() < 3 {
                    return Err("vendor needs FAMILY VERSION SOURCE...".into());
                }
                let mut positional = positional.into_iter();
                Task::Vendor {
                    family: positional.next().unwrap_or_default(),
                    version: positional.next().unwrap_or_default(),
                    sources: positional.collect(),
                    date: self.date,
                    root: self.root,
                }
            }
            "upstream" => {
                self.allow(task, &["apply", "timeout", "date", "root"])?;
                none(task, &positional)?;
                Task::Upstream {
                    apply: self.apply,
                    timeout: self.timeout.unwrap_or(30),
                    date: self.date,
                    root: self.root,
                }
            }
            "bench" => {
                self.allow(task, &["quick", "only"])?;
                none(task, &positional)?;
                Task::Bench {
                    quick: self.quick,
                    only: self.only,
                }
            }
            _ => return Err(format!("no task `{task}`").into()),
        };
        Ok(parsed)
    }

    /// An error naming the first option given that `task` does not take.
    fn allow(&self, task: &str, allowed: &[&str]) -> Result<(), lexopt::Error> {
        let given = [
            ("check", self.check),
            ("out", self.out),
            ("apply", self.apply),
            ("quick", self.quick),
            ("fail-on", self.fail_on_breaking),
            ("root", self.root.is_some()),
            ("against", self.against.is_some()),
            ("status-table", self.status_table.is_some()),
            ("date", self.date.is_some()),
            ("timeout", self.timeout.is_some()),
            ("only", !self.only.is_empty()),
        ];
        match given
            .iter()
            .find(|(name, set)| *set && !allowed.contains(name))
        {
            Some((name, _)) => Err(format!("{task} takes no --{name}").into()),
            None => Ok(()),
        }
    }
}

fn none(task: &str, positional: &[String]) -> Result<(), lexopt::Error> {
    match positional.first() {
        Some(value) => Err(format!("{task} takes no argument `{value}`").into()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &[&str]) -> Result<Task, String> {
        parse(args.iter().map(OsString::from).collect()).map_err(|e| e.to_string())
    }

    #[test]
    fn tasks_and_their_options() {
        assert!(matches!(
            parse_str(&["regen", "--check"]),
            Ok(Task::Regen {
                check: true,
                root: None
            })
        ));
        assert!(matches!(
            parse_str(&["spec-gate"]),
            Ok(Task::SpecGate { against, .. }) if against == "HEAD"
        ));
        assert!(matches!(
            parse_str(&[
                "diff",
                "vrs",
                "2024-12-01",
                "--against",
                "main",
                "--fail-on",
                "breaking"
            ]),
            Ok(Task::Diff {
                new: None,
                fail_on_breaking: true,
                ..
            })
        ));
        assert!(matches!(
            parse_str(&["vendor", "vrs", "2024-12-01", "a.yaml", "b.yaml", "--date", "2026-01-01"]),
            Ok(Task::Vendor { sources, date: Some(_), .. }) if sources.len() == 2
        ));
        assert!(matches!(
            parse_str(&["bench", "--only", "clean-build", "--only=cold-regen"]),
            Ok(Task::Bench { only, quick: false }) if only.len() == 2
        ));
        assert!(matches!(
            parse_str(&["test", "--", "--nocapture"]),
            Ok(Task::Test { args }) if args == [OsString::from("--"), OsString::from("--nocapture")]
        ));
        assert!(matches!(parse_str(&[]), Ok(Task::Help)));
        assert!(matches!(parse_str(&["regen", "--help"]), Ok(Task::Help)));
    }

    #[test]
    fn mistakes_are_named() {
        for (args, message) in [
            (&["regen", "--out"][..], "regen takes no --out"),
            (&["regen", "x"], "regen takes no argument `x`"),
            (&["diff", "vrs", "a", "b", "--against", "HEAD"], "not both"),
            (&["diff", "vrs", "a"], "needs NEW or --against"),
            (
                &["diff", "vrs", "a", "--fail-on", "all"],
                "--fail-on takes `breaking`",
            ),
            (
                &["vendor", "vrs", "2024-12-01"],
                "vendor needs FAMILY VERSION SOURCE",
            ),
            (&["upstream", "--timeout", "soon"], "soon"),
            (&["nonsense"], "no task `nonsense`"),
        ] {
            let error = parse_str(args).err().unwrap_or_default();
            assert!(error.contains(message), "{args:?}: {error}");
        }
    }
}
