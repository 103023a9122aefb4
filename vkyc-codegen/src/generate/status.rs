//! Generates `vkyc_generated::status` from the status table: open enums (`Unknown(String)` keeps any
//! code Cashfree adds later, byte for byte) that know their parent, phase, meaning and next action.

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::load::status_table::{Cited, FAMILIES, Field, Outcome, StatusTable};

fn ident(name: &str) -> Ident {
    Ident::new(
        &crate::normalize::forward::variant_name(name),
        Span::call_site(),
    )
}

/// One variant of an open enum, with what its doc comment says.
pub(crate) struct Variant {
    pub code: String,
    pub doc: String,
}

/// An open enum (`Status`, `SubStatus`, each webhook `EventType`, each enum Cashfree sends): an
/// invocation of the runtime's `open_enum!`, which holds the one implementation. `source` names
/// where the known values come from, for the docs.
pub(crate) fn open_enum(
    rt: &syn::Path,
    name: &str,
    doc: &str,
    source: &str,
    variants: &[Variant],
) -> TokenStream {
    let ty = Ident::new(name, Span::call_site());
    let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.code)).collect();
    let codes: Vec<&str> = variants.iter().map(|v| v.code.as_str()).collect();
    let docs: Vec<&str> = variants.iter().map(|v| v.doc.as_str()).collect();
    quote! {
        #rt::open_enum! {
            #[doc = #doc]
            pub enum #ty (#source) {
                #( #[doc = #docs] #idents = #codes, )*
            }
        }
    }
}

fn cited_doc(table: &StatusTable, label: &str, items: &[Cited]) -> String {
    items
        .iter()
        .map(|c| {
            let title = table
                .source(&c.source)
                .map_or(c.source.as_str(), |s| s.title.as_str());
            format!("\n\n{label} ({title}): {}", c.text)
        })
        .collect()
}

