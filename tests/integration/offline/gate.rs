//! The exit-code contract, waiver-file errors and `diff` on the bundled
//! example snapshot (no emulator needed).

use crate::common::{repo_root, run, utf8};
use std::path::Path;

/// Audit the example at `now` into `out` (JSON only), with `extra` options.
pub(crate) fn audit(out: &Path, now: &str, extra: &[&str]) -> (i32, String, String) {
    let snapshot = repo_root().join("examples/example-org.snapshot.json");
    let mut args = vec!["audit", "--snapshot", utf8(&snapshot), "--now", now];
    args.extend(["--format", "json", "--out", utf8(out)]);
    args.extend_from_slice(extra);
    run(&args)
}

pub(crate) const NOW: &str = "2026-12-10T00:00:00Z";
const LATER: &str = "2027-03-01T00:00:00Z";

#[test]
fn exit_codes_follow_the_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    // Report only by default; findings never make exit 2.
    assert_eq!(audit(&out, NOW, &[]).0, 0);
    let (code, stdout, _) = audit(&out, NOW, &["--fail-on", "any"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("gate failed"));
    // The example's critical failures alone still fail; nothing is above critical.
    assert_eq!(
        audit(
            &out,
            NOW,
            &["--fail-on", "any", "--min-severity", "critical"]
        )
        .0,
        1
    );
    // The example is complete: nothing UNKNOWN.
    assert_eq!(audit(&out, NOW, &["--fail-on-unknown"]).0, 0);
    // One account whose credential report was not read: incomplete scan.
    let partial = dir.path().join("partial.json");
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("examples/example-org.snapshot.json"))
            .expect("example"),
    )
    .expect("json");
    let first = doc["accounts"]
        .as_object()
        .and_then(|a| a.keys().next().cloned())
        .expect("an account");
    doc["accounts"][&first]["iam"]["credential_report"] = serde_json::Value::Null;
    std::fs::write(&partial, doc.to_string()).expect("write");
    let partial_out = dir.path().join("partial-out");
    let on_partial = |extra: &[&str]| {
        let mut args = vec!["audit", "--snapshot", utf8(&partial), "--now", NOW];
        args.extend(["--format", "json", "--out", utf8(&partial_out)]);
        args.extend_from_slice(extra);
        run(&args)
    };
    let (code, stdout, _) = on_partial(&["--fail-on-unknown"]);
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("scan incomplete"));
    assert_eq!(on_partial(&["--max-unknown", "1000"]).0, 0);
    // Findings win over incompleteness.
    assert_eq!(on_partial(&["--fail-on", "any", "--fail-on-unknown"]).0, 1);
    // Usage errors are 2.
    assert_eq!(
        audit(&out, NOW, &["--fail-on", "new"]).0,
        2,
        "new needs a baseline"
    );

    // Against itself nothing is new; later, keys and passwords age into FAIL.
    let baseline = out.join("results.json");
    let base = dir.path().join("baseline.json");
    std::fs::copy(&baseline, &base).expect("copy");
    let later = dir.path().join("later");
    assert_eq!(audit(&later, NOW, &["--baseline", utf8(&base)]).0, 0);
    let (code, stdout, _) = audit(&later, LATER, &["--baseline", utf8(&base)]);
    assert_eq!(code, 1, "{stdout}");
    assert!(later.join("diff.md").exists() && later.join("diff.json").exists());
    // Only high and above: the aged keys are medium.
    assert_eq!(
        audit(
            &later,
            LATER,
            &["--baseline", utf8(&base), "--min-severity", "high"]
        )
        .0,
        0
    );
}

