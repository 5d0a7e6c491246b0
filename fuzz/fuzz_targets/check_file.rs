//! The check loader on an arbitrary check file next to the built-in
//! catalogue: load errors with file and line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orgaudit::checks::load::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = orgaudit::checks::builtin_files();
    files.push(SourceFile {
        name: "custom/fuzz.toml".to_string(),
        relative: "custom/fuzz.toml".into(),
        text: text.to_string(),
        builtin: false,
    });
    let _ = orgaudit::checks::build_catalogue(&files, None);
});
