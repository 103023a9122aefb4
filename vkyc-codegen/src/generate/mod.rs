//! Generate stage: a normalized spec and the status table → Rust source. [`client`] runs
//! progenitor and wraps its client, [`webhook`] writes the per-version webhook glue, [`status`]
//! the status enums, [`crate_files`] the `Cargo.toml`, `lib.rs` and include file that tie the
//! modules together, and [`format`](mod@format) pretty-prints tokens behind the `@generated`
//! header.

pub mod client;
pub mod crate_files;
pub mod format;
pub mod status;
pub mod webhook;
