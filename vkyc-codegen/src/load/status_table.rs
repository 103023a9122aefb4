//! `spec/status-table.yaml`: the hand-written list of every status and sub-status, loaded and
//! validated (duplicates, unknown parents, missing descriptions, unknown keys) with file and line.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Diagnostic, Result};
use crate::load::source::SourceFile;
use crate::load::typed;
use crate::walk;

/// The whole table, in file order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusTable {
    /// The file format's version.
    pub schema_version: u32,
    /// The documents the table quotes.
    pub sources: Vec<Source>,
    /// The phases a verification goes through, in order.
    pub phases: Vec<Phase>,
    /// Every `status` code.
    pub statuses: Vec<Status>,
    /// Every `sub_status` code, with its meaning and vkyc's classification.
    pub sub_statuses: Vec<SubStatus>,
    /// Values seen in Cashfree's examples but in no status table.
    #[serde(default)]
    pub undocumented: Vec<Undocumented>,
}

/// A document the table quotes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id entries cite it by.
    pub id: String,
    /// Where a copy is kept.
    pub path: String,
    /// Where it is published.
    pub url: String,
    /// Its title.
    pub title: String,
    /// The API families whose documentation this source is: its texts come first for them. None
    /// listed: its texts come first for no family.
    #[serde(default)]
    pub families: Vec<String>,
}

/// A phase of a verification (link, call, review, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The id statuses name it by.
    pub id: String,
    /// A short title.
    pub title: String,
    /// What happens in it.
    pub description: String,
}

/// One `status` code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// The code as Cashfree sends it.
    pub code: String,
    /// The [`Phase`] it belongs to.
    pub phase: String,
    /// What it means.
    pub description: String,
    /// The API families that send it.
    pub families: Vec<String>,
    /// The ids of the sources that document it.
    pub sources: Vec<String>,
}

/// One `sub_status` code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubStatus {
    /// The code as Cashfree sends it.
    pub code: String,
    /// Its parent `status` code.
    pub status: String,
    /// The [`Phase`] it belongs to.
    pub phase: String,
    /// What it means, per source.
    #[serde(default)]
    pub descriptions: Vec<Cited>,
    /// What to do about it, per source.
    #[serde(default)]
    pub recommended_actions: Vec<Cited>,
    /// The API families that send it.
    pub families: Vec<String>,
    /// vkyc's classification.
    pub judgement: Judgement,
}

/// A text and the id of the source it is quoted from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cited {
    /// The source's id.
    pub source: String,
    /// The text, verbatim.
    pub text: String,
}

/// vkyc's own classification, not Cashfree's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    /// Whether the verification can change no further (polling stops).
    pub terminal: bool,
    /// What it means for the caller.
    pub outcome: Outcome,
    /// Why, in a sentence.
    pub reason: String,
}

/// What a sub-status means for the caller (vkyc's classification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still going.
    InProgress,
    /// Waiting for the user.
    UserActionNeeded,
    /// Verified.
    Approved,
    /// Rejected after review.
    Rejected,
    /// The request itself was refused.
    RequestRejected,
    /// It could not complete (a technical failure).
    Failed,
    /// It ran out of time.
    Expired,
}

impl Outcome {
    /// Every outcome, in the order above.
    pub const ALL: [Outcome; 7] = [
        Outcome::InProgress,
        Outcome::UserActionNeeded,
        Outcome::Approved,
        Outcome::Rejected,
        Outcome::RequestRejected,
        Outcome::Failed,
        Outcome::Expired,
    ];

    /// The id the table writes it as, e.g. `in_progress`.
    pub fn id(self) -> &'static str {
        match self {
            Outcome::InProgress => "in_progress",
            Outcome::UserActionNeeded => "user_action_needed",
            Outcome::Approved => "approved",
            Outcome::Rejected => "rejected",
            Outcome::RequestRejected => "request_rejected",
            Outcome::Failed => "failed",
            Outcome::Expired => "expired",
        }
    }
}

/// A value seen in Cashfree's examples but documented in no status table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Undocumented {
    /// Whether it is a `status` or a `sub_status`.
    pub field: Field,
    /// The value as seen.
    pub value: String,
    /// The API families it was seen in.
    pub families: Vec<String>,
    /// The id of the source it was seen in.
    pub source: String,
    /// Where and how it was seen.
    pub note: String,
}

/// Which of the two status fields a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// `status`.
    Status,
    /// `sub_status`.
    SubStatus,
}

/// The API families a status or source can belong to.
pub const FAMILIES: [&str; 2] = ["ppi", "vrs"];

