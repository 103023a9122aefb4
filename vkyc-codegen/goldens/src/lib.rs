//! Every golden snapshot of vkyc-codegen, compiled: one module per case of `tests/golden/`, each
//! generated with `module_path("crate::<case>")`. `tests/golden.rs` checks that every case is here.

pub mod cf_signature {
    include!("../../tests/golden/cf-signature/expected/vkyc.rs");
}
pub mod lookup_by_body {
    include!("../../tests/golden/lookup-by-body/expected/vkyc.rs");
}
pub mod lookup_by_query {
    include!("../../tests/golden/lookup-by-query/expected/vkyc.rs");
}
pub mod no_overlay {
    include!("../../tests/golden/no-overlay/expected/vkyc.rs");
}
pub mod two_file_merge {
    include!("../../tests/golden/two-file-merge/expected/vkyc.rs");
}
pub mod webhooks {
    include!("../../tests/golden/webhooks/expected/vkyc.rs");
}
pub mod lenient_field {
    include!("../../tests/golden/lenient-field/expected/vkyc.rs");
}
pub mod open_enum {
    include!("../../tests/golden/open-enum/expected/vkyc.rs");
}
pub mod two_versions {
    include!("../../tests/golden/two-versions/expected/vkyc.rs");
}
