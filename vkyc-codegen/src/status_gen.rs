//! Generates `vkyc_generated::status` from the status table: open enums (`Unknown(String)` keeps any
//! code Cashfree adds later, byte for byte) that know their parent, phase, meaning and next action.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::status_table::{Field, Outcome, StatusTable};

fn ident(name: &str) -> Ident {
    Ident::new(&name.to_upper_camel_case(), Span::call_site())
}

/// One variant of an open enum, with what its doc comment says.
pub(crate) struct Variant {
    pub code: String,
    pub doc: String,
}

/// The shared shape of `Status`, `SubStatus` and each webhook `EventType`: the enum, `as_str`,
/// parsing, `Display`, serde. `source` names where the known values come from, for the docs.
pub(crate) fn open_enum(name: &str, doc: &str, source: &str, variants: &[Variant]) -> TokenStream {
    let ty = Ident::new(name, Span::call_site());
    let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.code)).collect();
    let codes: Vec<&str> = variants.iter().map(|v| v.code.as_str()).collect();
    let docs: Vec<&str> = variants.iter().map(|v| v.doc.as_str()).collect();
    let expecting = format!(
        "a Cashfree VKYC {} string",
        name.to_snake_case().replace('_', " ")
    );
    let unknown_doc = format!(" A value not in {source}, kept exactly as received.");
    let known_doc = format!(" Every known value, in the order of {source}.");
    let is_known_doc = format!(" Whether {source} has this value.");
    let from_known_doc = format!(
        " The known value for `code`, without allocating; `None` for a code not in {source}."
    );
    quote! {
        #[doc = #doc]
        ///
        /// Open: a value this version of the crate does not know parses to `Unknown` and serializes back
        /// to the same string, so new Cashfree codes never break deserialization.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ty {
            #( #[doc = #docs] #idents, )*
            #[doc = #unknown_doc]
            Unknown(String),
        }

        impl #ty {
            #[doc = #known_doc]
            pub const KNOWN: &'static [#ty] = &[ #( #ty::#idents ),* ];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #ty::#idents => #codes, )*
                    #ty::Unknown(other) => other,
                }
            }

            #[doc = #from_known_doc]
            pub fn from_known(code: &str) -> Option<Self> {
                match code {
                    #( #codes => Some(#ty::#idents), )*
                    _ => None,
                }
            }

            /// Parses any string; unknown codes become `Unknown`. Never fails.
            pub fn parse(code: &str) -> Self {
                Self::from_known(code).unwrap_or_else(|| #ty::Unknown(code.to_owned()))
            }

            #[doc = #is_known_doc]
            pub fn is_known(&self) -> bool {
                !matches!(self, #ty::Unknown(_))
            }
        }

        impl ::std::str::FromStr for #ty {
            type Err = ::std::convert::Infallible;
            fn from_str(code: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(code))
            }
        }

        impl From<&str> for #ty {
            fn from(code: &str) -> Self {
                Self::parse(code)
            }
        }

        impl From<String> for #ty {
            fn from(code: String) -> Self {
                Self::from_known(&code).unwrap_or(#ty::Unknown(code))
            }
        }

        impl ::std::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = #ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, code: &str) -> Result<#ty, E> {
                        Ok(#ty::parse(code))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, code: String) -> Result<#ty, E> {
                        Ok(#ty::from(code))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    }
}

fn cited_doc(table: &StatusTable, label: &str, items: &[crate::status_table::Cited]) -> String {
    items
        .iter()
        .map(|c| {
            let file = table.source(&c.source).map_or(c.source.as_str(), |s| {
                s.path.rsplit('/').next().unwrap_or(&s.path)
            });
            format!("\n\n{label} ({file}): {}", c.text)
        })
        .collect()
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
        "Status",
        "The `status` of a Video KYC request.",
        "the status table",
        &status_variants,
    );
    let sub_enum = open_enum(
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

    let status_arms = table.statuses.iter().map(|s| {
        let v = ident(&s.code);
        let phase = ident(&s.phase);
        let desc = &s.description;
        quote! { Status::#v => Some((Phase::#phase, #desc)), }
    });
    let sub_arms = table.sub_statuses.iter().map(|s| {
        let v = ident(&s.code);
        let parent = ident(&s.status);
        let phase = ident(&s.phase);
        let desc = s
            .descriptions
            .first()
            .map(|c| c.text.as_str())
            .unwrap_or_default();
        let action = match s.recommended_actions.first() {
            Some(a) => {
                let t = &a.text;
                quote!(Some(#t))
            }
            None => quote!(None),
        };
        let terminal = s.judgement.terminal;
        let outcome = ident(s.judgement.outcome.id());
        let families = &s.families;
        quote! {
            SubStatus::#v => Some(&SubStatusFacts {
                status: Status::#parent,
                phase: Phase::#phase,
                description: #desc,
                recommended_action: #action,
                terminal: #terminal,
                outcome: Outcome::#outcome,
                families: &[ #( #families ),* ],
            }),
        }
    });

    quote! {
        #status_enum
        #sub_enum

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
            /// KYC or the request rejected.
            Rejected,
            /// Stopped by a technical failure.
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
                self.facts().map(|(phase, _)| phase)
            }

            /// What the status means; `None` for values outside the table.
            pub fn description(&self) -> Option<&'static str> {
                self.facts().map(|(_, description)| description)
            }

            fn facts(&self) -> Option<(Phase, &'static str)> {
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
            description: &'static str,
            recommended_action: Option<&'static str>,
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

            /// Cashfree's description (the first source in the table).
            pub fn description(&self) -> Option<&'static str> {
                self.facts().map(|f| f.description)
            }

            /// Cashfree's recommended action (the first source in the table that gives one).
            pub fn recommended_action(&self) -> Option<&'static str> {
                self.facts().and_then(|f| f.recommended_action)
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
    }
}
