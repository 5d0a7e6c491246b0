//! `orgaudit trend` and `audit --history` end to end on the example: three
//! runs (the estate ages into new failures; one run loses an account's
//! credential report; one is evaluated with another ruleset), checked in
//! trend.json against `orgaudit diff`, and trend.html opened in headless
//! Chromium.

use super::reports::chromium_run;
use crate::common::{repo_root, run, utf8};
use serde_json::Value;
use std::path::Path;

fn example() -> Value {
    let text = std::fs::read_to_string(repo_root().join("examples/example-org.snapshot.json"))
        .expect("example");
    serde_json::from_str(&text).expect("json")
}

fn audit(snapshot: &Path, now: &str, out: &Path, history: &Path, extra: &[&str]) {
    let mut args = vec!["audit", "--snapshot", utf8(snapshot), "--now", now];
    args.extend([
        "--format",
        "json",
        "--out",
        utf8(out),
        "--history",
        utf8(history),
    ]);
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn trend_follows_the_runs_and_tells_lost_access_from_regressions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = dir.path().join("history");
    let out = dir.path().join("out");
    let full = repo_root().join("examples/example-org.snapshot.json");

    // Run 2: dev's credential report could not be read (a partial account).
    let mut doc = example();
    let dev = doc["accounts"]
        .as_object()
        .and_then(|a| a.iter().find(|(_, v)| v["name"] == "dev"))
        .map(|(id, _)| id.clone())
        .expect("dev");
    doc["accounts"][&dev]["iam"]["credential_report"] = Value::Null;
    doc["accounts"][&dev]["collection"]["outcome"] = Value::from("partial");
    doc["gaps"] = serde_json::json!([{
        "account_id": dev, "service": "iam", "region": null, "api": "GetCredentialReport",
        "kind": "access_denied", "error_code": "AccessDenied", "message": "denied"
    }]);
    let partial = dir.path().join("partial.json");
    std::fs::write(&partial, doc.to_string()).expect("write");
    // Run 3 uses another ruleset (a parameter changed).
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[checks.access-keys-rotated.params]\nmax_key_age_days = 60\n",
    )
    .expect("write");

    // Written in any order: the trend sorts by evaluation time.
    audit(
        &full,
        "2027-03-01T00:00:00Z",
        &out,
        &history,
        &["--config", utf8(&config)],
    );
    audit(&full, "2026-12-10T00:00:00Z", &out, &history, &[]);
    audit(&partial, "2027-01-10T00:00:00Z", &out, &history, &[]);

    let trend: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("trend.json")).expect("trend"))
            .expect("json");
    let runs = trend["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 3);
    let at: Vec<&str> = runs
        .iter()
        .map(|r| r["evaluated_at"].as_str().expect("at"))
        .collect();
    assert_eq!(
        at,
        [
            "2026-12-10T00:00:00Z",
            "2027-01-10T00:00:00Z",
            "2027-03-01T00:00:00Z"
        ]
    );
    assert_eq!(runs[1]["coverage"]["dropped"], true);
    assert_eq!(runs[1]["coverage"]["partial"], 1);
    assert_eq!(runs[2]["ruleset_changed"], true);
    assert_eq!(runs[1]["ruleset_changed"], false);
    assert!(runs[1]["counts"]["unknown"].as_u64().expect("unknown") > 0);

    // Each step agrees with `orgaudit diff` on the same two files.
    let kept = |i: usize| history.join(format!("results-{}.json", at[i].replace(':', "-")));
    let steps = trend["steps"].as_array().expect("steps");
    for (i, step) in steps.iter().enumerate() {
        let (code, text, err) = run(&[
            "diff",
            utf8(&kept(i)),
            utf8(&kept(i + 1)),
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let diff: Value = serde_json::from_str(&text).expect("diff json");
        for (ours, theirs) in [
            ("new_failures", "new_failures"),
            ("resolved", "resolved"),
            ("still_failing", "still_failing"),
            ("lost_visibility", "lost_visibility"),
        ] {
            assert_eq!(
                step[ours].as_u64(),
                diff[theirs].as_array().map(|l| l.len() as u64),
                "step {i} {ours}"
            );
        }
    }
    // Losing dev's report is lost visibility, not resolution.
    assert!(steps[0]["lost_visibility"].as_u64().expect("lost") > 0);
    assert_eq!(steps[0]["resolved"], 0);
    // Keys and passwords age into FAIL by March.
    assert!(steps[1]["new_failures"].as_u64().expect("new") > 0);
    let top = trend["regressed_checks"].as_array().expect("top");
    assert!(!top.is_empty() && top.len() <= 10);
    assert!(trend["ous"]
        .as_array()
        .expect("ous")
        .iter()
        .any(|o| o["ou_path"] == "Root/Workloads/Dev"));

    // The page, as the browser builds it: a chart, no scripts.
    let page = format!("file://{}", out.join("trend.html").display());
    let dom = chromium_run(&dir.path().join("profile"), &["--dump-dom", &page]);
    let dom = String::from_utf8_lossy(&dom.stdout).to_string();
    assert!(
        dom.contains("<svg id=\"trend-chart\""),
        "{}",
        &dom[..dom.len().min(400)]
    );
    assert!(dom.contains("class=\"ruleset\""), "ruleset change marked");
    assert!(dom.contains("class=\"dropped\""), "coverage drop marked");
    assert!(!dom.contains("<script"));
    assert_eq!(
        dom.matches("<tr><td class=\"mono\">2027-").count(),
        3,
        "the two 2027 runs and the step from January"
    );

    // Digests kept beside the history give the same trend as parsing.
    let cache = history.join(".orgaudit-trend-cache");
    assert_eq!(std::fs::read_dir(&cache).expect("digests").count(), 3);
    let again = dir.path().join("again");
    let (code, _, err) = run(&["trend", utf8(&history), "--out", utf8(&again)]);
    assert_eq!(code, 0, "{err}");
    std::fs::remove_dir_all(&cache).expect("drop digests");
    let parsed = dir.path().join("parsed");
    let (code, _, err) = run(&["trend", utf8(&history), "--out", utf8(&parsed)]);
    assert_eq!(code, 0, "{err}");
    let read = |d: &Path| std::fs::read_to_string(d.join("trend.json")).expect("trend.json");
    assert_eq!(read(&again), read(&parsed));
    assert_eq!(read(&again), read(&out));

    // A file that is not a results file is an error naming it.
    std::fs::write(history.join("results-garbage.json"), "{}").expect("write");
    let (code, _, err) = run(&["trend", utf8(&history), "--out", utf8(&out)]);
    assert_eq!(code, 2, "a tool error: {err}");
    assert!(err.contains("results-garbage.json"), "{err}");
}