#[test]
fn diff_reports_changes_and_refuses_other_schemas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    audit(&a, NOW, &[]);
    audit(&b, LATER, &[]);
    let (pa, pb) = (a.join("results.json"), b.join("results.json"));
    let (code, table, _) = run(&["diff", utf8(&pa), utf8(&pb)]);
    assert_eq!(code, 0);
    assert!(
        table.contains("new failures") && table.contains("PASS -> FAIL"),
        "{table}"
    );
    let (_, json, _) = run(&["diff", utf8(&pa), utf8(&pb), "--format", "json"]);
    let diff: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(!diff["new_failures"].as_array().expect("list").is_empty());
    assert!(
        diff["warnings"].as_array().expect("list").is_empty(),
        "same ruleset"
    );
    let (_, md, _) = run(&["diff", utf8(&pa), utf8(&pb), "--format", "markdown"]);
    assert!(md.starts_with("### orgaudit") && md.contains("| New failures |"));

    // A different ruleset is warned about.
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[checks.OA-IAM-003.params]\nmax_key_age_days = 30\n",
    )
    .expect("config");
    let c = dir.path().join("c");
    audit(&c, LATER, &["--config", utf8(&config)]);
    let (_, table, _) = run(&["diff", utf8(&pa), utf8(&c.join("results.json"))]);
    assert!(table.contains("warning: the rulesets differ"), "{table}");

    // Another schema version is refused.
    let text = std::fs::read_to_string(&pb).expect("read");
    let old = dir.path().join("old.json");
    std::fs::write(
        &old,
        text.replacen("\"schema_version\":1", "\"schema_version\":99", 1),
    )
    .expect("write");
    let (code, _, err) = run(&["diff", utf8(&old), utf8(&pb)]);
    assert_eq!(code, 2);
    assert!(err.contains("schema version 99"), "{err}");

    // An edited fingerprint is refused.
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    let fp = value["findings"][0]["fingerprint"]
        .as_str()
        .expect("fp")
        .to_string();
    let forged = dir.path().join("forged.json");
    std::fs::write(&forged, text.replacen(&fp, &"0".repeat(32), 1)).expect("write");
    let (code, _, err) = run(&["diff", utf8(&pa), utf8(&forged)]);
    assert_eq!(code, 2);
    assert!(err.contains("does not match"), "{err}");
}

#[test]
fn bad_waiver_files_fail_with_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let good = "reason = \"r\"\nowner = \"o\"\nexpires = 2027-01-01\n";
    for (text, expect) in [
        ("[[waiver]]\ncheck = \"OA-IAM-001\"\naccounts = [\"1\"]\nowner = \"o\"\nexpires = 2027-01-01\n".to_string(), ":1:"),
        (format!("\n[[waiver]]\ncheck = \"OA-NOPE-001\"\naccounts = [\"1\"]\n{good}"), "unknown or disabled check"),
        (format!("[[waiver]]\ncheck = \"OA-IAM-001\"\n{good}"), "needs a scope"),
        ("[[waiver]]\ncheck = \"OA-IAM-001\"\naccounts = [\"1\"]\nreason = \"r\"\nowner = \"o\"\nexpires = 2099-01-01\n".to_string(), "horizon"),
        ("[[waiver]]\ncheck = \"OA-IAM-001\"\naccounts = [\"1\"]\nreason = \"r\"\nowner = \"o\"\nexpires = \"soon\"\n".to_string(), "not a date"),
        (format!("[[waiver]]\ncheck = \"OA-IAM-001\"\nacounts = [\"1\"]\n{good}"), "unknown field"),
    ] {
        let path = dir.path().join("waivers.toml");
        std::fs::write(&path, &text).expect("write");
        let (code, _, err) = audit(&out, NOW, &["--waivers", utf8(&path)]);
        assert_eq!(code, 2, "{text}");
        assert!(err.contains("waivers.toml:") && err.contains(expect), "{expect}: {err}");
        assert!(!out.join("results.json").exists(), "nothing is written");
    }
}

/// The shipped waivers file loads (the CI examples' YAML is checked in
/// `emulator::python_tools`).
#[test]
fn shipped_examples_are_valid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let waivers = repo_root().join("examples/waivers.toml");
    let (code, stdout, err) = audit(dir.path(), NOW, &["--waivers", utf8(&waivers)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("waiver"),
        "unused waivers are reported: {stdout}"
    );
}

