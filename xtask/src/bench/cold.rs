//! Figures 8 and 9: what vkyc costs someone who builds it from nothing, against bare progenitor on
//! the same specs in the same run: a clean build of the client crate, and a cold
//! `cargo xtask regen --check` on a fresh clone. Every build gets a fresh temporary target
//! directory, deleted before the next one starts.

use std::collections::BTreeSet;
use std::path::Path;

use vkyc_codegen::{Api, Workspace};

use super::measure::Side;
use super::rows::{Row, seconds};
use super::{Bench, GENERATED, baseline};

/// A target: how it reads, and the largest ratio that meets it.
type Target = (&'static str, f64);
/// The targets for figures 8 and 9.
const CLEAN_BUILD: Target = ("≤ 1.05×", 1.05);
const COLD_REGEN: Target = ("≤ 1.25×", 1.25);

impl Bench<'_> {
    /// Figure 8: `cargo build -p vkyc-generated` with one version feature (the version with the
    /// most spec files) and vkyc-runtime's default features, against a crate of bare progenitor
    /// output for the same version's spec.
    pub(super) fn clean_build(&mut self, workspace: &Workspace) -> Result<Vec<Row>, String> {
        let api = largest(workspace)?;
        let feature = api.version.feature();
        let bare = baseline::client_crate(self.root, &[effective(api)?])?;
        let root = self.root;
        let ours = [
            "build",
            "-q",
            "-p",
            GENERATED,
            "--no-default-features",
            "--features",
            &feature,
        ];
        let mut sides: Vec<Side> = vec![
            (
                "build/clean/vkyc".into(),
                Box::new(|b: &mut Bench, target: &Path| b.timed(root, "", &ours, target)),
            ),
            (
                "build/clean/progenitor".into(),
                Box::new(|b: &mut Bench, target: &Path| {
                    b.timed(bare.path(), "bare client crate", &["build", "-q"], target)
                }),
            ),
        ];
        self.cold_rounds(&mut sides)?;
        drop(sides);

        let tree = [
            "-p",
            GENERATED,
            "--no-default-features",
            "--features",
            &feature,
        ];
        let extra = self.extra_crates(&tree, bare.path())?;
        let (ours, theirs) = (
            self.median("build/clean/vkyc")?,
            self.median("build/clean/progenitor")?,
        );
        let ratio = ours / theirs;
        let limit = format!(
            "the client crate compiles {} crates more than the bare one ({}), and vkyc-runtime's and \
             vkyc-generated's own code: {} more CPU time; on the clock {} against {}.",
            extra.len(),
            extra.iter().cloned().collect::<Vec<_>>().join(", "),
            self.cpu_difference("build/clean")?,
            seconds(ours),
            seconds(theirs),
        );
        Ok(vec![
            Row::new(
                format!(
                    "8. Clean dev build of the client crate, one version (`cargo build -p {GENERATED} \
                     --no-default-features --features {feature}`)"
                ),
                seconds(ours),
                format!(
                    "bare progenitor client crate of the same (merged, overlaid) spec, same reqwest, \
                     rustls, serde and chrono: {}",
                    seconds(theirs)
                ),
            )
            .ratio(ratio)
            .target(CLEAN_BUILD.0, ratio <= CLEAN_BUILD.1, limit.clone()),
            self.cpu_row("8. … CPU time of those builds", "build/clean", CLEAN_BUILD, limit)?,
        ])
    }

    /// Figure 9: `cargo xtask regen --check` in a fresh clone of the committed HEAD with a fresh
    /// target directory, against building and running the bare generator on every version's spec.
    pub(super) fn cold_regen(&mut self, workspace: &Workspace) -> Result<Vec<Row>, String> {
        let specs: Vec<(String, String)> = workspace
            .apis
            .iter()
            .map(effective)
            .collect::<Result<_, _>>()?;
        let generator = baseline::generator_crate(self.root, &specs)?;
        let head = git(self.root, &["rev-parse", "HEAD"])?;
        let mut bare_args = vec!["run".to_owned(), "-q".into(), "--".into(), String::new()];
        bare_args.extend(
            specs
                .iter()
                .map(|(module, _)| format!("specs/{module}.json")),
        );
        let mut sides: Vec<Side> = vec![
            (
                "regen/cold/vkyc".into(),
                Box::new(|b: &mut Bench, target: &Path| {
                    let clone = b.fresh_clone(&head)?;
                    let args = ["xtask", "regen", "--check"];
                    let cold = b.timed(clone.path(), "fresh clone", &args, target)?;
                    let warm = b.timed(clone.path(), "fresh clone", &args, target)?;
                    b.record("regen/warm/vkyc", warm.wall);
                    Ok(cold)
                }),
            ),
            (
                "regen/cold/progenitor".into(),
                Box::new(|b: &mut Bench, target: &Path| {
                    let out = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
                    let mut args = bare_args.clone();
                    args[3] = out.path().display().to_string();
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let place = "bare generator crate";
                    let cold = b.timed(generator.path(), place, &args, target)?;
                    let warm = b.timed(generator.path(), place, &args, target)?;
                    b.record("regen/warm/progenitor", warm.wall);
                    Ok(cold)
                }),
            ),
        ];
        self.cold_rounds(&mut sides)?;
        drop(sides);

        let extra = self.extra_crates(&["-p", "xtask"], generator.path())?;
        let (ours, theirs) = (
            self.median("regen/cold/vkyc")?,
            self.median("regen/cold/progenitor")?,
        );
        let (ours_warm, theirs_warm) = (
            self.median("regen/warm/vkyc")?,
            self.median("regen/warm/progenitor")?,
        );
        let ratio = ours / theirs;
        let limit = format!(
            "the xtask binary compiles {} crates more than the bare generator ({}), and vkyc-codegen and \
             xtask themselves: {} more CPU time; on the clock {} against {}. Running it, warm, takes {} \
             against the bare generator's {}.",
            extra.len(),
            extra.iter().cloned().collect::<Vec<_>>().join(", "),
            self.cpu_difference("regen/cold")?,
            seconds(ours),
            seconds(theirs),
            seconds(ours_warm),
            seconds(theirs_warm),
        );
        Ok(vec![
            Row::new(
                "9. Cold `cargo xtask regen --check` on a fresh clone (fresh target directory)",
                seconds(ours),
                format!(
                    "bare progenitor generator on the same {} specs (merged, overlaid), built and \
                     run cold: {}",
                    specs.len(),
                    seconds(theirs)
                ),
            )
            .ratio(ratio)
            .target(COLD_REGEN.0, ratio <= COLD_REGEN.1, limit.clone()),
            self.cpu_row(
                "9. … CPU time of those runs",
                "regen/cold",
                COLD_REGEN,
                limit,
            )?,
            Row::new(
                "9. … the same run again, warm (no compilation)",
                seconds(ours_warm),
                format!("bare progenitor generator: {}", seconds(theirs_warm)),
            )
            .ratio(ours_warm / theirs_warm),
        ])
    }

    /// The CPU seconds (user and system, cargo and all it ran) of figure `prefix`'s two sides,
    /// against the same bound as the clock: on shared cores the steadier of the two.
    fn cpu_row(
        &self,
        figure: &str,
        prefix: &str,
        (target, bound): Target,
        limit: String,
    ) -> Result<Row, String> {
        let ours = self.median(&format!("{prefix}/vkyc/cpu"))?;
        let theirs = self.median(&format!("{prefix}/progenitor/cpu"))?;
        let ratio = ours / theirs;
        Ok(Row::new(
            format!("{figure} (user + system, cargo and every process it ran)"),
            seconds(ours),
            format!("bare progenitor: {}", seconds(theirs)),
        )
        .ratio(ratio)
        .target(target, ratio <= bound, limit))
    }

    /// How much more CPU time figure `prefix` took than its bare progenitor side (medians).
    fn cpu_difference(&self, prefix: &str) -> Result<String, String> {
        let ours = self.median(&format!("{prefix}/vkyc/cpu"))?;
        let theirs = self.median(&format!("{prefix}/progenitor/cpu"))?;
        Ok(seconds(ours - theirs))
    }

    /// `git clone` of this repository at `head` into a temporary directory.
    fn fresh_clone(&mut self, head: &str) -> Result<tempfile::TempDir, String> {
        let dir = tempfile::Builder::new()
            .prefix("vkyc-bench-clone-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let path = dir.path().display().to_string();
        let root = self.root.display().to_string();
        git(self.root, &["clone", "-q", "--no-checkout", &root, &path])?;
        git(dir.path(), &["checkout", "-q", "--detach", head])?;
        self.note(
            "git clone -q --no-checkout <this checkout> <temp dir>; git checkout -q --detach HEAD"
                .into(),
        );
        Ok(dir)
    }

    /// The crates `cargo tree -e normal,build` shows for `ours` (in the root) and not for the bare
    /// crate in `bare`, by name.
    fn extra_crates(&mut self, ours: &[&str], bare: &Path) -> Result<BTreeSet<String>, String> {
        let tree = ["tree", "-q", "-e", "normal,build", "--prefix", "none"];
        let names = |text: String| -> BTreeSet<String> {
            text.lines()
                .filter_map(|l| l.split_whitespace().next())
                .map(str::to_owned)
                .collect()
        };
        let ours = names(self.cargo(&[&tree[..], ours].concat(), None)?);
        let bare = names(self.cargo_in(bare, "bare crate", &tree, None)?);
        Ok(ours.difference(&bare).cloned().collect())
    }
}

/// A version's spec as bare progenitor gets it: merged and overlaid (`Api::effective`), since
/// some of the files only work merged (the hand-authored VRS files `$ref` the vendored one's
/// components), as JSON, named `<family>_<version>`.
fn effective(api: &Api) -> Result<(String, String), String> {
    let v = &api.version;
    let module = format!("{}_{}", v.family, v.version.replace('-', "_"));
    let json = serde_json::to_string_pretty(&api.effective).map_err(|e| e.to_string())?;
    Ok((module, json))
}

/// The version with the most spec files: the fullest client of one version.
fn largest(workspace: &Workspace) -> Result<&Api, String> {
    workspace
        .apis
        .iter()
        .max_by_key(|api| api.version.specs.len())
        .ok_or_else(|| "spec/ has no version".to_owned())
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    crate::git::output(dir, args).map(|out| String::from_utf8_lossy(&out).trim().to_owned())
}
