//! The operations the sandbox serves, read from the effective specs: paths under each family's
//! server path, parameters, security, body schema, success example, and the role that decides
//! what a call does to the sandbox's state.

use std::collections::BTreeMap;

use axum::http::{HeaderMap, Method, StatusCode};
use serde_json::Value;

use crate::error::ApiError;
use crate::model::{ApiSpec, Model, resolve};
use crate::validate::Schema;

/// What an operation does to the sandbox's state. Identified, in this order, by:
/// 1. an `x-vkyc-sandbox-role` mark on the operation (`create-user`, `initiate`, `lookup`, `token`);
/// 2. the `x-vkyc-status-lookup` mark the client generator uses (→ `lookup`);
/// 3. [`ROLES_BY_OPERATION_ID`];
/// 4. otherwise [`Role::Echo`]: validated, then answered from its example like a stateless mock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    CreateUser,
    Initiate,
    Lookup,
    Token,
    Echo,
}

/// The one place that maps Cashfree operation ids to roles, for operations without a mark.
pub const ROLES_BY_OPERATION_ID: &[(&str, Role)] = &[
    ("ppi-initiate-vkyc", Role::Initiate),
    // Both PPI lookups: /details (current) and /status (older page revision), whichever is marked.
    ("ppi-get-vkyc-details", Role::Lookup),
    ("ppi-get-vkyc-status", Role::Lookup),
    ("vkyc-initiate", Role::Initiate),
    ("vkyc-create-user", Role::CreateUser),
    ("vkyc-create-auth-token", Role::Token),
];

/// The values `x-vkyc-sandbox-role` takes (docs/extensions.md lists them), and their roles.
pub const ROLE_MARKS: &[(&str, Role)] = &[
    ("create-user", Role::CreateUser),
    ("initiate", Role::Initiate),
    ("lookup", Role::Lookup),
    ("token", Role::Token),
    ("echo", Role::Echo),
];

impl Role {
    /// The role an `x-vkyc-sandbox-role` mark names; for an unknown one, an error naming where
    /// the mark is written (`place`, `file:line`), its pointer, the roles that exist and the fix.
    fn parse(mark: &str, place: &str, pointer: &str) -> Result<Self, String> {
        match ROLE_MARKS.iter().find(|(name, _)| *name == mark) {
            Some((_, role)) => Ok(*role),
            None => {
                let names: Vec<String> = ROLE_MARKS.iter().map(|(n, _)| format!("`{n}`")).collect();
                Err(format!(
                    "{place}: {pointer}: unknown x-vkyc-sandbox-role `{mark}`. The roles are {} \
                     (docs/extensions.md, \"x-vkyc-sandbox-role\"): write one of them there, or \
                     remove the mark to take the role from `x-vkyc-status-lookup` or the operation id",
                    names.join(", ")
                ))
            }
        }
    }
}

/// A parameter of an operation (query, header or path).
#[derive(Debug)]
pub struct Param {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub schema: Value,
    pub validator: Schema,
}

/// One operation of one version.
#[derive(Debug)]
pub struct Operation {
    pub family: String,
    pub role: Role,
    /// The body fields or query parameters that identify a verification (`x-vkyc-status-lookup`).
    pub lookup_keys: Vec<String>,
    /// Header names of the security requirement (`x-client-id`, `x-client-secret`), if any.
    pub security_headers: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<Schema>,
    /// The 200 (or first 2xx) response's schema, resolved, and its first example.
    pub response_schema: Value,
    pub response_example: Value,
    pub status: StatusCode,
    /// The spec the operation comes from, for resolving `$ref`s in `response_schema`.
    pub spec_index: usize,
}

/// A path template (`/verification/vkyc`) and its operations by method and version.
#[derive(Debug)]
pub struct Route {
    pub segments: Vec<String>,
    pub operations: BTreeMap<(String, String), usize>,
}

/// Every operation and how requests reach them.
#[derive(Debug)]
pub struct Api {
    pub operations: Vec<Operation>,
    pub routes: Vec<Route>,
    /// Base path by family: the path of the spec's sandbox server (`/verification` for VRS).
    pub base_paths: BTreeMap<String, String>,
}

pub enum Found<'a> {
    Operation(&'a Operation),
    /// The path exists, the method does not.
    WrongMethod,
    /// No route has this path.
    NoRoute,
}

