//! Parsing a known status code allocates nothing (a counting global allocator in its own test
//! binary, so no other test's allocations are counted).
//!
//! The count is per thread: the test harness's own threads allocate while a test runs (its
//! output capture, and under load its "has been running for over 60 seconds" notice), and a
//! process-wide count would charge those to the code under test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use vkyc_generated::status::{Status, SubStatus};

struct Counting;

thread_local! {
    /// Allocations made by this thread (a const-initialized `Cell`: reading it never allocates).
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// How many allocations the calling thread has made so far.
fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // `try_with`: a thread being torn down may still allocate after its locals are gone.
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn known_codes_parse_and_deserialize_without_allocating() {
    let codes: Vec<&str> = SubStatus::KNOWN.iter().map(SubStatus::as_str).collect();
    let json: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
    let before = allocations();
    for (code, json) in codes.iter().zip(&json) {
        let parsed = SubStatus::parse(code);
        let from_json: SubStatus = serde_json::from_str(json).unwrap();
        assert!(parsed.is_known() && parsed == from_json);
        assert!(Status::parse("RECEIVED").is_known());
    }
    assert_eq!(allocations() - before, 0, "parsing known codes allocated");

    let before = allocations();
    let unknown = SubStatus::parse("SOMETHING_NEW");
    assert!(
        allocations() - before >= 1,
        "an unknown code keeps its own copy"
    );
    drop(unknown);
}
