//! Fetching a spec source over HTTP, for `vendor` and `upstream`: https only (plain http only for
//! loopback addresses, which is how tests reach their local server), redirects followed only within
//! the same host, a timeout, a size cap, and a body cut short detected. Each failure is one sentence.

use std::io::ErrorKind;
use std::net::IpAddr;
use std::time::Duration;

use ureq::http::Uri;

/// How long and how large a download may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// For the whole exchange (connect, headers, body), each redirect included.
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            // Cashfree's page exports are tens of KiB; anything near this is not a spec page.
            max_bytes: 8 * 1024 * 1024,
        }
    }
}

/// Same-host redirects followed before giving up.
const MAX_REDIRECTS: usize = 5;

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `url` parsed, if its scheme is allowed: https anywhere, http only on a loopback address.
fn allowed(url: &str) -> Result<Uri, String> {
    let uri: Uri = url.parse().map_err(|e| format!("not a URL ({e})"))?;
    let host = uri.host().unwrap_or_default();
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http") if is_loopback(host) => Ok(uri),
        Some("http") => Err(
            "plain http is refused (allowed only for loopback addresses); use the https URL".into(),
        ),
        _ => Err("only https URLs are fetched".into()),
    }
}

/// The absolute URL a `Location` header names, relative to `base`.
fn resolve(base: &Uri, location: &str) -> String {
    if location.contains("://") {
        location.to_owned()
    } else {
        let authority = base.authority().map(|a| a.as_str()).unwrap_or_default();
        let scheme = base.scheme_str().unwrap_or("https");
        if location.starts_with('/') {
            format!("{scheme}://{authority}{location}")
        } else {
            let path = base.path();
            let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
            format!("{scheme}://{authority}{dir}{location}")
        }
    }
}

fn too_large(limits: &Limits) -> String {
    format!(
        "the answer is larger than the {} byte cap; this is not a spec page",
        limits.max_bytes
    )
}

fn describe(e: &ureq::Error, limits: &Limits) -> String {
    match e {
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s (timed out)",
            limits.timeout.as_secs_f32()
        ),
        ureq::Error::BodyExceedsLimit(_) => too_large(limits),
        ureq::Error::Io(io) if io.kind() == ErrorKind::UnexpectedEof => {
            "the download was cut short (the connection closed before the whole body arrived)"
                .into()
        }
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => format!(
            "no complete answer within {} s (timed out)",
            limits.timeout.as_secs_f32()
        ),
        other => other.to_string(),
    }
}

/// The body of a 200 answer to GET `url`.
pub fn get(url: &str, limits: &Limits) -> Result<Vec<u8>, String> {
    let mut current = url.to_owned();
    for _ in 0..=MAX_REDIRECTS {
        let uri = allowed(&current)?;
        let host = uri.host().unwrap_or_default().to_owned();
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(limits.timeout))
            .max_redirects(0)
            .http_status_as_error(false);
        if is_loopback(&host) {
            config = config.proxy(None);
        }
        let agent: ureq::Agent = config.build().into();
        let mut response = agent
            .get(&current)
            .call()
            .map_err(|e| describe(&e, limits))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("HTTP {status} without a Location header"))?;
            let next = resolve(&uri, location);
            let next_host = next
                .parse::<Uri>()
                .ok()
                .and_then(|u| u.host().map(str::to_owned));
            if next_host.as_deref() != Some(host.as_str()) {
                return Err(format!(
                    "redirected to another host ({next}); refused: if the page moved, check the new \
                     address and record it as source_url in the manifest"
                ));
            }
            current = next;
            continue;
        }
        if status != 200 {
            return Err(format!("HTTP {status}"));
        }
        let expected: Option<u64> = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        if expected.is_some_and(|n| n > limits.max_bytes) {
            return Err(too_large(limits));
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(limits.max_bytes)
            .read_to_vec()
            .map_err(|e| describe(&e, limits))?;
        if let Some(n) = expected.filter(|n| *n != body.len() as u64) {
            return Err(format!(
                "the download was cut short ({} of {n} bytes arrived)",
                body.len()
            ));
        }
        return Ok(body);
    }
    Err(format!("more than {MAX_REDIRECTS} redirects"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_loopback() {
        assert!(allowed("https://www.cashfree.com/docs/x.md").is_ok());
        assert!(allowed("http://127.0.0.1:8080/x.md").is_ok());
        assert!(allowed("http://[::1]:8080/x.md").is_ok());
        assert!(allowed("http://localhost/x").is_ok());
        let err = allowed("http://www.cashfree.com/docs/x.md").unwrap_err();
        assert!(err.contains("plain http is refused"), "{err}");
        assert!(allowed("ftp://127.0.0.1/x").is_err());
    }

    #[test]
    fn relative_locations() {
        let base: Uri = "http://127.0.0.1:9/a/b.md".parse().unwrap();
        assert_eq!(resolve(&base, "/c.md"), "http://127.0.0.1:9/c.md");
        assert_eq!(resolve(&base, "c.md"), "http://127.0.0.1:9/a/c.md");
        assert_eq!(resolve(&base, "https://x.test/c"), "https://x.test/c");
    }
}
