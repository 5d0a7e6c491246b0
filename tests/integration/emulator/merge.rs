//! Splitting an organisation across runners with `--ou` and combining the
//! runs with `orgaudit merge`: every account once, the same verdicts as one
//! run over the same accounts.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const NOW: &str = "2030-01-01T00:00:00Z";

fn audit(emulator: &crate::common::Emulator, out: &Path, ous: &[&str]) {
    std::fs::create_dir_all(out).expect("out dir");
    let mut cmd = emulator.orgaudit();
    cmd.args([
        "audit",
        "--regions",
        "us-east-1",
        "--now",
        NOW,
        "--format",
        "json",
    ])
    .arg("--out")
    .arg(out)
    .arg("--save-snapshot")
    .arg(out.join("snapshot.json"));
    for ou in ous {
        cmd.args(["--ou", ou]);
    }
    cmd.assert().success();
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

/// fingerprint → status, for the findings of `accounts`.
fn verdicts(results: &Value, accounts: &BTreeSet<String>) -> BTreeMap<String, String> {
    results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| accounts.contains(f["account_id"].as_str().unwrap_or("")))
        .map(|f| {
            (
                f["fingerprint"].as_str().unwrap_or("").to_string(),
                f["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn accounts(results: &Value) -> Vec<String> {
    results["coverage"]["account_list"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn split_runs_merge_into_one_without_double_counting() {
    let emulator = crate::common::Emulator::start();
    let manifest = emulator.seed_example();
    let id = |name: &str| {
        manifest["account_ids"][name]
            .as_str()
            .expect("id")
            .to_string()
    };
    let dir = emulator.dir.path();
    let (whole, work, rest) = (dir.join("whole"), dir.join("work"), dir.join("rest"));
    audit(&emulator, &whole, &[]);
    audit(&emulator, &work, &["Root/Workloads"]);
    let security = read(&dir.join("whole/results.json"))["coverage"]["account_list"]
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["ou_path"] == "Root/Security")
        .and_then(|a| a["id"].as_str().map(str::to_string))
        .expect("security account");
    let ou_id = {
        let snapshot = read(&whole.join("snapshot.json"));
        snapshot["organization"]["organization"]["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["path"] == "Root/Sandbox")
            .and_then(|u| u["id"].as_str().map(str::to_string))
            .expect("sandbox OU id")
    };
    audit(&emulator, &rest, &["Root/Security", &ou_id]);

    // Each split run holds its OU's accounts plus the management account
    // and the delegated administrator (security-tooling).
    let management = read(&whole.join("snapshot.json"))["organization"]["organization"]
        ["management_account_id"]
        .as_str()
        .expect("management")
        .to_string();
    let work_accounts: BTreeSet<String> = accounts(&read(&work.join("results.json")))
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = [
        id("dev"),
        id("prod-data"),
        id("prod-web"),
        management.clone(),
        security.clone(),
    ]
    .into_iter()
    .collect();
    assert_eq!(work_accounts, expected);
    let rest_accounts: BTreeSet<String> = accounts(&read(&rest.join("results.json")))
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = [security.clone(), id("sandbox"), management.clone()]
        .into_iter()
        .collect();
    assert_eq!(rest_accounts, expected);

    let union: BTreeSet<String> = work_accounts.union(&rest_accounts).cloned().collect();
    let reference = verdicts(&read(&whole.join("results.json")), &union);

    // Results merged: each account once, the whole run's verdicts.
    let merged_dir = dir.join("merged");
    let out = emulator
        .orgaudit()
        .args(["merge", "--format", "json,html", "--out"])
        .arg(&merged_dir)
        .arg(work.join("results.json"))
        .arg(rest.join("results.json"))
        .output()
        .expect("merge");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains(&format!("account {management} also in another input")));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains(&format!("account {security} also in another input")));
    let merged = read(&merged_dir.join("results.json"));
    let listed = accounts(&merged);
    assert_eq!(listed.len(), union.len(), "no account twice: {listed:?}");
    assert_eq!(merged["coverage"]["accounts"], union.len());
    assert_eq!(verdicts(&merged, &union), reference);
    let all = merged["findings"].as_array().expect("findings").len();
    assert_eq!(all, reference.len(), "no finding twice");

    // Snapshots merged, then evaluated once: the same verdicts.
    let snapshot = dir.join("merged.snapshot.json");
    emulator
        .orgaudit()
        .args(["merge", "--out"])
        .arg(&snapshot)
        .arg(work.join("snapshot.json"))
        .arg(rest.join("snapshot.json"))
        .assert()
        .success();
    let again = dir.join("again");
    emulator
        .orgaudit()
        .args(["audit", "--now", NOW, "--format", "json", "--snapshot"])
        .arg(&snapshot)
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        verdicts(&read(&again.join("results.json")), &union),
        reference
    );

    // Mixed kinds and other rulesets are refused.
    let mixed = emulator
        .orgaudit()
        .args(["merge", "--out"])
        .arg(dir.join("x"))
        .arg(work.join("results.json"))
        .arg(rest.join("snapshot.json"))
        .output()
        .expect("merge");
    assert_eq!(mixed.status.code(), Some(2));
}
