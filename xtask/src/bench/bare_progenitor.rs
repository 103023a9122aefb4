//! Bare progenitor: what a user of progenitor alone writes to turn an OpenAPI document into a
//! client module. Every bare-progenitor baseline is this one file: `vkyc-codegen/benches/codegen.rs`
//! includes it by path (figure 1), `cargo xtask bench` calls it in process to write the bare client
//! crate (figure 8) and copies it into the bare generator crate that it builds and runs cold
//! (figure 9). It uses only progenitor's own stack (serde_norway, openapiv3, syn, prettyplease).

/// Parses an OpenAPI 3.0 file (YAML or JSON), generates its client with the builder interface
/// and formats it with prettyplease.
pub fn generate(spec: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = serde_norway::from_str(spec).map_err(|e| e.to_string())?;
    let mut settings = progenitor::GenerationSettings::new();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| e.to_string())?;
    let file = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}
