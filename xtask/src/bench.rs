//! `cargo xtask bench [--quick]`: measures what vkyc costs against what it replaces and writes
//! docs/benchmarks.md.
//!
//! The timed code lives in bench targets, so that it runs optimized (this task is a debug build):
//! `vkyc-codegen/benches/codegen.rs` (regen against bare progenitor, synthetic versions) and
//! `vkyc-generated/benches/{client,status}.rs` (the generated client against a hand-written reqwest
//! call, status parsing). Each prints one JSON line per figure. This task runs them, adds what only
//! cargo can show (no-op regen, clean builds, duplicate crates), and sets every figure beside its
//! baseline from the same run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Instant, SystemTime};

use serde_json::{Value, json};

use crate::regen;

/// The report, relative to the root.
const REPORT: &str = "docs/benchmarks.md";

/// Crates that should come in one major version only.
const SINGLE_MAJOR: [&str; 3] = ["syn", "reqwest", "serde"];

const GENERATED: &str = "vkyc-generated";

pub fn run(root: &Path, quick: bool) -> ExitCode {
    let started = Instant::now();
    let mut bench = Bench {
        root,
        quick,
        figures: BTreeMap::new(),
        commands: Vec::new(),
    };
    match bench.measure(started) {
        // A quick run is for trying a change: it prints, and leaves the committed figures alone.
        Ok(report) if quick => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Ok(report) => match fs::write(root.join(REPORT), report) {
            Ok(()) => {
                println!("bench: wrote {REPORT}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {REPORT}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: {e}\n\nbench failed: {REPORT} was not written.");
            ExitCode::FAILURE
        }
    }
}

struct Bench<'a> {
    root: &'a Path,
    quick: bool,
    /// Every measurement by name, as the bench targets print them: `unit`, `samples` and extras.
    figures: BTreeMap<String, Value>,
    /// Each distinct command run, for the report.
    commands: Vec<String>,
}

/// One line of the results table.
struct Row {
    figure: String,
    measured: String,
    baseline: String,
    ratio: Option<f64>,
    target: &'static str,
    met: Option<bool>,
    /// What limits the figure, said when its target is missed.
    limit: String,
}

impl Row {
    fn new(figure: impl Into<String>, measured: String, baseline: impl Into<String>) -> Self {
        Row {
            figure: figure.into(),
            measured,
            baseline: baseline.into(),
            ratio: None,
            target: "",
            met: None,
            limit: String::new(),
        }
    }

    fn ratio(mut self, ratio: f64) -> Self {
        self.ratio = Some(ratio);
        self
    }

    fn target(mut self, target: &'static str, met: bool, limit: String) -> Self {
        self.target = target;
        self.met = Some(met);
        self.limit = limit;
        self
    }
}

/// What the no-op regen check saw.
struct NoOp {
    generated: usize,
    written: usize,
    units: usize,
    rebuilt: Vec<String>,
    seconds: f64,
}

