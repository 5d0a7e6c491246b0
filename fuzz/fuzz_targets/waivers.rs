//! The waiver loader on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn catalogue() -> &'static orgaudit::checks::Catalogue {
    static CATALOGUE: OnceLock<orgaudit::checks::Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        orgaudit::checks::build_catalogue(&orgaudit::checks::builtin_files(), None)
            .expect("the built-in catalogue loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = jiff::civil::date(2026, 12, 1);
    let _ = orgaudit::waivers::parse("fuzz.toml", text.to_string(), catalogue(), today, 365);
});
