//! `cargo xtask upstream [--apply]` end to end, offline: a local HTTP server on 127.0.0.1 plays
//! Cashfree's docs site, and each test runs on a copy of the repository whose manifests point at it
//! (`https://www.cashfree.com` → `http://127.0.0.1:<port>`). The pages it serves are in
//! `tests/fixtures/upstream/` (see its README for their origin).

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{repo, snapshot, workspace};
use vkyc_codegen::sha256_hex;

const VRS_PAGE: &str = "/docs/api-reference/vrs/v2/video-kyc/get-vkyc-status.md";
const VRS_FILE: &str = "spec/vrs/2024-12-01/vkyc-get-status.yaml";
const VRS_MANIFEST: &str = "spec/vrs/2024-12-01/manifest.yaml";
/// The pages the hand-authored files were written from, as the manifests record them.
const HAND_PAGES: [&str; 6] = [
    "/docs/api-reference/prepaid-payment-instruments/kyc-verification/video-kyc-verification.md",
    "/docs/api-reference/prepaid-payment-instruments/kyc-verification/webhook-vkyc.md",
    "/docs/api-reference/vrs/v2/video-kyc/webhook.md",
    "/docs/api-reference/vrs/v2/video-kyc/initiate-vkyc.md",
    "/docs/api-reference/vrs/v2/video-kyc/oauth-token.md",
    "/docs/api-reference/vrs/v2/video-kyc/add-user.md",
];
const DATE: &str = "2026-12-01";

/// What the server answers on one path.
#[derive(Clone)]
enum Reply {
    Ok(Vec<u8>, &'static str),
    Status(u16),
    /// Sends nothing for this long, then the body.
    Slow(Duration, Vec<u8>),
    Redirect(String),
    /// Declares the whole body's length, sends only the first `usize` bytes and closes.
    Partial(Vec<u8>, usize),
    /// No Content-Length: the body ends when the connection closes.
    Unsized(Vec<u8>),
}

struct Server {
    port: u16,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let shared = routes.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = shared.clone();
                std::thread::spawn(move || serve(stream, &routes));
            }
        });
        Self { port, routes }
    }

    fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_owned(), reply);
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn serve(mut stream: TcpStream, routes: &Mutex<HashMap<String, Reply>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request_line.split(' ').nth(1).unwrap_or("/").to_owned();
    let reply = routes
        .lock()
        .unwrap()
        .get(&path)
        .cloned()
        .unwrap_or(Reply::Status(404));
    let head = |status: &str, extra: &str, len: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Length: {len}\r\nConnection: close\r\n{extra}\r\n")
    };
    let _ = match reply {
        Reply::Ok(body, content_type) => stream
            .write_all(
                head(
                    "200 OK",
                    &format!("Content-Type: {content_type}\r\n"),
                    body.len(),
                )
                .as_bytes(),
            )
            .and_then(|()| stream.write_all(&body)),
        Reply::Status(code) => stream.write_all(head(&format!("{code} Nope"), "", 0).as_bytes()),
        Reply::Slow(delay, body) => {
            std::thread::sleep(delay);
            stream
                .write_all(head("200 OK", "", body.len()).as_bytes())
                .and_then(|()| stream.write_all(&body))
        }
        Reply::Redirect(location) => {
            stream.write_all(head("302 Found", &format!("Location: {location}\r\n"), 0).as_bytes())
        }
        Reply::Partial(body, sent) => stream
            .write_all(head("200 OK", "", body.len()).as_bytes())
            .and_then(|()| stream.write_all(&body[..sent])),
        Reply::Unsized(body) => stream
            .write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            .and_then(|()| stream.write_all(&body)),
    };
    let _ = stream.flush();
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(repo().join("tests/fixtures/upstream").join(name)).unwrap()
}

fn markdown(bytes: Vec<u8>) -> Reply {
    Reply::Ok(bytes, "text/markdown; charset=utf-8")
}

fn hand_page(i: usize) -> Vec<u8> {
    format!("# Page {i}\n\nProse the hand-authored file was written from.\n").into_bytes()
}

