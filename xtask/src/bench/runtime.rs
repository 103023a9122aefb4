//! Figures 4, 5 and 7: the generated client against a hand-written reqwest call, status parsing,
//! and the sandbox, from their bench targets.

use super::Bench;
use super::rows::{Row, ns_op, per_second, short};

impl Bench<'_> {
    pub(super) fn client_rows(&self) -> Result<Vec<Row>, String> {
        let hand = self.median("client/reqwest")?;
        let generated = self.median("client/generated")?;
        let never = self.median("client/generated/never")?;
        let traced = self.median("client/generated/traced")?;
        let unchecked = self.median("client/generated/unchecked")?;
        let ratio = generated / hand;
        let micros = |slower: f64, faster: f64| short(1e6 / slower - 1e6 / faster);
        let limit = format!(
            "the generated call takes {} µs more per request than the hand-written one. `.checked()` is {} µs \
             of it (it keeps the last response in a task-local, for error reports). The rest is the runtime's \
             work on every attempt (the request copied in case of a retry, the tracing span, the latency) and \
             progenitor's builder (an empty `reference_id` query, an `api-version` header that the hook removes \
             again).",
            micros(generated, hand),
            micros(generated, unchecked),
        );
        Ok(vec![
            Row::new(
                "4. Generated client, VRS status lookup (`send().checked()`)",
                per_second(generated),
                format!("hand-written reqwest call: {}", per_second(hand)),
            )
            .ratio(ratio)
            .target("≥ 0.95×", ratio >= 0.95, limit),
            Row::new(
                "4. … typed errors: `.send().checked()`",
                per_second(generated),
                format!("`.send()` alone: {}", per_second(unchecked)),
            )
            .ratio(generated / unchecked),
            Row::new(
                "4. Retry layer idle: default `RetryPolicy` (3 attempts; the first succeeds)",
                per_second(generated),
                format!("`RetryPolicy::never()`: {}", per_second(never)),
            )
            .ratio(generated / never),
            Row::new(
                "4. Tracing subscriber installed (`fmt` at INFO, into `io::sink`)",
                per_second(traced),
                format!("no subscriber: {}", per_second(generated)),
            )
            .ratio(traced / generated),
        ])
    }

    pub(super) fn sandbox_rows(&self) -> Result<Vec<Row>, String> {
        let sandbox = self.median("sandbox/lookup")?;
        let bare = self.median("sandbox/bare-hyper")?;
        let ratio = sandbox / bare;
        let start = self.median("sandbox/start/process")?;
        let in_process = self.median("sandbox/start/in-process")?;
        let micros = short(1e6 / sandbox - 1e6 / bare);
        Ok(vec![
            Row::new(
                "7. Sandbox, VRS status lookups by the generated client (16 in flight)",
                per_second(sandbox),
                format!("bare hyper server, same answer: {}", per_second(bare)),
            )
            .ratio(ratio)
            .target(
                "≥ 0.5×",
                ratio >= 0.5,
                format!(
                    "each lookup costs the sandbox {micros} µs more than the bare server: routing, the credential \
                     check, parameter validation with jsonschema, the state lookup under a mutex and the answer \
                     built from the response schema"
                ),
            ),
            Row::new(
                "7. Sandbox start-up: process spawned → first answer",
                format!("{} ms", short(start)),
                format!("`Sandbox::start` in process → first answer: {} ms", short(in_process)),
            )
            .target(
                "< 200 ms",
                start < 200.0,
                "start-up parses the embedded specs and compiles every request schema".into(),
            ),
        ])
    }

    pub(super) fn status_rows(&self) -> Result<Vec<Row>, String> {
        let parsers = [
            (
                "from_str",
                "`SubStatus::from_str`",
                "`str::to_owned` into a `String`",
            ),
            (
                "serde",
                "`serde_json::from_str::<SubStatus>`",
                "`serde_json::from_str::<String>`",
            ),
        ];
        let mut rows = Vec::new();
        for codes in ["known", "unknown"] {
            for (kind, parser, baseline) in parsers {
                let name = format!("status/{kind}/{codes}");
                let string = format!("{name}/string");
                let (ns, base) = (self.median(&name)?, self.median(&string)?);
                let allocations = self.extra(&name, "allocations_per_op");
                let row = Row::new(
                    format!("5. {parser}, {codes} codes"),
                    format!("{}, {allocations} allocs/op", ns_op(ns)),
                    format!(
                        "{baseline}: {}, {} allocs/op",
                        ns_op(base),
                        self.extra(&string, "allocations_per_op")
                    ),
                )
                .ratio(ns / base);
                rows.push(if codes == "known" {
                    row.target(
                        "0 allocations",
                        allocations == 0.0,
                        "a known code allocated.".into(),
                    )
                } else {
                    row
                });
            }
        }
        Ok(rows)
    }
}
