//! `vkyc`: the workspace's root package. It re-exports the generated clients and, through `build.rs`,
//! regenerates them into `OUT_DIR` at build time; see the README.

pub use vkyc_generated::*;

/// Where `build.rs` wrote this build's generated tree (same layout as the repository).
pub const BUILD_OUTPUT: &str = env!("VKYC_BUILD_OUTPUT");

/// The README's Rust examples compile and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