/// A copy of the repository pointed at `server`, which serves every page unchanged. With
/// `record_pages`, the hand-authored entries already carry their page's hash.
fn setup(server: &Server, record_pages: bool) -> tempfile::TempDir {
    let ws = workspace();
    server.route(VRS_PAGE, markdown(fixture("get-vkyc-status.md")));
    for (i, page) in HAND_PAGES.iter().enumerate() {
        server.route(page, markdown(hand_page(i)));
    }
    for manifest in [VRS_MANIFEST, "spec/ppi/2025-11-01/manifest.yaml"] {
        let path = ws.path().join(manifest);
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("https://www.cashfree.com", &server.base());
        let mut out = String::new();
        for line in text.lines() {
            out.push_str(line);
            out.push('\n');
            let page = HAND_PAGES
                .iter()
                .position(|p| line.ends_with(p.trim_end_matches(".md")));
            if let (true, Some(i), true) = (record_pages, page, line.contains("source_url:")) {
                out.push_str(&format!("    page_sha256: {}\n", sha256_hex(&hand_page(i))));
            }
        }
        fs::write(&path, out).unwrap();
    }
    ws
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn upstream(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["upstream", "--date", DATE, "--timeout", "1"];
    args.extend_from_slice(extra);
    let out = xtask(root, &args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code(), text)
}

/// The report's line for the vendored VRS file.
fn vrs_line(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with(&format!("| `{VRS_FILE}`")))
        .unwrap_or_else(|| panic!("no line for {VRS_FILE}:\n{text}"))
}

/// The YAML between the ````yaml fences of a page export.
fn yaml_of(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(page.to_vec()).unwrap();
    let start = text.find("````yaml").unwrap();
    let body = &text[start + text[start..].find('\n').unwrap() + 1..];
    body.as_bytes()[..body.find("\n````").unwrap() + 1].to_vec()
}

#[test]
fn each_outcome_is_reported_and_nothing_is_written_without_apply() {
    let server = Server::start();
    let ws = setup(&server, false);
    let root = ws.path();

    // First run: every page is reachable; the hand-authored pages have no recorded hash yet.
    let (code, text) = upstream(root, &["--apply"]);
    assert_eq!(code, Some(3), "{text}");
    assert_eq!(vrs_line(&text).matches("unchanged").count(), 1, "{text}");
    assert_eq!(
        text.matches("no page hash was recorded").count(),
        HAND_PAGES.len(),
        "{text}"
    );
    for manifest in [VRS_MANIFEST, "spec/ppi/2025-11-01/manifest.yaml"] {
        let m = fs::read_to_string(root.join(manifest)).unwrap();
        assert!(m.contains("    page_sha256: "), "{m}");
    }
    assert!(
        root.join(format!("docs/changes/upstream-{DATE}.md"))
            .is_file()
    );
    fs::remove_file(root.join(format!("docs/changes/upstream-{DATE}.md"))).unwrap();
    let regen = common::regen(root, true);
    assert!(
        regen.status.success(),
        "{}",
        String::from_utf8_lossy(&regen.stderr)
    );

    let (code, text) = upstream(root, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(
        text.matches("its page is unchanged").count(),
        HAND_PAGES.len(),
        "{text}"
    );
    let before = snapshot(root);

    // A hand-authored file's page changed.
    server.route(
        HAND_PAGES[1],
        markdown(b"# Webhooks\n\nA new event.\n".to_vec()),
    );
    let (code, text) = upstream(root, &[]);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains("| `spec/ppi/2025-11-01/webhooks.yaml` |")
            && text.contains("**its page changed**: review the file against the page"),
        "{text}"
    );
    server.route(HAND_PAGES[1], markdown(hand_page(1)));

    let big = vec![b'a'; 9 * 1024 * 1024];
    let page = fixture("get-vkyc-status.md");
    let cases: Vec<(&str, Reply, i32, &[&str])> = vec![
        (
            "truncated export",
            markdown(fixture("get-vkyc-status-truncated.md")),
            1,
            &[
                "**no longer holds a spec**",
                "no `paths`",
                "inside `tags:`",
                "truncated page export",
            ],
        ),
        (
            "404",
            Reply::Status(404),
            1,
            &["**unreachable**", "HTTP 404"],
        ),
        (
            "500",
            Reply::Status(500),
            1,
            &["**unreachable**", "HTTP 500"],
        ),
        (
            "slow",
            Reply::Slow(Duration::from_secs(4), page.clone()),
            1,
            &["**unreachable**", "timed out"],
        ),
        (
            "HTML",
            Reply::Ok(
                b"<!DOCTYPE html>\n<html><body>Sign in</body></html>".to_vec(),
                "text/html",
            ),
            1,
            &["**no longer holds a spec**", "HTML page"],
        ),
        (
            "redirect to another host",
            Reply::Redirect("https://docs.example.test/get-vkyc-status.md".into()),
            1,
            &[
                "**unreachable**",
                "redirected to another host (https://docs.example.test/get-vkyc-status.md); refused",
            ],
        ),
        (
            "redirect on the same host",
            Reply::Redirect("/moved/get-vkyc-status.md".into()),
            0,
            &["| unchanged |"],
        ),
        (
            "oversized",
            markdown(big.clone()),
            1,
            &["**unreachable**", "byte cap"],
        ),
        (
            "oversized, no Content-Length",
            Reply::Unsized(big),
            1,
            &["**unreachable**", "byte cap"],
        ),
        (
            "no Content-Length",
            Reply::Unsized(page.clone()),
            0,
            &["| unchanged |"],
        ),
        (
            "partial download",
            Reply::Partial(page.clone(), 5000),
            1,
            &["**unreachable**", "cut short"],
        ),
        (
            "changed",
            markdown(fixture("get-vkyc-status-changed.md")),
            2,
            &["**changed** (sha256 `06274009e752` → "],
        ),
    ];
    server.route("/moved/get-vkyc-status.md", markdown(page.clone()));
    for (name, reply, expected, needles) in cases {
        server.route(VRS_PAGE, reply);
        let (code, text) = upstream(root, &[]);
        assert_eq!(code, Some(expected), "{name}: {text}");
        let line = vrs_line(&text);
        for needle in needles {
            assert!(
                line.contains(needle),
                "{name}: `{needle}` not in `{line}`\n{text}"
            );
        }
        assert_eq!(
            before,
            snapshot(root),
            "{name}: upstream without --apply wrote"
        );
    }
    // The dry run of a changed page already says what would break.
    assert!(upstream(root, &[]).1.contains(
        "| **breaking** | `vkyc_get_status` (GET /vkyc) | response 200.recording_link removed"
    ),);
}

