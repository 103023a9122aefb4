//! The sandbox's answers checked by an independent validator: Prism, in proxy mode in front of the
//! sandbox and serving the same effective spec, reports every answer that breaks the spec in its
//! `sl-violations` header. Every operation's request examples, a verification at each of its steps,
//! and the error answers must come back without a response violation; a 429 the VRS spec does not
//! declare shows that the check can fail.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::prism::Prism;
use support::{spec, tools};
use vkyc_generated::runtime::{ClientConfig, Credentials, Environment};
use vkyc_sandbox::{Config, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};

/// What one exchange through Prism gave: status and the violations Prism found in the response.
struct Seen {
    what: String,
    status: u16,
    violations: Vec<Value>,
}

struct Through {
    http: reqwest::Client,
    prism: Prism,
    version: String,
}

impl Through {
    async fn send(
        &self,
        what: &str,
        method: &str,
        path: &str,
        body: Option<&Value>,
        credentials: bool,
    ) -> Seen {
        let url = format!("{}{path}", self.prism.url);
        let mut request = if method == "GET" {
            self.http.get(url)
        } else {
            self.http.post(url)
        };
        request = request.header("x-api-version", &self.version);
        if credentials {
            request = request
                .header("x-client-id", DEFAULT_CLIENT_ID)
                .header("x-client-secret", DEFAULT_CLIENT_SECRET);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let violations = response
            .headers()
            .get("sl-violations")
            .map(|v| {
                serde_json::from_slice::<Vec<Value>>(v.as_bytes()).expect("sl-violations is JSON")
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|v| v["location"][0] == "response")
            .collect();
        Seen {
            what: what.to_owned(),
            status: response.status().as_u16(),
            violations,
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_sandbox_answer_passes_prisms_response_validation() {
    let Some(prism_bin) = tools::prism() else {
        return;
    };
    let workspace = vkyc_codegen::Config::new(tools::root())
        .load()
        .expect("the specs load");
    let sandbox = Sandbox::start(Config::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    // https only unless the base URL is a loopback one: this is.
    let config = ClientConfig::new(
        Environment::Custom(sandbox.url()),
        Credentials::new("unused", "unused"),
    )
    .timeout(Duration::from_secs(30));
    let http = config.http_client().unwrap();
    let mut seen = Vec::new();
    let mut negative = None;
    for api in &workspace.apis {
        let (family, version) = (&api.version.family, &api.version.version);
        let file = spec::write_json(
            dir.path(),
            &format!("{family}-{version}.json"),
            &api.effective,
        );
        let upstream = sandbox.base_url(family).expect("every family is served");
        let prism = Prism::proxy(&prism_bin, &file, &upstream).unwrap_or_else(|e| panic!("{e}"));
        let through = Through {
            http: http.clone(),
            prism,
            version: version.clone(),
        };
        let operations = spec::operations(&api.effective);

        // Every request example of every operation, twice (the second initiate is a 409).
        for op in &operations {
            for example in &op.request_examples {
                for round in 1..=2 {
                    let what = format!(
                        "{family} {version} {} {} example {} #{round}",
                        op.method,
                        op.path,
                        example.label()
                    );
                    seen.push(
                        through
                            .send(&what, &op.method, &op.path, Some(&example.value), true)
                            .await,
                    );
                }
            }
        }

        // One verification, looked up at every step; then unknown ids and bad credentials.
        let id = format!("prism-{family}");
        let created = common_seed(&http, &sandbox, family, &id).await;
        let user = created["user_id"].as_str().unwrap_or("user-1").to_owned();
        let lookups: Vec<&spec::Operation> = operations
            .iter()
            .filter(|op| {
                api.effective["paths"][&op.path][op.method.to_lowercase()]
                    .get("x-vkyc-status-lookup")
                    .is_some()
            })
            .collect();
        assert!(
            !lookups.is_empty(),
            "{family} {version} has a status lookup"
        );
        let lookup = |id: &str| -> Vec<(String, String, Option<Value>)> {
            lookups
                .iter()
                .map(|op| match op.method.as_str() {
                    "GET" => (
                        op.method.clone(),
                        format!("{}?verification_id={id}", op.path),
                        None,
                    ),
                    _ => (
                        op.method.clone(),
                        op.path.clone(),
                        Some(json!({"user_id": user, "verification_id": id})),
                    ),
                })
                .collect()
        };
        loop {
            for (method, path, body) in lookup(&id) {
                let what = format!("{family} {version} {method} {path} lookup");
                seen.push(
                    through
                        .send(&what, &method, &path, body.as_ref(), true)
                        .await,
                );
            }
            if sandbox.advance(&id).is_err() {
                break;
            }
        }
        for (method, path, body) in lookup("nobody") {
            seen.push(
                through
                    .send(
                        &format!("{family} {path} unknown id"),
                        &method,
                        &path,
                        body.as_ref(),
                        true,
                    )
                    .await,
            );
            seen.push(
                through
                    .send(
                        &format!("{family} {path} no credentials"),
                        &method,
                        &path,
                        body.as_ref(),
                        false,
                    )
                    .await,
            );
        }
        if family == "vrs" {
            let path = "/vkyc?verification_id=nobody";
            let mut request = through.http.get(format!("{}{path}", through.prism.url));
            request = request
                .header("x-api-version", version)
                .header("x-sandbox-fault", "429");
            let response = request.send().await.unwrap();
            negative = Some(response.headers().get("sl-violations").is_some());
        }
    }

    let mut statuses: Vec<u16> = seen.iter().map(|s| s.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    for expected in [200, 400, 404] {
        assert!(
            statuses.contains(&expected),
            "answers include {expected}: {statuses:?}"
        );
    }
    let failures: Vec<String> = seen
        .iter()
        .filter(|s| !s.violations.is_empty())
        .map(|s| {
            format!(
                "{} → {}: {}",
                s.what,
                s.status,
                Value::from(s.violations.clone())
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} answers break the spec:\n{}",
        failures.len(),
        seen.len(),
        failures.join("\n")
    );
    assert_eq!(
        negative,
        Some(true),
        "Prism flags a 429 that the VRS lookup does not declare"
    );
}

/// A verification created through the control API, so that every family has one.
async fn common_seed(http: &reqwest::Client, sandbox: &Sandbox, family: &str, id: &str) -> Value {
    let response = http
        .post(format!("{}/_sandbox/verifications", sandbox.url()))
        .json(&json!({"family": family, "verification_id": id, "user_id": "user-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}
