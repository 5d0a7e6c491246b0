//! Resilience against the emulator with injected faults: throttling, 503s,
//! slow answers and dropped connections change nothing in the evidence; a
//! hanging API, a region that is not enabled and a suspended account each
//! give their documented status, and the run completes.

use orgaudit::snapshot::{GapKind, Snapshot};
use serde_json::Value;

/// The snapshot's evidence without what legitimately differs between two
/// collections (times, API accounting).
fn evidence(s: &Snapshot) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                // Times and accounting differ between any two collections,
                // as does a role's last use (each collection assumes it).
                for key in [
                    "started_at",
                    "finished_at",
                    "collected_at",
                    "api",
                    "organization_api",
                    "last_used",
                    "lowest_concurrency",
                ] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(s).expect("json");
    strip(&mut v);
    // A gap is the same gap whatever the last error was: an API that
    // always fails may end in a timeout rather than its 500 when retries
    // and backoff use up the operation's time.
    if let Some(gaps) = v.get_mut("gaps").and_then(Value::as_array_mut) {
        for g in gaps.iter_mut().filter_map(Value::as_object_mut) {
            for key in ["kind", "error_code", "message"] {
                g.remove(key);
            }
        }
    }
    v
}

/// JSON pointers where two values differ (for a readable failure).
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (p, q) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                differences(p, q, &format!("{at}/{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{at}/{i}"), out);
            }
        }
        _ if a != b => out.push(format!("{at}: {a} vs {b}")),
        _ => {}
    }
}

fn assert_same(a: &Snapshot, b: &Snapshot, what: &str) {
    let mut diffs = Vec::new();
    differences(&evidence(a), &evidence(b), "", &mut diffs);
    assert!(diffs.is_empty(), "{what}: {diffs:#?}\ngaps: {:#?}", a.gaps);
}

fn sum(s: &Snapshot, f: fn(&orgaudit::snapshot::ApiStats) -> u64) -> u64 {
    s.accounts.values().map(|a| f(&a.api)).sum::<u64>() + f(&s.organization_api)
}

