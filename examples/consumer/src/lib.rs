//! The clients vkyc generates, built by this crate's `build.rs` (no generated file is checked in):
//! `status`, `vrs::v2024_12_01`, `ppi::v2025_11_01`, one module per spec version.

include!(concat!(env!("OUT_DIR"), "/vkyc.rs"));
