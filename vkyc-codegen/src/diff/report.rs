//! The diff report as Markdown, for `cargo xtask diff` and upstream's pull requests.

use super::Change;

/// The report as Markdown.
pub fn markdown(title: &str, changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut s = format!(
        "# {title}\n\n{} change(s), {breaking} breaking for users of the generated Rust client.\n\n",
        changes.len()
    );
    if changes.is_empty() {
        s.push_str("No changes.\n");
        return s;
    }
    s.push_str("| | where | change | why |\n|---|---|---|---|\n");
    for c in changes {
        s.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            if c.breaking {
                "**breaking**"
            } else {
                "compatible"
            },
            c.scope,
            c.what.replace('|', "\\|"),
            c.why.replace('|', "\\|")
        ));
    }
    s
}
