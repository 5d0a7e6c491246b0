//! Re-evaluating a snapshot gives the same answer: without `--now`, ages are
//! measured from the snapshot's collection start (not the wall clock), and
//! the results and the HTML say which time was used.

use crate::common::{repo_root, run, utf8};
use serde_json::Value;
use std::path::Path;

fn example() -> std::path::PathBuf {
    repo_root().join("examples/example-org.snapshot.json")
}

fn audit(out: &Path, extra: &[&str]) -> Value {
    audit_snapshot(&example(), out, extra)
}

fn audit_snapshot(snapshot: &Path, out: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "audit",
        "--snapshot",
        utf8(snapshot),
        "--format",
        "json,html",
        "--out",
        utf8(out),
    ];
    args.extend_from_slice(extra);
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(out.join("results.json")).expect("results");
    serde_json::from_str(&text).expect("json")
}

/// The example's collection start.
fn example_start() -> jiff::Timestamp {
    let text = std::fs::read_to_string(example()).expect("example");
    let snapshot: Value = serde_json::from_str(&text).expect("json");
    snapshot["started_at"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .expect("started_at")
}

/// The example's collection start moved a year back.
fn shifted_start() -> jiff::Timestamp {
    example_start().checked_sub(YEAR).expect("date")
}

#[test]
fn snapshot_is_evaluated_at_its_collection_start_by_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let results = audit(dir.path(), &[]);
    assert_eq!(
        results["evaluated_at"],
        Value::from(example_start().to_string())
    );
    assert_eq!(results["evaluated_at_source"], "collection_start");
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("html");
    assert!(
        html.contains("the collection start of the snapshot"),
        "html says which time"
    );
}

#[test]
fn now_overrides_the_evaluation_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let results = audit(dir.path(), &["--now", "2027-06-01T00:00:00Z"]);
    assert_eq!(results["evaluated_at"], "2027-06-01T00:00:00Z");
    assert_eq!(results["evaluated_at_source"], "now_option");
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("html");
    assert!(html.contains("--now"), "html says the time was given");
}

/// The example, collected a year earlier than it was, with an access key
/// rotated 89 days before collection: within the 90 days when collected,
/// far over them by the wall clock.
const YEAR: jiff::SignedDuration = jiff::SignedDuration::from_hours(365 * 24);
fn key_near_its_limit(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(example()).expect("example");
    let mut doc: Value = serde_json::from_str(&text).expect("json");
    let started = shifted_start();
    doc["started_at"] = started.to_string().into();
    let rotated = started
        .checked_sub(jiff::SignedDuration::from_hours(89 * 24))
        .expect("date");
    let prod_web = doc["accounts"]
        .as_object()
        .and_then(|a| a.iter().find(|(_, a)| a["name"] == "prod-web"))
        .map(|(id, _)| id.clone())
        .expect("prod-web");
    let rows = &mut doc["accounts"][&prod_web]["iam"]["credential_report"]["rows"];
    let alice = rows
        .as_array_mut()
        .and_then(|r| r.iter_mut().find(|r| r["user"] == "alice"))
        .expect("alice");
    alice["access_keys"][0]["last_rotated"] = rotated.to_string().into();
    let path = dir.join("snapshot.json");
    std::fs::write(&path, doc.to_string()).expect("write");
    path
}

/// Re-evaluating a snapshot later agrees verdict for verdict with an
/// evaluation at its collection start.
#[test]
fn re_evaluation_gives_the_same_verdicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snapshot = key_near_its_limit(dir.path());
    let verdicts = |extra: &[&str]| -> Vec<(String, String, String)> {
        let out = tempfile::tempdir().expect("tempdir");
        let results = audit_snapshot(&snapshot, out.path(), extra);
        results["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                (text("check_id"), text("resource_id"), text("status"))
            })
            .collect()
    };
    let later = verdicts(&[]);
    let alice_key = later
        .iter()
        .find(|(check, resource, _)| check == "OA-IAM-003" && resource.contains("alice"))
        .expect("alice's key");
    assert_eq!(alice_key.2, "PASS", "{alice_key:?}");
    assert_eq!(later, verdicts(&["--now", &shifted_start().to_string()]));
}
