//! Generates the Cashfree VKYC clients from the repository's `spec/` into `OUT_DIR`: README.md's
//! build.rs, with the path of the repository's spec directory (`tests/readme.rs` compares them).

fn main() {
    if let Err(e) = vkyc_codegen::Builder::new()
        .spec_dir("../../spec")
        .compile()
    {
        panic!("\n{e}"); // names the spec file and line to fix
    }
}
