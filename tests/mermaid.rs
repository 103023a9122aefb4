//! Every Mermaid diagram in the docs (`docs/**/*.md`, `README.md`) parses with Mermaid's own parser,
//! the one that renders them on GitHub and docs sites: a diagram that does not parse shows as an
//! error box where the reader expects the flow. The parser is installed by `scripts/setup-tools.sh`
//! into `.mermaid/` (pinned) and run headless by `scripts/check-mermaid.mjs`.

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::tools::{mermaid, root};

/// The ```` ```mermaid ```` blocks of a Markdown text.
fn blocks(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim() == "```mermaid" => current = Some(String::new()),
            Some(block) if line.trim() == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Mermaid's verdict on each diagram: `ok <type>` or `error <message>`.
fn parse(diagrams: &[String]) -> Vec<String> {
    let mut child = Command::new("node")
        .arg("scripts/check-mermaid.mjs")
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node (Node.js) is needed; scripts/setup-tools.sh installs it");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(diagrams.join("\n%%%%\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_mermaid_diagram_in_the_docs_parses() {
    if mermaid().is_none() {
        return;
    }
    let mut files = vec![root().join("README.md")];
    markdown_files(&root().join("docs"), &mut files);
    files.sort();
    let mut diagrams = Vec::new();
    let mut names = Vec::new();
    for file in &files {
        for block in blocks(&std::fs::read_to_string(file).unwrap()) {
            names.push(file.strip_prefix(root()).unwrap().display().to_string());
            diagrams.push(block);
        }
    }
    assert!(
        names.iter().any(|n| n == "docs/status-codes.md"),
        "the status flowchart is missing: {names:?}"
    );
    let verdicts = parse(&diagrams);
    assert_eq!(verdicts.len(), diagrams.len(), "{verdicts:?}");
    for ((name, diagram), verdict) in names.iter().zip(&diagrams).zip(&verdicts) {
        assert!(
            verdict.starts_with("ok flowchart"),
            "{name}: Mermaid cannot parse this diagram: {verdict}\n{diagram}"
        );
    }
}

#[test]
fn the_parser_rejects_a_broken_diagram() {
    if mermaid().is_none() {
        return;
    }
    let status = std::fs::read_to_string(root().join("docs/status-codes.md")).unwrap();
    let diagram = blocks(&status).remove(0);
    // What a careless label would do: a quote inside a quoted label.
    let broken = diagram.replacen("[\"status: ", "[\"status: \"", 1);
    let verdicts = parse(&[diagram, broken]);
    assert!(verdicts[0].starts_with("ok"), "{verdicts:?}");
    assert!(verdicts[1].starts_with("error"), "{verdicts:?}");
}
