//! Samples and their statistics: the bench targets' JSON lines, and what cargo runs the task
//! times itself.

use std::path::Path;
use std::time::Instant;

use serde_json::{Value, json};

use super::Bench;

/// One side of a cold comparison: the figure it records, and what it times with the fresh target
/// directory it is given.
pub(super) type Side<'s> = (
    String,
    Box<dyn FnMut(&mut Bench, &Path) -> Result<Timing, String> + 's>,
);

/// Seconds on the clock, and seconds of CPU (user and system) spent by cargo and everything it ran:
/// on cores that others share, CPU time moves less with their load than the clock does.
#[derive(Clone, Copy)]
pub(super) struct Timing {
    pub(super) wall: f64,
    pub(super) cpu: f64,
}

impl Bench<'_> {
    /// Runs every side once per round (3 rounds, 1 with `--quick`), rotating which goes first,
    /// each time with a fresh temporary target directory that is deleted before the next starts.
    pub(super) fn cold_rounds(&mut self, sides: &mut [Side]) -> Result<(), String> {
        let rounds = if self.quick { 1 } else { 3 };
        let count = sides.len();
        for round in 0..rounds {
            for i in (0..count).map(|i| (i + round) % count) {
                let target = tempfile::Builder::new()
                    .prefix("vkyc-bench-target-")
                    .tempdir()
                    .map_err(|e| format!("cannot create a temporary target directory: {e}"))?;
                let (name, time) = &mut sides[i];
                let timing = time(self, target.path())?;
                self.record(name, timing.wall);
                self.record(&format!("{name}/cpu"), timing.cpu);
            }
        }
        Ok(())
    }

    /// What `cargo args` takes in `dir` with `target` as its target directory.
    pub(super) fn timed(
        &mut self,
        dir: &Path,
        place: &str,
        args: &[&str],
        target: &Path,
    ) -> Result<Timing, String> {
        let (started, cpu) = (Instant::now(), children_cpu());
        self.cargo_in(dir, place, args, Some(target))?;
        Ok(Timing {
            wall: started.elapsed().as_secs_f64(),
            cpu: children_cpu() - cpu,
        })
    }

    /// Adds one sample, in seconds, to figure `name`.
    pub(super) fn record(&mut self, name: &str, seconds: f64) {
        let figure = self
            .figures
            .entry(name.to_owned())
            .or_insert_with(|| json!({ "bench": name, "unit": "s", "samples": [] }));
        if let Some(samples) = figure["samples"].as_array_mut() {
            samples.push(json!(seconds));
        }
    }

    /// Runs a bench target and keeps the figures it prints.
    pub(super) fn cargo_bench(&mut self, package: &str, bench: &str) -> Result<(), String> {
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

    pub(super) fn samples(&self, name: &str) -> Result<Vec<f64>, String> {
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

    pub(super) fn median(&self, name: &str) -> Result<f64, String> {
        Ok(median(&self.samples(name)?))
    }

    /// An extra number a bench printed beside its samples.
    pub(super) fn extra(&self, name: &str, key: &str) -> f64 {
        self.figures[name][key].as_f64().unwrap_or(f64::NAN)
    }
}

pub(super) fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

pub(super) fn min(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::INFINITY, f64::min)
}

pub(super) fn max(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// User and system CPU seconds of every child process waited for so far, and of theirs.
fn children_cpu() -> f64 {
    // SAFETY: getrusage writes into the struct it is given, which is plain data.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return f64::NAN;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
