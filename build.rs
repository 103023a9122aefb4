//! The build-time mode: the same `vkyc-codegen` call as `cargo xtask regen`, into `OUT_DIR`, for teams
//! that do not check generated code in. `tests/build_output.rs` proves the two agree byte for byte.

use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    println!("cargo:rerun-if-changed=spec");
    let generated = match vkyc_codegen::Config::new(&root).generate() {
        Ok(g) => g,
        Err(e) => {
            for line in e.to_string().lines() {
                println!("cargo:warning={line}");
            }
            std::process::exit(1);
        }
    };
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out).join("generated");
    for (path, contents) in &generated.files {
        let file = out.join(path);
        std::fs::create_dir_all(file.parent().expect("generated paths have a directory"))
            .expect("create OUT_DIR subdirectory");
        std::fs::write(&file, contents).expect("write into OUT_DIR");
    }
    println!("cargo:rustc-env=VKYC_BUILD_OUTPUT={}", out.display());
}
