//! Load stage: bytes → YAML → `serde_json::Value`, keeping a map from JSON pointer to source line so
//! later stages can point at the line a problem comes from.

use std::collections::HashMap;

use serde_json::Value;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{Diagnostic, Location, Result};
use crate::walk::escape_token;

/// One input file, parsed.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Workspace-relative path with `/` separators; what diagnostics and headers name.
    pub path: String,
    /// The file's bytes, as read.
    pub bytes: Vec<u8>,
    /// The parsed content.
    pub value: Value,
    lines: HashMap<String, usize>,
}

impl SourceFile {
    /// Parses `bytes` (the contents of `path`) as one YAML document.
    pub fn parse(path: &str, bytes: Vec<u8>) -> Result<Self> {
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            Diagnostic::new(
                path,
                format!(
                    "the file is not valid UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
                "save the file as UTF-8; YAML and JSON inputs must be UTF-8 text",
            )
            .at(Location::line(line))
        })?;
        let yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line());
            Diagnostic::new(
                path,
                format!("invalid YAML: {e}"),
                "fix the YAML syntax at that line",
            )
            .at(Location {
                line,
                pointer: None,
            })
        })?;
        let value = to_json(path, &yaml, "")?;
        let lines = line_map(text);
        Ok(Self {
            path: path.to_owned(),
            bytes,
            value,
            lines,
        })
    }

    /// The line where the node at `pointer` starts (or its nearest ancestor, for removed or synthetic nodes).
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(line) = self.lines.get(p) {
                return Some(*line);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }

    /// A location naming `pointer` and its line.
    pub fn locate(&self, pointer: &str) -> Location {
        Location {
            line: self.line_of(pointer),
            pointer: Some(display_pointer(pointer)),
        }
    }

    /// A diagnostic in this file at `pointer`.
    pub fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(&self.path, message, help).at(self.locate(pointer))
    }
}

fn display_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        "/".to_owned()
    } else {
        pointer.to_owned()
    }
}

/// YAML values become JSON values; scalar keys (numbers, booleans) become strings, as OpenAPI expects.
fn to_json(path: &str, yaml: &serde_norway::Value, pointer: &str) -> Result<Value> {
    use serde_norway::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                serde_json::Number::from_f64(n.as_f64().unwrap_or(f64::NAN))
                    .map(Value::Number)
                    .ok_or_else(|| {
                        Diagnostic::new(
                            path,
                            format!("the number at {} is not finite", display_pointer(pointer)),
                            "write a finite number or quote the value",
                        )
                    })?
            }
        }
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_json(path, item, &format!("{pointer}/{i}")))
                .collect::<Result<_>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s.clone(),
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => {
                        return Err(Diagnostic::new(
                            path,
                            format!(
                                "a mapping key at {} is not a scalar",
                                display_pointer(pointer)
                            ),
                            "use plain strings as mapping keys",
                        )
                        .into());
                    }
                };
                let child = format!("{pointer}/{}", escape_token(&key));
                out.insert(key, to_json(path, v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => to_json(path, &tagged.value, pointer)?,
    })
}

/// Walks the YAML event stream and records the line of every node by its JSON pointer.
fn line_map(text: &str) -> HashMap<String, usize> {
    struct Frame {
        pointer: String,
        is_map: bool,
        index: usize,
        key: Option<String>,
    }
    struct Recv {
        stack: Vec<Frame>,
        lines: HashMap<String, usize>,
    }
    impl Recv {
        /// The pointer of the node that starts now, or `None` when the scalar is a mapping key.
        fn next_pointer(&mut self, scalar: Option<&str>) -> Option<String> {
            let Some(top) = self.stack.last_mut() else {
                return Some(String::new());
            };
            if top.is_map {
                match top.key.take() {
                    None => {
                        top.key = Some(scalar.unwrap_or_default().to_owned());
                        None
                    }
                    Some(key) => Some(format!("{}/{}", top.pointer, escape_token(&key))),
                }
            } else {
                let p = format!("{}/{}", top.pointer, top.index);
                top.index += 1;
                Some(p)
            }
        }
    }
    impl MarkedEventReceiver for Recv {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            let line = mark.line();
            match ev {
                Event::Scalar(value, ..) => {
                    if let Some(p) = self.next_pointer(Some(&value)) {
                        self.lines.entry(p).or_insert(line);
                    } else if let Some(top) = self.stack.last() {
                        // A key: point its value's line at the key, which is where an editor should look.
                        let key = top.key.clone().unwrap_or_default();
                        self.lines
                            .insert(format!("{}/{}", top.pointer, escape_token(&key)), line);
                    }
                }
                Event::Alias(_) => {
                    if let Some(p) = self.next_pointer(Some("")) {
                        self.lines.entry(p).or_insert(line);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(ev, Event::MappingStart(..));
                    let pointer = self.next_pointer(None).unwrap_or_default();
                    self.lines.entry(pointer.clone()).or_insert(line);
                    self.stack.push(Frame {
                        pointer,
                        is_map,
                        index: 0,
                        key: None,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    self.stack.pop();
                }
                _ => {}
            }
        }
    }
    let mut recv = Recv {
        stack: Vec::new(),
        lines: HashMap::new(),
    };
    // The document already parsed with serde_norway; a failure here only costs line numbers.
    let _ = Parser::new_from_str(text).load(&mut recv, false);
    recv.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pointers_to_lines() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - y: 2\n'200':\n  d: e\n";
        let f = SourceFile::parse("t.yaml", text.as_bytes().to_vec()).unwrap();
        assert_eq!(f.line_of("/a"), Some(1));
        assert_eq!(f.line_of("/a/b"), Some(2));
        assert_eq!(f.line_of("/a/c/0"), Some(4));
        assert_eq!(f.line_of("/a/c/1/y"), Some(5));
        assert_eq!(f.line_of("/200/d"), Some(7));
        assert_eq!(f.line_of("/a/missing/deeper"), Some(1));
    }

    #[test]
    fn rejects_non_utf8_with_line() {
        let err = SourceFile::parse("t.yaml", b"a: 1\nb: \xff\n".to_vec()).unwrap_err();
        assert_eq!(err.diagnostics[0].location.line, Some(2));
    }

    #[test]
    fn reports_yaml_syntax_line() {
        let err = SourceFile::parse("t.yaml", b"a: 1\nb: [1, 2\nc: 3\n".to_vec()).unwrap_err();
        assert!(err.diagnostics[0].location.line.is_some());
        assert!(err.to_string().starts_with("error: t.yaml:"));
    }
}
