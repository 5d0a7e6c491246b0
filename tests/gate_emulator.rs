//! The CI gate end to end against the emulated organisation: a baseline
//! run, a regression (a console user without MFA), its removal, a waiver
//! for it, and the waiver's expiry; and fingerprints that are stable across
//! two collections and unique per resource.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const NOW: &str = "2030-01-01T00:00:00Z";
const USER: &str = "new-contractor";

struct Run {
    code: i32,
    stdout: String,
    results: Value,
}

fn audit(emulator: &common::Emulator, out: &Path, extra: &[&str]) -> Run {
    audit_at(emulator, out, NOW, extra)
}

fn audit_at(emulator: &common::Emulator, out: &Path, now: &str, extra: &[&str]) -> Run {
    let output = emulator
        .orgaudit()
        .args(["audit", "--regions", "us-east-1", "--now", now])
        .args(["--format", "json,csv,html,junit,ocsf", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("run orgaudit");
    let code = output.status.code().unwrap_or(-1);
    assert_ne!(code, 2, "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(out.join("results.json")).expect("results");
    Run {
        code,
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        results: serde_json::from_str(&text).expect("json"),
    }
}

fn fingerprints(results: &Value) -> Vec<String> {
    results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["fingerprint"].as_str().map(str::to_string))
        .collect()
}

/// New failures at or above `high` in the run's diff.json.
fn new_high_failures(out: &Path) -> Vec<(String, String)> {
    let diff: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("diff.json")).expect("diff"))
            .expect("json");
    diff["new_failures"]
        .as_array()
        .expect("new failures")
        .iter()
        .filter(|c| c["severity"] == "high" || c["severity"] == "critical")
        .map(|c| {
            (
                c["check_id"].as_str().unwrap_or("").to_string(),
                c["resource"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn gate_fails_on_regressions_only_and_honours_waivers() {
    let emulator = common::Emulator::start();
    let manifest = emulator.seed_example();
    let account = manifest["account_ids"]["dev"]
        .as_str()
        .expect("dev id")
        .to_string();
    let dir = emulator.dir.path();
    let gate = ["--min-severity", "high"];

    // 1. The baseline, and a second collection of the unchanged organisation.
    let first = audit(&emulator, &dir.join("run1"), &[]);
    assert_eq!(first.code, 0, "no gate options: report only");
    let baseline = dir.join("run1/results.json");
    let baseline = baseline.to_str().expect("utf8");
    let again = audit(&emulator, &dir.join("run2"), &["--baseline", baseline]);
    assert_eq!(again.code, 0, "{}", again.stdout);
    let (a, b) = (fingerprints(&first.results), fingerprints(&again.results));
    assert_eq!(a, b, "fingerprints are stable across collections");
    let unique: BTreeSet<&String> = a.iter().collect();
    assert_eq!(
        unique.len(),
        a.len(),
        "fingerprints are unique per resource"
    );

    // 2. A console user without MFA: exit 1, and exactly that new finding.
    emulator.mutate("add-console-user", &account, USER);
    let with_user = [&gate[..], &["--baseline", baseline]].concat();
    let regressed = audit(&emulator, &dir.join("run3"), &with_user);
    assert_eq!(regressed.code, 1, "{}", regressed.stdout);
    assert_eq!(
        new_high_failures(&dir.join("run3")),
        vec![("OA-IAM-001".to_string(), USER.to_string())]
    );
    assert!(regressed.stdout.contains("gate failed: 1 new failures"));
    let md = std::fs::read_to_string(dir.join("run3/diff.md")).expect("diff.md");
    assert!(md.contains("| New failures |") && md.contains(USER));

    // 3. Removed again: exit 0.
    emulator.mutate("delete-user", &account, USER);
    let fixed = audit(&emulator, &dir.join("run4"), &with_user);
    assert_eq!(fixed.code, 0, "{}", fixed.stdout);

    // 4. Back, but waived: exit 0, and WAIVED in every report.
    emulator.mutate("add-console-user", &account, USER);
    let waivers = dir.join("waivers.toml");
    std::fs::write(
        &waivers,
        format!(
            "[[waiver]]\ncheck = \"console-users-have-mfa\"\naccounts = [\"{account}\"]\n\
             resources = [\"arn:aws:iam::*:user/new-*\"]\nreason = \"contractor onboarding, MFA by Friday\"\n\
             owner = \"platform@example.com\"\nexpires = 2030-01-31\nticket = \"https://tickets.example/SEC-7\"\n"
        ),
    )
    .expect("waivers");
    let waivers = waivers.to_str().expect("utf8");
    let waived_args = [&with_user[..], &["--waivers", waivers]].concat();
    let waived = audit(&emulator, &dir.join("run5"), &waived_args);
    assert_eq!(waived.code, 0, "{}", waived.stdout);
    let finding = waived.results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["check_id"] == "OA-IAM-001" && f["resource_name"] == USER)
        .expect("the user's finding")
        .clone();
    assert_eq!(finding["status"], "WAIVED");
    assert_eq!(finding["waiver"]["original_status"], "FAIL");
    assert_eq!(finding["waiver"]["owner"], "platform@example.com");
    assert_eq!(waived.results["waivers"][0]["state"], "applied");
    let out = dir.join("run5");
    let read = |f: &str| std::fs::read_to_string(out.join(f)).expect(f);
    assert!(read("findings.csv")
        .lines()
        .any(|l| l.contains(USER) && l.contains(",WAIVED,")));
    assert!(read("report.html").contains("contractor onboarding, MFA by Friday"));
    assert!(read("junit.xml").contains("1 waived"));
    assert!(read("findings.ocsf.json").contains("\"Suppressed\""));

    // 5. The waiver expires: it stops applying and the gate fails again.
    let late = audit_at(
        &emulator,
        &dir.join("run6"),
        "2030-02-15T00:00:00Z",
        &waived_args,
    );
    assert_eq!(late.code, 1, "{}", late.stdout);
    assert_eq!(late.results["waivers"][0]["state"], "expired");
    assert!(late.stdout.contains("expired"));
}
