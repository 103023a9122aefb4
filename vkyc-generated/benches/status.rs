//! Status parsing cost, known and unknown codes, against keeping the code as a `String` (what a
//! client without the status types would do). Heap allocations are counted by a global allocator.
//!
//! Prints one JSON line per figure for `cargo xtask bench`; `-- --quick` takes fewer samples.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use vkyc_generated::status::SubStatus;

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

type Parse = fn(&str) -> usize;

// Each returns something derived from its result, so that nothing is optimized away.
const FROM_STR: Parse = |s| SubStatus::from_str(s).unwrap().as_str().len();
const SERDE: Parse = |s| serde_json::from_str::<SubStatus>(s).unwrap().as_str().len();
const TO_STRING: Parse = |s| s.to_owned().len();
const SERDE_STRING: Parse = |s| serde_json::from_str::<String>(s).unwrap().len();

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, passes) = if quick { (5, 2_000) } else { (15, 20_000) };
    let known: Vec<String> = SubStatus::KNOWN
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    let unknown: Vec<String> = (0..known.len()).map(|i| format!("NEW_CODE_{i}")).collect();
    let json = |codes: &[String]| codes.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>();
    // Each figure and its `/string` baseline parse the same inputs: bare codes, or their JSON form.
    let cases = [
        ("status/from_str/known", known.clone(), FROM_STR),
        ("status/from_str/known/string", known.clone(), TO_STRING),
        ("status/serde/known", json(&known), SERDE),
        ("status/serde/known/string", json(&known), SERDE_STRING),
        ("status/from_str/unknown", unknown.clone(), FROM_STR),
        ("status/from_str/unknown/string", unknown.clone(), TO_STRING),
        ("status/serde/unknown", json(&unknown), SERDE),
        ("status/serde/unknown/string", json(&unknown), SERDE_STRING),
    ];

    let mut samples = vec![Vec::new(); cases.len()];
    let mut allocations = vec![0.0; cases.len()];
    for round in 0..rounds {
        // A different case goes first each round, so that drift does not favour one of them.
        for i in (0..cases.len()).map(|i| (i + round) % cases.len()) {
            let (_, codes, parse) = &cases[i];
            let ops = (passes * codes.len()) as f64;
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            let started = Instant::now();
            for _ in 0..passes {
                for code in codes {
                    black_box(parse(black_box(code)));
                }
            }
            let elapsed = started.elapsed();
            allocations[i] = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / ops;
            samples[i].push(elapsed.as_nanos() as f64 / ops);
        }
    }
    for ((name, ..), (samples, allocations)) in cases.iter().zip(samples.iter().zip(allocations)) {
        println!(
            "{}",
            serde_json::json!({
                "bench": name,
                "unit": "ns/op",
                "samples": samples,
                "allocations_per_op": allocations,
            })
        );
    }
}
