//! What the generated `status` module's tables are made of: the documents Cashfree's status
//! texts are quoted from ([`Source`]), the quotes ([`Cited`]), and the rule that picks the text a
//! family's documentation words ([`Cited::for_family`]). Generated code fills them in from the
//! status table, with its own `Family` as `F`, and names them `status::Source` and `status::Cited`.
//!
//! ```
//! use vkyc_runtime::status::{Cited, Source};
//!
//! static VRS_PAGE: Source<&str> = Source { id: "vrs", title: "VRS page", url: "https://example.com/vrs", families: &["vrs"] };
//! static PPI_PAGE: Source<&str> = Source { id: "ppi", title: "PPI page", url: "https://example.com/ppi", families: &["ppi"] };
//! static TEXTS: [Cited<&str>; 2] = [
//!     Cited { text: "as VRS words it", source: &VRS_PAGE },
//!     Cited { text: "as PPI words it", source: &PPI_PAGE },
//! ];
//! assert_eq!(Cited::for_family(&TEXTS, &"ppi"), Some("as PPI words it"));
//! assert_eq!(Cited::for_family(&TEXTS, &"other"), Some("as VRS words it"));
//! ```

/// A document the status texts are quoted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source<F: 'static> {
    /// The id in `spec/status-table.yaml`.
    pub id: &'static str,
    pub title: &'static str,
    pub url: &'static str,
    /// The families whose documentation it is.
    pub families: &'static [F],
}

/// A text quoted from a [`Source`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cited<F: 'static> {
    pub text: &'static str,
    pub source: &'static Source<F>,
}

impl<F: PartialEq> Cited<F> {
    /// The first text of `items` from a source of `family`, else the first text: a family's
    /// callers read their own documentation's wording where it has one.
    pub fn for_family(items: &[Cited<F>], family: &F) -> Option<&'static str> {
        items
            .iter()
            .find(|c| c.source.families.contains(family))
            .or(items.first())
            .map(|c| c.text)
    }
}