impl Api {
    pub fn build(model: &Model) -> Result<Self, String> {
        let mut api = Api {
            operations: Vec::new(),
            routes: Vec::new(),
            base_paths: BTreeMap::new(),
        };
        for (index, spec) in model.apis.iter().enumerate() {
            let base = base_path(&spec.spec);
            api.base_paths.insert(spec.family.clone(), base.clone());
            let Some(paths) = spec.spec.get("paths").and_then(Value::as_object) else {
                continue;
            };
            for (path, item) in paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                for (method, op) in item {
                    if Method::from_bytes(method.to_uppercase().as_bytes()).is_err()
                        || !op.is_object()
                    {
                        continue;
                    }
                    let where_ = format!(
                        "{} {} {} {path}",
                        spec.family,
                        spec.version,
                        method.to_uppercase()
                    );
                    let pointer = format!(
                        "/paths/{}/{method}",
                        path.replace('~', "~0").replace('/', "~1")
                    );
                    let operation = operation(spec, index, &pointer, item.get("parameters"), op)
                        .map_err(|e| format!("{where_}: {e}"))?;
                    let full = format!("{base}{path}");
                    let segments = split(&full);
                    let route = match api.routes.iter_mut().position(|r| r.segments == segments) {
                        Some(i) => &mut api.routes[i],
                        None => {
                            api.routes.push(Route {
                                segments,
                                operations: BTreeMap::new(),
                            });
                            api.routes.last_mut().expect("just pushed")
                        }
                    };
                    route.operations.insert(
                        (method.to_uppercase(), spec.version.clone()),
                        api.operations.len(),
                    );
                    api.operations.push(operation);
                }
            }
        }
        Ok(api)
    }

    /// The operation for `method` and `path`, the version picked by the `x-api-version` header.
    pub fn find(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
    ) -> Result<Found<'_>, ApiError> {
        let Some(route) = self.routes.iter().find(|r| matches(&r.segments, path)) else {
            return Ok(Found::NoRoute);
        };
        let versions = || {
            route
                .operations
                .keys()
                .filter(|(m, _)| m == method.as_str())
                .map(|(_, v)| v)
        };
        if versions().next().is_none() {
            return Ok(Found::WrongMethod);
        }
        let Some(asked) = headers.get("x-api-version") else {
            return Err(ApiError::missing("x-api-version"));
        };
        let asked = asked.to_str().unwrap_or_default();
        let found = route
            .operations
            .iter()
            .find(|((m, v), _)| m == method.as_str() && v == asked);
        match found {
            Some((_, &i)) => Ok(Found::Operation(&self.operations[i])),
            None => Err(ApiError::invalid(
                "x-api-version",
                format!(
                    "this operation exists in version {} (the sandbox serves every version under spec/)",
                    versions()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}

fn split(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `path` fits the template's segments (`{name}` matches any one segment).
fn matches(template: &[String], path: &str) -> bool {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    template.iter().all(|t| {
        segments
            .next()
            .is_some_and(|p| t == p || (t.starts_with('{') && t.ends_with('}')))
    }) && segments.next().is_none()
}

/// The path part of the sandbox server's URL (the one described as "Sandbox"), else the first.
fn base_path(spec: &Value) -> String {
    let servers = spec
        .get("servers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let server = servers
        .iter()
        .find(|s| {
            s.get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| d.to_lowercase().contains("sandbox"))
        })
        .or(servers.first());
    let url = server
        .and_then(|s| s.get("url"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

fn operation(
    spec: &ApiSpec,
    index: usize,
    pointer: &str,
    shared: Option<&Value>,
    op: &Value,
) -> Result<Operation, String> {
    let doc = &spec.spec;
    let operation_id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let lookup_keys: Vec<String> = op
        .get("x-vkyc-status-lookup")
        .and_then(Value::as_array)
        .map(|keys| {
            keys.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let role = match op.get("x-vkyc-sandbox-role").and_then(Value::as_str) {
        Some(mark) => {
            let place = spec.role_marks.get(pointer).map_or_else(
                || format!("spec/{}/{}", spec.family, spec.version),
                String::clone,
            );
            Role::parse(mark, &place, &format!("{pointer}/x-vkyc-sandbox-role"))?
        }
        None if !lookup_keys.is_empty() => Role::Lookup,
        None => ROLES_BY_OPERATION_ID
            .iter()
            .find(|(id, _)| *id == operation_id)
            .map_or(Role::Echo, |(_, role)| *role),
    };

    let mut params = Vec::new();
    let all = shared
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    for param in all {
        let param = resolve(doc, param);
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let schema = resolve(doc, param.get("schema").unwrap_or(&Value::Null)).clone();
        let validator =
            Schema::compile(doc, &schema).map_err(|e| format!("parameter {name}: {e}"))?;
        params.push(Param {
            location: param
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            required: param.get("required") == Some(&Value::Bool(true)),
            name,
            schema,
            validator,
        });
    }

    let body = match op.get("requestBody").map(|b| resolve(doc, b)) {
        Some(body) => {
            let schema = body
                .pointer("/content/application~1json/schema")
                .unwrap_or(&Value::Bool(true));
            Some(Schema::compile(doc, schema).map_err(|e| format!("request body: {e}"))?)
        }
        None => None,
    };

    let security = op.get("security").or_else(|| doc.get("security"));
    let mut security_headers = Vec::new();
    if let Some(requirement) = security
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(Value::as_object)
    {
        for scheme in requirement.keys() {
            let scheme = doc.pointer(&format!("/components/securitySchemes/{scheme}"));
            let name = scheme
                .filter(|s| s.get("in").and_then(Value::as_str) == Some("header"))
                .and_then(|s| s.get("name"))
                .and_then(Value::as_str);
            security_headers.extend(name.map(str::to_lowercase));
        }
    }

    let responses = op.get("responses").and_then(Value::as_object);
    let (code, response) = responses
        .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
        .map(|(code, r)| (code.parse::<u16>().unwrap_or(200), resolve(doc, r)))
        .unwrap_or((200, &Value::Null));
    let media = response
        .pointer("/content/application~1json")
        .unwrap_or(&Value::Null);
    let response_schema = resolve(doc, media.get("schema").unwrap_or(&Value::Null)).clone();
    let response_example = media
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|e| e.values().next())
        .map(|e| resolve(doc, e).get("value").cloned().unwrap_or(Value::Null))
        .or_else(|| media.get("example").cloned())
        .unwrap_or(Value::Null);

    Ok(Operation {
        family: spec.family.clone(),
        role,
        lookup_keys,
        security_headers,
        params,
        body,
        response_schema,
        response_example,
        status: StatusCode::from_u16(code).unwrap_or(StatusCode::OK),
        spec_index: index,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Api, ROLE_MARKS};
    use crate::model::Model;

    /// A model with one operation marked `role`, its mark placed at `marks`.
    fn model(role: &str, marks: serde_json::Value) -> Model {
        serde_json::from_value(json!({
            "phases": [],
            "sub_statuses": [],
            "apis": [{
                "family": "ppi",
                "version": "2025-11-01",
                "spec": {"paths": {"/ppi/kyc/vkyc": {"post": {
                    "operationId": "ppi-initiate-vkyc",
                    "x-vkyc-sandbox-role": role,
                }}}},
                "role_marks": marks,
            }],
        }))
        .expect("a model")
    }

    #[test]
    fn an_unknown_role_names_its_file_line_pointer_the_roles_and_the_fix() {
        let marks = json!({"/paths/~1ppi~1kyc~1vkyc/post": "spec/ppi/2025-11-01/overlay.yaml:31"});
        let err = Api::build(&model("verify", marks)).expect_err("`verify` is no role");
        for part in [
            "spec/ppi/2025-11-01/overlay.yaml:31: ",
            "/paths/~1ppi~1kyc~1vkyc/post/x-vkyc-sandbox-role",
            "unknown x-vkyc-sandbox-role `verify`",
            "docs/extensions.md",
            "remove the mark",
        ] {
            assert!(err.contains(part), "`{part}` missing from: {err}");
        }
        for (name, _) in ROLE_MARKS {
            assert!(
                err.contains(&format!("`{name}`")),
                "role {name} missing from: {err}"
            );
        }
    }

    #[test]
    fn an_unknown_role_without_a_recorded_place_names_the_version_directory() {
        let err = Api::build(&model("Lookup", json!({}))).expect_err("roles are lower case");
        assert!(
            err.contains("spec/ppi/2025-11-01: /paths/~1ppi~1kyc~1vkyc/post/x-vkyc-sandbox-role"),
            "{err}"
        );
    }

    #[test]
    fn every_documented_role_is_accepted() {
        for (name, role) in ROLE_MARKS {
            let api = Api::build(&model(name, json!({}))).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(api.operations[0].role, *role, "{name}");
        }
    }
}
