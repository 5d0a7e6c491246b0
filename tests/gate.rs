//! The exit-code contract, waiver-file errors and `diff` on the bundled
//! example snapshot (no emulator needed).

mod common;

use common::{repo_root, run, utf8};
use std::path::Path;

/// Audit the example at `now` into `out` (JSON only), with `extra` options.
fn audit(out: &Path, now: &str, extra: &[&str]) -> (i32, String, String) {
    let snapshot = repo_root().join("examples/example-org.snapshot.json");
    let mut args = vec!["audit", "--snapshot", utf8(&snapshot), "--now", now];
    args.extend(["--format", "json", "--out", utf8(out)]);
    args.extend_from_slice(extra);
    run(&args)
}

const NOW: &str = "2026-12-10T00:00:00Z";
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
    // The example has UNKNOWN results (emulator gaps): incomplete scan.
    let (code, stdout, _) = audit(&out, NOW, &["--fail-on-unknown"]);
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("scan incomplete"));
    assert_eq!(audit(&out, NOW, &["--max-unknown", "1000"]).0, 0);
    // Findings win over incompleteness.
    assert_eq!(
        audit(&out, NOW, &["--fail-on", "any", "--fail-on-unknown"]).0,
        1
    );
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

/// The shipped waivers file loads, and the CI examples are valid YAML.
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
    for file in [
        "examples/ci/github-actions.yml",
        "examples/ci/gitlab-ci.yml",
    ] {
        let status = std::process::Command::new(common::emulator_python())
            .args(["-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))"])
            .arg(repo_root().join(file))
            .status()
            .expect("python");
        assert!(status.success(), "{file} is not valid YAML");
    }
}
