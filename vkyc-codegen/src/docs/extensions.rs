//! `docs/extensions.md`: every `x-vkyc-*` extension, written from the extension modules' own
//! descriptions ([`crate::normalize::extensions::ALL`]), so the page cannot drift from the code.

use super::{cell, header};
use crate::normalize::extensions::{ALL, Extension};
use crate::normalize::forward::OPEN_ENUM;
use crate::normalize::lenient::RUST_TYPE;

/// Where the extensions are read; the page's input.
const SOURCE: &str = "vkyc-codegen/src/normalize/extensions/";

/// The page, as Markdown.
pub(super) fn page() -> String {
    let mut s = header(&[SOURCE.to_owned()]);
    s.push_str(
        "# The `x-vkyc-*` extensions\n\n\
         vkyc's annotations of Cashfree's API live in the specs: in a hand-authored spec file \
         itself, or, for a vendored file (kept byte for byte), in its version's `overlay.yaml`, \
         where an action's `update` carries the extension to its target:\n\n\
         ```yaml\nactions:\n  - target: $.paths['/status'].get\n    description: Reading a status \
         changes nothing, so it may be repeated.\n    update:\n      x-vkyc-retry-safe: true\n```\n\n\
         `cargo xtask regen` reads each extension in its own module under `",
    );
    s.push_str(SOURCE);
    s.push_str(
        "`; this page is generated from those modules. A wrong use stops regen with an error that \
         names the file to edit (the spec file, or `overlay.yaml` for what the overlay added), the \
         line or JSON pointer, and how to fix it.\n\n\
         | extension | on | generates |\n|---|---|---|\n",
    );
    for e in ALL {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            e.name,
            e.name,
            cell(e.on),
            cell(first_clause(e.generates))
        ));
    }
    for e in ALL {
        section(e, &mut s);
    }
    s.push_str(&format!(
        "\n## Written by regen, never by hand\n\n\
         - `{OPEN_ENUM}: <Name>` marks a component schema (`Received<Name>`) of values Cashfree \
         sends; the generator replaces it with the open enum `received::<Name>`. Regen adds it to \
         every enum a response, error body or webhook carries.\n\
         - `{RUST_TYPE}` (typify's extension) names the runtime type of an `x-vkyc-lenient` \
         property.\n\n\
         ## Read by the sandbox\n\n\
         - `x-vkyc-sandbox-role` on an operation: `create-user`, `initiate`, `lookup`, `token` or \
         `echo` (validated, then answered from its example, as a stateless mock), what the local \
         sandbox (`vkyc-sandbox`) does when the operation is called. Without it the role comes from \
         `x-vkyc-status-lookup` (lookup), else from the operation id, else it is `echo`. An unknown \
         role stops the sandbox at start-up naming the operation, the file and line of the mark, \
         and the roles that exist.\n"
    ));
    s
}

/// The text before the first `;` (the table's short form).
fn first_clause(text: &str) -> &str {
    text.split(';').next().unwrap_or(text)
}

fn section(e: &Extension, s: &mut String) {
    s.push_str(&format!(
        "\n## `{}`\n\n**On:** {}.\n\n**Shape:** {}.\n\n**Generates:** {}.\n\n```yaml\n{}\n```\n\n\
         **Errors** (with the file, line and JSON pointer to edit):\n\n\
         | message | help |\n|---|---|\n",
        e.name, e.on, e.shape, e.generates, e.example
    ));
    for (message, help) in e.errors {
        s.push_str(&format!("| {} | {} |\n", cell(message), cell(help)));
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// Every `x-vkyc-*` key the generator's sources name as a constant is on the page: an
    /// extension module added without a description, or a key parsed outside the extension
    /// modules, fails here.
    #[test]
    fn every_extension_the_code_reads_is_on_the_page() {
        let page = page();
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(src)];
        let mut keys = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = fs::read_to_string(&path).unwrap();
                for line in text.lines().filter(|l| l.contains("const ")) {
                    if let Some(start) = line.find("\"x-vkyc-") {
                        let key: String = line[start + 1..]
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                            .collect();
                        keys.push(key);
                    }
                }
            }
        }
        assert!(keys.len() >= ALL.len(), "{keys:?}");
        for key in keys {
            assert!(
                page.contains(&format!("`{key}")),
                "{key} is not on the page"
            );
        }
        for e in ALL {
            assert!(page.contains(&format!("## `{}`", e.name)));
            assert!(!e.errors.is_empty(), "{}", e.name);
        }
    }
}
