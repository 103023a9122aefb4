//! docs/benchmarks.md: the machine, the results table, what limits each missed target, how each
//! figure is measured, the commands run and every sample.

use std::fmt::Write as _;
use std::time::Instant;

use super::Bench;
use super::machine::{load_average, machine};
use super::measure::{max, median, min};
use super::rows::{Row, short};

impl Bench<'_> {
    pub(super) fn render(&self, rows: &[Row], load_before: String, started: Instant) -> String {
        let mut out = String::new();
        let mode = if self.quick {
            " with `--quick` (fewer samples: for trying a change, not for committing)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "# Benchmarks\n\n\
             Written by `cargo xtask bench`{mode} on {}, in {:.1} minutes. Run it again to measure again: it \
             rewrites this file. Every figure is set beside its baseline from the same run.\n",
            crate::today(),
            started.elapsed().as_secs_f64() / 60.0,
        );
        let _ = writeln!(out, "## Machine\n");
        for (what, value) in machine(self.root) {
            let _ = writeln!(out, "- {what}: {value}");
        }
        let _ = writeln!(
            out,
            "- load average (1 min): {load_before} when the run started, {} when it ended\n\n\
             Other engineers build on the same cores, so absolute numbers are noisy. Each figure is the median \
             of rounds interleaved with its baseline's (every sample is listed at the end), so the ratios are \
             steadier than the numbers themselves.\n",
            load_average(),
        );
        let _ = writeln!(
            out,
            "## Results\n\n| figure | measured | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|"
        );
        for row in rows {
            let ratio = row.ratio.map(|r| format!("{r:.2}×")).unwrap_or_default();
            let met = match row.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {ratio} | {} | {met} |",
                row.figure, row.measured, row.baseline, row.target
            );
        }
        let _ = writeln!(out, "\n## Targets missed\n");
        let missed: Vec<&Row> = rows.iter().filter(|r| r.met == Some(false)).collect();
        if missed.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for row in missed {
            let _ = writeln!(
                out,
                "- **{}** ({}; target {}): {}",
                row.figure, row.measured, row.target, row.limit
            );
        }
        let command = if self.quick {
            "cargo xtask bench --quick"
        } else {
            "cargo xtask bench"
        };
        let _ = writeln!(
            out,
            "\n{METHOD}\n## Commands\n\n```sh\n{command}\n```\n\nwhich ran (each command once, in the order first run):\n\n```sh"
        );
        for command in &self.commands {
            let _ = writeln!(out, "{command}");
        }
        let _ = writeln!(
            out,
            "```\n\n## Samples\n\n| figure | unit | n | median | min | max | samples |\n|---|---|---|---|---|---|---|"
        );
        for (name, figure) in &self.figures {
            let samples = self.samples(name).unwrap_or_default();
            let all: Vec<String> = samples.iter().map(|s| short(*s)).collect();
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} | {} | {} |",
                figure["unit"].as_str().unwrap_or_default(),
                samples.len(),
                short(median(&samples)),
                short(min(&samples)),
                short(max(&samples)),
                all.join(" "),
            );
        }
        out
    }
}

/// How each figure is measured; the numbers of rounds and requests are in the bench files.
const METHOD: &str = "## How each figure is measured

1. **Codegen** (`vkyc-codegen/benches/codegen.rs`, optimized): `Config::generate()` on this repository, all in memory \
   (load, merge, overlay, normalize, every version module, the status module, lib.rs, Cargo.toml, the docs), against bare \
   progenitor (`xtask/src/bench/bare_progenitor.rs`, the same code as every bare baseline) on each version's spec \
   merged and overlaid (`Api::effective`, as JSON; the hand-authored VRS files `$ref` the vendored one's components, \
   so they do not generate alone): `serde_norway` → `openapiv3::OpenAPI`, `Generator::new(&settings).generate_tokens(..)` \
   with the builder interface, `prettyplease::unparse(syn::parse2(..))`. It is the work progenitor itself does.
2. **Scaling** (same file): a temporary tree with 1, 10 and 50 version directories, copies of the real ones in turn, each \
   under its own date (year 2100 onwards). Each copy's `x-api-version` is rewritten to its directory's date and its \
   manifest marks it `hand-authored`. Timed like the full regen, in the same interleaved rounds.
