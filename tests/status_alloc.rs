//! Parsing a known status code allocates nothing (a counting global allocator in its own test
//! binary, so no other test's allocations are counted).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use vkyc_generated::status::{Status, SubStatus};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
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
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for (code, json) in codes.iter().zip(&json) {
        let parsed = SubStatus::parse(code);
        let from_json: SubStatus = serde_json::from_str(json).unwrap();
        assert!(parsed.is_known() && parsed == from_json);
        assert!(Status::parse("RECEIVED").is_known());
    }
    assert_eq!(
        ALLOCATIONS.load(Ordering::SeqCst) - before,
        0,
        "parsing known codes allocated"
    );

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let unknown = SubStatus::parse("SOMETHING_NEW");
    assert!(
        ALLOCATIONS.load(Ordering::SeqCst) - before >= 1,
        "an unknown code keeps its own copy"
    );
    drop(unknown);
}
