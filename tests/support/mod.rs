//! Helpers shared by the tests that run external tools (`tests/prism.rs`, `tests/spec_validator.rs`,
//! `tests/mermaid.rs`):
//! where the project-local tools are ([`tools`]), a Prism process guard ([`prism`]), a loopback proxy
//! that gives each request scenario its own `Prefer` header and records what Prism saw ([`proxy`]), and
//! walking a spec's operations and examples ([`spec`]).
#![allow(dead_code)] // Each test crate uses a different subset.

pub mod prism;
pub mod proxy;
pub mod spec;
pub mod tools;
