//! The snapshot loader on arbitrary text; a loaded snapshot is also
//! evaluated with the full catalogue, since a valid but odd snapshot is
//! the evaluator's input.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "catalogue.rs"]
mod catalogue;
use catalogue::catalogue;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("fuzz.json");
    if let Ok(snapshot) = orgaudit::snapshot::parse_snapshot(path, text) {
        let now = jiff::Timestamp::UNIX_EPOCH;
        let _ = orgaudit::checks::eval::evaluate(&snapshot, catalogue(), now);
    }
});