impl Bench<'_> {
    fn measure(&mut self, started: Instant) -> Result<String, String> {
        let load_before = load_average();
        let workspace = vkyc_codegen::Config::new(self.root)
            .load()
            .map_err(|e| format!("the specs do not load, so nothing can be measured:\n{e}"))?;
        let features: Vec<String> = workspace.apis.iter().map(|a| a.version.feature()).collect();
        let spec_files: usize = workspace.apis.iter().map(|a| a.version.specs.len()).sum();

        self.cargo_bench("vkyc-codegen", "codegen")?;
        self.cargo_bench(GENERATED, "status")?;
        self.cargo_bench(GENERATED, "client")?;
        self.cargo_bench("vkyc-sandbox", "sandbox")?;
        let noop = self.noop_regen()?;
        self.compile_times(&features)?;

        let mut rows = self.codegen_rows(features.len(), spec_files)?;
        rows.extend(noop_rows(&noop));
        rows.extend(self.client_rows()?);
        rows.extend(self.status_rows()?);
        rows.extend(self.sandbox_rows()?);
        rows.extend(self.compile_rows(&features)?);
        for package in ["xtask", GENERATED] {
            rows.push(self.duplicates_row(package)?);
        }
        Ok(self.render(&rows, load_before, started))
    }

    /// Runs cargo in the root with its progress on our stderr, notes the command for the report,
    /// and returns its stdout. `target_dir` replaces the shared target directory.
    fn cargo(&mut self, args: &[&str], target_dir: Option<&Path>) -> Result<String, String> {
        let shown = match target_dir {
            Some(_) => format!("CARGO_TARGET_DIR=<temp dir> cargo {}", args.join(" ")),
            None => format!("cargo {}", args.join(" ")),
        };
        eprintln!("bench: {shown}");
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.args(args)
            .current_dir(self.root)
            .stderr(Stdio::inherit());
        if let Some(dir) = target_dir {
            cmd.env("CARGO_TARGET_DIR", dir);
        }
        let output = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
        if !output.status.success() {
            return Err(format!("`{shown}` failed ({})", output.status));
        }
        self.note(shown);
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Lists `command` in the report, once.
    fn note(&mut self, command: String) {
        if !self.commands.contains(&command) {
            self.commands.push(command);
        }
    }

    /// Runs a bench target and keeps the figures it prints.
    fn cargo_bench(&mut self, package: &str, bench: &str) -> Result<(), String> {
        let mut args = vec!["bench", "-q", "-p", package, "--bench", bench];
        if self.quick {
            args.extend(["--", "--quick"]);
        }
        for line in self.cargo(&args, None)?.lines() {
            let Ok(figure) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if let Some(name) = figure["bench"].as_str() {
                self.figures.insert(name.to_owned(), figure);
            }
        }
        Ok(())
    }

    /// Regen, build, regen again: the second regen must write no file (their modification times
    /// stay), and the build after it must find every unit fresh.
    fn noop_regen(&mut self) -> Result<NoOp, String> {
        self.regen()?;
        self.cargo(&["build", "-q", "-p", GENERATED], None)?;
        let generated = vkyc_codegen::Config::new(self.root)
            .generate()
            .map_err(|e| e.to_string())?;
        let root = self.root;
        let stamps = || -> Vec<Option<SystemTime>> {
            generated
                .files
                .keys()
                .map(|path| {
                    fs::metadata(root.join(path))
                        .and_then(|m| m.modified())
                        .ok()
                })
                .collect()
        };
        let before = stamps();
        self.regen()?;
        let written = before
            .iter()
            .zip(stamps())
            .filter(|(a, b)| **a != *b)
            .count();
        let started = Instant::now();
        let messages = self.cargo(
            &["build", "-q", "-p", GENERATED, "--message-format=json"],
            None,
        )?;
        let seconds = started.elapsed().as_secs_f64();
        let artifacts: Vec<Value> = messages
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact")
            .collect();
        let rebuilt = artifacts
            .iter()
            .filter(|a| a["fresh"] != true)
            .map(|a| a["target"]["name"].as_str().unwrap_or("?").to_owned())
            .collect();
        Ok(NoOp {
            generated: generated.files.len(),
            written,
            units: artifacts.len(),
            rebuilt,
            seconds,
        })
    }

    /// `cargo xtask regen`, in this process.
    fn regen(&mut self) -> Result<(), String> {
        self.note("cargo xtask regen".into());
        if regen::run(self.root, false) == ExitCode::SUCCESS {
            Ok(())
        } else {
            Err("cargo xtask regen failed".into())
        }
    }

    /// Dev-profile builds of vkyc-generated, timed: clean builds with one version feature and
    /// with all, each in a fresh target directory (ABBA order in a full run), then the crate alone
    /// (`cargo clean -p` in that directory, dependencies kept) for each feature set, interleaved.
    fn compile_times(&mut self, features: &[String]) -> Result<(), String> {
        let mut sets: Vec<(String, Vec<&str>)> = features
            .iter()
            .map(|f| (f.clone(), vec!["--no-default-features", "--features", f]))
            .collect();
        sets.push(("all".into(), Vec::new()));
        let (one, all) = (0, sets.len() - 1);
        let clean_order = if self.quick {
            vec![one, all]
        } else {
            vec![one, all, all, one]
        };
        let mut samples: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut target = None;
        for i in clean_order {
            let dir = tempfile::Builder::new()
                .prefix("vkyc-bench-target-")
                .tempdir()
                .map_err(|e| format!("cannot create a temporary target directory: {e}"))?;
            let seconds = self.timed_build(&sets[i].1, dir.path())?;
            samples
                .entry(format!("compile/clean/{}", sets[i].0))
                .or_default()
                .push(seconds);
            target = Some(dir); // the previous one is deleted here
        }
        let target = target.expect("at least one clean build");
        for round in 0..if self.quick { 2 } else { 5 } {
            for i in (0..sets.len()).map(|i| (i + round) % sets.len()) {
                self.cargo(&["clean", "-q", "-p", GENERATED], Some(target.path()))?;
                let seconds = self.timed_build(&sets[i].1, target.path())?;
                samples
                    .entry(format!("compile/crate/{}", sets[i].0))
                    .or_default()
                    .push(seconds);
            }
        }
        for (name, samples) in samples {
            let figure = json!({ "bench": name, "unit": "s", "samples": samples });
            self.figures.insert(name, figure);
        }
        Ok(())
    }

    fn timed_build(&mut self, features: &[&str], target_dir: &Path) -> Result<f64, String> {
        let mut args = vec!["build", "-q", "-p", GENERATED];
        args.extend(features);
        let started = Instant::now();
        self.cargo(&args, Some(target_dir))?;
        Ok(started.elapsed().as_secs_f64())
    }

    fn samples(&self, name: &str) -> Result<Vec<f64>, String> {
        let samples: Vec<f64> = self
            .figures
            .get(name)
            .and_then(|f| f["samples"].as_array())
            .ok_or_else(|| format!("no figure `{name}` was measured"))?
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        if samples.is_empty() {
            return Err(format!("figure `{name}` has no samples"));
        }
        Ok(samples)
    }

    fn median(&self, name: &str) -> Result<f64, String> {
        Ok(median(&self.samples(name)?))
    }

    /// An extra number a bench printed beside its samples.
    fn extra(&self, name: &str, key: &str) -> f64 {
        self.figures[name][key].as_f64().unwrap_or(f64::NAN)
    }

    fn codegen_rows(&self, versions: usize, spec_files: usize) -> Result<Vec<Row>, String> {
        let full = self.median("codegen/full")?;
        let bare = self.median("codegen/progenitor")?;
        let load = self.median("codegen/load")?;
        let full_kb = self.extra("codegen/full", "output_bytes") / 1024.0;
        let bare_kb = self.extra("codegen/progenitor", "output_bytes") / 1024.0;
        let ratio = full / bare;
        let limit = format!(
            "vkyc generates {full_kb:.0} KB (the client modules with their wrappers and hooks, the status \
             module, lib.rs, Cargo.toml and the docs) where bare progenitor generates {bare_kb:.0} KB, at \
             {:.3} ms/KB against progenitor's {:.3}. Loading is {} of the {}: every file is parsed twice (its \
             values, and the line map that error messages point into), hashed, merged, overlaid and \
             normalized, where progenitor only deserializes.",
            full / full_kb,
            bare / bare_kb,
            ms(load),
            ms(full),
        );
        let mut rows = vec![
            Row::new(
                format!("1. Full regen in memory (`Config::generate()`: {versions} versions, status module, docs)"),
                ms(full),
                format!("bare progenitor on the same {spec_files} spec files: {}", ms(bare)),
            )
            .ratio(ratio)
            .target("≤ 1.25×", ratio <= 1.25, limit),
            Row::new("1. … of which loading (read, parse, hash, merge, overlay, normalize)", ms(load), "—"),
            Row::new(
                "1. … bytes generated",
                format!("{full_kb:.0} KB"),
                format!("bare progenitor: {bare_kb:.0} KB"),
            )
            .ratio(full_kb / bare_kb),
        ];

        let time = |n: usize| self.median(&format!("codegen/versions/{n}"));
        let (t1, t10, t50) = (time(1)?, time(10)?, time(50)?);
        let per_version = |t: f64, n: f64| format!("{} ({}/version)", ms(t), ms(t / n));
        let (early, late) = ((t10 - t1) / 9.0, (t50 - t10) / 40.0);
        let linear = late / early;
        rows.extend([
            Row::new("2. Regen of 1 synthetic version", ms(t1), "—"),
            Row::new(
                "2. Regen of 10 synthetic versions",
                per_version(t10, 10.0),
                "—",
            ),
            Row::new(
                "2. Regen of 50 synthetic versions",
                per_version(t50, 50.0),
                "—",
            )
            .target(
                "< 1 s",
                t50 < 1000.0,
                format!("each added version costs {} on this machine.", ms(late)),
            ),
            Row::new(
                "2. Cost of each added version, 10 → 50",
                ms(late),
                format!("1 → 10: {}", ms(early)),
            )
            .ratio(linear)
            .target(
                "linear (0.8×–1.25×)",
                (0.8..=1.25).contains(&linear),
                "the cost of an added version depends on how many there are: some stage is not \
                     proportional to the number of versions."
                    .into(),
            ),
        ]);
        Ok(rows)
    }

    fn client_rows(&self) -> Result<Vec<Row>, String> {
        let hand = self.median("client/reqwest")?;
        let generated = self.median("client/generated")?;
        let never = self.median("client/generated/never")?;
        let traced = self.median("client/generated/traced")?;
        let unchecked = self.median("client/generated/unchecked")?;
        let ratio = generated / hand;
        let micros = |slower: f64, faster: f64| short(1e6 / slower - 1e6 / faster);
        let limit = format!(
            "the generated call takes {} µs more per request than the hand-written one. `.checked()` is {} µs \
             of it (it keeps the last response in a task-local, for error reports). The rest is the runtime's \
             work on every attempt (the request copied in case of a retry, the tracing span, the latency) and \
             progenitor's builder (an empty `reference_id` query, an `api-version` header that the hook removes \
             again).",
            micros(generated, hand),
            micros(generated, unchecked),
        );
        Ok(vec![
            Row::new(
                "4. Generated client, VRS status lookup (`send().checked()`)",
                per_second(generated),
                format!("hand-written reqwest call: {}", per_second(hand)),
            )
            .ratio(ratio)
            .target("≥ 0.95×", ratio >= 0.95, limit),
            Row::new(
                "4. … typed errors: `.send().checked()`",
                per_second(generated),
                format!("`.send()` alone: {}", per_second(unchecked)),
            )
            .ratio(generated / unchecked),
            Row::new(
                "4. Retry layer idle: default `RetryPolicy` (3 attempts; the first succeeds)",
                per_second(generated),
                format!("`RetryPolicy::never()`: {}", per_second(never)),
            )
            .ratio(generated / never),
            Row::new(
                "4. Tracing subscriber installed (`fmt` at INFO, into `io::sink`)",
                per_second(traced),
                format!("no subscriber: {}", per_second(generated)),
            )
            .ratio(traced / generated),
        ])
    }

    fn sandbox_rows(&self) -> Result<Vec<Row>, String> {
        let sandbox = self.median("sandbox/lookup")?;
        let bare = self.median("sandbox/bare-hyper")?;
        let ratio = sandbox / bare;
        let start = self.median("sandbox/start/process")?;
        let in_process = self.median("sandbox/start/in-process")?;
        let micros = short(1e6 / sandbox - 1e6 / bare);
        Ok(vec![
            Row::new(
                "7. Sandbox, VRS status lookups by the generated client (16 in flight)",
                per_second(sandbox),
                format!("bare hyper server, same answer: {}", per_second(bare)),
            )
            .ratio(ratio)
            .target(
                "≥ 0.5×",
                ratio >= 0.5,
                format!(
                    "each lookup costs the sandbox {micros} µs more than the bare server: routing, the credential \
                     check, parameter validation with jsonschema, the state lookup under a mutex and the answer \
                     built from the response schema"
                ),
            ),
            Row::new(
                "7. Sandbox start-up: process spawned → first answer",
                format!("{} ms", short(start)),
                format!("`Sandbox::start` in process → first answer: {} ms", short(in_process)),
            )
            .target(
                "< 200 ms",
                start < 200.0,
                "start-up parses the embedded specs and compiles every request schema".into(),
            ),
        ])
    }

    fn status_rows(&self) -> Result<Vec<Row>, String> {
        let parsers = [
            (
                "from_str",
                "`SubStatus::from_str`",
                "`str::to_owned` into a `String`",
            ),
            (
                "serde",
                "`serde_json::from_str::<SubStatus>`",
                "`serde_json::from_str::<String>`",
            ),
        ];
        let mut rows = Vec::new();
        for codes in ["known", "unknown"] {
            for (kind, parser, baseline) in parsers {
                let name = format!("status/{kind}/{codes}");
                let string = format!("{name}/string");
                let (ns, base) = (self.median(&name)?, self.median(&string)?);
                let allocations = self.extra(&name, "allocations_per_op");
                let row = Row::new(
                    format!("5. {parser}, {codes} codes"),
                    format!("{}, {allocations} allocs/op", ns_op(ns)),
                    format!(
                        "{baseline}: {}, {} allocs/op",
                        ns_op(base),
                        self.extra(&string, "allocations_per_op")
                    ),
                )
                .ratio(ns / base);
                rows.push(if codes == "known" {
                    row.target(
                        "0 allocations",
                        allocations == 0.0,
                        "a known code allocated.".into(),
                    )
                } else {
                    row
                });
            }
        }
        Ok(rows)
    }

    /// One feature against all, for clean builds and for the crate alone. "Measurably cheaper":
    /// a lower median, and every sample below every sample of the baseline.
    fn compile_rows(&self, features: &[String]) -> Result<Vec<Row>, String> {
        let limit = "the version modules are a small part of what is compiled: a clean build is mostly the \
                     dependencies, the same for every feature set.";
        let mut rows = Vec::new();
        let mut compare = |figure: String, one: &str, all: &str| -> Result<(), String> {
            let (one, all) = (self.samples(one)?, self.samples(all)?);
            let ratio = median(&one) / median(&all);
            let met = ratio < 1.0 && max(&one) < min(&all);
            rows.push(
                Row::new(
                    figure,
                    seconds(median(&one)),
                    format!("all features: {}", seconds(median(&all))),
                )
                .ratio(ratio)
                .target("< 1×, beyond the noise", met, limit.into()),
            );
            Ok(())
        };
        let first = &features[0];
        compare(
            format!(
                "6. Clean dev build of vkyc-generated, `--no-default-features --features {first}`"
            ),
            &format!("compile/clean/{first}"),
            "compile/clean/all",
        )?;
        for feature in features {
            compare(
                format!("6. vkyc-generated alone (dependencies built), `--features {feature}`"),
                &format!("compile/crate/{feature}"),
                "compile/crate/all",
            )?;
        }
        Ok(rows)
    }

    /// `cargo tree -d` of `package` (what building it compiles: normal and build edges); for each
    /// crate that should have one major version but has more, what depends on its older versions.
    fn duplicates_row(&mut self, package: &str) -> Result<Row, String> {
        let tree_args = [
            "-q",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "-p",
            package,
        ];
        let duplicates = self.cargo(
            &[&["tree", "-d", "--depth", "0"], &tree_args[..]].concat(),
            None,
        )?;
        // Lines are `name vX.Y.Z`, sorted by name then version (a version may be listed twice).
        let mut versions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for line in duplicates.lines() {
            if let Some((name, version)) = line.split_once(" v") {
                let version = version.split_whitespace().next().unwrap_or_default();
                let seen = versions.entry(name).or_default();
                if !seen.contains(&version) {
                    seen.push(version);
                }
            }
        }
        let mut limit = Vec::new();
        for (name, seen) in versions.iter().filter(|(n, _)| SINGLE_MAJOR.contains(n)) {
            for version in &seen[..seen.len() - 1] {
                let spec = format!("{name}@{version}");
                let users = self.cargo(
                    &[&["tree", "-i", &spec, "--depth", "1"], &tree_args[..]].concat(),
                    None,
                )?;
                let users: Vec<&str> = users.lines().skip(1).filter(|l| !l.is_empty()).collect();
                limit.push(format!("{spec} is a dependency of {}.", users.join(", ")));
            }
        }
        let list: Vec<String> = versions
            .iter()
            .map(|(name, seen)| format!("{name} {}", seen.join(" + ")))
            .collect();
        Ok(Row::new(
            format!("6. Duplicate crates of `{package}` (`cargo tree -d -e normal,build`)"),
            if list.is_empty() {
                "none".into()
            } else {
                list.join(", ")
            },
            "—",
        )
        .target(
            "one major of syn, reqwest, serde",
            limit.is_empty(),
            limit.join(" "),
        ))
    }

    fn render(&self, rows: &[Row], load_before: String, started: Instant) -> String {
        let mut out = String::new();
        let mode = if self.quick {
            " with `--quick` (fewer samples: for trying a change, not for committing)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "# Benchmarks\n\n\
             Written by `cargo xtask bench`{mode} on {}, in {:.1} minutes. Run it again to measure again: it \
             rewrites this file. Every figure is set beside its baseline from the same run.\n",
            crate::today(),
            started.elapsed().as_secs_f64() / 60.0,
        );
        let _ = writeln!(out, "## Machine\n");
        for (what, value) in machine(self.root) {
            let _ = writeln!(out, "- {what}: {value}");
        }
        let _ = writeln!(
            out,
            "- load average (1 min): {load_before} when the run started, {} when it ended\n\n\
             Other engineers build on the same cores, so absolute numbers are noisy. Each figure is the median \
             of rounds interleaved with its baseline's (every sample is listed at the end), so the ratios are \
             steadier than the numbers themselves.\n",
            load_average(),
        );
        let _ = writeln!(
            out,
            "## Results\n\n| figure | measured | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|"
        );
        for row in rows {
            let ratio = row.ratio.map(|r| format!("{r:.2}×")).unwrap_or_default();
            let met = match row.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {ratio} | {} | {met} |",
                row.figure, row.measured, row.baseline, row.target
            );
        }
        let _ = writeln!(out, "\n## Targets missed\n");
        let missed: Vec<&Row> = rows.iter().filter(|r| r.met == Some(false)).collect();
        if missed.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for row in missed {
            let _ = writeln!(
                out,
                "- **{}** ({}; target {}): {}",
                row.figure, row.measured, row.target, row.limit
            );
        }
        let command = if self.quick {
            "cargo xtask bench --quick"
        } else {
            "cargo xtask bench"
        };
        let _ = writeln!(
            out,
            "\n{METHOD}\n## Commands\n\n```sh\n{command}\n```\n\nwhich ran (each command once, in the order first run):\n\n```sh"
        );
        for command in &self.commands {
            let _ = writeln!(out, "{command}");
        }
        let _ = writeln!(
            out,
            "```\n\n## Samples\n\n| figure | unit | n | median | min | max | samples |\n|---|---|---|---|---|---|---|"
        );
        for (name, figure) in &self.figures {
            let samples = self.samples(name).unwrap_or_default();
            let all: Vec<String> = samples.iter().map(|s| short(*s)).collect();
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} | {} | {} |",
                figure["unit"].as_str().unwrap_or_default(),
                samples.len(),
                short(median(&samples)),
                short(min(&samples)),
                short(max(&samples)),
                all.join(" "),
            );
        }
        out
    }
}

