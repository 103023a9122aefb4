//! `docs/README.md`: the API versions with their modules and features, and links to the other pages.

use super::{Names, header};
use crate::Workspace;

/// The page, as Markdown.
pub(super) fn page(ws: &Workspace, names: &Names) -> String {
    let mut inputs = vec![ws.table_path.clone()];
    inputs.extend(ws.apis.iter().map(|a| format!("{}/", a.version.dir)));
    let mut s = header(&inputs);
    s.push_str("# vkyc docs\n\n## API versions\n\n| family | x-api-version | module | cargo feature | reference |\n|---|---|---|---|---|\n");
    for api in &ws.apis {
        let v = &api.version;
        s.push_str(&format!(
            "| {} | {} | `{}` | `{}` | [api/{}-{}.md](api/{}-{}.md) |\n",
            v.family,
            v.version,
            names.version(v),
            v.feature(),
            v.family,
            v.version,
            v.family,
            v.version
        ));
    }
    s.push_str("\n## Status codes\n\n[status-codes.md](status-codes.md): every status and sub-status, its meaning, the recommended action, and vkyc's classification (terminal, outcome).\n\n## Spec extensions\n\n[extensions.md](extensions.md): the `x-vkyc-*` extensions a spec or overlay may carry, what each generates, and the errors a wrong one gets.\n");
    s
}
