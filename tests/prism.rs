//! Independent check of every generated client against Prism, Stoplight's OpenAPI mock server and
//! request validator, serving every effective spec (after merge and overlay, exactly what
//! `vkyc_codegen::Config::load` returns).
//!
//! Prism is installed by `scripts/setup-tools.sh` into `.prism/`; without it these tests fail and say
//! so, unless `VKYC_SKIP_PRISM=1` is set.
//!
//! How a response example is selected: Prism answers with the example named in the request's
//! `Prefer` header (`Prefer: code=400, example=Invalid Verification Id`). The generated client cannot
//! add a header per call, so the client talks to a loopback proxy (`tests/support/proxy.rs`) that
//! gives each scenario its own base URL, adds that scenario's `Prefer` header, and records what the
//! client sent and what Prism answered (with Prism's `sl-violations` header). The client itself is
//! used exactly as a user would use it: `Client::new(Environment::Custom(url), Credentials::new(..))`
//! and the builder methods.

mod support;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use vkyc_codegen::{Api, Config, Origin};
use vkyc_generated::{Credentials, Environment};

use support::prism::{Mode, Prism};
use support::proxy::{Exchange, Proxy};
use support::spec::{self, strip_nulls};
use support::tools;

const CLIENT_ID: &str = "vkyc-prism-test-client-id";
const CLIENT_SECRET: &str = "vkyc-prism-test-client-secret";
/// Upper bound for one client call (the client's own timeout and any retries included).
const CALL_TIMEOUT: Duration = Duration::from_secs(90);

// ---------------------------------------------------------------------------------------------
// Per-version drivers: how to call each operation of each generated module with valid input.
// ---------------------------------------------------------------------------------------------

/// The spec operation ids each known version's driver handles. A version or an operation missing
/// here fails `every_spec_version_has_a_driver` (and the Prism tests), naming what to add.
fn known_operations(family: &str, version: &str) -> Option<&'static [&'static str]> {
    match (family, version) {
        ("vrs", "2024-12-01") => Some(&[
            "vkyc-create-user",
            "vkyc-initiate",
            "vkyc-create-auth-token",
            "vkyc-get-status",
        ]),
        ("ppi", "2025-11-01") => Some(&[
            "ppi-initiate-vkyc",
            "ppi-get-vkyc-details",
            "ppi-get-vkyc-status",
        ]),
        _ => None,
    }
}

/// Hand-written valid inputs per operation, by name; the first one is used to fetch every response
/// example. (The spec's own request examples are sent in addition, see [`Input::Example`].)
fn cases(family: &str, version: &str, operation: &str) -> &'static [&'static str] {
    match (family, version, operation) {
        ("vrs", "2024-12-01", "vkyc-get-status") => &[
            "verification_id",
            "reference_id",
            "verification_id + reference_id + x-cf-signature",
        ],
        ("vrs", "2024-12-01", "vkyc-create-user") => &["phone only", "every field"],
        ("vrs", "2024-12-01", "vkyc-initiate") => &[
            "verification_id only",
            "every field, numbers where Cashfree sends numbers",
            "every field, strings where the shared schemas say string",
        ],
        ("vrs", "2024-12-01", "vkyc-create-auth-token") => &[
            "app_id only",
            "every field, numeric identifier_value",
            "every field, string identifier_value",
        ],
        ("ppi", "2025-11-01", "ppi-initiate-vkyc") => &["required fields only", "every field"],
        ("ppi", "2025-11-01", "ppi-get-vkyc-details" | "ppi-get-vkyc-status") => {
            &["user_id + verification_id"]
        }
        _ => &[],
    }
}