fn noop_rows(noop: &NoOp) -> [Row; 2] {
    [
        Row::new(
            "3. Second regen: files written",
            format!("{} of {} generated files", noop.written, noop.generated),
            "—",
        )
        .target(
            "0",
            noop.written == 0,
            "regen rewrote files whose content had not changed.".into(),
        ),
        Row::new(
            format!("3. `cargo build -p {GENERATED}` after it"),
            format!(
                "{} of {} units compiled, {}",
                noop.rebuilt.len(),
                noop.units,
                seconds(noop.seconds)
            ),
            "—",
        )
        .target(
            "all fresh",
            noop.units > 0 && noop.rebuilt.is_empty(),
            format!("cargo compiled {}.", noop.rebuilt.join(", ")),
        ),
    ]
}

/// How each figure is measured; the numbers of rounds and requests are in the bench files.
const METHOD: &str = "## How each figure is measured

1. **Codegen** (`vkyc-codegen/benches/codegen.rs`, optimized): `Config::generate()` on this repository, all in memory \
   (load, merge, overlay, normalize, every version module, the status module, lib.rs, Cargo.toml, the docs), against bare \
   progenitor on the same spec files as they are on disk: `serde_norway` → `openapiv3::OpenAPI`, \
   `Generator::new(&settings).generate_tokens(..)` with the builder interface, `prettyplease::unparse(syn::parse2(..))`. \
   No merge and no overlay, so bare progenitor makes the wrong types for VRS, but it is the work progenitor does.
