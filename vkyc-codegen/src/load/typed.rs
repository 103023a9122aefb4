//! Deserializing a parsed file into a typed struct, with errors that point at the offending node.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::error::Result;
use crate::load::source::SourceFile;
use crate::walk::escape_token;

/// Deserializes the whole of `file` as `T`; `help` says how to fix a file that does not fit.
pub fn from_file<T: DeserializeOwned>(file: &SourceFile, help: &str) -> Result<T> {
    serde_path_to_error::deserialize(&file.value).map_err(|e| {
        let mut pointer = String::new();
        for segment in e.path().iter() {
            match segment {
                Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                Segment::Map { key } => pointer.push_str(&format!("/{}", escape_token(key))),
                Segment::Enum { variant } => {
                    pointer.push_str(&format!("/{}", escape_token(variant)))
                }
                Segment::Unknown => {}
            }
        }
        let message = e.into_inner().to_string();
        file.error(&pointer, message, help).into()
    })
}