3. **No-op regen** (this task): `cargo xtask regen`, `cargo build -p vkyc-generated`, `cargo xtask regen` again, then \
   the modification time of every generated file is compared and `cargo build -p vkyc-generated --message-format=json` \
   must report every `compiler-artifact` as `\"fresh\": true`. It runs on the working tree and the shared target \
   directory.
4. **Client overhead** (`vkyc-generated/benches/client.rs`, optimized): one current-thread tokio runtime runs a bare \
   hyper HTTP/1 server on 127.0.0.1 that answers GET /vkyc with the first 200 example of the VRS spec (and 400 when \
   x-client-id, x-client-secret, x-api-version, accept or the query is missing) and the clients, each with its own \
   keep-alive connection, sending requests one after another. The hand-written call is `reqwest::Client::get` with the \
   same four headers and query on a client built by the same `ClientConfig`, decoding into the same generated type. \
   The generated variants: `.send().checked()` with the default `RetryPolicy`, with `RetryPolicy::never()`, under a \
   `tracing_subscriber::fmt` subscriber (INFO, writing to `io::sink`, installed for its rounds only), and `.send()` \
   without `.checked()`. Rounds rotate which variant goes first; a warm-up round is not kept.
5. **Status parsing** (`vkyc-generated/benches/status.rs`, optimized): every known sub-status code, and as many \
   unknown ones, parsed in turn; a counting global allocator counts allocations in the timed loop. The baseline keeps \
   the code as a `String`, as a client without status types would.
6. **Compile time** (this task): `cargo build -q -p vkyc-generated` in the dev profile. Clean builds run in fresh \
   temporary target directories (one version feature, then all; in a full run again in the opposite order), deleted \
   afterwards. \"Alone\" rebuilds only the crate: `cargo clean -p vkyc-generated` in the last of those directories, \
   then the build, for each feature set in rotating order. Duplicates come from `cargo tree -d --depth 0 -e \
   normal,build`: what building the package compiles, without its dev-dependencies.
7. **Sandbox** (`vkyc-sandbox/benches/sandbox.rs`, optimized): a tokio runtime with 2 worker threads runs the \
   sandbox (one seeded VRS verification), a bare hyper HTTP/1 server that answers every request with the sandbox's \
   own answer to the same lookup, and the generated VRS client: 16 tasks share one client and send `GET /vkyc` \
   lookups one after another. Rounds alternate which server goes first; a warm-up round is not kept. Start-up: \
   `Sandbox::start` until `/_sandbox/health` answers, and the optimized binary spawned (`--port 0`) until the same \
   health check answers over a plain socket.
8. **Clean build against bare progenitor** (this task): `cargo build -q -p vkyc-generated --no-default-features \
   --features <version>` (the version with the most spec files; vkyc-runtime with its default features) against \
   `cargo build -q` of a bare progenitor client crate: the same version's merged, overlaid spec through \
   `bare_progenitor.rs`, with progenitor-client, reqwest, serde, serde_json, chrono (and regress when a schema has a \
   pattern) and rustls with ring, each line copied from vkyc's manifests, in a temporary directory with its own \
   `[workspace]` and a copy of Cargo.lock. Both in the dev profile, offline, each build in a fresh temporary target \
   directory (deleted before the next), in interleaved rounds that alternate which goes first. What only the client \
   crate compiles comes from `cargo tree -e normal,build` of each.
9. **Cold regen against bare progenitor** (this task): `git clone` of this checkout's HEAD into a temporary \
   directory, then `cargo xtask regen --check` in it with a fresh temporary target directory (the clone is not \
   timed), against `cargo run -q` of a bare generator crate (`bare_progenitor.rs` and a `main` that writes one \
   module per spec; serde_norway, openapiv3, progenitor, syn, prettyplease as vkyc declares them; Cargo.lock copied) \
   on every version's merged, overlaid spec, also with a fresh target directory. Each is then run again in the same \
   directory: the warm row is what running costs without compiling. Interleaved rounds as in 8.
";