2. **Scaling** (same file): a temporary tree with 1, 10 and 50 version directories, copies of the real ones in turn, each \
   under its own date (year 2100 onwards). Each copy's `x-api-version` is rewritten to its directory's date and its \
   manifest marks it `hand-authored`. Timed like the full regen, in the same interleaved rounds.
3. **No-op regen** (this task): `cargo xtask regen`, `cargo build -p vkyc-generated`, `cargo xtask regen` again, then \
   the modification time of every generated file is compared and `cargo build -p vkyc-generated --message-format=json` \
   must report every `compiler-artifact` as `\"fresh\": true`. It runs on the working tree and the shared target \
   directory.
4. **Client overhead** (`vkyc-generated/benches/client.rs`, optimized): one current-thread tokio runtime runs a bare \
   hyper HTTP/1 server on 127.0.0.1 that answers GET /vkyc with the first 200 example of the VRS spec (and 400 when \
   x-client-id, x-client-secret, x-api-version, accept or the query is missing) and the clients, each with its own \
   keep-alive connection, sending requests one after another. The hand-written call is `reqwest::Client::get` with the \
   same four headers and query on a client built by the same `ClientConfig`, decoding into the same generated type. \
   The generated variants: `.send().checked()` with the default `RetryPolicy`, with `RetryPolicy::never()`, under a \
   `tracing_subscriber::fmt` subscriber (INFO, writing to `io::sink`, installed for its rounds only), and `.send()` \
   without `.checked()`. Rounds rotate which variant goes first; a warm-up round is not kept.
