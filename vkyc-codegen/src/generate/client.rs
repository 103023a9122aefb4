//! Generate stage for clients: progenitor (builder interface) inside a private `api` module, and
//! what the runtime needs to know about it, stated as data: `Client` is the runtime's generic
//! client of it, and the impls of `Api`, `StatusLookup` and the hooks (`client_hooks!`) name only
//! constants, fields and one progenitor call. The behaviour is all in the runtime.

use std::panic::{AssertUnwindSafe, catch_unwind};

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use progenitor::{
    CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
    TypePatch,
};
use quote::{format_ident, quote};

use crate::error::{Diagnostic, Result};
use crate::generate::status::{Variant, open_enum};
use crate::generate::webhook as webhook_gen;
use crate::load::layout::VersionDir;
use crate::normalize::forward::{OPEN_ENUM, RECEIVED_MODULE, ReceivedEnum};
use crate::normalize::{
    Deprecated, EVENT_TYPE_SCHEMA, KnownValues, LookupKey, Normalized, STATUS_SCHEMA,
    SUB_STATUS_SCHEMA, StatusLookup, constant_name,
};

/// How generated code names what it does not define: the runtime crate and the module the
/// generated modules sit in (where `status` and the family modules are).
#[derive(Clone)]
pub struct Paths {
    /// e.g. `::vkyc_runtime`.
    pub runtime: syn::Path,
    /// e.g. `crate`, or `crate::cashfree` for modules included inside `mod cashfree`.
    pub modules: syn::Path,
}