impl StatusTable {
    /// Reads and checks the table in `file`.
    pub fn load(file: &SourceFile) -> Result<Self> {
        let table: StatusTable = typed::from_file(
            file,
            "see the comment at the top of spec/status-table.yaml for the fields each entry takes",
        )?;
        table.validate(file)?;
        Ok(table)
    }

    fn validate(&self, file: &SourceFile) -> Result<()> {
        let mut p = Vec::new();
        if self.schema_version != 1 {
            p.push(file.error(
                "/schema_version",
                "unsupported schema_version",
                "set `schema_version: 1`",
            ));
        }
        let source_ids: Vec<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
        let phase_ids: Vec<&str> = self.phases.iter().map(|s| s.id.as_str()).collect();
        let status_codes: Vec<&str> = self.statuses.iter().map(|s| s.code.as_str()).collect();
        duplicates(file, "/sources", "source id", &source_ids, &mut p);
        duplicates(file, "/phases", "phase id", &phase_ids, &mut p);
        duplicates(file, "/statuses", "status code", &status_codes, &mut p);
        let sub_codes: Vec<&str> = self.sub_statuses.iter().map(|s| s.code.as_str()).collect();
        duplicates(file, "/sub_statuses", "sub-status code", &sub_codes, &mut p);
        for (i, phase) in self.phases.iter().enumerate() {
            if !is_snake(&phase.id) {
                p.push(file.error(
                    &format!("/phases/{i}/id"),
                    format!("phase id `{}` is not snake_case", phase.id),
                    "use lower_snake_case ids",
                ));
            }
        }
        let check_source = |p: &mut Vec<Diagnostic>, at: String, id: &str| {
            if !source_ids.contains(&id) {
                p.push(file.error(
                    &at,
                    format!("unknown source `{id}`"),
                    "use an `id` listed under `sources`, or add the source there",
                ));
            }
        };
        let check_families = |p: &mut Vec<Diagnostic>, at: String, families: &[String]| {
            if families.is_empty() {
                p.push(file.error(
                    &at,
                    "no families listed",
                    "list the families (ppi, vrs) whose docs document it",
                ));
            }
            for (j, f) in families.iter().enumerate() {
                if !FAMILIES.contains(&f.as_str()) {
                    p.push(file.error(
                        &format!("{at}/{j}"),
                        format!("unknown family `{f}`"),
                        "use `ppi` or `vrs`",
                    ));
                }
            }
        };
        for (i, src) in self.sources.iter().enumerate() {
            for (j, f) in src.families.iter().enumerate() {
                if !FAMILIES.contains(&f.as_str()) {
                    p.push(file.error(
                        &format!("/sources/{i}/families/{j}"),
                        format!("unknown family `{f}`"),
                        "use `ppi` or `vrs`",
                    ));
                }
            }
        }
        for (i, s) in self.statuses.iter().enumerate() {
            let at = format!("/statuses/{i}");
            check_code(file, &format!("{at}/code"), &s.code, &mut p);
            if !phase_ids.contains(&s.phase.as_str()) {
                p.push(file.error(
                    &format!("{at}/phase"),
                    format!("unknown phase `{}`", s.phase),
                    "use an id listed under `phases`",
                ));
            }
            if s.description.trim().is_empty() {
                p.push(file.error(
                    &format!("{at}/description"),
                    "empty description",
                    "say what the status means",
                ));
            }
            check_families(&mut p, format!("{at}/families"), &s.families);
            for (j, src) in s.sources.iter().enumerate() {
                check_source(&mut p, format!("{at}/sources/{j}"), src);
            }
        }
        for (i, s) in self.sub_statuses.iter().enumerate() {
            let at = format!("/sub_statuses/{i}");
            check_code(file, &format!("{at}/code"), &s.code, &mut p);
            if !status_codes.contains(&s.status.as_str()) {
                p.push(file.error(
                    &format!("{at}/status"),
                    format!(
                        "sub-status `{}` names unknown parent status `{}`",
                        s.code, s.status
                    ),
                    "use a code listed under `statuses`, or add the status there",
                ));
            }
            if !phase_ids.contains(&s.phase.as_str()) {
                p.push(file.error(
                    &format!("{at}/phase"),
                    format!("unknown phase `{}`", s.phase),
                    "use an id listed under `phases`",
                ));
            }
            if s.descriptions.iter().all(|d| d.text.trim().is_empty()) {
                p.push(file.error(
                    &at,
                    format!("sub-status `{}` has no description", s.code),
                    "add `descriptions:` with at least one `{source, text}` quoted from Cashfree's docs",
                ));
            }
            for (j, c) in s.descriptions.iter().enumerate() {
                check_source(&mut p, format!("{at}/descriptions/{j}/source"), &c.source);
            }
            for (j, c) in s.recommended_actions.iter().enumerate() {
                check_source(
                    &mut p,
                    format!("{at}/recommended_actions/{j}/source"),
                    &c.source,
                );
            }
            check_families(&mut p, format!("{at}/families"), &s.families);
            if s.judgement.reason.trim().is_empty() {
                p.push(file.error(
                    &format!("{at}/judgement/reason"),
                    "empty judgement reason",
                    "say why in one sentence",
                ));
            }
        }
        for (i, u) in self.undocumented.iter().enumerate() {
            let at = format!("/undocumented/{i}");
            check_code(file, &format!("{at}/value"), &u.value, &mut p);
            check_source(&mut p, format!("{at}/source"), &u.source);
            check_families(&mut p, format!("{at}/families"), &u.families);
            let known = match u.field {
                Field::Status => status_codes.contains(&u.value.as_str()),
                Field::SubStatus => sub_codes.contains(&u.value.as_str()),
            };
            if known {
                p.push(file.error(
                    &at,
                    format!(
                        "`{}` is documented in the table and listed as undocumented",
                        u.value
                    ),
                    "remove this entry",
                ));
            }
        }
        if p.is_empty() { Ok(()) } else { Err(p.into()) }
    }

