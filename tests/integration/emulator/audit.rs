//! `orgaudit audit` collecting live from the emulated organisation: the
//! verdicts must follow what the seeding script created.

use crate::common::Emulator;
use serde_json::Value;

fn verdict(results: &Value, account: &str, slug: &str, resource: Option<&str>) -> String {
    let hits: Vec<&Value> = results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["account_name"] == account && f["check_slug"] == slug)
        .filter(|f| resource.is_none_or(|r| f["resource_name"] == r))
        .collect();
    assert_eq!(hits.len(), 1, "{account} {slug} {resource:?}: {hits:?}");
    hits[0]["status"].as_str().expect("status").to_string()
}

#[test]
fn live_audit_verdicts_follow_the_seeded_organisation() {
    let emulator = Emulator::start();
    let _ = emulator.seed_example();
    let dir = emulator.dir.path();
    let results_path = dir.join("results.json");
    let snapshot_path = dir.join("snapshot.json");
    let assert = emulator
        .orgaudit()
        .args([
            "audit",
            "--regions",
            "us-east-1,eu-west-1",
            "--now",
            "2030-01-01T00:00:00Z",
            "--out",
        ])
        .arg(dir)
        .arg("--save-snapshot")
        .arg(&snapshot_path)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("severity") && stdout.contains("Root/Workloads/Prod/Web"),
        "{stdout}"
    );
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(&results_path).expect("results"))
            .expect("json");
    assert_eq!(results["schema_version"], 1);
    assert!(snapshot_path.exists());

    let cases: &[(&str, &str, Option<&str>, &str)] = &[
        ("prod-web", "single-active-access-key", Some("bob"), "FAIL"),
        (
            "prod-web",
            "single-active-access-key",
            Some("alice"),
            "PASS",
        ),
        ("prod-web", "users-no-direct-policies", Some("bob"), "FAIL"),
        (
            "prod-web",
            "users-no-direct-policies",
            Some("alice"),
            "PASS",
        ),
        ("prod-web", "users-in-groups", Some("bob"), "FAIL"),
        ("prod-web", "console-users-have-mfa", Some("bob"), "FAIL"),
        ("prod-web", "console-users-have-mfa", Some("alice"), "PASS"),
        (
            "prod-web",
            "console-users-have-mfa",
            Some("ci-deployer"),
            "NOT_APPLICABLE",
        ),
        (
            "prod-web",
            "no-full-admin-policies",
            Some("AdminAll"),
            "FAIL",
        ),
        (
            "prod-web",
            "no-broad-service-wildcards",
            Some("Deployers/deploy"),
            "FAIL",
        ),
        (
            "prod-web",
            "cross-account-roles-require-mfa-or-external-id",
            Some("VendorAccess"),
            "FAIL",
        ),
        (
            "prod-web",
            "cross-account-roles-require-mfa-or-external-id",
            Some("CrossAccountAudit"),
            "PASS",
        ),
        ("dev", "admin-users-have-mfa", Some("installer"), "FAIL"),
        // 2030: every key created at seeding is years old and never used.
        (
            "dev",
            "unused-access-keys-disabled",
            Some("installer key 1"),
            "FAIL",
        ),
        ("prod-web", "access-keys-rotated", Some("bob key 2"), "FAIL"),
        ("prod-web", "password-minimum-length", None, "PASS"),
        ("dev", "password-minimum-length", None, "FAIL"),
        ("sandbox", "password-minimum-length", None, "FAIL"),
        ("prod-web", "billing-alarm-configured", None, "PASS"),
        ("security-tooling", "billing-alarm-configured", None, "PASS"),
        // dev's own alarm has no actions, but the management account's budget
        // covers it through a LinkedAccount filter.
        ("dev", "billing-alarm-configured", None, "PASS"),
        ("prod-data", "billing-alarm-configured", None, "PASS"),
        ("sandbox", "billing-alarm-configured", None, "FAIL"),
        ("prod-web", "billing-alarm-has-subscriber", None, "PASS"),
        ("prod-web", "config-recorder-on", Some("us-east-1"), "PASS"),
        ("prod-web", "config-recorder-on", Some("eu-west-1"), "FAIL"),
        ("dev", "config-recorder-on", Some("eu-west-1"), "PASS"),
        ("dev", "config-records-global-resources", None, "FAIL"),
        // The front serves DescribeDeliveryChannelStatus: seeded buckets exist.
        (
            "prod-web",
            "config-delivery-channel",
            Some("us-east-1"),
            "PASS",
        ),
        (
            "prod-data",
            "config-delivery-channel",
            Some("eu-west-1"),
            "PASS",
        ),
        (
            "prod-web",
            "config-delivery-channel",
            Some("eu-west-1"),
            "NOT_APPLICABLE",
        ),
        (
            "security-tooling",
            "alternate-contacts-complete",
            None,
            "PASS",
        ),
        ("prod-web", "security-contact-registered", None, "PASS"),
        ("dev", "security-contact-registered", None, "FAIL"),
        ("prod-web", "account-alias-set", None, "PASS"),
        ("prod-data", "account-alias-set", None, "FAIL"),
        ("legacy", "account-in-ou", None, "FAIL"),
        ("prod-web", "account-in-ou", None, "PASS"),
        ("prod-web", "scp-region-restriction", None, "PASS"),
        ("legacy", "scp-region-restriction", None, "FAIL"),
        ("prod-web", "root-no-access-keys", None, "PASS"),
        // Its root credentials were removed centrally (see below).
        ("prod-web", "root-mfa-enabled", None, "NOT_APPLICABLE"),
        (
            "prod-web",
            "environments-in-separate-accounts",
            None,
            "MANUAL",
        ),
        // The organisation trail (management account) records every member
        // and delivers to security-tooling's bucket.
        ("prod-web", "cloudtrail-multi-region-logging", None, "PASS"),
        ("dev", "cloudtrail-multi-region-logging", None, "PASS"),
        (
            "security-tooling",
            "cloudtrail-logs-leave-the-account",
            None,
            "PASS",
        ),
        ("prod-data", "cloudtrail-log-file-validation", None, "PASS"),
        ("legacy", "cloudtrail-kms-encryption", None, "PASS"),
        // GuardDuty and Security Hub are delegated to security-tooling;
        // sandbox opted out of both, dev runs only FSBP in eu-west-1.
        ("prod-web", "guardduty-enabled", Some("eu-west-1"), "PASS"),
        ("sandbox", "guardduty-enabled", Some("us-east-1"), "FAIL"),
        ("sandbox", "guardduty-enabled", Some("eu-west-1"), "FAIL"),
        (
            "prod-data",
            "securityhub-cis-standard",
            Some("us-east-1"),
            "PASS",
        ),
        ("dev", "securityhub-cis-standard", Some("eu-west-1"), "FAIL"),
        (
            "sandbox",
            "securityhub-cis-standard",
            Some("us-east-1"),
            "FAIL",
        ),
        // prod-web's own analyzer; elsewhere the organisation analyzer.
        (
            "prod-web",
            "access-analyzer-active",
            Some("us-east-1"),
            "PASS",
        ),
        ("dev", "access-analyzer-active", Some("eu-west-1"), "PASS"),
        // 2030: both ACTIVE findings are years old; legacy has none.
        (
            "prod-data",
            "access-analyzer-findings-resolved",
            None,
            "FAIL",
        ),
        ("dev", "access-analyzer-findings-resolved", None, "FAIL"),
        ("legacy", "access-analyzer-findings-resolved", None, "PASS"),
        // All three are delegated to security-tooling; judged once.
        ("master", "security-services-delegated", None, "PASS"),
        ("dev", "security-services-delegated", None, "NOT_APPLICABLE"),
        // The identity plane: Identity Center in eu-west-1 of the management
        // account, centralised root access with dev's root password left.
        (
            "prod-web",
            "idc-no-admin-in-production",
            Some("AdministratorAccess → user carol.contractor"),
            "FAIL",
        ),
        (
            "prod-web",
            "idc-no-admin-in-production",
            Some("ReadOnly → group Auditors"),
            "PASS",
        ),
        // OpsAccess, the customer managed policy it references, is `*:*` there.
        (
            "prod-data",
            "idc-no-admin-in-production",
            Some("OpsPowerUser → group PlatformAdmins"),
            "FAIL",
        ),
        (
            "dev",
            "idc-no-admin-in-production",
            Some("AdministratorAccess → group PlatformAdmins"),
            "NOT_APPLICABLE",
        ),
        (
            "master",
            "idc-session-duration",
            Some("AdministratorAccess"),
            "FAIL",
        ),
        (
            "master",
            "idc-session-duration",
            Some("OpsPowerUser"),
            "PASS",
        ),
        (
            "prod-data",
            "idc-assignments-through-groups",
            Some("ReadOnly → user dave.oncall"),
            "FAIL",
        ),
        (
            "prod-data",
            "idc-assignments-through-groups",
            Some("OpsPowerUser → group PlatformAdmins"),
            "PASS",
        ),
        ("master", "idc-mfa-required", None, "MANUAL"),
        ("prod-web", "users-managed-centrally", Some("alice"), "FAIL"),
        (
            "prod-web",
            "users-managed-centrally",
            Some("ci-deployer"),
            "NOT_APPLICABLE",
        ),
        ("master", "centralized-root-access", None, "PASS"),
        ("dev", "member-root-credentials-removed", None, "FAIL"),
        ("prod-web", "member-root-credentials-removed", None, "PASS"),
        ("dev", "root-mfa-enabled", None, "FAIL"),
        ("master", "management-account-no-workloads", None, "FAIL"),
        // Judged where the permission set is assigned, not as an IAM policy.
        (
            "prod-data",
            "no-full-admin-policies",
            Some("OpsAccess"),
            "NOT_APPLICABLE",
        ),
    ];
    let mut wrong = Vec::new();
    for (account, slug, resource, expected) in cases {
        let got = verdict(&results, account, slug, *resource);
        if got != *expected {
            wrong.push(format!(
                "{account} {slug} {resource:?}: expected {expected}, got {got}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let removed = results["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["account_name"] == "prod-web" && f["check_slug"] == "root-mfa-enabled")
        .expect("root MFA finding");
    assert!(
        removed["message"]
            .as_str()
            .is_some_and(|m| m.contains("centrally removed")),
        "{removed}"
    );
    // Who can administer what: carol.contractor, directly, in prod-web.
    let prod_web = results["access"]["accounts"]
        .as_array()
        .expect("access")
        .iter()
        .find(|a| a["account_name"] == "prod-web")
        .expect("prod-web access");
    let first = &prod_web["assignments"][0];
    assert_eq!(
        (
            &first["principal_name"],
            &first["admin"],
            &first["permission_set"]
        ),
        (
            &Value::from("carol.contractor"),
            &Value::from(true),
            &Value::from("AdministratorAccess")
        )
    );
    // Coverage carries every gap of the snapshot the audit collected.
    let snapshot: Value =
        serde_json::from_str(&std::fs::read_to_string(&snapshot_path).expect("snapshot"))
            .expect("json");
    assert_eq!(results["coverage"]["gaps"], snapshot["gaps"]);
    assert_eq!(results["coverage"]["accounts"], 7);
}

/// Delivery status is collected, and a channel whose last delivery failed
/// (its bucket deleted) is a FAIL while the account's other region passes.
#[test]
fn a_config_channel_whose_delivery_failed_fails() {
    let emulator = Emulator::start();
    let manifest = emulator.seed_example();
    let account = manifest["account_ids"]["prod-data"]
        .as_str()
        .expect("prod-data id")
        .to_string();
    emulator.mutate("break-config-delivery", &account, "eu-west-1");
    let dir = emulator.dir.path();
    let snapshot_path = dir.join("snapshot.json");
    emulator
        .orgaudit()
        .args(["audit", "--regions", "us-east-1,eu-west-1", "--out"])
        .arg(dir)
        .arg("--save-snapshot")
        .arg(&snapshot_path)
        .assert()
        .success();
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("results.json")).expect("results"))
            .expect("json");
    let slug = "config-delivery-channel";
    assert_eq!(
        verdict(&results, "prod-data", slug, Some("eu-west-1")),
        "FAIL"
    );
    assert_eq!(
        verdict(&results, "prod-data", slug, Some("us-east-1")),
        "PASS"
    );
    let snapshot: Value =
        serde_json::from_str(&std::fs::read_to_string(&snapshot_path).expect("snapshot"))
            .expect("json");
    let statuses =
        &snapshot["accounts"][&account]["config"]["eu-west-1"]["delivery_channel_statuses"];
    assert_eq!(statuses[0]["last_history_status"], "Failure", "{statuses}");
    let status_gaps: Vec<&Value> = snapshot["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .filter(|g| g["api"] == "DescribeDeliveryChannelStatus")
        .collect();
    assert!(status_gaps.is_empty(), "{status_gaps:?}");
}