/// `path` for a doc link or a string: without a leading `::`, which intra-doc links do not take.
pub(crate) fn doc_path(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// The components the forward stage marked as open enums: (component, Rust name).
fn received_enums(spec: &openapiv3::OpenAPI) -> Vec<(String, String)> {
    spec.components
        .iter()
        .flat_map(|c| &c.schemas)
        .filter_map(|(component, schema)| {
            let schema = schema.as_item()?;
            let name = schema.schema_data.extensions.get(OPEN_ENUM)?.as_str()?;
            Some((component.clone(), name.to_owned()))
        })
        .collect()
}

/// Object components that keep unknown fields (`additionalProperties` set by the forward stage)
/// and require no property: typify derives no `Default` for them because of the flattened `extra`
/// map, though every field has one.
fn open_objects_with_defaults(spec: &openapiv3::OpenAPI) -> Vec<String> {
    use openapiv3::{SchemaKind, Type};
    spec.components
        .iter()
        .flat_map(|c| &c.schemas)
        .filter_map(|(component, schema)| match &schema.as_item()?.schema_kind {
            SchemaKind::Type(Type::Object(o))
                if o.additional_properties.is_some() && o.required.is_empty() =>
            {
                Some(component.to_pascal_case())
            }
            _ => None,
        })
        .collect()
}

fn settings(version: &VersionDir, spec: &openapiv3::OpenAPI, paths: &Paths) -> GenerationSettings {
    let rt = &paths.runtime;
    let modules = doc_path(&paths.modules);
    let event_type = format!(
        "{modules}::{}::{}::webhook::EventType",
        version.family,
        version.module()
    );
    let mut s = GenerationSettings::new();
    // Each enum Cashfree sends is its `received` open enum (see `forward`).
    for (component, name) in received_enums(spec) {
        s.with_replacement(
            component,
            format!(
                "{modules}::{}::{}::{RECEIVED_MODULE}::{name}",
                version.family,
                version.module()
            ),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    for object in open_objects_with_defaults(spec) {
        s.with_patch(object, TypePatch::default().with_derive("Default"));
    }
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(#rt::Runtime))
        .with_derive("PartialEq")
        // The lenient types (`x-rust-type` paths written by the lenient stage) are the runtime's;
        // `runtime_path_of_lenient_types` names them by the configured runtime path.
        .with_crate(
            crate::normalize::lenient::RUNTIME_CRATE,
            CrateVers::Any,
            None,
        )
        // The `extra` map of unknown fields: serde_json's map, ordered, so output is reproducible.
        .with_map_type("::serde_json::Map")
        .with_replacement(
            STATUS_SCHEMA,
            format!("{modules}::status::Status"),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            SUB_STATUS_SCHEMA,
            format!("{modules}::status::SubStatus"),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            EVENT_TYPE_SCHEMA,
            event_type,
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    s
}

/// Runs progenitor on the normalized spec. Validation rejects what progenitor is known to panic on;
/// a panic that still happens is reported as a bug in vkyc, naming the spec.
pub fn progenitor_tokens(
    version: &VersionDir,
    spec: &openapiv3::OpenAPI,
    paths: &Paths,
) -> Result<TokenStream> {
    let settings = settings(version, spec, paths);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(spec)
    }));
    let files = version.input_paths().join(", ");
    match outcome {
        Ok(Ok(tokens)) => Ok(runtime_path_of_lenient_types(
            default_extra(tokens),
            &paths.runtime,
        )),
        Ok(Err(e)) => Err(Diagnostic::new(
            &version.dir,
            format!("progenitor cannot generate a client from {files}: {e}"),
            "correct the construct it names in overlay.yaml",
        )
        .into()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(Diagnostic::new(
                &version.dir,
                format!("bug: progenitor panicked on {files} ({what}); vkyc's validation should have rejected it first"),
                "please report this with the spec; meanwhile, remove the construct in overlay.yaml",
            )
            .into())
        }
    }
}

/// typify's builders treat the flattened `extra` map (unknown fields, see `forward`) as a required
/// field, so building a response type by hand would fail with "no value supplied for extra"
/// unless it is set. An empty map is its natural default.
fn default_extra(tokens: TokenStream) -> TokenStream {
    let required = quote!(Err("no value supplied for extra".to_string())).to_string();
    let text = tokens.to_string();
    if !text.contains(&required) {
        return tokens;
    }
    text.replace(&required, &quote!(Ok(Default::default())).to_string())
        .parse()
        .unwrap_or(tokens)
}

/// typify writes an `x-rust-type` path as `::<crate>::…` (and a generic argument as written), so
/// the lenient types come out as `::vkyc_runtime::lenient::…`; this names them by `rt`, the
/// configured runtime path (e.g. `crate::rt` for a runtime inside the consumer's crate).
fn runtime_path_of_lenient_types(tokens: TokenStream, rt: &syn::Path) -> TokenStream {
    let krate = crate::normalize::lenient::RUNTIME_CRATE;
    let text = tokens.to_string();
    if !text.contains(krate) {
        return tokens;
    }
    let rt = quote!(#rt).to_string();
    // Tokens print space-separated: `:: vkyc_runtime :: lenient :: Id`, or without the leading `::`.
    const MARK: &str = "__vkyc_runtime_path__";
    text.replace(&format!(":: {krate} ::"), &format!("{MARK} ::"))
        .replace(&format!(" {krate} ::"), &format!(" {MARK} ::"))
        .replace(MARK, &rt)
        .parse()
        .unwrap_or(tokens)
}

/// The body of `vkyc_generated::<family>::<module>`.
pub fn module_tokens(
    version: &VersionDir,
    normalized: &Normalized,
    api: TokenStream,
    paths: &Paths,
) -> TokenStream {
    let rt = &paths.runtime;
    let rt_doc = doc_path(rt);
    let api_version = &version.version;
    let sandbox = &normalized.sandbox_url;
    let production = &normalized.production_url;
    let retry_safe = &normalized.retry_safe;
    let family_variant = format_ident!("{}", version.family.to_pascal_case());
    let modules = &paths.modules;
    let family_doc = format!(
        "The API family of this module: its status texts come first ([`SubStatus::description`]({}::status::SubStatus::description)).",
        doc_path(modules)
    );
    let family = version.family.to_uppercase();
    let client_doc = format!(
        "Client for Cashfree's {family} API at `x-api-version: {api_version}`: the runtime's \
         [`Client`]({rt_doc}::Client) of this module's [`RawClient`].\n\n\
         Every request carries `x-client-id`, `x-client-secret` (marked sensitive) and the pinned \
         `x-api-version`; operations are the builder methods of [`RawClient`], reached through `Deref`. \
         Finish a call with `.send().checked().await?` ([`SendExt`]({rt_doc}::SendExt)) to get \
         [`{rt_doc}::Error`]."
    );
    let status_lookup = normalized
        .status_lookup
        .as_ref()
        .map(|lookup| status_lookup_tokens(lookup, paths));
    let webhook = normalized
        .webhook
        .as_ref()
        .map(|webhook| webhook_gen::module_tokens(webhook, rt));
    let known_values = (!normalized.known_values.is_empty())
        .then(|| known_values_tokens(&normalized.known_values));
    let api = deprecate(api, &normalized.deprecated);
    let received = received_module(&normalized.received_enums, rt);
    let family_id = &version.family;
    // Only an API whose spec takes `x-cf-signature` is sent one (`ClientConfig::sign_requests`).
    let cf_signature = normalized.cf_signature;
    quote! {
        #[doc = #family_doc]
        pub const FAMILY: #modules::status::Family = #modules::status::Family::#family_variant;
        /// The `x-api-version` this module pins and sends on every request.
        pub const API_VERSION: &str = #api_version;
        /// Base URL of Cashfree's sandbox for this API (from the spec's `servers`).
        pub const SANDBOX_URL: &str = #sandbox;
        /// Base URL of Cashfree's production API (from the spec's `servers`).
        pub const PRODUCTION_URL: &str = #production;
        /// Operations the spec marks safe to repeat (`x-vkyc-retry-safe`); only these are retried.
        pub const RETRY_SAFE_OPERATIONS: &[&str] = &[ #( #retry_safe ),* ];

        pub use self::api::{builder, types, Client as RawClient, Error, ResponseValue};

        /// progenitor's output, unchanged. Its docs quote the spec's prose, bare URLs included.
        #[allow(clippy::all, unused_imports, unused_mut, rustdoc::bare_urls)]
        mod api {
            #api
        }

        #[doc = #client_doc]
        pub type Client = #rt::Client<RawClient>;

        impl #rt::Api for RawClient {
            const FAMILY: &'static str = #family_id;
            const API_VERSION: &'static str = API_VERSION;
            const SANDBOX_URL: &'static str = SANDBOX_URL;
            const PRODUCTION_URL: &'static str = PRODUCTION_URL;
            const RETRY_SAFE_OPERATIONS: &'static [&'static str] = RETRY_SAFE_OPERATIONS;
            const CF_SIGNATURE: bool = #cf_signature;

            fn from_parts(base_url: &str, http: reqwest::Client, runtime: #rt::Runtime) -> Self {
                Self::new_with_client(base_url, http, runtime)
            }
        }

        #rt::client_hooks!(RawClient);

        #status_lookup
        #webhook
        #received
        #known_values
    }
}

/// progenitor drops an operation's `deprecated: true`; this puts `#[deprecated]` on its builder
/// method of `Client`, so that rustdoc shows it and callers get a warning.
fn deprecate(api: TokenStream, deprecated: &[Deprecated]) -> TokenStream {
    if deprecated.is_empty() {
        return api;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(api.clone()) else {
        // Unparseable output is reported by the format stage, which parses the whole module.
        return api;
    };
    for item in &mut file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let is_client = imp.trait_.is_none()
            && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if !is_client {
            continue;
        }
        for member in &mut imp.items {
            let syn::ImplItem::Fn(method) = member else {
                continue;
            };
            if let Some(d) = deprecated.iter().find(|d| method.sig.ident == d.operation) {
                let note = format!(
                    "{} is marked deprecated in the spec; see this method's documentation for what replaces it",
                    d.route
                );
                method
                    .attrs
                    .push(syn::parse_quote!(#[deprecated(note = #note)]));
            }
        }
    }
    quote!(#file)
}

/// `known_values::<property>::<VALUE>`: the documented values of open-ended string fields.
fn known_values_tokens(known: &[KnownValues]) -> TokenStream {
    let modules = known.iter().map(|k| {
        let module = format_ident!("{}", k.property);
        let doc = format!(
            "Documented values of `{}`. The field takes any string; these are the ones Cashfree's pages name.",
            k.property
        );
        let constants = k.values.iter().map(|(value, description)| {
            let name = format_ident!("{}", constant_name(value));
            let doc = format!("`{value}`: {}", description.trim());
            quote! {
                #[doc = #doc]
                pub const #name: &str = #value;
            }
        });
        quote! {
            #[doc = #doc]
            pub mod #module {
                #( #constants )*
            }
        }
    });
    quote! {
        /// Named constants for the values Cashfree documents for open-ended string fields
        /// (`x-vkyc-known-values` in the spec), e.g. template names. The fields still accept any string.
        pub mod known_values {
            #( #modules )*
        }
    }
}

/// `received`: an open enum per enum Cashfree sends (empty specs have none, and no module).
fn received_module(enums: &[ReceivedEnum], rt: &syn::Path) -> Option<TokenStream> {
    if enums.is_empty() {
        return None;
    }
    let module = format_ident!("{RECEIVED_MODULE}");
    let items = enums.iter().map(|e| {
        let variants: Vec<Variant> = e
            .values
            .iter()
            .map(|v| Variant {
                code: v.clone(),
                doc: format!("`{v}`"),
            })
            .collect();
        open_enum(rt, &e.name, &e.description, "the spec's `enum`", &variants)
    });
    Some(quote! {
        /// Open enums of the values Cashfree sends (responses, error bodies, webhooks): a value the
        /// spec does not list is kept as `Unknown(String)` instead of failing the call. Requests use
        /// the closed enums of `types`, so a typo is caught before it is sent.
        pub mod #module {
            #( #items )*
        }
    })
}

/// The spec's status lookup as `StatusLookup` data: the keys (`&str`, or a tuple of them in the
/// listed order), the one progenitor call, and the response fields; `Client::wait_for_terminal`
/// is the runtime's.
fn status_lookup_tokens(lookup: &StatusLookup, paths: &Paths) -> TokenStream {
    let rt = &paths.runtime;
    let modules = &paths.modules;
    let operation = format_ident!("{}", lookup.operation);
    let response = format_ident!("{}", lookup.response_schema.to_pascal_case());
    let ident = |k: &LookupKey| format_ident!("{}", k.name);
    let args: Vec<_> = lookup.keys.iter().map(ident).collect();
    let (keys_type, keys_pattern) = match args.as_slice() {
        [one] => (quote!(&'a str), quote!(#one)),
        many => {
            let strs = many.iter().map(|_| quote!(&'a str));
            (quote!(( #( #strs ),* )), quote!(( #( #many ),* )))
        }
    };
    let query: Vec<_> = lookup
        .keys
        .iter()
        .filter(|k| !k.in_body)
        .map(ident)
        .collect();
    let body: Vec<_> = lookup
        .keys
        .iter()
        .filter(|k| k.in_body)
        .map(ident)
        .collect();
    let body_map = (!body.is_empty()).then(|| quote!(.body_map(|body| body #( .#body(#body) )* )));
    let status = if lookup.has_status {
        quote!(response.status.clone())
    } else {
        quote!(None)
    };
    let keys = lookup
        .keys
        .iter()
        .map(|k| format!("`{}`", k.name))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        "`wait_for_terminal` polls `{}` by {keys}: [`{}::Client::wait_for_terminal`].",
        lookup.operation,
        doc_path(rt)
    );
    quote! {
        #[doc = #doc]
        impl #rt::StatusLookup for RawClient {
            type Keys<'a> = #keys_type;
            type Response = types::#response;
            type Status = #modules::status::Status;
            type SubStatus = #modules::status::SubStatus;

            fn lookup(
                &self,
                #keys_pattern: Self::Keys<'_>,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<ResponseValue<Self::Response>, #rt::Error>,
            > + Send {
                #rt::SendExt::checked(self.#operation() #( .#query(#query) )* #body_map .send())
            }

            fn progress(
                response: &Self::Response,
            ) -> (::std::option::Option<Self::Status>, ::std::option::Option<Self::SubStatus>) {
                (#status, response.sub_status.clone())
            }
        }
    }
}
