//! The snapshot loader on arbitrary text; a loaded snapshot is also
//! evaluated with the full catalogue, since a valid but odd snapshot is
//! the evaluator's input.
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
    let path = std::path::Path::new("fuzz.json");
    if let Ok(snapshot) = orgaudit::snapshot::parse_snapshot(path, text) {
        let now = jiff::Timestamp::UNIX_EPOCH;
        let _ = orgaudit::checks::eval::evaluate(&snapshot, catalogue(), now);
    }
});
