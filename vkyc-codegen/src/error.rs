//! Diagnostics: every error a user can cause names the file, the line or JSON pointer, and the fix.

use std::fmt;

/// Where in a file a problem is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// JSON pointer (RFC 6901) or JSONPath naming the node, when one applies.
    pub pointer: Option<String>,
}

impl Location {
    /// A location by line only.
    pub fn line(line: usize) -> Self {
        Self {
            line: Some(line),
            pointer: None,
        }
    }
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path of the file, relative to the workspace root, with `/` separators.
    pub file: String,
    /// Where in the file: line and/or JSON pointer.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// One sentence on how to fix it.
    pub help: String,
}

impl Diagnostic {
    /// A problem in `file`: what is wrong (`message`) and how to fix it (`help`).
    pub fn new(
        file: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            location: Location::default(),
            message: message.into(),
            help: help.into(),
        }
    }

    /// The same diagnostic, at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = location;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file)?;
        if let Some(line) = self.location.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(pointer) = &self.location.pointer {
            write!(f, "\n  at: {pointer}")?;
        }
        write!(f, "\n  help: {}", self.help)
    }
}

/// The error type of the whole pipeline: one or more diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Every problem found, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// The files named by the diagnostics, in order, without repeats.
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = Vec::new();
        for d in &self.diagnostics {
            if !files.contains(&d.file.as_str()) {
                files.push(&d.file);
            }
        }
        files
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Self {
            diagnostics: vec![d],
        }
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Self { diagnostics }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The result type of the whole pipeline.
pub type Result<T, E = Error> = std::result::Result<T, E>;
