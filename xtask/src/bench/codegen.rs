//! Figures 1–3: regen in memory against bare progenitor, scaling with versions (both from the
//! `vkyc-codegen` bench target), and the no-op regen (this task).

use std::fs;
use std::process::ExitCode;
use std::time::{Instant, SystemTime};

use serde_json::Value;

use super::rows::{Row, ms, seconds};
use super::{Bench, GENERATED};
use crate::regen;

/// What the no-op regen check saw.
struct NoOp {
    generated: usize,
    written: usize,
    units: usize,
    rebuilt: Vec<String>,
    seconds: f64,
}

impl Bench<'_> {
    /// Figure 3: the rows of [`Bench::noop_regen`].
    pub(super) fn noop(&mut self) -> Result<[Row; 2], String> {
        Ok(noop_rows(&self.noop_regen()?))
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
    pub(super) fn regen(&mut self) -> Result<(), String> {
        self.note("cargo xtask regen".into());
        if regen::run(self.root, false) == ExitCode::SUCCESS {
            Ok(())
        } else {
            Err("cargo xtask regen failed".into())
        }
    }

    pub(super) fn codegen_rows(&self, versions: usize) -> Result<Vec<Row>, String> {
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
                format!(
                    "bare progenitor on the same {versions} specs, merged and overlaid: {}",
                    ms(bare)
                ),
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
