//! The CI gate end to end against the emulated organisation: a baseline
//! run, a regression (a console user without MFA), its removal, a waiver
//! for it, and the waiver's expiry; and fingerprints that are stable across
//! two collections and unique per resource.

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

fn audit(emulator: &crate::common::Emulator, out: &Path, extra: &[&str]) -> Run {
    audit_at(emulator, out, NOW, extra)
}

fn audit_at(emulator: &crate::common::Emulator, out: &Path, now: &str, extra: &[&str]) -> Run {
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
    let emulator = crate::common::Emulator::start();
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

/// The run's diff.json.
fn diff_of(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("diff.json")).expect("diff"))
        .expect("json")
}

fn list<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key].as_array().unwrap_or_else(|| panic!("{key}"))
}

/// Findings of one account that the run judged PASS or FAIL.
fn judged_in(results: &Value, account: &str) -> Vec<Value> {
    list(results, "findings")
        .iter()
        .filter(|f| f["account_id"] == account && (f["status"] == "PASS" || f["status"] == "FAIL"))
        .cloned()
        .collect()
}

fn finding<'a>(results: &'a Value, fingerprint: &Value) -> Option<&'a Value> {
    list(results, "findings")
        .iter()
        .find(|f| &f["fingerprint"] == fingerprint)
}

