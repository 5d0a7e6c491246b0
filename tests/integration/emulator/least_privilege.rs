//! The read-only policies in `examples/` are enough: with the emulator's IAM
//! enforcement on, a run that uses only them reads every API without a
//! single AccessDenied. And the StackSet template grants the same actions.

use crate::common::Emulator;
use orgaudit::snapshot::GapKind;
use serde_json::Value;
use std::collections::BTreeSet;

fn example(name: &str) -> Value {
    let path = crate::common::repo_root().join("examples").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("read policy"))
        .expect("policy json")
}

fn actions(policy: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for statement in policy["Statement"].as_array().expect("statements") {
        match &statement["Action"] {
            Value::String(a) => {
                out.insert(a.clone());
            }
            Value::Array(list) => {
                out.extend(list.iter().filter_map(|a| a.as_str().map(str::to_string)))
            }
            _ => panic!("statement without Action"),
        }
    }
    out
}

/// moto names CloudWatch actions after the endpoint prefix (`monitoring:`)
/// and Budgets actions after the API operations, where real IAM uses
/// `cloudwatch:` and `budgets:ViewBudget`: grant both in the emulator.
fn with_moto_aliases(mut policy: Value) -> Value {
    for statement in policy["Statement"].as_array_mut().expect("statements") {
        if let Value::Array(list) = &mut statement["Action"] {
            let mut extra: Vec<Value> = list
                .iter()
                .filter_map(|a| {
                    a.as_str()?
                        .strip_prefix("cloudwatch:")
                        .map(|op| Value::String(format!("monitoring:{op}")))
                })
                .collect();
            if list.iter().any(|a| a == "budgets:ViewBudget") {
                extra.push(Value::String("budgets:DescribeBudgets".into()));
                extra.push(Value::String(
                    "budgets:DescribeNotificationsForBudget".into(),
                ));
            }
            list.extend(extra);
        }
    }
    policy
}

#[test]
fn example_policies_cover_every_collector_call() {
    let emulator = Emulator::start();
    let dir = emulator.dir.path();
    let audit = dir.join("audit-policy.json");
    let caller = dir.join("caller-policy.json");
    std::fs::write(
        &audit,
        with_moto_aliases(example("audit-role-policy.json")).to_string(),
    )
    .expect("write");
    std::fs::write(
        &caller,
        with_moto_aliases(example("caller-policy.json")).to_string(),
    )
    .expect("write");
    let audit_arg = audit.to_string_lossy().to_string();
    let caller_arg = caller.to_string_lossy().to_string();
    let manifest = emulator.seed(&["--audit-policy", &audit_arg, "--runner-policy", &caller_arg]);
    emulator.enforce_iam();
    let out = dir.join("least.json");
    emulator
        .orgaudit_as_runner(&manifest)
        .args([
            "collect",
            "--role-name",
            "OrgAuditReadOnly",
            "--regions",
            "us-east-1",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let snapshot = crate::common::load(&out);
    let skipped: BTreeSet<String> = ["sandbox", "legacy"]
        .iter()
        .map(|n| manifest["account_ids"][n].as_str().expect("id").to_string())
        .collect();
    let denied: Vec<_> = snapshot
        .gaps
        .iter()
        .filter(|g| !skipped.contains(&g.account_id))
        .filter(|g| matches!(g.kind, GapKind::AccessDenied | GapKind::AssumeRoleFailed))
        .collect();
    assert!(
        denied.is_empty(),
        "the example policies miss permissions: {denied:?}"
    );
    assert!(matches!(
        snapshot.organization,
        orgaudit::snapshot::org::OrganizationView::Collected { .. }
    ));
    let collected = snapshot
        .accounts
        .values()
        .filter(|a| !skipped.contains(&a.id))
        .filter(|a| {
            a.iam.credential_report.is_some()
                && a.billing.is_some()
                && a.alternate_contacts.is_some()
        })
        .count();
    assert_eq!(collected, 5, "management + four members read in full");
    // Sandbox's role exists without a policy: denied, proving enforcement was on.
    let sandbox = manifest["account_ids"]["sandbox"].as_str().expect("id");
    assert!(snapshot
        .gaps
        .iter()
        .any(|g| g.account_id == sandbox && g.kind == GapKind::AccessDenied));
}

#[test]
fn stackset_template_grants_exactly_the_audit_role_policy() {
    let template = std::fs::read_to_string(
        crate::common::repo_root().join("examples/audit-role-stackset.yaml"),
    )
    .expect("template");
    let listed: BTreeSet<String> = template
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .filter(|item| {
            let mut parts = item.splitn(2, ':');
            matches!((parts.next(), parts.next()), (Some(svc), Some(op)) if !svc.is_empty() && svc.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && op.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        })
        .map(str::to_string)
        .collect();
    assert_eq!(listed, actions(&example("audit-role-policy.json")));
    let caller = actions(&example("caller-policy.json"));
    assert!(
        listed.is_subset(&caller),
        "the caller reads its own account with the same actions"
    );
}
