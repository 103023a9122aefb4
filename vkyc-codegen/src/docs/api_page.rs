//! `docs/api/<family>-<version>.md`: one API version's module, servers, spec files and the
//! corrections applied, then its operations ([`operations_table`], [`operation`]) and webhook
//! ([`webhooks`]).

use serde_json::Value;

use super::{Names, header, operation, operations_table, webhooks};
use crate::Api;
use crate::load::manifest::Origin;
use crate::walk;

/// The page, as Markdown.
pub(super) fn page(api: &Api, names: &Names) -> String {
    let v = &api.version;
    let doc = &api.normalized.doc;
    let mut s = header(&v.input_paths());
    s.push_str(&format!(
        "# {} API, x-api-version {}\n\nRust module `{}` (cargo feature `{}`). Document version \
         (`info.version` as published): `{}`.\n\n- Sandbox: `{}`\n- Production: `{}`\n\n",
        v.family.to_uppercase(),
        v.version,
        names.version(v),
        v.feature(),
        api.normalized.document_version,
        api.normalized.sandbox_url,
        api.normalized.production_url
    ));
    // Origins only: the pages each file came from are in the manifest.
    s.push_str(&format!(
        "## Spec files\n\nWhere each came from, with its pages: `{}`.\n\n| file | origin |\n|---|---|\n",
        v.manifest_file.path
    ));
    for entry in &v.manifest.files {
        let origin = match entry.origin {
            Origin::Vendored => "Cashfree's YAML, vendored byte for byte",
            Origin::HandAuthored => {
                "hand-authored by vkyc from Cashfree's pages (not Cashfree's YAML)"
            }
        };
        s.push_str(&format!("| `{}/{}` | {origin} |\n", v.dir, entry.path));
    }
    s.push('\n');
    if api.normalized.cf_signature {
        s.push_str(
            "Two-factor `x-cf-signature`: a client configured with `ClientConfig::sign_requests` sends a fresh \
             one with every request, in place of any value passed to `.x_cf_signature(…)`.\n\n",
        );
    }
    if let Some(overlay) = &v.overlay {
        s.push_str(&format!("## Corrections applied ({})\n\n", overlay.path));
        for action in overlay
            .value
            .get("actions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let target = action
                .get("target")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let why = action
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            s.push_str(&format!("- `{target}`: {}\n", why.trim()));
        }
        s.push('\n');
    }
    s.push_str(&operations_table::operations_table(api));
    for (path, method, op) in walk::operations(doc) {
        operation::section(api, names, path, method, op, &mut s);
    }
    if let Some(webhook) = &api.normalized.webhook {
        webhooks::section(api, names, webhook, &mut s);
    }
    s
}
