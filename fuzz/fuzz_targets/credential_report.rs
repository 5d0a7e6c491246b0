//! The credential-report CSV parser on arbitrary bytes: an error or a
//! report, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = orgaudit::snapshot::credential_report::parse_credential_report(data, None);
});