#[test]
fn apply_turns_the_changed_page_into_one_reviewable_change() {
    let server = Server::start();
    let ws = setup(&server, true);
    let root = ws.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(["-c", "user.email=t@t", "-c", "user.name=t"])
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "base"]);
    let (code, text) = upstream(root, &[]);
    assert_eq!(code, Some(0), "{text}");

    let changed = fixture("get-vkyc-status-changed.md");
    server.route(VRS_PAGE, markdown(changed.clone()));
    let (code, text) = upstream(root, &["--apply"]);
    assert_eq!(code, Some(2), "breaking: {text}");

    // The vendored file is the page's YAML, byte for byte, pinned in the manifest.
    let vendored = fs::read(root.join(VRS_FILE)).unwrap();
    assert_eq!(vendored, yaml_of(&changed));
    let manifest = fs::read_to_string(root.join(VRS_MANIFEST)).unwrap();
    assert!(
        manifest.contains(&format!("    sha256: {}\n", sha256_hex(&vendored))),
        "{manifest}"
    );
    assert!(
        manifest.contains(&format!("    retrieved: \"{DATE}\"\n")),
        "{manifest}"
    );
    assert!(
        manifest.contains("    note: >-\n"),
        "the note stays: {manifest}"
    );

    // The client is regenerated and the tree is consistent.
    let client = fs::read_to_string(root.join("vkyc-generated/src/vrs/v2024_12_01.rs")).unwrap();
    let response = &client[client
        .find("pub struct GetVkycLinkResponseSchema {")
        .unwrap()..];
    let response = &response[..response.find("\n        }").unwrap()];
    assert!(response.contains("pub vkyc_link"), "{response}");
    assert!(
        !response.contains("recording_link"),
        "the removed field is gone: {response}"
    );
    let check = common::regen(root, true);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // The report marks the removed field as breaking, as `diff --against HEAD` does.
    let report = fs::read_to_string(root.join(format!("docs/changes/upstream-{DATE}.md"))).unwrap();
    let breaking =
        "| **breaking** | `vkyc_get_status` (GET /vkyc) | response 200.recording_link removed |";
    assert!(report.contains(breaking), "{report}");
    assert!(
        report.contains(&format!("| `{VRS_FILE}` |")) && report.contains("**changed**"),
        "{report}"
    );
    let diff = xtask(root, &["diff", "vrs", "2024-12-01", "--against", "HEAD"]);
    assert!(String::from_utf8_lossy(&diff.stdout).contains(breaking));

    // One reviewable change: the file, its manifest, generated code and docs, the report.
    let status = git(&["status", "--porcelain"]);
    let paths: Vec<&str> = status.lines().map(|l| &l[3..]).collect();
    assert!(
        paths.contains(&VRS_FILE) && paths.contains(&VRS_MANIFEST),
        "{status}"
    );
    assert!(paths.contains(&"docs/changes/"), "{status}");
    assert!(
        paths.contains(&"vkyc-generated/src/vrs/v2024_12_01.rs"),
        "{status}"
    );
    assert!(
        paths.iter().all(|p| p.starts_with("spec/vrs/2024-12-01/")
            || p.starts_with("vkyc-generated/")
            || p.starts_with("docs/")),
        "{status}"
    );
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("spec/") && *p != VRS_FILE && *p != VRS_MANIFEST),
        "{status}"
    );

    // Upstream now matches what is vendored.
    let (code, text) = upstream(root, &[]);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn a_file_that_fails_any_step_of_apply_leaves_the_tree_untouched() {
    let server = Server::start();
    let ws = setup(&server, true);
    let root = ws.path();
    let before = snapshot(root);

    // Upstream dropped link_expiry, which the overlay corrects: the action no longer matches.
    let page = String::from_utf8(fixture("get-vkyc-status.md")).unwrap();
    let field = "        link_expiry:\n          type: string\n          format: date\n";
    assert!(page.contains(field));
    let cut = page.replacen(field, "        unused_field:\n          type: string\n", 1);
    server.route(VRS_PAGE, markdown(cut.into_bytes()));
    let (code, text) = upstream(root, &["--apply"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        vrs_line(&text).contains("**changed, cannot be applied**"),
        "{text}"
    );
    assert!(
        text.contains("error: spec/vrs/2024-12-01/overlay.yaml:")
            && text.contains("link_expiry")
            && text.contains("matches nothing in the spec"),
        "the overlay action is named with its reason: {text}"
    );
    assert_eq!(before, snapshot(root), "a failed file changed the tree");

    server.route(VRS_PAGE, markdown(fixture("get-vkyc-status-truncated.md")));
    let (code, text) = upstream(root, &["--apply"]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        before,
        snapshot(root),
        "a truncated export changed the tree"
    );
}

#[test]
fn vendor_fetches_from_a_loopback_server_and_refuses_plain_http_elsewhere() {
    let server = Server::start();
    let ws = setup(&server, true);
    server.route(
        "/spec.md",
        markdown(fixture("get-vkyc-status-truncated.md")),
    );
    let url = format!("{}/spec.md", server.base());
    let out = xtask(ws.path(), &["vendor", "vrs", "2030-01-01", &url]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && text.contains("no `paths`") && text.contains(&url),
        "{text}"
    );
    assert!(!ws.path().join("spec/vrs/2030-01-01").exists());

    let out = xtask(
        ws.path(),
        &[
            "vendor",
            "vrs",
            "2030-01-01",
            "http://www.cashfree.com/x.md",
        ],
    );
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && text.contains("plain http is refused"),
        "{text}"
    );
}

