//! Where and why a response body failed to decode, said without quoting the body: serde's own
//! messages carry the offending value (`invalid type: string "…"`), which may be a secret or
//! personal data that the server echoed.

use std::fmt;

use serde::de::DeserializeOwned;

/// A response body that does not match its declared type: the JSON path of the first field that
/// failed, what the type expected there, and the position in the body. No value from the body.
///
/// ```
/// use vkyc_generated::runtime::DecodeError;
///
/// fn report(e: &DecodeError) -> String {
///     format!("field {} should be {}", e.path(), e.expected())
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    path: String,
    expected: String,
    line: usize,
    column: usize,
}

impl DecodeError {
    /// Decodes `body` as `T` again, recording the path, to locate `error` (progenitor's decode
    /// failure for the same body and type).
    pub(crate) fn locate<T: DeserializeOwned>(body: &[u8], error: &serde_json::Error) -> Self {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(located) => Self::from_serde(json_path(located.path()), located.inner()),
            // Only a decoder that disagrees with itself gets here; keep what progenitor saw.
            Ok(_) => Self::from_serde("$".to_owned(), error),
        }
    }

    fn from_serde(path: String, error: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        // Broken JSON has no reliable path; its position says where it broke.
        let (path, expected) = match error.classify() {
            Category::Syntax => ("$".to_owned(), "valid JSON".to_owned()),
            Category::Eof => ("$".to_owned(), "more JSON (the body ends early)".to_owned()),
            Category::Io => ("$".to_owned(), "a readable body".to_owned()),
            Category::Data => (path, expected_only(&error.to_string())),
        };
        DecodeError {
            path,
            expected,
            line: error.line(),
            column: error.column(),
        }
    }

    /// The JSON path that failed, e.g. `$.sub_status` or `$.items[0].name`; `$` for the body.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the declared type expected there, e.g. `a string` or `field `status``.
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// 1-based line and column in the body where decoding stopped.
    pub fn position(&self) -> (usize, usize) {
        (self.line, self.column)
    }
}

/// `serde_path_to_error`'s `a.b[0]` (or `.` for the root) as `$.a.b[0]`.
fn json_path(path: &serde_path_to_error::Path) -> String {
    match path.to_string().as_str() {
        "." => "$".to_owned(),
        p => format!("$.{p}"),
    }
}

/// The part of a serde data error that comes from the type, never the part that quotes the body:
/// `invalid type: string "…", expected u32` gives `u32`; `missing field `x`` is kept whole (the
/// name is the type's); anything else becomes a generic phrase.
fn expected_only(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    if let Some(i) = message.rfind(", expected ") {
        return message[i + ", expected ".len()..].to_owned();
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("field {field}, which is missing");
    }
    "a value of the declared type".to_owned()
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at {} expected {} (line {}, column {})",
            self.path, self.expected, self.line, self.column
        )
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        count: u32,
    }

    fn locate(body: &str) -> DecodeError {
        let error = serde_json::from_str::<Body>(body).unwrap_err();
        DecodeError::locate::<Body>(body.as_bytes(), &error)
    }

    #[test]
    fn names_the_path_and_the_type_but_no_value() {
        let e = locate(r#"{"name": "n", "items": [{"count": "Ramesh, expected money"}]}"#);
        assert_eq!(e.path(), "$.items[0].count");
        assert_eq!(e.expected(), "u32");
        assert!(!e.to_string().contains("Ramesh"), "{e}");
        let e = locate(r#"{"items": []}"#);
        assert_eq!(e.expected(), "field `name`, which is missing");
        let e = locate("<html>secret</html>");
        assert_eq!((e.path(), e.expected()), ("$", "valid JSON"));
        let e = locate(r#"{"name": "n", "items": ["#);
        assert!(e.expected().contains("ends early"), "{e}");
    }
}
