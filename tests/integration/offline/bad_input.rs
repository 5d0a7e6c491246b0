//! Malformed, truncated, wrong-version and huge inputs: a clear error naming
//! the file, exit 2, never a panic, nothing written.

use crate::common::{repo_root, run, utf8};

#[test]
fn bad_snapshots_and_results_are_input_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = std::fs::read_to_string(repo_root().join("examples/example-org.snapshot.json"))
        .expect("example");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = format!(
        "{{\"schema_version\": 1, \"junk\": \"{}\"}}",
        "x".repeat(50_000_000)
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated",
            example[..example.len() / 2].to_string(),
            "truncated.json:",
        ),
        (
            "not-json",
            "this is not JSON".to_string(),
            "not-json.json:1:",
        ),
        (
            "wrong-version",
            example.replacen("\"schema_version\": 1", "\"schema_version\": 7", 1),
            "version 7",
        ),
        ("no-version", "{}".to_string(), "schema_version"),
        ("deep", deep, "deep.json:"),
        ("huge", huge, "huge.json:"),
        (
            "binary",
            String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x01]).to_string(),
            "binary.json:",
        ),
    ];
    for (name, text, expect) in cases {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, text).expect("write");
        let out = dir.path().join(format!("out-{name}"));
        let (code, _, err) = run(&["audit", "--snapshot", utf8(&path), "--out", utf8(&out)]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(expect), "{name}: expected `{expect}` in {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(!out.exists(), "{name}: nothing is written");
        // The same file as a results input.
        let (code, _, err) = run(&["diff", utf8(&path), utf8(&path)]);
        assert_eq!(code, 2, "diff {name}: {err}");
        assert!(!err.contains("panicked"), "diff {name}: {err}");
    }
}