    /// Whether `value` is a known value of `field` (documented, or listed as undocumented).
    pub fn knows(&self, field: Field, value: &str) -> bool {
        let documented = match field {
            Field::Status => self.statuses.iter().any(|s| s.code == value),
            Field::SubStatus => self.sub_statuses.iter().any(|s| s.code == value),
        };
        documented
            || self
                .undocumented
                .iter()
                .any(|u| u.field == field && u.value == value)
    }

    /// The source with id `id`.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The phase with id `id`.
    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }
}

fn is_snake(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn check_code(file: &SourceFile, at: &str, code: &str, p: &mut Vec<Diagnostic>) {
    let ok = code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        p.push(file.error(
            at,
            format!("`{code}` is not an UPPER_SNAKE_CASE code"),
            "write codes exactly as Cashfree sends them",
        ));
    }
}

fn duplicates(file: &SourceFile, list: &str, what: &str, items: &[&str], p: &mut Vec<Diagnostic>) {
    for (i, item) in items.iter().enumerate() {
        if let Some(first) = items[..i].iter().position(|x| x == item) {
            let field = if what.ends_with("code") { "code" } else { "id" };
            p.push(file.error(
                &format!("{list}/{i}/{field}"),
                format!(
                    "duplicate {what} `{item}` (first defined at line {})",
                    file.line_of(&format!("{list}/{first}")).unwrap_or(0)
                ),
                "keep one entry per code and merge their facts",
            ));
        }
    }
}

/// Every `status` / `sub_status` string in `doc` (examples, in practice) with its JSON pointer.
pub fn example_values(doc: &Value) -> Vec<(Field, String, String)> {
    walk::nodes(doc)
        .into_iter()
        .filter_map(|(pointer, node)| {
            let field = match pointer.rsplit('/').next() {
                Some("status") => Field::Status,
                Some("sub_status") => Field::SubStatus,
                _ => return None,
            };
            Some((field, node.as_str()?.to_owned(), pointer))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<StatusTable> {
        StatusTable::load(
            &SourceFile::parse("status-table.yaml", text.as_bytes().to_vec()).unwrap(),
        )
    }

    const BASE: &str = "schema_version: 1
sources:
  - {id: s, path: p, url: u, title: t, families: [ppi]}
phases:
  - {id: request, title: t, description: d}
statuses:
  - {code: RECEIVED, phase: request, description: d, families: [ppi], sources: [s]}
sub_statuses:
  - code: LINK_GENERATED
    status: RECEIVED
    phase: request
    descriptions: [{source: s, text: t}]
    families: [ppi]
    judgement: {terminal: false, outcome: in_progress, reason: r}
";

    #[test]
    fn loads_a_valid_table() {
        let t = load(BASE).unwrap();
        assert!(t.knows(Field::SubStatus, "LINK_GENERATED"));
    }

    #[test]
    fn unknown_parent_names_the_line() {
        let err = load(&BASE.replace("status: RECEIVED", "status: NOPE")).unwrap_err();
        assert_eq!(err.diagnostics[0].location.line, Some(10));
        assert!(err.to_string().contains("unknown parent status `NOPE`"));
    }

    #[test]
    fn unknown_key_and_missing_description() {
        let err = load(&BASE.replace(
            "    phase: request\n    desc",
            "    phase: request\n    colour: red\n    desc",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
        let err =
            load(&BASE.replace("    descriptions: [{source: s, text: t}]\n", "")).unwrap_err();
        assert!(err.to_string().contains("has no description"), "{err}");
    }
}
