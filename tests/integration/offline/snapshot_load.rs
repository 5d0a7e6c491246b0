//! Reading snapshots back: bad files get errors naming the file and line.

use orgaudit::snapshot::{load_snapshot, SnapshotLoadError};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn wrong_version_malformed_and_unknown_fields_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let future = write(&dir, "future.json", r#"{"schema_version": 99}"#);
    let err = load_snapshot(&future).expect_err("future version");
    assert!(
        matches!(err, SnapshotLoadError::Version { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("future.json"));

    let truncated = write(
        &dir,
        "truncated.json",
        "{\n  \"schema_version\": 1,\n  \"tool\": {",
    );
    let err = load_snapshot(&truncated).expect_err("truncated");
    match &err {
        SnapshotLoadError::Invalid { line, .. } => assert_eq!(*line, 3),
        other => panic!("{other}"),
    }
    assert!(err
        .to_string()
        .starts_with(&format!("{}:3:", truncated.display())));

    let unknown = write(
        &dir,
        "unknown.json",
        r#"{"schema_version": 1, "surprise": true}"#,
    );
    let err = load_snapshot(&unknown).expect_err("unknown field");
    assert!(err.to_string().contains("surprise"), "{err}");

    let missing = dir.path().join("absent.json");
    assert!(matches!(
        load_snapshot(&missing),
        Err(SnapshotLoadError::Io { .. })
    ));
}
