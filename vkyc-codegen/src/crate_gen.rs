//! The files that tie `vkyc-generated` together: `Cargo.toml` (a feature per version), `lib.rs` and
//! one `mod.rs` per family. Generated so that adding `spec/<family>/<version>/` needs no code change.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::layout::VersionDir;

/// Dependencies of the generated code and the hand-written runtime. Edit here, then regenerate.
const DEPENDENCIES: &str = r#"[dependencies]
progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls-no-provider", "http2"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12", "logging"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
regress = "0.10"
tokio = { version = "1", features = ["rt", "time"] }
# Without the default `attributes` feature (#[instrument], unused): it alone would compile syn 2.
tracing = { version = "0.1", default-features = false, features = ["std"] }
fastrand = "2"
# Webhook signatures (HMAC-SHA256, Base64) and x-cf-signature (RSA-OAEP with SHA-1).
base64 = "0.23"
hmac = "0.13"
sha2 = { version = "0.11", default-features = false }
rsa = { version = "0.10", default-features = false, features = ["std", "encoding", "getrandom"] }
sha1 = { version = "0.11", default-features = false }
"#;

const DEV_DEPENDENCIES: &str = r#"[dev-dependencies]
tokio = { version = "1", features = ["macros", "net", "rt-multi-thread", "time"] }
tracing-subscriber = { version = "0.3", default-features = false, features = ["fmt", "std"] }
wiremock = "0.6"
# examples/webhook_server.rs and the webhook doctests; tests/webhook.rs fuzzes `verify`.
axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }
proptest = "1"
# benches/client.rs: a bare hyper server answering the spec's example, read with serde_norway.
hyper = { version = "1", features = ["server", "http1"] }
hyper-util = { version = "0.1", features = ["tokio"] }
http-body-util = "0.1"
bytes = "1"
serde_norway = "0.9"
"#;

/// Benchmarks time themselves (`cargo xtask bench` runs them and collects their output).
const BENCHES: &str = r#"[[bench]]
name = "client"
harness = false
required-features = ["vrs-2024-12-01"]

[[bench]]
name = "status"
harness = false
"#;

pub fn cargo_toml(header: &str, versions: &[VersionDir]) -> String {
    let features: Vec<String> = versions.iter().map(VersionDir::feature).collect();
    let mut out = String::from(header);
    out.push_str(
        "\n[package]\nname = \"vkyc-generated\"\nversion = \"0.1.0\"\n\
         description = \"Rust clients for Cashfree's Video KYC APIs, generated from vendored and corrected specs.\"\n\
         edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\npublish.workspace = true\n",
    );
    out.push_str(
        "\n[features]\n# One feature per vendored API version (spec/<family>/<version>/).\n",
    );
    let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    out.push_str(&format!("default = [{}]\n", quoted.join(", ")));
    for f in &features {
        out.push_str(&format!("{f} = []\n"));
    }
    out.push('\n');
    out.push_str(DEPENDENCIES);
    out.push('\n');
    out.push_str(DEV_DEPENDENCIES);
    out.push('\n');
    out.push_str(BENCHES);
    out
}

/// `lib.rs`: the shared modules and one module per family, each version behind its feature.
///
/// Modules come in name order, as rustfmt would sort them, and generated ones carry
/// `#[rustfmt::skip]`: prettyplease formats them, so `cargo fmt` must neither touch nor check them.
pub fn lib_rs(versions: &[VersionDir]) -> TokenStream {
    let families: BTreeMap<&str, Vec<&VersionDir>> =
        versions.iter().fold(BTreeMap::new(), |mut m, v| {
            m.entry(v.family.as_str()).or_insert_with(Vec::new).push(v);
            m
        });
    let mut mods: BTreeMap<String, TokenStream> = BTreeMap::new();
    for (family, versions) in &families {
        let ident = Ident::new(family, Span::call_site());
        let features: Vec<String> = versions.iter().map(|v| v.feature()).collect();
        let cfg = match features.as_slice() {
            [one] => quote!(feature = #one),
            many => quote!(any( #( feature = #many ),* )),
        };
        let doc = format!(
            "Cashfree's {} Video KYC API, one module per `x-api-version`.",
            family.to_uppercase()
        );
        mods.insert(
            family.to_string(),
            quote! {
                #[doc = #doc]
                #[cfg(#cfg)]
                #[rustfmt::skip]
                pub mod #ident;
            },
        );
    }
    mods.insert("runtime".into(), quote! { pub mod runtime; });
    mods.insert("webhook".into(), quote! { pub mod webhook; });
    // The API reference's examples compile: each version's Markdown is a doctest of this crate.
    let doc_tests = versions.iter().map(|v| {
        let feature = v.feature();
        let path = format!("../../docs/api/{}-{}.md", v.family, v.version);
        let ident = Ident::new(
            &heck::ToUpperCamelCase::to_upper_camel_case(
                format!("{}_{}_docs", v.family, v.module()).as_str(),
            ),
            Span::call_site(),
        );
        quote! {
            #[cfg(all(doctest, feature = #feature))]
            #[doc = include_str!(#path)]
            struct #ident;
        }
    });
    mods.insert(
        "status".into(),
        quote! {
            #[rustfmt::skip]
            pub mod status;
        },
    );
    let mods = mods.values();
    quote! {
        //! Rust clients for Cashfree's Video KYC (VKYC) APIs, generated by vkyc from vendored specs
        //! corrected with overlays, plus the shared status types and a hand-written runtime.
        //!
        //! Each API version is a module behind a cargo feature of the same name, e.g.
        //! `vrs::v2024_12_01` behind `vrs-2024-12-01`.

        #( #mods )*
        #( #doc_tests )*

        pub use runtime::{BuildError, ClientConfig, Credentials, Environment};
    }
}

/// `<family>/mod.rs`: one module per version of the family.
pub fn family_mod_rs(versions: &[&VersionDir]) -> TokenStream {
    let mods = versions.iter().map(|v| {
        let ident = Ident::new(&v.module(), Span::call_site());
        let feature = v.feature();
        let doc = format!(
            "`x-api-version: {}`, generated from `{}`.",
            v.version, v.dir
        );
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            pub mod #ident;
        }
    });
    quote! { #( #mods )* }
}