#[test]
fn a_failing_file_neither_blocks_nor_touches_another() {
    let server = Server::start();
    let ws = setup(&server, true);
    let root = ws.path();
    // Treat the PPI spec as vendored from its page, so that two vendored files change at once.
    let ppi = root.join("spec/ppi/2025-11-01/ppi-vkyc.yaml");
    let ppi_yaml = fs::read_to_string(&ppi).unwrap();
    let manifest = root.join("spec/ppi/2025-11-01/manifest.yaml");
    let text = fs::read_to_string(&manifest).unwrap();
    let from = "  - path: ppi-vkyc.yaml\n    origin: hand-authored\n";
    assert!(text.contains(from));
    let to = format!(
        "  - path: ppi-vkyc.yaml\n    origin: vendored\n    sha256: {}\n",
        sha256_hex(ppi_yaml.as_bytes())
    );
    fs::write(&manifest, text.replacen(from, &to, 1)).unwrap();
    let before = snapshot(&root.join("spec/ppi"));

    // Cashfree moves the PPI lookup again (as it did from /status to /details between revisions of
    // its pages): the overlay actions aimed at the current path no longer match. The VRS page changed
    // compatibly for the overlay.
    let moved = ppi_yaml.replacen("  /ppi/kyc/vkyc/details:", "  /ppi/kyc/vkyc/lookup:", 1);
    server.route(
        HAND_PAGES[0],
        markdown(format!("# Video KYC\n\n````yaml post /ppi/kyc/vkyc\n{moved}````\n").into_bytes()),
    );
    let changed = fixture("get-vkyc-status-changed.md");
    server.route(VRS_PAGE, markdown(changed.clone()));

    let (code, text) = upstream(root, &["--apply"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("| `spec/ppi/2025-11-01/ppi-vkyc.yaml` |")
            && text.contains("**changed, cannot be applied**: spec/ppi/2025-11-01/overlay.yaml:"),
        "{text}"
    );
    assert!(
        text.contains("`$.paths['/ppi/kyc/vkyc/details'].post` matches nothing"),
        "{text}"
    );
    assert_eq!(
        before,
        snapshot(&root.join("spec/ppi")),
        "the failed file's directory changed"
    );
    assert_eq!(fs::read(root.join(VRS_FILE)).unwrap(), yaml_of(&changed));
    assert!(
        text.contains("response 200.recording_link removed"),
        "{text}"
    );
}