5. **Status parsing** (`vkyc-generated/benches/status.rs`, optimized): every known sub-status code, and as many \
   unknown ones, parsed in turn; a counting global allocator counts allocations in the timed loop. The baseline keeps \
   the code as a `String`, as a client without status types would.
6. **Compile time** (this task): `cargo build -q -p vkyc-generated` in the dev profile. Clean builds run in fresh \
   temporary target directories (one version feature, then all; in a full run again in the opposite order), deleted \
   afterwards. \"Alone\" rebuilds only the crate: `cargo clean -p vkyc-generated` in the last of those directories, \
   then the build, for each feature set in rotating order. Duplicates come from `cargo tree -d --depth 0 -e \
   normal,build`: what building the package compiles, without its dev-dependencies.
7. **Sandbox** (`vkyc-sandbox/benches/sandbox.rs`, optimized): a tokio runtime with 2 worker threads runs the \
   sandbox (one seeded VRS verification), a bare hyper HTTP/1 server that answers every request with the sandbox's \
   own answer to the same lookup, and the generated VRS client: 16 tasks share one client and send `GET /vkyc` \
   lookups one after another. Rounds alternate which server goes first; a warm-up round is not kept. Start-up: \
   `Sandbox::start` until `/_sandbox/health` answers, and the optimized binary spawned (`--port 0`) until the same \
   health check answers over a plain socket.
