//! `audit --security-hub` against the emulator: FAIL and WAIVED findings
//! land in Security Hub as ASFF findings of orgaudit's integration, a rerun
//! updates them instead of adding more, and a later run that judges some
//! resolved archives exactly those; what Security Hub stored is read back
//! with the real SDK client.

use crate::common::{repo_root, Emulator};
use serde_json::Value;
use std::collections::HashMap;

const PRODUCT: &str = "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default";

/// Every stored finding: id → (record state, workflow status, compliance).
fn stored(emulator: &Emulator) -> HashMap<String, (String, String, String)> {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&emulator.endpoint)
            .region(aws_types::region::Region::new("us-east-1"))
            .credentials_provider(aws_credential_types::Credentials::for_tests())
            .load()
            .await;
        let client = aws_sdk_securityhub::Client::new(&config);
        let mut out = HashMap::new();
        let mut pages = client.get_findings().into_paginator().send();
        while let Some(page) = pages.next().await {
            for f in page.expect("GetFindings").findings() {
                assert_eq!(f.product_arn(), Some(PRODUCT));
                // Security Hub takes only the importer's own account here;
                // the audited account is a resource and a product field.
                assert_eq!(f.aws_account_id(), Some("123456789012"));
                let audited = f
                    .product_fields()
                    .and_then(|p| p.get("orgaudit/account_id"))
                    .expect("audited account");
                assert!(
                    f.resources()
                        .iter()
                        .any(|r| r.r#type() == Some("AwsAccount")
                            && r.id() == Some(format!("AWS::::Account:{audited}").as_str())),
                    "{:?}",
                    f.resources()
                );
                out.insert(
                    f.id().expect("id").to_string(),
                    (
                        f.record_state()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        f.workflow()
                            .and_then(|w| w.status())
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        f.compliance()
                            .and_then(|c| c.status())
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                    ),
                );
            }
        }
        out
    })
}

fn export(emulator: &Emulator, now: &str, extra: &[&str]) -> Value {
    let out = emulator.dir.path().join(format!("out-{now}"));
    let snapshot = repo_root().join("examples/example-org.snapshot.json");
    emulator
        .orgaudit()
        .args(["audit", "--snapshot"])
        .arg(&snapshot)
        .args([
            "--now",
            now,
            "--format",
            "json",
            "--security-hub",
            "--security-hub-region",
            "us-east-1",
            "--out",
        ])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).expect("results"))
            .expect("json");
    let sent: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("security-hub.json")).expect("security-hub.json"),
    )
    .expect("json");
    assert_eq!(sent["product_arn"], PRODUCT);
    assert_eq!(sent["rejected"], Value::Array(Vec::new()));
    serde_json::json!({"results": results, "sent": sent})
}

fn ids_with(results: &Value, statuses: &[&str]) -> Vec<String> {
    results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| statuses.contains(&f["status"].as_str().unwrap_or("")))
        .map(|f| f["fingerprint"].as_str().expect("fingerprint").to_string())
        .collect()
}

#[test]
fn findings_reach_security_hub_once_and_resolutions_archive_them() {
    let emulator = Emulator::start();
    let waivers = emulator.dir.path().join("waivers.toml");
    std::fs::write(
        &waivers,
        "[[waiver]]\ncheck = \"OA-ORG-007\"\nou_paths = [\"*\"]\nreason = \"the test runner lives there\"\nowner = \"secops\"\nexpires = 2027-06-30\n",
    )
    .expect("waivers");
    let waived = ["--waivers", waivers.to_str().expect("utf-8")];

    // March: keys and passwords have aged into FAIL.
    let later = export(&emulator, "2027-03-01T00:00:00Z", &waived);
    let failing = ids_with(&later["results"], &["FAIL"]);
    let waived_ids = ids_with(&later["results"], &["WAIVED"]);
    assert!(!waived_ids.is_empty());
    assert_eq!(later["sent"]["failed"].as_u64(), Some(failing.len() as u64));
    let first = stored(&emulator);
    assert_eq!(first.len(), failing.len() + waived_ids.len());
    for id in &failing {
        assert_eq!(
            first[id],
            ("ACTIVE".into(), "NEW".into(), "FAILED".into()),
            "{id}"
        );
    }
    for id in &waived_ids {
        assert_eq!(first[id].1, "SUPPRESSED", "{id}");
    }

    // The same run again: the same findings, updated, none added.
    export(&emulator, "2027-03-01T00:00:00Z", &waived);
    assert_eq!(stored(&emulator).len(), first.len());

    // December: the aged findings are PASS again and are archived; the
    // rest stay active.
    let earlier = export(&emulator, "2026-12-10T00:00:00Z", &waived);
    let still = ids_with(&earlier["results"], &["FAIL"]);
    let resolved: Vec<&String> = failing.iter().filter(|id| !still.contains(id)).collect();
    assert!(!resolved.is_empty());
    assert_eq!(
        earlier["sent"]["archived"].as_u64(),
        Some(resolved.len() as u64)
    );
    let now = stored(&emulator);
    for id in resolved {
        assert_eq!(now[id].0, "ARCHIVED", "{id}");
        assert_eq!(now[id].2, "PASSED", "{id}");
    }
    for id in &still {
        assert_eq!(now[id].0, "ACTIVE", "{id}");
    }
}