#[test]
fn throttling_and_transient_faults_change_nothing() {
    let emulator = crate::common::Emulator::start();
    emulator.seed_example();
    // Dropped connections surface as read timeouts: keep them short.
    let args = [
        "--regions",
        "us-east-1",
        "--max-attempts",
        "10",
        "--call-timeout",
        "3",
    ];
    let clean = emulator.collect("clean", &args);
    assert_eq!(sum(&clean, |a| a.throttles), 0);

    let injected = emulator.faults(r#"{"throttle": 0.2, "seed": 7}"#);
    assert_eq!(injected["config"]["throttle"], 0.2);
    let throttled = emulator.collect("throttled", &args);
    let state = emulator.fault_state();
    let injected = state["injected"]["throttle"].as_u64().unwrap_or(0);
    assert!(injected > 0, "{state}");
    emulator.faults("{}");
    assert_same(&throttled, &clean, "same evidence under 20% throttling");
    // Throttled accounts made the run back off; a clean run never does.
    assert_eq!(clean.settings.lowest_concurrency, Some(16));
    assert!(
        throttled.settings.lowest_concurrency.unwrap_or(16) < 16,
        "{:?}",
        throttled.settings.lowest_concurrency
    );
    // Every injected throttle is counted (snapshot, then the reports).
    assert_eq!(sum(&throttled, |a| a.throttles), injected, "{state}");
    assert!(sum(&throttled, |a| a.retries) >= sum(&throttled, |a| a.throttles));

    emulator.faults(
        r#"{"unavailable": 0.1, "slow": 0.05, "slow_seconds": 0.3, "drop": 0.05, "seed": 3}"#,
    );
    let shaky = emulator.collect("shaky", &args);
    let state = emulator.fault_state();
    for kind in ["unavailable", "slow", "drop"] {
        assert!(state["injected"][kind].as_u64().unwrap_or(0) > 0, "{state}");
    }
    emulator.faults("{}");
    assert_same(&shaky, &clean, "same evidence with 503s, delays and drops");
    assert!(sum(&shaky, |a| a.retries) > 0);
}

#[test]
fn hanging_api_disabled_region_and_suspended_account_are_reported() {
    let emulator = crate::common::Emulator::start();
    let manifest = emulator.seed_example();
    let sandbox = manifest["account_ids"]["sandbox"]
        .as_str()
        .expect("sandbox")
        .to_string();
    emulator.suspend(&sandbox);
    emulator.faults(
        r#"{"hang": {"target": "GetAccountSummary", "seconds": 8}, "disabled_regions": ["ap-east-1"]}"#,
    );
    let dir = emulator.dir.path().join("report");
    let output = emulator
        .orgaudit()
        .args([
            "audit",
            "--regions",
            "us-east-1,ap-east-1",
            "--call-timeout",
            "2",
        ])
        .args([
            "--max-attempts",
            "2",
            "--format",
            "json",
            "--fail-on-unknown",
            "--out",
        ])
        .arg(&dir)
        .arg("--save-snapshot")
        .arg(emulator.dir.path().join("snapshot.json"))
        .output()
        .expect("audit");
    // The run completes; what it could not see makes it incomplete (3).
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let snapshot = crate::common::load(&emulator.dir.path().join("snapshot.json"));

    // Suspended: not collected, listed as skipped, no findings.
    let suspended = &snapshot.accounts[&sandbox];
    assert_eq!(suspended.state.as_deref(), Some("SUSPENDED"));
    assert_eq!(
        suspended.collection.outcome,
        orgaudit::snapshot::CollectionOutcome::Skipped
    );
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("results.json")).expect("results"))
            .expect("json");
    assert!(results["coverage"]["skipped"]
        .as_array()
        .expect("skipped")
        .contains(&Value::from(sandbox.clone())));
    assert!(!results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["account_id"] == sandbox.as_str()));

    for (id, a) in snapshot
        .accounts
        .iter()
        .filter(|(_, a)| a.state.as_deref() == Some("ACTIVE"))
    {
        let gaps: Vec<_> = snapshot
            .gaps
            .iter()
            .filter(|g| &g.account_id == id)
            .collect();
        // The hanging API: a timeout gap, and no account summary.
        assert!(a.iam.account_summary.is_none(), "{id}");
        assert!(
            gaps.iter()
                .any(|g| g.api == "GetAccountSummary" && g.kind == GapKind::Timeout),
            "{id}: {gaps:?}"
        );
        // The region that is not enabled: its own gap kind, the other region read.
        assert!(
            gaps.iter()
                .any(|g| g.region.as_deref() == Some("ap-east-1")
                    && g.kind == GapKind::RegionNotEnabled),
            "{id}: {gaps:?}"
        );
        assert!(
            !gaps.iter().any(|g| g.region.as_deref() == Some("us-east-1")
                && g.service == "config"
                && g.kind == GapKind::RegionNotEnabled)
        );
    }
    // Checks that need the summary are UNKNOWN, naming the gap.
    let root_keys = results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["status"] == "UNKNOWN")
        .count();
    assert!(root_keys > 0);
}

/// Sessions that expire during the run are re-assumed: with AssumeRole
/// sessions of 12 s (the SDK refreshes 10 s before expiry) and slow
/// answers, every account needs more than one AssumeRole, and its evidence
/// is still complete.
#[test]
fn expiring_sessions_are_reassumed() {
    let emulator = crate::common::Emulator::start();
    emulator.seed_example();
    let args = ["--regions", "us-east-1", "--call-timeout", "10"];
    let clean = emulator.collect("clean", &args);
    emulator.faults(r#"{"session_seconds": 12, "slow": 0.3, "slow_seconds": 1.0, "seed": 5}"#);
    let before = emulator.stats()["by_service"]["sts"].as_u64().unwrap_or(0);
    let refreshed = emulator.collect("refreshed", &args);
    let assumes = emulator.stats()["by_service"]["sts"].as_u64().unwrap_or(0) - before;
    emulator.faults("{}");
    let members = refreshed
        .accounts
        .values()
        .filter(|a| !a.is_management)
        .count() as u64;
    assert!(
        assumes > 2 * members,
        "{assumes} STS calls (one GetCallerIdentity, then AssumeRole) for {members} members"
    );
    assert_same(
        &refreshed,
        &clean,
        "same evidence across re-assumed sessions",
    );
}
