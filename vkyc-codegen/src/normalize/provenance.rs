//! Which input file a node of the merged document came from, so that every problem normalize finds
//! names the file to edit (a spec file, or the overlay for a node no spec file has).

use crate::error::Diagnostic;
use crate::load::layout::VersionDir;
use crate::load::source::SourceFile;

/// Finds which input file a pointer of the merged document came from, for diagnostics.
pub(crate) struct Provenance<'a> {
    pub(crate) version: &'a VersionDir,
}

impl Provenance<'_> {
    pub(crate) fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let file = self.file_for(pointer);
        file.error(pointer, message, help)
    }

    /// Like [`error`](Self::error) for a node a spec file may not have: a node no spec file has
    /// came from the overlay, so the overlay is the file to edit.
    pub(crate) fn error_at_node(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let in_a_spec = self
            .version
            .specs
            .iter()
            .any(|s| s.value.pointer(pointer).is_some());
        match &self.version.overlay {
            Some(overlay) if !in_a_spec => overlay.error(pointer, message, help),
            _ => self.error(pointer, message, help),
        }
    }

    fn file_for(&self, pointer: &str) -> &SourceFile {
        let mut p = pointer;
        loop {
            if let Some(f) = self
                .version
                .specs
                .iter()
                .find(|s| s.value.pointer(p).is_some())
            {
                return f;
            }
            match p.rfind('/') {
                Some(cut) => p = &p[..cut],
                None => {
                    return self
                        .version
                        .overlay
                        .as_ref()
                        .unwrap_or(&self.version.specs[0]);
                }
            }
        }
    }
}