/// A member's audit role becomes unassumable between two runs: the run
/// fails (exit 3, the account named), nothing is resolved, and every
/// finding the baseline judged there is carried as UNKNOWN with the gap and
/// the status it had, also when the next run compares with this one.
#[test]
fn unassumable_role_is_lost_visibility_not_resolved() {
    let emulator = crate::common::Emulator::start();
    let manifest = emulator.seed_example();
    let account = manifest["account_ids"]["prod-web"]
        .as_str()
        .expect("prod-web id")
        .to_string();
    let dir = emulator.dir.path();
    let first = audit(&emulator, &dir.join("run1"), &[]);
    let before = judged_in(&first.results, &account);
    assert!(
        before
            .iter()
            .any(|f| f["status"] == "FAIL" && f["resource_name"] == "bob"),
        "the baseline judges prod-web's users"
    );

    emulator.faults(&format!(r#"{{"deny_assume_role": ["{account}"]}}"#));
    let baseline = dir.join("run1/results.json");
    let run2 = dir.join("run2");
    let lost = audit(
        &emulator,
        &run2,
        &["--baseline", baseline.to_str().expect("utf8")],
    );
    assert_eq!(lost.code, 3, "{}", lost.stdout);
    assert!(
        lost.stdout.contains("lost visibility") && lost.stdout.contains(&account),
        "{}",
        lost.stdout
    );
    assert!(!lost.stdout.contains("gate passed"), "{}", lost.stdout);
    let diff = diff_of(&run2);
    assert!(list(&diff, "resolved").is_empty(), "{:#}", diff["resolved"]);
    let lost_prints: BTreeSet<&str> = list(&diff, "lost_visibility")
        .iter()
        .filter_map(|c| c["fingerprint"].as_str())
        .collect();
    let mut carried = 0;
    for was in &before {
        let what = format!("{} {}", was["check_id"], was["resource_name"]);
        let now = finding(&lost.results, &was["fingerprint"])
            .unwrap_or_else(|| panic!("{what} is carried into the results"));
        if now["status"] == was["status"] {
            // Judged from the organisation's data, read in the management
            // account: still seen.
            assert!(now["check_id"]
                .as_str()
                .is_some_and(|c| c.starts_with("OA-ORG")));
            continue;
        }
        carried += 1;
        let print = was["fingerprint"].as_str().expect("fp");
        assert!(lost_prints.contains(print), "{what} is lost visibility");
        assert_eq!(now["status"], "UNKNOWN", "{what}");
        assert_eq!(now["evidence"]["previous_status"], was["status"], "{what}");
        assert!(
            list(&now["evidence"], "gaps")
                .iter()
                .any(|g| g["api"] == "AssumeRole" && g["account_id"] == account.as_str()),
            "{now:#}"
        );
    }
    assert!(carried > 10, "{carried} findings carried");
    let csv = std::fs::read_to_string(run2.join("findings.csv")).expect("csv");
    assert!(csv
        .lines()
        .any(|l| l.contains(&account) && l.contains("bob") && l.contains(",UNKNOWN,")));

    // Still unreadable, compared with the run that carried them: still lost,
    // and the status they had is the one last judged.
    let run3 = dir.join("run3");
    let again = audit(
        &emulator,
        &run3,
        &[
            "--baseline",
            run2.join("results.json").to_str().expect("utf8"),
        ],
    );
    assert_eq!(again.code, 3, "{}", again.stdout);
    assert!(list(&diff_of(&run3), "resolved").is_empty());
    for was in &before {
        let now = finding(&again.results, &was["fingerprint"]).expect("carried again");
        if now["status"] == "UNKNOWN" {
            assert_eq!(now["evidence"]["previous_status"], was["status"]);
        }
    }

    // A run that knowingly accepts the narrower view passes the gate.
    let accepted = audit(
        &emulator,
        &dir.join("run4"),
        &[
            "--baseline",
            baseline.to_str().expect("utf8"),
            "--allow-lost-visibility",
        ],
    );
    assert_eq!(accepted.code, 0, "{}", accepted.stdout);
}

/// One region denied (an SCP, say): its findings are lost, not resolved.
#[test]
fn denied_region_is_lost_visibility() {
    let emulator = crate::common::Emulator::start();
    emulator.seed_example();
    let dir = emulator.dir.path();
    let regions = ["--regions", "eu-west-1"];
    let first = audit(&emulator, &dir.join("run1"), &regions);
    assert!(
        list(&first.results, "findings")
            .iter()
            .any(|f| f["region"] == "eu-west-1" && (f["status"] == "PASS" || f["status"] == "FAIL")),
        "the baseline judges eu-west-1"
    );
    emulator.faults(r#"{"denied_regions": ["eu-west-1"]}"#);
    let baseline = dir.join("run1/results.json");
    let args = [
        &regions[..],
        &["--baseline", baseline.to_str().expect("utf8")],
    ]
    .concat();
    let run2 = dir.join("run2");
    let lost = audit(&emulator, &run2, &args);
    assert_eq!(lost.code, 3, "{}", lost.stdout);
    let diff = diff_of(&run2);
    assert!(list(&diff, "resolved").is_empty(), "{:#}", diff["resolved"]);
    let changes = list(&diff, "lost_visibility");
    assert!(!changes.is_empty());
    // The region's own findings, and account-wide checks that need every
    // region (Config, CloudTrail, Access Analyzer findings).
    let elsewhere: Vec<&Value> = changes
        .iter()
        .filter(|c| c["region"] != "eu-west-1")
        .filter(|c| {
            !(c["region"].is_null()
                && c["check_id"].as_str().is_some_and(|id| {
                    ["OA-CFG", "OA-CT-", "OA-AA-", "OA-IAM-021", "OA-IDC-"]
                        .iter()
                        .any(|p| id.starts_with(p))
                }))
        })
        .collect();
    assert!(elsewhere.is_empty(), "{elsewhere:#?}");
}

/// An `--ou` run compared with a whole-organisation baseline: accounts
/// outside the selected OUs are out of scope, neither resolved nor lost.
#[test]
fn ou_run_against_whole_org_baseline_is_out_of_scope() {
    let emulator = crate::common::Emulator::start();
    let manifest = emulator.seed_example();
    let legacy = manifest["account_ids"]["legacy"]
        .as_str()
        .expect("legacy id");
    let dir = emulator.dir.path();
    audit(&emulator, &dir.join("run1"), &[]);
    let baseline = dir.join("run1/results.json");
    let run2 = dir.join("run2");
    let split = audit(
        &emulator,
        &run2,
        &[
            "--ou",
            "Root/Workloads",
            "--baseline",
            baseline.to_str().expect("utf8"),
        ],
    );
    assert_eq!(split.code, 0, "{}", split.stdout);
    assert!(
        split.stdout.contains("outside this run's --ou selection"),
        "{}",
        split.stdout
    );
    let diff = diff_of(&run2);
    assert!(list(&diff, "resolved").is_empty(), "{:#}", diff["resolved"]);
    assert!(
        list(&diff, "lost_visibility").is_empty(),
        "{:#}",
        diff["lost_visibility"]
    );
    assert!(list(&diff, "out_of_scope")
        .iter()
        .any(|c| c["account_id"] == legacy && c["resource"] == "old-admin"));
    assert!(list(&split.results["coverage"], "out_of_scope")
        .iter()
        .any(|a| a == legacy));
}