/// The example snapshot as if `name`'s audit role could not be assumed:
/// the account failed, nothing of it read, one AssumeRole gap.
pub(crate) fn unreadable(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let path = repo_root().join("examples/example-org.snapshot.json");
    let text = std::fs::read_to_string(path).expect("example");
    let mut s: serde_json::Value = serde_json::from_str(&text).expect("json");
    let accounts = s["accounts"].as_object_mut().expect("accounts");
    let (id, account) = accounts
        .iter_mut()
        .find(|(_, a)| a["name"] == name)
        .expect("account");
    let id = id.clone();
    account["collection"] = serde_json::json!({
        "outcome": "failed", "access": null,
        "reason": "cannot assume the audit role: AccessDenied: not authorized"
    });
    for key in ["regions", "alternate_contacts", "billing", "budgets"] {
        account[key] = serde_json::Value::Null;
    }
    account["config"] = serde_json::json!({});
    for v in account["iam"].as_object_mut().expect("iam").values_mut() {
        *v = serde_json::Value::Null;
    }
    let gaps = s["gaps"].as_array_mut().expect("gaps");
    gaps.retain(|g| g["account_id"] != id.as_str());
    gaps.push(serde_json::json!({
        "account_id": id, "service": "sts", "region": null, "api": "AssumeRole",
        "kind": "assume_role_failed", "error_code": "AccessDenied", "message": "not authorized"
    }));
    let out = dir.join(format!("{name}-unreadable.json"));
    std::fs::write(&out, s.to_string()).expect("write");
    (out, id)
}

/// Offline: the same account read, then unreadable. The gate exits 3 and
/// names it, `diff` lists nothing as resolved, the carried findings keep
/// their status (`emulator::python_tools` validates them against the
/// published schema).
#[test]
fn unreadable_account_is_lost_visibility() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base_out = dir.path().join("base");
    assert_eq!(audit(&base_out, NOW, &[]).0, 0);
    let baseline = base_out.join("results.json");
    let (snapshot, id) = unreadable(dir.path(), "prod-web");
    let out = dir.path().join("now");
    let args = |extra: &[&str]| {
        let mut a = vec!["audit", "--snapshot", utf8(&snapshot), "--now", NOW];
        a.extend(["--format", "json,csv,html", "--out", utf8(&out)]);
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run_with = |extra: &[&str]| {
        let owned = args(extra);
        run(&owned.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Without a baseline it is a report like any other; `diff` then says lost.
    assert_eq!(run_with(&[]).0, 0);
    let (_, json, _) = run(&[
        "diff",
        utf8(&baseline),
        utf8(&out.join("results.json")),
        "--format",
        "json",
    ]);
    let diff: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(diff["resolved"], serde_json::json!([]), "{json}");
    assert!(!diff["lost_visibility"].as_array().expect("lost").is_empty());

    let (code, stdout, _) = run_with(&["--baseline", utf8(&baseline)]);
    assert_eq!(code, 3, "{stdout}");
    assert!(
        stdout.contains("lost visibility") && stdout.contains(&id),
        "{stdout}"
    );
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("results"))
            .expect("json");
    let carried: Vec<&serde_json::Value> = results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["account_id"] == id.as_str() && f["evidence"]["previous_status"] == "FAIL")
        .collect();
    assert!(carried.iter().any(|f| f["resource_name"] == "bob"));
    assert!(carried.iter().all(|f| f["status"] == "UNKNOWN"));
    assert!(std::fs::read_to_string(out.join("report.html"))
        .expect("html")
        .contains("not read in this run (was FAIL)"));
    let (code, stdout, _) = run_with(&["--baseline", utf8(&baseline), "--allow-lost-visibility"]);
    assert_eq!(code, 0, "{stdout}");
}