";

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn min(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// Three significant digits or so, without a unit.
fn short(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        _ => format!("{value:.2}"),
    }
}

fn ms(value: f64) -> String {
    format!("{} ms", short(value))
}

fn seconds(value: f64) -> String {
    format!("{} s", short(value))
}

fn ns_op(value: f64) -> String {
    format!("{} ns/op", short(value))
}

fn per_second(value: f64) -> String {
    format!("{value:.0} req/s ({} µs/request)", short(1e6 / value))
}

/// The 1-minute load average, from /proc/loadavg.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// Cores, CPU model, memory, OS and rustc, from /proc, /etc/os-release and `rustc -V`.
fn machine(root: &Path) -> Vec<(&'static str, String)> {
    let read = |path| fs::read_to_string(path).unwrap_or_default();
    let field = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_once([':', '=']))
            .map(|(_, v)| v.trim().trim_matches('"').to_owned())
            .unwrap_or_else(|| "unknown".into())
    };
    let cpuinfo = read("/proc/cpuinfo");
    let cores = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let memory = field(&read("/proc/meminfo"), "MemTotal")
        .trim_end_matches(" kB")
        .parse::<f64>()
        .map_or("unknown".into(), |kb| {
            format!("{:.1} GiB", kb / 1024.0 / 1024.0)
        });
    let os = format!(
        "{}, Linux {}",
        field(&read("/etc/os-release"), "PRETTY_NAME"),
        read("/proc/sys/kernel/osrelease").trim()
    );
    let rustc = Command::new("rustc")
        .arg("-V")
        .current_dir(root)
        .output()
        .map_or("unknown".into(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_owned()
        });
    vec![
        ("cores", cores.to_string()),
        ("CPU", field(&cpuinfo, "model name")),
        ("memory", memory),
        ("OS", os),
        ("rustc", rustc),
    ]
}
