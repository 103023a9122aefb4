//! One Prism mock server process per [`Prism`] value: started on a port the kernel picks, stopped
//! (killed and reaped) when the value is dropped, also when the test panics.
//!
//! Ports: Prism is started with `-p 0`, so the kernel picks a free port at bind time and Prism prints
//! it ("Prism is listening on http://127.0.0.1:PORT"); nothing is chosen ahead and released, so tests
//! running in parallel (or other programs) cannot collide with it.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long Prism may take to print its address and answer a first request.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `prism mock`; dropping it stops the process.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub port: u16,
    output: Arc<Mutex<String>>,
    /// What it serves, for messages.
    pub spec: String,
}

/// How Prism treats violations of the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--errors`: an invalid response becomes Prism's 500, an invalid request an error response
    /// (the spec's own 400/401 example when it declares one, else Prism's 422); either way the
    /// violations are also listed in the `sl-violations` header.
    Errors,
    /// Violations are only reported, in the `sl-violations` response header.
    Report,
}

impl Prism {
    /// Starts `prism mock -h 127.0.0.1 -p 0 [--errors] SPEC` and waits until it answers HTTP.
    pub fn start(prism: &Path, spec: &Path, mode: Mode) -> Result<Prism, String> {
        let errors: &[&str] = if mode == Mode::Errors {
            &["--errors"]
        } else {
            &[]
        };
        Self::start_with(prism, spec, errors)
    }

    /// Starts Prism in dynamic mode: every response is generated from the schema (json-schema-faker,
    /// with additional properties filled in), in a sequence fixed by `seed`.
    pub fn start_dynamic(prism: &Path, spec: &Path, seed: &str) -> Result<Prism, String> {
        Self::start_with(
            prism,
            spec,
            &[
                "--dynamic",
                "--seed",
                seed,
                "--json-schema-faker-fillProperties",
                "true",
            ],
        )
    }

    fn start_with(prism: &Path, spec: &Path, args: &[&str]) -> Result<Prism, String> {
        let mut cmd = Command::new(prism);
        cmd.arg("mock")
            .args(["-h", "127.0.0.1", "-p", "0"])
            .args(args);
        cmd.arg(spec);
        Self::spawn(prism, spec, cmd)
    }

    /// Starts `prism proxy -h 127.0.0.1 -p 0 SPEC UPSTREAM`: it forwards each request to `upstream`
    /// and reports what breaks the spec, in the request or in upstream's response, in the
    /// `sl-violations` header.
    pub fn proxy(prism: &Path, spec: &Path, upstream: &str) -> Result<Prism, String> {
        let mut cmd = Command::new(prism);
        cmd.arg("proxy")
            .args(["-h", "127.0.0.1", "-p", "0"])
            .arg(spec)
            .arg(upstream);
        Self::spawn(prism, spec, cmd)
    }

    fn spawn(prism: &Path, spec: &Path, mut cmd: Command) -> Result<Prism, String> {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Plain log lines; no update checks or telemetry from a test run.
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .env("SCARF_ANALYTICS", "false")
            .env("DO_NOT_TRACK", "1");
        let mut child = cmd.spawn().map_err(|e| {
            format!(
                "cannot start {} (run scripts/setup-tools.sh): {e}",
                prism.display()
            )
        })?;
        let output = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if let Some(port) = listening_port(&line) {
                        let _ = port_tx.send(port);
                    }
                    let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
                    out.push_str(&line);
                    out.push('\n');
                }
            });
        }
        {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                let mut text = String::new();
                let mut stderr = stderr;
                let mut buf = [0u8; 4096];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    text.push_str(&String::from_utf8_lossy(&buf[..n]));
                    if let Some(i) = text.rfind('\n') {
                        let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
                        for line in text[..=i].lines() {
                            out.push_str("[stderr] ");
                            out.push_str(line);
                            out.push('\n');
                        }
                        text.drain(..=i);
                    }
                }
                if !text.is_empty() {
                    let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
                    out.push_str("[stderr] ");
                    out.push_str(&text);
                    out.push('\n');
                }
            });
        }
        // From here on `guard` owns the child: any early return stops it.
        let mut guard = Prism {
            child,
            url: String::new(),
            port: 0,
            output,
            spec: spec.display().to_string(),
        };
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        let port = loop {
            match port_rx.recv_timeout(Duration::from_millis(100)) {
                Ok(port) => break port,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(guard.failure("exited before it printed its address"));
                }
            }
            if let Ok(Some(status)) = guard.child.try_wait() {
                // Give the reader threads a moment to collect the last lines.
                std::thread::sleep(Duration::from_millis(200));
                return Err(guard.failure(&format!("exited ({status}) during startup")));
            }
            if Instant::now() > deadline {
                return Err(guard.failure(&format!(
                    "printed no \"Prism is listening on\" line within {STARTUP_TIMEOUT:?}"
                )));
            }
        };
        guard.port = port;
        guard.url = format!("http://127.0.0.1:{port}");
        // Listening is printed once the socket is bound; still, wait for a real HTTP answer.
        loop {
            if http_answers(port) {
                break;
            }
            if let Ok(Some(status)) = guard.child.try_wait() {
                return Err(guard.failure(&format!("exited ({status}) before answering HTTP")));
            }
            if Instant::now() > deadline {
                return Err(guard.failure(&format!(
                    "did not answer HTTP on port {port} within {STARTUP_TIMEOUT:?}"
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(guard)
    }

    /// The process id of the `prism` (node) process.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything Prism printed so far (stdout, and stderr lines marked `[stderr]`).
    pub fn output(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The last `n` lines of [`Prism::output`], for failure messages.
    pub fn output_tail(&self, n: usize) -> String {
        let out = self.output();
        let lines: Vec<&str> = out.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    fn failure(&mut self, what: &str) -> String {
        format!(
            "Prism serving {} {what}.\n--- Prism output ---\n{}\n--- end of Prism output ---",
            self.spec,
            self.output()
        )
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism is a single node process (no workers): killing it and reaping it is enough.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port in Prism's "Prism is listening on http://127.0.0.1:PORT" line.
fn listening_port(line: &str) -> Option<u16> {
    let rest = &line[line.find("Prism is listening on ")? + "Prism is listening on ".len()..];
    let rest = rest.trim().trim_end_matches('/');
    let port = rest.rsplit(':').next()?;
    let digits: String = port.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Whether something on 127.0.0.1:`port` answers an HTTP request with a status line.
pub fn http_answers(port: u16) -> bool {
    use std::io::Write;
    use std::net::TcpStream;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /__vkyc_ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_the_listening_line() {
        assert_eq!(
            super::listening_port(
                "[4:00:33 PM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:34201"
            ),
            Some(34201)
        );
        assert_eq!(
            super::listening_port("GET http://127.0.0.1:34201/vkyc"),
            None
        );
    }
}
