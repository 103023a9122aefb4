//! Codegen timings for `cargo xtask bench`: the whole in-memory regen against bare progenitor on the
//! same specs, and regen of 1, 10 and 50 synthetic versions. A bench target, so that it is timed
//! optimized (`cargo xtask` itself is a debug build).
//!
//! Prints one JSON line per figure; `-- --quick` takes fewer samples.

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use tempfile::TempDir;
use vkyc_codegen::{Config, Workspace};

/// Synthetic version counts for the scaling figures.
const SCALES: [usize; 3] = [1, 10, 50];

/// A timed case; it returns the bytes it generated (Rust and Markdown), if it generates anything.
type Case<'a> = Box<dyn Fn() -> Option<usize> + 'a>;

/// Bare progenitor, the same code `cargo xtask bench` builds its bare crates with (figures 8, 9).
#[path = "../../xtask/src/bench/bare_progenitor.rs"]
mod bare_progenitor;

/// What progenitor alone makes of each version's spec, merged and overlaid (the hand-authored VRS
/// files `$ref` the vendored one's components, so they do not generate alone): parse, generate
/// with the builder interface, format. Returns the bytes of Rust it produced.
fn bare(specs: &[String]) -> usize {
    specs
        .iter()
        .map(|spec| black_box(bare_progenitor::generate(spec).expect("progenitor generates")).len())
        .sum()
}

/// A spec tree with `n` version directories, copies of the real ones in turn, each under its own
/// date. The copies' x-api-version is rewritten to that date, and their manifest marks them
/// hand-authored, since they no longer match the vendored hashes.
fn synthetic_tree(root: &Path, workspace: &Workspace, n: usize) -> TempDir {
    let tree = tempfile::tempdir().expect("create a temporary directory");
    let write = |rel: &str, contents: &[u8]| {
        let path = tree.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    };
    write(
        &workspace.table_path,
        &fs::read(root.join(&workspace.table_path)).unwrap(),
    );
    for (i, api) in workspace.apis.iter().cycle().take(n).enumerate() {
        let v = &api.version;
        let date = format!("{}-01-01", 2100 + i);
        let dir = format!("spec/{}/{date}", v.family);
        let mut manifest = format!("family: {}\nversion: \"{date}\"\nfiles:\n", v.family);
        for spec in &v.specs {
            let name = spec.path.rsplit('/').next().unwrap();
            let text = String::from_utf8_lossy(&spec.bytes).replace(&v.version, &date);
            write(&format!("{dir}/{name}"), text.as_bytes());
            let entry = v.manifest.entry(name).unwrap();
            manifest.push_str(&format!(
                "  - path: {name}\n    origin: hand-authored\n    source_url: {}\n    retrieved: \"{}\"\n",
                entry.source_url, entry.retrieved
            ));
        }
        if let Some(overlay) = &v.overlay {
            write(&format!("{dir}/overlay.yaml"), &overlay.bytes);
        }
        write(&format!("{dir}/manifest.yaml"), manifest.as_bytes());
    }
    tree
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 3 } else { 11 };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let workspace = Config::new(root)
        .load()
        .expect("the workspace's specs load");
    let effective: Vec<String> = workspace
        .apis
        .iter()
        .map(|api| serde_json::to_string_pretty(&api.effective).expect("JSON"))
        .collect();
    let trees: Vec<TempDir> = SCALES
        .iter()
        .map(|&n| synthetic_tree(root, &workspace, n))
        .collect();
    let regen = |dir: &Path| {
        let generated = black_box(Config::new(dir).generate().expect("regen succeeds"));
        Some(generated.files.values().map(String::len).sum())
    };
    let mut cases: Vec<(String, Case)> = vec![
        ("codegen/full".into(), Box::new(|| regen(root))),
        (
            "codegen/load".into(),
            Box::new(|| {
                black_box(Config::new(root).load().unwrap());
                None
            }),
        ),
        (
            "codegen/progenitor".into(),
            Box::new(|| Some(bare(&effective))),
        ),
    ];
    for (n, tree) in SCALES.iter().zip(&trees) {
        cases.push((
            format!("codegen/versions/{n}"),
            Box::new(|| regen(tree.path())),
        ));
    }

    let mut samples = vec![Vec::new(); cases.len()];
    let mut output_bytes = vec![None; cases.len()];
    // Round 0 warms up the file cache and the allocator; it is not kept.
    for round in 0..=rounds {
        for i in (0..cases.len()).map(|i| (i + round) % cases.len()) {
            let started = Instant::now();
            output_bytes[i] = (cases[i].1)();
            if round > 0 {
                samples[i].push(started.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    for ((name, _), (samples, bytes)) in cases.iter().zip(samples.iter().zip(output_bytes)) {
        println!(
            "{}",
            serde_json::json!({ "bench": name, "unit": "ms", "samples": samples, "output_bytes": bytes })
        );
    }
}
