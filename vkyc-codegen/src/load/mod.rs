//! Load stage: the inputs of one workspace, read and checked with file and line. [`layout`] finds
//! the `spec/<family>/<version>/` directories, [`source`] parses a file keeping each node's line,
//! [`manifest`] pins where each spec came from, [`merge`] joins a version's spec files into one
//! document, [`overlay`] applies the corrections, [`status_table`] reads the hand-written status
//! table, `select` picks the versions to generate, and [`vendor`] takes Cashfree's YAML verbatim into `spec/`.

pub mod layout;
pub mod manifest;
pub mod merge;
pub mod overlay;
pub(crate) mod select;
pub mod source;
pub mod status_table;
pub(crate) mod typed;
pub mod vendor;
