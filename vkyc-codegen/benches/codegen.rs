//! Codegen timings for `cargo xtask bench`: the whole in-memory regen against bare progenitor on the
//! same spec files, and regen of 1, 10 and 50 synthetic versions. A bench target, so that it is timed
//! optimized (`cargo xtask` itself is a debug build).
//!
//! Prints one JSON line per figure; `-- --quick` takes fewer samples.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use progenitor::{GenerationSettings, Generator, InterfaceStyle};
use tempfile::TempDir;
use vkyc_codegen::{Config, Workspace};

/// Synthetic version counts for the scaling figures.
const SCALES: [usize; 3] = [1, 10, 50];

/// A timed case; it returns the bytes it generated (Rust and Markdown), if it generates anything.
type Case<'a> = Box<dyn Fn() -> Option<usize> + 'a>;

/// What progenitor alone makes of the same files, as they are on disk (no merge, no overlay):
/// parse, generate with the builder interface, format. Returns the bytes of Rust it produced.
fn bare_progenitor(files: &[PathBuf]) -> usize {
    let mut settings = GenerationSettings::new();
    settings.with_interface(InterfaceStyle::Builder);
    let mut bytes = 0;
    for file in files {
        let text = fs::read_to_string(file).expect("read a spec file");
        let spec: openapiv3::OpenAPI = serde_norway::from_str(&text).expect("an OpenAPI 3.0 file");
        let tokens = Generator::new(&settings)
            .generate_tokens(&spec)
            .expect("progenitor generates");
        bytes += black_box(prettyplease::unparse(&syn::parse2(tokens).expect("parses"))).len();
    }
    bytes
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
    let spec_files: Vec<PathBuf> = workspace
        .apis
        .iter()
        .flat_map(|api| &api.version.specs)
        .map(|spec| root.join(&spec.path))
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
            Box::new(|| Some(bare_progenitor(&spec_files))),
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
