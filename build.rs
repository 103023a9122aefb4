//! The build-time mode, through the same `vkyc_codegen::Builder` a consumer crate uses (see
//! `examples/consumer`), into `OUT_DIR/generated` with the Markdown docs. `tests/build_output.rs`
//! proves it agrees with the checked-in tree that `cargo xtask regen` writes.

fn main() {
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("generated");
    let compiled = vkyc_codegen::Builder::new()
        .spec_dir("spec")
        .out_dir(&out)
        .docs(true)
        // The pages must be `docs/`'s, which name the modules and the runtime's re-exports
        // through vkyc-generated.
        .crate_name("vkyc_generated")
        .docs_runtime_path("crate")
        .compile();
    if let Err(e) = compiled {
        for line in e.to_string().lines() {
            println!("cargo:warning={line}");
        }
        std::process::exit(1);
    }
    println!("cargo:rustc-env=VKYC_BUILD_OUTPUT={}", out.display());
}