/// `&[Cited { text, source: &SOURCE_<id> }, ...]` for the generated facts.
fn cited_tokens(items: &[Cited]) -> TokenStream {
    let entries = items.iter().map(|c| {
        let text = &c.text;
        let source = source_ident(&c.source);
        quote!(Cited { text: #text, source: &#source })
    });
    quote!(&[ #( #entries ),* ])
}

fn source_ident(id: &str) -> Ident {
    Ident::new(
        &format!("SOURCE_{}", id.to_snake_case().to_uppercase()),
        Span::call_site(),
    )
}

/// The whole `status` module.
pub fn generate(table: &StatusTable, rt: &syn::Path) -> TokenStream {
    let undocumented = |field: Field| -> Vec<Variant> {
        table
            .undocumented
            .iter()
            .filter(|u| u.field == field)
            .map(|u| Variant {
                code: u.value.clone(),
                doc: format!("`{}`: undocumented. {}", u.value, u.note),
            })
            .collect()
    };
    let mut status_variants: Vec<Variant> = table
        .statuses
        .iter()
        .map(|s| Variant {
            code: s.code.clone(),
            doc: format!("`{}`: {}", s.code, s.description),
        })
        .collect();
    status_variants.extend(undocumented(Field::Status));
    let mut sub_variants: Vec<Variant> = table
        .sub_statuses
        .iter()
        .map(|s| {
            let mut doc = format!("`{}` (status `{}`)", s.code, s.status);
            doc.push_str(&cited_doc(table, "Description", &s.descriptions));
            doc.push_str(&cited_doc(
                table,
                "Recommended action",
                &s.recommended_actions,
            ));
            doc.push_str(&format!(
                "\n\nvkyc's judgement: {}, {}. {}",
                if s.judgement.terminal {
                    "terminal"
                } else {
                    "not terminal"
                },
                s.judgement.outcome.id().replace('_', " "),
                s.judgement.reason
            ));
            Variant {
                code: s.code.clone(),
                doc,
            }
        })
        .collect();
    sub_variants.extend(undocumented(Field::SubStatus));

    let status_enum = open_enum(
        rt,
        "Status",
        "The `status` of a Video KYC request.",
        "the status table",
        &status_variants,
    );
    let sub_enum = open_enum(
        rt,
        "SubStatus",
        "The `sub_status` of a Video KYC request: the step it is at.",
        "the status table",
        &sub_variants,
    );

    // Phase: a closed enum of our own grouping.
    let phase_idents: Vec<Ident> = table.phases.iter().map(|p| ident(&p.id)).collect();
    let phase_ids: Vec<&str> = table.phases.iter().map(|p| p.id.as_str()).collect();
    let phase_titles: Vec<&str> = table.phases.iter().map(|p| p.title.as_str()).collect();
    let phase_descs: Vec<&str> = table
        .phases
        .iter()
        .map(|p| p.description.as_str())
        .collect();
    let phase_docs: Vec<String> = table
        .phases
        .iter()
        .map(|p| format!("{}: {}", p.title, p.description))
        .collect();

    let outcome_idents: Vec<Ident> = Outcome::ALL.iter().map(|o| ident(o.id())).collect();
    let outcome_ids: Vec<&str> = Outcome::ALL.iter().map(|o| o.id()).collect();

    // A status is final when every sub-status it has is terminal: then a sub-status this crate
    // does not know under it is final too.
    let status_arms = table.statuses.iter().map(|s| {
        let v = ident(&s.code);
        let phase = ident(&s.phase);
        let desc = &s.description;
        let mut subs = table
            .sub_statuses
            .iter()
            .filter(|x| x.status == s.code)
            .peekable();
        let terminal = subs.peek().is_some() && subs.all(|x| x.judgement.terminal);
        quote! { Status::#v => Some((Phase::#phase, #desc, #terminal)), }
    });
    let family_idents: Vec<Ident> = FAMILIES.iter().map(|f| ident(f)).collect();
    let family_ids: Vec<&str> = FAMILIES.to_vec();
    let family_docs: Vec<String> = FAMILIES
        .iter()
        .map(|f| {
            format!(
                "Cashfree's {} API (`vkyc_generated::{f}`).",
                f.to_uppercase()
            )
        })
        .collect();
    let source_consts = table.sources.iter().map(|src| {
        let name = source_ident(&src.id);
        let (id, title, url) = (&src.id, &src.title, &src.url);
        let families = src.families.iter().map(|f| ident(f));
        let doc = format!("Source `{id}`: {title}.");
        quote! {
            #[doc = #doc]
            pub const #name: Source = Source {
                id: #id,
                title: #title,
                url: #url,
                families: &[ #( Family::#families ),* ],
            };
        }
    });
    let sub_arms = table.sub_statuses.iter().map(|s| {
        let v = ident(&s.code);
        let parent = ident(&s.status);
        let phase = ident(&s.phase);
        let descriptions = cited_tokens(&s.descriptions);
        let actions = cited_tokens(&s.recommended_actions);
        let terminal = s.judgement.terminal;
        let outcome = ident(s.judgement.outcome.id());
        let families = &s.families;
        quote! {
            SubStatus::#v => Some(&SubStatusFacts {
                status: Status::#parent,
                phase: Phase::#phase,
                descriptions: #descriptions,
                recommended_actions: #actions,
                terminal: #terminal,
                outcome: Outcome::#outcome,
                families: &[ #( #families ),* ],
            }),
        }
    });

    quote! {
        #status_enum
        #sub_enum

        /// A Cashfree API family. Each generated module names its own (`FAMILY`), and the texts of
        /// that family's documentation come first for it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Family {
            #( #[doc = #family_docs] #family_idents, )*
        }

        impl Family {
            /// Lower-case id, as in the status table and the module paths.
            pub fn id(self) -> &'static str {
                match self { #( Family::#family_idents => #family_ids, )* }
            }
        }

        /// A document the status texts are quoted from.
        pub type Source = #rt::status::Source<Family>;

        #( #source_consts )*

        /// A text quoted from a source.
        pub type Cited = #rt::status::Cited<Family>;

        /// A step of the Video KYC flow (vkyc's grouping of Cashfree's statuses).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Phase {
            #( #[doc = #phase_docs] #phase_idents, )*
        }

        impl Phase {
            /// Every phase, in flow order.
            pub const ALL: &'static [Phase] = &[ #( Phase::#phase_idents ),* ];

            /// Snake-case id, as in the status table.
            pub fn id(self) -> &'static str {
                match self { #( Phase::#phase_idents => #phase_ids, )* }
            }

            pub fn title(self) -> &'static str {
                match self { #( Phase::#phase_idents => #phase_titles, )* }
            }

            pub fn description(self) -> &'static str {
                match self { #( Phase::#phase_idents => #phase_descs, )* }
            }
        }

        /// Where a sub-status leaves the verification: vkyc's judgement, not Cashfree's.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Outcome {
            /// Moving on; nothing to do yet.
            InProgress,
            /// The user (or you) must do something before it can go on.
            UserActionNeeded,
            /// KYC approved.
            Approved,
            /// The user's KYC was rejected (by the agent or the auditor).
            Rejected,
            /// Cashfree refused the request itself for a reason on the merchant's side (insufficient
            /// balance); the user's KYC was never judged. Fix it, then send a new request.
            RequestRejected,
            /// Ended without a KYC verdict (a technical error, or the agent could not validate): a
            /// new attempt is needed.
            Failed,
            /// The link expired.
            Expired,
        }

        impl Outcome {
            /// Snake-case id, as in the status table.
            pub fn id(self) -> &'static str {
                match self { #( Outcome::#outcome_idents => #outcome_ids, )* }
            }
        }

        impl Status {
            /// The phase this status belongs to; `None` for values outside the table.
            pub fn phase(&self) -> Option<Phase> {
                self.facts().map(|(phase, _, _)| phase)
            }

            /// What the status means; `None` for values outside the table.
            pub fn description(&self) -> Option<&'static str> {
                self.facts().map(|(_, description, _)| description)
            }

            /// Whether the verification is over whatever its sub-status (vkyc's judgement): every
            /// sub-status the table lists under this status is terminal. Unknown values are not.
            pub fn is_terminal(&self) -> bool {
                self.facts().is_some_and(|(_, _, terminal)| terminal)
            }

            fn facts(&self) -> Option<(Phase, &'static str, bool)> {
                #[allow(unreachable_patterns)]
                match self {
                    #( #status_arms )*
                    _ => None,
                }
            }
        }

        struct SubStatusFacts {
            status: Status,
            phase: Phase,
            descriptions: &'static [Cited],
            recommended_actions: &'static [Cited],
            terminal: bool,
            outcome: Outcome,
            families: &'static [&'static str],
        }

        impl SubStatus {
            fn facts(&self) -> Option<&'static SubStatusFacts> {
                #[allow(unreachable_patterns)]
                match self {
                    #( #sub_arms )*
                    _ => None,
                }
            }

            /// The parent status; `None` for values outside the table.
            pub fn status(&self) -> Option<Status> {
                self.facts().map(|f| f.status.clone())
            }

            /// The phase of the flow; `None` for values outside the table.
            pub fn phase(&self) -> Option<Phase> {
                self.facts().map(|f| f.phase)
            }

            /// Cashfree's description as `family`'s documentation words it (another family's when
            /// it has none); pass your client module's `FAMILY`.
            pub fn description(&self, family: Family) -> Option<&'static str> {
                self.facts().and_then(|f| Cited::for_family(f.descriptions, &family))
            }

            /// Cashfree's recommended action as `family`'s documentation words it (another family's
            /// when it gives none); pass your client module's `FAMILY`.
            pub fn recommended_action(&self, family: Family) -> Option<&'static str> {
                self.facts().and_then(|f| Cited::for_family(f.recommended_actions, &family))
            }

            /// Every source's description, in the table's order; empty for values outside it.
            pub fn descriptions(&self) -> &'static [Cited] {
                self.facts().map_or(&[], |f| f.descriptions)
            }

            /// Every source's recommended action, in the table's order; empty for values outside it.
            pub fn recommended_actions(&self) -> &'static [Cited] {
                self.facts().map_or(&[], |f| f.recommended_actions)
            }

            /// Whether Cashfree moves this verification no further (vkyc's judgement). Unknown values
            /// are not terminal, so polling goes on until a known final state or its deadline.
            pub fn is_terminal(&self) -> bool {
                self.facts().is_some_and(|f| f.terminal)
            }

            /// The API families (`ppi`, `vrs`) whose docs list this code; empty for values outside the table.
            pub fn families(&self) -> &'static [&'static str] {
                self.facts().map_or(&[], |f| f.families)
            }

            /// Where this leaves the verification (vkyc's judgement); `None` for values outside the table.
            pub fn outcome(&self) -> Option<Outcome> {
                self.facts().map(|f| f.outcome)
            }
        }

        /// What the runtime's polling loop asks of a sub-status.
        impl #rt::TerminalStatus for SubStatus {
            fn is_terminal(&self) -> bool {
                SubStatus::is_terminal(self)
            }
        }

        /// What the runtime's polling loop asks of a status: a terminal one ends polling whatever
        /// the sub-status.
        impl #rt::TerminalStatus for Status {
            fn is_terminal(&self) -> bool {
                Status::is_terminal(self)
            }
        }
    }
}
