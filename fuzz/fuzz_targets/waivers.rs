//! The waiver loader on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "catalogue.rs"]
mod catalogue;
use catalogue::catalogue;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = jiff::civil::date(2026, 12, 1);
    let _ = orgaudit::waivers::parse("fuzz.toml", text.to_string(), catalogue(), today, 365);
});
