//! Generates the Cashfree VKYC clients from the repository's `spec/` into `OUT_DIR`.

fn main() {
    if let Err(e) = vkyc_codegen::Builder::new()
        .spec_dir("../../spec")
        .compile()
    {
        // Each line names the input file (and line) to fix.
        panic!("\n{e}");
    }
}
