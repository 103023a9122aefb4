//! `cargo xtask vendor <family> <version> <source>…`: copies Cashfree's spec verbatim into
//! `spec/<family>/<version>/`, pins it in the manifest and scaffolds an empty overlay.

use std::path::Path;
use std::process::ExitCode;

use vkyc_codegen::{MANIFEST, OVERLAY, vendor};

use crate::files::write_atomic;
use crate::http;

/// Reads a local path or a URL (https, or http on a loopback address).
fn fetch(source: &str) -> Result<Vec<u8>, String> {
    if source.contains("://") {
        http::get(source, &http::Limits::default()).map_err(|e| format!("{source}: {e}"))
    } else {
        std::fs::read(source).map_err(|e| format!("{source}: {e}"))
    }
}

/// The file name a source is vendored under: its last path segment, as `.yaml` (or `.json`).
fn file_name(source: &str, index: usize, count: usize) -> String {
    let last = source
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("spec");
    let stem = last.split(['?', '#']).next().unwrap_or(last);
    let stem = stem
        .trim_end_matches(".md")
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml");
    let suffix = if count > 1 {
        format!("-{}", index + 1)
    } else {
        String::new()
    };
    if stem.ends_with(".json") {
        format!("{}{suffix}.json", stem.trim_end_matches(".json"))
    } else {
        format!("{stem}{suffix}.yaml")
    }
}

pub struct Args<'a> {
    pub root: &'a Path,
    pub family: &'a str,
    pub version: &'a str,
    pub sources: &'a [String],
    pub retrieved: &'a str,
}

pub fn run(args: Args) -> ExitCode {
    match vendor_all(&args) {
        Ok(written) => {
            for w in written {
                println!("{w}");
            }
            println!("vendored; now run `cargo xtask regen` (corrections go in the overlay)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn vendor_all(args: &Args) -> Result<Vec<String>, String> {
    let dir = format!("spec/{}/{}", args.family, args.version);
    let abs = args.root.join(&dir);
    let manifest_path = abs.join(MANIFEST);
    let mut manifest = std::fs::read_to_string(&manifest_path).ok();
    let mut written = Vec::new();
    // Read and extract everything before writing anything.
    let mut docs = Vec::new();
    for source in args.sources {
        let bytes = fetch(source)?;
        let extracted = vendor::specs(source, &bytes).map_err(|e| e.to_string())?;
        let count = extracted.len();
        for (i, doc) in extracted.into_iter().enumerate() {
            docs.push((file_name(source, i, count), source.clone(), doc));
        }
    }
    for (name, source, doc) in &docs {
        let url = if source.contains("://") {
            source.clone()
        } else {
            format!("file:{source}")
        };
        let entry = vendor::manifest_entry(name, &url, args.retrieved, doc);
        manifest = Some(vendor::upsert_manifest(
            manifest.as_deref(),
            args.family,
            args.version,
            name,
            &entry,
        ));
        let text = String::from_utf8_lossy(doc);
        write_atomic(args.root, &abs.join(name), &text)
            .map_err(|e| format!("{dir}/{name}: {e}"))?;
        written.push(format!("vendored {dir}/{name}"));
    }
    if let Some(manifest) = manifest {
        write_atomic(args.root, &manifest_path, &manifest)
            .map_err(|e| format!("{dir}/{}: {e}", MANIFEST))?;
        written.push(format!("updated {dir}/{}", MANIFEST));
    }
    let overlay = abs.join(OVERLAY);
    if !overlay.exists() {
        write_atomic(
            args.root,
            &overlay,
            &vendor::empty_overlay(args.family, args.version),
        )
        .map_err(|e| e.to_string())?;
        written.push(format!("scaffolded {dir}/{}", OVERLAY));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn names() {
        assert_eq!(
            file_name("https://x/docs/vrs/v2/video-kyc/get-vkyc-status.md", 0, 1),
            "get-vkyc-status.yaml"
        );
        assert_eq!(file_name("seed.txt", 1, 2), "seed.txt-2.yaml");
        assert_eq!(file_name("spec.json", 0, 1), "spec.json");
    }
}