/// What to send.
#[derive(Clone, Copy, Debug)]
enum Input<'a> {
    /// One of [`cases`].
    Case(&'static str),
    /// A request-body example from the spec, deserialized into the generated body type.
    Example(&'a Value),
    /// Deliberately invalid input (see `invalid_input_*`).
    Invalid(&'static str),
}

/// What one call of the generated client came back with.
#[derive(Debug)]
enum Outcome {
    /// A declared success status: the typed value, serialized back to JSON.
    Success { status: u16, value: Value },
    /// A declared error status: the typed error body (`Error::ErrorResponse`), serialized back.
    ApiError {
        status: u16,
        value: Value,
        display: String,
    },
    /// `Error::InvalidRequest`: rejected by the client before anything was sent.
    InvalidRequest(String),
    /// Anything else: `InvalidResponsePayload` (a decode failure), an undeclared status, a
    /// transport error, a request example that does not fit the generated type...
    Failure(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Success { status, value } => write!(f, "typed success {status}: {value}"),
            Outcome::ApiError { status, value, .. } => {
                write!(
                    f,
                    "typed API error (Error::ErrorResponse) {status}: {value}"
                )
            }
            Outcome::InvalidRequest(message) => write!(f, "Error::InvalidRequest({message:?})"),
            Outcome::Failure(message) => f.write_str(message),
        }
    }
}

async fn outcome<T: Serialize, E: Serialize + Debug>(
    result: Result<
        vkyc_generated::vrs::v2024_12_01::ResponseValue<T>,
        vkyc_generated::vrs::v2024_12_01::Error<E>,
    >,
) -> Outcome {
    use vkyc_generated::vrs::v2024_12_01::Error;
    let error = match result {
        Ok(response) => {
            return Outcome::Success {
                status: response.status().as_u16(),
                value: serde_json::to_value(response.into_inner()).expect("typed values serialize"),
            };
        }
        Err(error) => error,
    };
    // What a caller would print.
    let display = error.to_string();
    match error {
        Error::ErrorResponse(response) => Outcome::ApiError {
            status: response.status().as_u16(),
            value: serde_json::to_value(response.into_inner()).expect("typed errors serialize"),
            display,
        },
        Error::InvalidRequest(message) => Outcome::InvalidRequest(message),
        Error::InvalidResponsePayload(bytes, e) => Outcome::Failure(format!(
            "DECODE FAILURE (InvalidResponsePayload): {e}; body: {}",
            String::from_utf8_lossy(&bytes)
        )),
        Error::UnexpectedResponse(response) => {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            Outcome::Failure(format!(
                "undeclared status (UnexpectedResponse) {status}; body: {body}"
            ))
        }
        _ => Outcome::Failure(display),
    }
}

fn example_into<T: serde::de::DeserializeOwned>(value: &Value, ty: &str) -> Result<T, Outcome> {
    serde_json::from_value(value.clone()).map_err(|e| {
        Outcome::Failure(format!(
            "the spec's request example does not deserialize into the generated `{ty}`: {e}"
        ))
    })
}

/// Calls `operation` of the generated client for `family`/`version` at `base_url`. `None`: no driver.
async fn call(
    family: &str,
    version: &str,
    operation: &str,
    base_url: &str,
    input: Input<'_>,
) -> Option<Outcome> {
    let environment = Environment::Custom(base_url.to_owned());
    let credentials = Credentials::new(CLIENT_ID, CLIENT_SECRET);
    Some(match (family, version) {
        ("vrs", "2024-12-01") => {
            use api::types;
            use serde_json::json;
            use vkyc_generated::vrs::v2024_12_01 as api;
            let client = api::Client::new(environment, credentials).expect("the client builds");
            match (operation, input) {
                ("vkyc-create-user", Input::Case("phone only")) => {
                    outcome(
                        client
                            .vkyc_create_user()
                            .body_map(|b| b.phone("9988776655"))
                            .send()
                            .await,
                    )
                    .await
                }
                ("vkyc-create-user", Input::Case("every field")) => {
                    let body = types::CreateUserRequestSchema::builder()
                        .phone("9988776655")
                        .user_id(Some("User0123".try_into().expect("a valid user_id")))
                        .email("johndoe@gmail.com".to_owned())
                        .name("John Doe".to_owned())
                        .address("GROUND FLOOR, 123, ABC CIRCLE".to_owned());
                    outcome(client.vkyc_create_user().body(body).send().await).await
                }
                ("vkyc-create-user", Input::Example(value)) => {
                    match example_into::<types::CreateUserRequestSchema>(
                        value,
                        "CreateUserRequestSchema",
                    ) {
                        Ok(body) => {
                            outcome(client.vkyc_create_user().body(body).send().await).await
                        }
                        Err(failure) => failure,
                    }
                }
                ("vkyc-initiate", Input::Case("verification_id only")) => {
                    outcome(
                        client
                            .vkyc_initiate()
                            .body_map(|b| b.verification_id("vkyc-prism_test.1"))
                            .send()
                            .await,
                    )
                    .await
                }
                (
                    "vkyc-initiate",
                    Input::Case(
                        which @ ("every field, numbers where Cashfree sends numbers"
                        | "every field, strings where the shared schemas say string"),
                    ),
                ) => {
                    // R-INC #12/#13: pincode and year_of_birth are numbers in Cashfree's examples and
                    // strings in its shared schemas; the client sends either.
                    let numbers = which.contains("numbers");
                    use vkyc_generated::runtime::lenient::Id;
                    let (pincode, year) = if numbers {
                        (Id::from(581115), Id::from(1995))
                    } else {
                        (Id::from("581115"), Id::from("1995"))
                    };
                    let address = types::VkycSplitAddress::builder()
                        .country("India".to_owned())
                        .pincode(Some(pincode))
                        .state("Karnataka".to_owned());
                    let aadhaar = types::VkycAadhaarDetails::builder()
                        .name("Mallesh Fakkirappa Dollin".to_owned())
                        .dob(Some(types::VkycDob("02-02-1995".into())))
                        .last_verified_at(Some(types::VkycLastVerifiedAt(
                            "2025-05-06 15:04:05".into(),
                        )))
                        .year_of_birth(Some(year.into()))
                        .split_address(Some(address.try_into().expect("an address")));
                    let question = types::VkycSecurityQuestion::builder()
                        .order(std::num::NonZeroU64::new(1).expect("1"))
                        .question("What is your father's name?")
                        .answer("John Snow");
                    use vkyc_generated::vrs::v2024_12_01::known_values;
                    let body = types::InitiateVkycRequestSchema::builder()
                        .verification_id("vkyc-prism_test.1")
                        .user_template(
                            known_values::user_template::VKYC_USER_OKYC_TEMPLATE_V1.to_owned(),
                        )
                        .agent_template(
                            known_values::agent_template::VKYC_AGENT_TEMPLATE_V1.to_owned(),
                        )
                        .user_reference_id(1358)
                        .user_id("User0123".to_owned())
                        .notification_types(vec![
                            types::VkycNotificationType::Sms,
                            types::VkycNotificationType::Email,
                            types::VkycNotificationType::Whatsapp,
                        ])
                        .aadhaar_details(Some(aadhaar.try_into().expect("aadhaar details")))
                        .security_questions(vec![question.try_into().expect("a question")]);
                    outcome(client.vkyc_initiate().body(body).send().await).await
                }
                ("vkyc-initiate", Input::Example(value)) => {
                    match example_into::<types::InitiateVkycRequestSchema>(
                        value,
                        "InitiateVkycRequestSchema",
                    ) {
                        Ok(body) => outcome(client.vkyc_initiate().body(body).send().await).await,
                        Err(failure) => failure,
                    }
                }
                ("vkyc-create-auth-token", Input::Case("app_id only")) => {
                    outcome(
                        client
                            .vkyc_create_auth_token()
                            .body_map(|b| b.app_id("app_id_for_vkyc"))
                            .send()
                            .await,
                    )
                    .await
                }
                (
                    "vkyc-create-auth-token",
                    Input::Case(
                        which @ ("every field, numeric identifier_value"
                        | "every field, string identifier_value"),
                    ),
                ) => {
                    // R-INC #21: identifier_value is a number in both examples, a string by intent.
                    let value = if which.contains("numeric") {
                        json!(123456)
                    } else {
                        json!("User0123")
                    };
                    let body = types::CreateAuthTokenRequestSchema::builder()
                        .app_id("app_id_for_vkyc")
                        .product("VKYC".to_owned())
                        .metadata(types::AuthTokenMetadata {
                            vkyc_request_id: Some(249749),
                        })
                        .authenticated_user(types::AuthTokenAuthenticatedUser {
                            identifier_type: Some("userId".to_owned()),
                            identifier_value: Some(value),
                        });
                    outcome(client.vkyc_create_auth_token().body(body).send().await).await
                }
                ("vkyc-create-auth-token", Input::Example(value)) => {
                    match example_into::<types::CreateAuthTokenRequestSchema>(
                        value,
                        "CreateAuthTokenRequestSchema",
                    ) {
                        Ok(body) => {
                            outcome(client.vkyc_create_auth_token().body(body).send().await).await
                        }
                        Err(failure) => failure,
                    }
                }
                ("vkyc-get-status", Input::Case("verification_id")) => {
                    outcome(
                        client
                            .vkyc_get_status()
                            .verification_id("test_verification_id")
                            .send()
                            .await,
                    )
                    .await
                }
                ("vkyc-get-status", Input::Case("reference_id")) => {
                    outcome(client.vkyc_get_status().reference_id("321696").send().await).await
                }
                (
                    "vkyc-get-status",
                    Input::Case("verification_id + reference_id + x-cf-signature"),
                ) => {
                    outcome(
                        client
                            .vkyc_get_status()
                            .verification_id("test_verification_id")
                            .reference_id("321696")
                            .x_cf_signature("c2lnbmF0dXJl")
                            .send()
                            .await,
                    )
                    .await
                }
                // No length or character constraint in the spec: the client sends it as is.
                (
                    "vkyc-get-status",
                    Input::Invalid("verification_id with forbidden characters"),
                ) => {
                    outcome(
                        client
                            .vkyc_get_status()
                            .verification_id("not allowed: spaces & symbols!")
                            .send()
                            .await,
                    )
                    .await
                }
                ("vkyc-get-status", Input::Invalid("verification_id longer than 50")) => {
                    outcome(
                        client
                            .vkyc_get_status()
                            .verification_id("v".repeat(51))
                            .send()
                            .await,
                    )
                    .await
                }
                // Not a valid HTTP header value: rejected before the wire.
                ("vkyc-get-status", Input::Invalid("x-cf-signature with a newline")) => {
                    outcome(
                        client
                            .vkyc_get_status()
                            .verification_id("test_verification_id")
                            .x_cf_signature("line\nbreak")
                            .send()
                            .await,
                    )
                    .await
                }
                _ => return None,
            }
        }
        ("ppi", "2025-11-01") => {
            use api::types;
            use vkyc_generated::ppi::v2025_11_01 as api;
            let client = api::Client::new(environment, credentials).expect("the client builds");
            let question = |order: u64, question: &str, answer: &str| {
                types::SecurityQuestion::builder()
                    .order(std::num::NonZeroU64::new(order).expect("orders start at 1"))
                    .question(question)
                    .answer(answer)
            };
            let initiate = || {
                types::InitiateVkycRequest::builder()
                    .user_id("USER827364")
                    .verification_id("vkyc-prism_test.1")
            };
            let status = || {
                types::GetVkycStatusRequest::builder()
                    .user_id("USER827364")
                    .verification_id("vkyc-prism_test.1")
            };
            match (operation, input) {
                ("ppi-initiate-vkyc", Input::Case("required fields only")) => {
                    outcome(client.ppi_initiate_vkyc().body(initiate()).send().await).await
                }
                ("ppi-initiate-vkyc", Input::Case("every field")) => {
                    let questions: Vec<types::SecurityQuestion> = vec![
                        question(1, "What is the name of your father?", "John Snow")
                            .try_into()
                            .expect("a complete question"),
                        question(2, "What is your salary?", "1000000")
                            .try_into()
                            .expect("a complete question"),
                    ];
                    let body = initiate()
                        .notification_modes(vec![
                            types::NotificationMode::Sms,
                            types::NotificationMode::Whatsapp,
                        ])
                        .security_questions(questions);
                    outcome(client.ppi_initiate_vkyc().body(body).send().await).await
                }
                ("ppi-initiate-vkyc", Input::Example(value)) => {
                    match example_into::<types::InitiateVkycRequest>(value, "InitiateVkycRequest") {
                        Ok(body) => {
                            outcome(client.ppi_initiate_vkyc().body(body).send().await).await
                        }
                        Err(failure) => failure,
                    }
                }
                ("ppi-initiate-vkyc", Input::Invalid("verification_id longer than 50")) => {
                    let body = initiate().verification_id("v".repeat(51));
                    outcome(client.ppi_initiate_vkyc().body(body).send().await).await
                }
                (
                    "ppi-initiate-vkyc",
                    Input::Invalid("verification_id with a forbidden character"),
                ) => {
                    let body = initiate().verification_id("vkyc/prism test!");
                    outcome(client.ppi_initiate_vkyc().body(body).send().await).await
                }
                // The current lookup and the deprecated one take the same input.
                (lookup @ ("ppi-get-vkyc-details" | "ppi-get-vkyc-status"), input) => {
                    let body = match input {
                        Input::Case("user_id + verification_id") => status(),
                        Input::Example(value) => {
                            match example_into::<types::GetVkycStatusRequest>(
                                value,
                                "GetVkycStatusRequest",
                            ) {
                                Ok(body) => body.into(),
                                Err(failure) => return Some(failure),
                            }
                        }
                        Input::Invalid("verification_id longer than 50") => {
                            status().verification_id("v".repeat(51))
                        }
                        Input::Invalid("empty user_id") => status().user_id(""),
                        _ => return None,
                    };
                    if lookup == "ppi-get-vkyc-details" {
                        outcome(client.ppi_get_vkyc_details().body(body).send().await).await
                    } else {
                        #[allow(deprecated)] // Still driven: the spec keeps it, deprecated.
                        let call = client.ppi_get_vkyc_status();
                        outcome(call.body(body).send().await).await
                    }
                }
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// [`call`] with a time limit; a missing driver is a failure naming what to add.
async fn drive(api: &Api, operation: &str, base_url: &str, input: Input<'_>) -> Outcome {
    let (family, version) = (&api.version.family, &api.version.version);
    match tokio::time::timeout(
        CALL_TIMEOUT,
        call(family, version, operation, base_url, input),
    )
    .await
    {
        Ok(Some(outcome)) => outcome,
        Ok(None) => Outcome::Failure(format!(
            "tests/prism.rs has no driver for {family} {version} `{operation}` with {input:?}: add it to `call`"
        )),
        Err(_) => Outcome::Failure(format!("no answer within {CALL_TIMEOUT:?}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------------------------

fn load() -> vkyc_codegen::Workspace {
    Config::new(tools::root())
        .load()
        .unwrap_or_else(|e| panic!("the spec inputs do not load:\n{e}"))
}

/// A started Prism and a proxy in front of it.
struct Mock {
    prism: Prism,
    proxy: Proxy,
}

impl Mock {
    /// Drives `operation` in a scenario of its own, answered per `prefer` (a `Prefer` header
    /// value) if given: the outcome, and every exchange Prism saw for it.
    async fn drive(
        &self,
        api: &Api,
        operation: &str,
        prefer: Option<&str>,
        input: Input<'_>,
    ) -> (Outcome, Vec<Exchange>) {
        let scenario = self.proxy.scenario(prefer);
        let outcome = drive(api, operation, &scenario.base_url, input).await;
        (outcome, self.proxy.exchanges(&scenario))
    }

    async fn start(prism_bin: &Path, spec: &Path, mode: Mode) -> Mock {
        let started = Instant::now();
        let prism = Prism::start(prism_bin, spec, mode).unwrap_or_else(|e| panic!("{e}"));
        eprintln!(
            "prism: serving {} ({mode:?}) on {} after {:.1?}",
            spec.display(),
            prism.url,
            started.elapsed()
        );
        let proxy = Proxy::start(&prism.url).await;
        Mock { prism, proxy }
    }
}

/// Everything Prism saw for one scenario must be clean: at least one request, each carrying the
/// credentials and the version's `x-api-version`, and no violation (no `sl-violations` header, no 422).
fn check_exchanges(exchanges: &[Exchange], api_version: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if exchanges.is_empty() {
        problems.push("no request reached Prism".to_owned());
    }
    for ex in exchanges {
        let header = |name: &str| {
            ex.request_headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        for (name, want) in [
            ("x-client-id", CLIENT_ID),
            ("x-client-secret", CLIENT_SECRET),
            ("x-api-version", api_version),
        ] {
            if header(name).as_deref() != Some(want) {
                problems.push(format!(
                    "request header {name} is {:?}, expected {want:?}",
                    header(name)
                ));
            }
        }
        if let Some(violations) = ex.violations() {
            problems.push(format!("Prism reported violations: {violations}"));
        }
        if ex.status == 422 {
            problems.push(format!(
                "Prism rejected the request (422): {}",
                String::from_utf8_lossy(&ex.response_body)
            ));
        }
    }
    problems
}

fn describe_exchanges(exchanges: &[Exchange]) -> String {
    if exchanges.is_empty() {
        return "    (no request reached Prism)".to_owned();
    }
    exchanges
        .iter()
        .map(Exchange::describe)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Prefer header value for an example, or a problem if Prism cannot select it by name.
fn prefer_for(example: &spec::Example) -> Result<String, String> {
    match &example.name {
        Some(name)
            if name.contains([',', '='])
                || !name.chars().all(|c| c == ' ' || c.is_ascii_graphic()) =>
        {
            Err(format!(
                "example {} has a ',', '=' or non-ASCII character in its name: Prism's Prefer \
                 header cannot select it",
                example.label()
            ))
        }
        _ => Ok(example.prefer()),
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Exhaustive dispatch: every family/version in `spec/` has a driver for exactly its operations.
/// Runs without Prism.
#[test]
fn every_spec_version_has_a_driver() {
    let ws = load();
    let mut problems = Vec::new();
    for api in &ws.apis {
        let v = &api.version;
        let in_spec: BTreeSet<String> = spec::operations(&api.effective)
            .into_iter()
            .map(|o| o.id)
            .collect();
        match known_operations(&v.family, &v.version) {
            None => problems.push(format!(
                "{} ({} {}): tests/prism.rs does not know how to drive this version; add it to \
                 `known_operations`, `cases` and `call` (operations: {in_spec:?})",
                v.dir, v.family, v.version
            )),
            Some(known) => {
                let known: BTreeSet<String> = known.iter().map(|s| s.to_string()).collect();
                for op in in_spec.difference(&known) {
                    problems.push(format!(
                        "{}: operation `{op}` has no driver in tests/prism.rs",
                        v.dir
                    ));
                }
                for op in known.difference(&in_spec) {
                    problems.push(format!(
                        "{}: tests/prism.rs drives `{op}`, which the spec no longer has",
                        v.dir
                    ));
                }
                for op in &in_spec {
                    if cases(&v.family, &v.version, op).is_empty() {
                        problems.push(format!(
                            "{}: operation `{op}` has no valid input in `cases`",
                            v.dir
                        ));
                    }
                }
            }
        }
    }
    assert!(
        !ws.apis.is_empty(),
        "Config::load found no API version under spec/"
    );
    assert!(
        problems.is_empty(),
        "versions/operations the Prism test cannot drive:\n{}",
        problems.join("\n")
    );
}

/// Every operation of every effective spec, driven through the generated client against
/// `prism mock --errors`: every valid input and every request example is accepted with zero
/// violations, and every response example of every status code comes back as the typed success
/// value or the typed API error, equal to the example.
///
/// "Zero violations" is checked on every request Prism saw: no `sl-violations` header and no 422.
/// (With `--errors`, Prism answers an invalid request with the spec's declared 400 example, or its
/// own 422 when none is declared, and lists the violations in `sl-violations` in both cases; an
/// example that contradicts its schema becomes a 500 with `sl-violations`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_generated_client_against_prism_mocks_of_every_effective_spec() {
    let Some(prism_bin) = tools::prism() else {
        return;
    };
    let ws = load();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for api in &ws.apis {
        let v = &api.version;
        if known_operations(&v.family, &v.version).is_none() {
            failures.push(format!(
                "{}: no driver in tests/prism.rs (see every_spec_version_has_a_driver)",
                v.dir
            ));
            continue;
        }
        let spec_path = spec::write_json(
            dir.path(),
            &format!("{}-{}.effective.json", v.family, v.version),
            &api.effective,
        );
        let mock = Mock::start(&prism_bin, &spec_path, Mode::Errors).await;
        let before = failures.len();
        for op in spec::operations(&api.effective) {
            let op_cases = cases(&v.family, &v.version, &op.id);
            let success_examples: Vec<Value> = op
                .response_examples
                .iter()
                .filter(|e| e.code.starts_with('2'))
                .map(|e| strip_nulls(&e.value))
                .collect();

            // 1. Valid input, no Prefer: accepted, answered with a declared 2xx example.
            let mut inputs: Vec<(String, Input)> = op_cases
                .iter()
                .map(|c| (format!("case {c:?}"), Input::Case(c)))
                .collect();
            for ex in &op.request_examples {
                inputs.push((
                    format!("request example {}", ex.label()),
                    Input::Example(&ex.value),
                ));
            }
            for (label, input) in inputs {
                let (outcome, exchanges) = mock.drive(api, &op.id, None, input).await;
                let mut problems = check_exchanges(&exchanges, &v.version);
                match &outcome {
                    Outcome::Success { status, value } if (200..300).contains(status) => {
                        if !success_examples.is_empty()
                            && !success_examples.contains(&strip_nulls(value))
                        {
                            problems.push(format!(
                                "the typed value {value} is none of the spec's 2xx examples"
                            ));
                        }
                    }
                    other => problems.push(format!("expected a typed 2xx success, got {other}")),
                }
                checked += 1;
                if !problems.is_empty() {
                    failures.push(format!(
                        "{} `{}` {} {}, {label}:\n  - {}\n{}",
                        v.dir,
                        op.id,
                        op.method,
                        op.path,
                        problems.join("\n  - "),
                        describe_exchanges(&exchanges)
                    ));
                }
            }

            // 2. Every response example, selected with Prefer, through the first valid input.
            let Some(first) = op_cases.first() else {
                continue;
            };
            for example in &op.response_examples {
                let prefer = match prefer_for(example) {
                    Ok(p) => p,
                    Err(problem) => {
                        failures.push(format!("{} `{}`: {problem}", v.dir, op.id));
                        continue;
                    }
                };
                let (outcome, exchanges) = mock
                    .drive(api, &op.id, Some(&prefer), Input::Case(first))
                    .await;
                let mut problems = check_exchanges(&exchanges, &v.version);
                let code: u16 = example.code.parse().unwrap_or(0);
                let want = strip_nulls(&example.value);
                let success = example.code.starts_with('2');
                let typed = match &outcome {
                    Outcome::Success { status, value } if success => {
                        Some((status, value, "typed success value"))
                    }
                    Outcome::ApiError { status, value, .. } if !success => {
                        Some((status, value, "typed error body"))
                    }
                    _ => None,
                };
                match typed {
                    Some((status, value, what)) => {
                        if *status != code {
                            problems.push(format!("status {status}, expected {code}"));
                        }
                        if strip_nulls(value) != want {
                            problems.push(format!(
                                "{what} differs from the example:\n      example: {want}\n      typed:   {value}"
                            ));
                        }
                    }
                    None => problems.push(format!(
                        "expected the typed {} for status {}, got {outcome}",
                        if success {
                            "success value"
                        } else {
                            "API error (Error::ErrorResponse)"
                        },
                        example.code
                    )),
                }
                checked += 1;
                if !problems.is_empty() {
                    failures.push(format!(
                        "{} `{}` {} {}, response example {} (Prefer: {prefer}):\n  - {}\n{}",
                        v.dir,
                        op.id,
                        op.method,
                        op.path,
                        example.label(),
                        problems.join("\n  - "),
                        describe_exchanges(&exchanges)
                    ));
                }
            }
        }
        if failures.len() > before {
            failures.push(format!(
                "--- last lines of Prism's log for {} ---\n{}",
                v.dir,
                mock.prism.output_tail(40)
            ));
        }
    }
    eprintln!(
        "prism: {checked} scenarios checked over {} API version(s)",
        ws.apis.len()
    );
    assert!(
        failures.is_empty(),
        "{} problem(s) against Prism:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        checked >= 30,
        "only {checked} scenarios were checked; expected every example of every spec"
    );
}

/// The Prism guard itself: a spec Prism cannot load fails within the startup bound with Prism's own
/// output in the error; a running Prism is killed and reaped when its guard is dropped.
#[test]
fn prism_guard_reports_startup_failures_and_stops_prism_on_drop() {
    let Some(prism_bin) = tools::prism() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.0\npaths: [not, a, mapping\n").expect("write");
    let started = Instant::now();
    let error = match Prism::start(&prism_bin, &broken, Mode::Errors) {
        Ok(prism) => panic!("Prism started on a broken spec at {}", prism.url),
        Err(e) => e,
    };
    assert!(
        started.elapsed() < support::prism::STARTUP_TIMEOUT + Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        error.contains("broken.yaml") && error.contains("--- Prism output ---"),
        "{error}"
    );
    let output = error
        .split("--- Prism output ---")
        .nth(1)
        .unwrap_or_default();
    assert!(
        !output
            .trim()
            .trim_end_matches("--- end of Prism output ---")
            .trim()
            .is_empty(),
        "the error carries none of Prism's output:\n{error}"
    );

    let ws = load();
    let spec_path = spec::write_json(dir.path(), "spec.json", &ws.apis[0].effective);
    let prism =
        Prism::start(&prism_bin, &spec_path, Mode::Errors).unwrap_or_else(|e| panic!("{e}"));
    let (pid, port) = (prism.pid(), prism.port);
    assert!(support::prism::http_answers(port));
    drop(prism);
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "Prism (pid {pid}) is still there after its guard was dropped"
    );
    assert!(
        !support::prism::http_answers(port),
        "port {port} still answers"
    );
}

/// Fields (and a piece of Prism's message) that Prism is expected to flag in a vendored file's
/// examples, served verbatim: the defects the version's overlay corrects. `None`: a vendored file
/// this test has no expectation for (it fails, naming the file).
#[allow(clippy::type_complexity)]
fn known_defects(
    path: &str,
) -> Option<
    &'static [(
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    )],
> {
    match path {
        "spec/vrs/2024-12-01/vkyc-get-status.yaml" => Some(&[(
            "vkyc-get-status",
            "200 \"Success\"",
            &[
                ("link_expiry", "must match format \"date\""),
                ("user_reference_id", "must be string"),
            ],
        )]),
        _ => None,
    }
}

/// The vendored files, served byte for byte: every example comes back and decodes through the
/// generated (overlay-corrected) types, equal to the example; and Prism's own `sl-violations`
/// header reports exactly the example/schema contradictions that the overlay fixes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbatim_vendored_specs_decode_and_prism_reports_the_defects_the_overlay_fixes() {
    let Some(prism_bin) = tools::prism() else {
        return;
    };
    let ws = load();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    let mut vendored = 0usize;
    for api in &ws.apis {
        let v = &api.version;
        for entry in v
            .manifest
            .files
            .iter()
            .filter(|e| e.origin == Origin::Vendored)
        {
            vendored += 1;
            let file = v
                .specs
                .iter()
                .find(|s| s.path == format!("{}/{}", v.dir, entry.path))
                .unwrap_or_else(|| panic!("{}: manifest entry {} not loaded", v.dir, entry.path));
            let Some(defects) = known_defects(&file.path) else {
                failures.push(format!(
                    "{}: vendored file with no entry in `known_defects` (tests/prism.rs): add the \
                     fields Prism flags in its examples (or an empty list)",
                    file.path
                ));
                continue;
            };
            let sub = dir.path().join(&v.family).join(&v.version);
            std::fs::create_dir_all(&sub).expect("temp subdir");
            let verbatim = sub.join(&entry.path);
            std::fs::write(&verbatim, &file.bytes).expect("write the verbatim file");
            let mock = Mock::start(&prism_bin, &verbatim, Mode::Report).await;
            let mut expected: BTreeSet<(String, String)> = defects
                .iter()
                .map(|(op, ex, _)| (op.to_string(), ex.to_string()))
                .collect();
            for op in spec::operations(&file.value) {
                let Some(first) = cases(&v.family, &v.version, &op.id).first() else {
                    failures.push(format!("{}: no valid input for `{}`", file.path, op.id));
                    continue;
                };
                for example in &op.response_examples {
                    let prefer = match prefer_for(example) {
                        Ok(p) => p,
                        Err(problem) => {
                            failures.push(format!("{}: {problem}", file.path));
                            continue;
                        }
                    };
                    let (outcome, exchanges) = mock
                        .drive(api, &op.id, Some(&prefer), Input::Case(first))
                        .await;
                    let mut problems = Vec::new();
                    let want = strip_nulls(&example.value);
                    // Prism answers with the example body, byte for byte as JSON.
                    match exchanges.last() {
                        None => problems.push("no request reached Prism".to_owned()),
                        Some(ex) => {
                            match serde_json::from_slice::<Value>(&ex.response_body) {
                                Ok(body) if body == example.value => {}
                                Ok(body) => problems.push(format!(
                                    "Prism answered {body}, not the example {}",
                                    example.value
                                )),
                                Err(e) => problems.push(format!("Prism's body is not JSON: {e}")),
                            }
                            if ex.status.to_string() != example.code {
                                problems.push(format!(
                                    "Prism answered {}, expected {}",
                                    ex.status, example.code
                                ));
                            }
                        }
                    }
                    // The generated types decode it.
                    match &outcome {
                        Outcome::Success { value, .. } | Outcome::ApiError { value, .. }
                            if strip_nulls(value) == want => {}
                        other => problems.push(format!(
                            "the generated types do not return the example: {other}"
                        )),
                    }
                    // Prism's own verdict on the verbatim spec.
                    let mut flagged: Vec<(String, String)> = Vec::new();
                    for ex in &exchanges {
                        for violation in ex
                            .violations()
                            .and_then(|v| v.as_array().cloned())
                            .unwrap_or_default()
                        {
                            let location: Vec<String> = violation["location"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|s| s.as_str().map(str::to_owned))
                                .collect();
                            let message = violation["message"].as_str().unwrap_or("").to_owned();
                            if location.first().map(String::as_str) != Some("response") {
                                problems.push(format!(
                                    "Prism flagged the client's request (not the example): {violation}"
                                ));
                            } else {
                                flagged
                                    .push((location.last().cloned().unwrap_or_default(), message));
                            }
                        }
                    }
                    let want_defects = defects
                        .iter()
                        .find(|(o, ex, _)| *o == op.id && *ex == example.label())
                        .map(|(_, _, d)| *d)
                        .unwrap_or(&[]);
                    expected.remove(&(op.id.clone(), example.label()));
                    let mut flagged_fields: Vec<&str> =
                        flagged.iter().map(|(f, _)| f.as_str()).collect();
                    flagged_fields.sort();
                    let mut want_fields: Vec<&str> = want_defects.iter().map(|(f, _)| *f).collect();
                    want_fields.sort();
                    if flagged_fields != want_fields {
                        problems.push(format!(
                            "Prism flagged {flagged:?} in this example of the verbatim file; \
                             expected exactly the fields {want_fields:?}"
                        ));
                    }
                    for (field, fragment) in want_defects {
                        if !flagged
                            .iter()
                            .any(|(f, m)| f == field && m.contains(fragment))
                        {
                            problems.push(format!(
                                "Prism did not say `{field}` {fragment}; it said {flagged:?}"
                            ));
                        }
                    }
                    if !want_defects.is_empty() {
                        eprintln!(
                            "verbatim {} `{}` {}: Prism's sl-violations: {flagged:?}; the generated \
                             types decode it anyway: {}",
                            file.path,
                            op.id,
                            example.label(),
                            matches!(outcome, Outcome::Success { .. })
                        );
                    }
                    if !problems.is_empty() {
                        failures.push(format!(
                            "verbatim {} `{}` response example {} (Prefer: {prefer}):\n  - {}\n{}",
                            file.path,
                            op.id,
                            example.label(),
                            problems.join("\n  - "),
                            describe_exchanges(&exchanges)
                        ));
                    }
                }
            }
            for (op, ex) in expected {
                failures.push(format!(
                    "{}: `known_defects` names `{op}` example {ex}, which the file does not have",
                    file.path
                ));
            }
        }
    }
    assert!(vendored > 0, "no vendored spec file found under spec/");
    assert!(
        failures.is_empty(),
        "{} problem(s) with the verbatim vendored specs:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Invalid input from the user's side. Where the spec constrains a value (PPI `verification_id`:
/// maxLength 50, pattern `^[A-Za-z0-9._-]+$`), the generated types reject it before the wire:
/// `Error::InvalidRequest`, and Prism sees no request. Where the spec has no constraint (the VRS
/// `verification_id` query parameter), the request goes out, Prism accepts it, and an API error for
/// it (the 400 example Cashfree documents) reaches the caller as a typed, readable error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_input_is_rejected_before_the_wire_or_surfaced_as_a_typed_error() {
    let Some(prism_bin) = tools::prism() else {
        return;
    };
    let ws = load();
    let dir = tempfile::tempdir().expect("temp dir");
    let find = |family: &str, version: &str| {
        ws.apis
            .iter()
            .find(|a| a.version.family == family && a.version.version == version)
            .unwrap_or_else(|| {
                panic!("{family} {version} is not under spec/ any more: update this test")
            })
    };
    let mut failures = Vec::new();

    // --- PPI: constrained in the spec, so rejected by the generated types. ---
    {
        use vkyc_generated::ppi::v2025_11_01::types;
        // The types themselves.
        let long = "v".repeat(51);
        let err = types::InitiateVkycRequestVerificationId::try_from(long.as_str())
            .expect_err("51 characters are rejected");
        assert_eq!(err.to_string(), "longer than 50 characters");
        let err = types::InitiateVkycRequestVerificationId::try_from("vkyc/prism test!")
            .expect_err("'/', ' ' and '!' are rejected");
        assert!(err.to_string().contains("doesn't match pattern"), "{err}");
        assert!(types::InitiateVkycRequestVerificationId::try_from("A-z_0.9").is_ok());
        assert!(types::GetVkycStatusRequestVerificationId::try_from(long.as_str()).is_err());

        let api = find("ppi", "2025-11-01");
        let spec_path = spec::write_json(dir.path(), "ppi.effective.json", &api.effective);
        let mock = Mock::start(&prism_bin, &spec_path, Mode::Errors).await;
        for (op, invalid, fragment) in [
            (
                "ppi-initiate-vkyc",
                "verification_id longer than 50",
                "longer than 50 characters",
            ),
            (
                "ppi-initiate-vkyc",
                "verification_id with a forbidden character",
                "doesn't match pattern",
            ),
            (
                "ppi-get-vkyc-details",
                "verification_id longer than 50",
                "longer than 50 characters",
            ),
            (
                "ppi-get-vkyc-details",
                "empty user_id",
                "shorter than 1 characters",
            ),
        ] {
            let (outcome, exchanges) = mock.drive(api, op, None, Input::Invalid(invalid)).await;
            match &outcome {
                Outcome::InvalidRequest(message) if message.contains(fragment) => {
                    eprintln!("ppi `{op}` {invalid}: Error::InvalidRequest({message:?})");
                }
                other => failures.push(format!(
                    "ppi `{op}` {invalid}: expected Error::InvalidRequest mentioning {fragment:?}, got {other}"
                )),
            }
            if !exchanges.is_empty() {
                failures.push(format!(
                    "ppi `{op}` {invalid}: Prism saw a request:\n{}",
                    describe_exchanges(&exchanges)
                ));
            }
        }

        // The same constraint is in the spec Prism serves: had the bad value gone out, Prism would
        // have rejected it. Sent with a plain HTTP client, since the generated one refuses to.
        // (A spec that declares a 400 gets a 400 example with the violations in `sl-violations`;
        // one that does not gets Prism's own 422.)
        let (status, violations, body) = raw_post(
            &mock.prism.url,
            "/ppi/kyc/vkyc",
            &api.version.version,
            r#"{"user_id":"USER827364","verification_id":"vkyc/prism test!"}"#,
        )
        .await;
        eprintln!(
            "Prism, given the forbidden verification_id directly: {status}, sl-violations: {violations}, body: {body}"
        );
        if !(status == 400 || status == 422)
            || !violations.contains("verification_id")
            || !violations.contains("pattern")
        {
            failures.push(format!(
                "Prism did not flag a verification_id the spec forbids: {status}, sl-violations: {violations:?}, {body}"
            ));
        }
    }

    // --- VRS: the query parameter has no constraint in the spec. ---
    {
        let api = find("vrs", "2024-12-01");
        let spec_path = spec::write_json(dir.path(), "vrs.effective.json", &api.effective);
        let mock = Mock::start(&prism_bin, &spec_path, Mode::Errors).await;
        for invalid in [
            "verification_id with forbidden characters",
            "verification_id longer than 50",
        ] {
            // What Prism does: nothing in the spec forbids it, so it is accepted (a mock cannot know
            // Cashfree's server-side rule).
            let (outcome, exchanges) = mock
                .drive(api, "vkyc-get-status", None, Input::Invalid(invalid))
                .await;
            eprintln!(
                "vrs `vkyc-get-status` {invalid}: the client sent it; Prism's response:\n{}",
                describe_exchanges(&exchanges)
            );
            let problems = check_exchanges(&exchanges, &api.version.version);
            if !problems.is_empty() || !matches!(outcome, Outcome::Success { status: 200, .. }) {
                failures.push(format!(
                    "vrs {invalid}: expected Prism to accept it (no constraint in the spec): {problems:?}, {outcome}"
                ));
            }
            if !exchanges
                .iter()
                .all(|e| e.path.contains("verification_id="))
            {
                failures.push(format!(
                    "vrs {invalid}: the value was not sent as a query parameter"
                ));
            }

            // What the caller sees when the API rejects it: Cashfree's documented 400.
            let (outcome, _) = mock
                .drive(
                    api,
                    "vkyc-get-status",
                    Some("code=400, example=Verification ID With Special Chars"),
                    Input::Invalid(invalid),
                )
                .await;
            match &outcome {
                Outcome::ApiError {
                    status: 400,
                    value,
                    display,
                } if value["code"] == "verification_id_value_invalid"
                    && value["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("alphanum, dot, hyphen and underscores"))
                    && display.contains("verification_id_value_invalid") =>
                {
                    eprintln!("vrs `vkyc-get-status` {invalid}, API says 400: the client returns Error::ErrorResponse {display}");
                }
                other => failures.push(format!(
                    "vrs {invalid}: expected the typed 400 error (Error::ErrorResponse), got {other}"
                )),
            }
        }

        // A header value that HTTP cannot carry never leaves the client.
        let (outcome, exchanges) = mock
            .drive(
                api,
                "vkyc-get-status",
                None,
                Input::Invalid("x-cf-signature with a newline"),
            )
            .await;
        if !matches!(outcome, Outcome::InvalidRequest(_)) {
            failures.push(format!(
                "vrs x-cf-signature with a newline: expected Error::InvalidRequest, got {outcome}"
            ));
        }
        if !exchanges.is_empty() {
            failures.push("vrs x-cf-signature with a newline: Prism saw a request".to_owned());
        }
    }

    assert!(
        failures.is_empty(),
        "{} problem(s) with invalid input:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// POSTs `body` as JSON with valid credentials straight to Prism; returns the status, Prism's
/// `sl-violations` header (empty if absent) and the body.
async fn raw_post(base: &str, path: &str, api_version: &str, body: &str) -> (u16, String, String) {
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let client: Client<_, Full<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let request = hyper::Request::post(format!("{base}{path}"))
        .header("content-type", "application/json")
        .header("x-client-id", CLIENT_ID)
        .header("x-client-secret", CLIENT_SECRET)
        .header("x-api-version", api_version)
        .body(Full::new(bytes::Bytes::from(body.to_owned())))
        .expect("a valid request");
    let response = client.request(request).await.expect("Prism answers");
    let status = response.status().as_u16();
    let violations = response
        .headers()
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("Prism's body")
        .to_bytes();
    (
        status,
        violations,
        String::from_utf8_lossy(&body).into_owned(),
    )
}
