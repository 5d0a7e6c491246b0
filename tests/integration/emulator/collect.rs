//! The collector against the moto emulator over real HTTP: the snapshot must
//! hold exactly what the seeding script created, denied accounts become gaps,
//! and pagination follows every page.

use crate::common::Emulator;
use orgaudit::snapshot::billing::Billing;
use orgaudit::snapshot::iam::PasswordPolicyState;
use orgaudit::snapshot::org::OrganizationView;
use orgaudit::snapshot::{AccountSnapshot, CollectionOutcome, GapKind, Snapshot};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const REGIONS: &str = "us-east-1,eu-west-1";

fn set<T: Ord + Clone>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    items.into_iter().collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn strs(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn account<'a>(snapshot: &'a Snapshot, manifest: &Value, name: &str) -> &'a AccountSnapshot {
    let id = manifest["account_ids"][name].as_str().expect("account id");
    &snapshot.accounts[id]
}

#[test]
fn snapshot_holds_exactly_the_seeded_organisation() {
    let emulator = Emulator::start();
    let manifest = emulator.seed_example();
    let snapshot = emulator.collect("example", &["--regions", REGIONS]);
    let spec = &manifest["spec"];

    // The organisation: OUs three levels deep, accounts with their OU paths.
    let OrganizationView::Collected { organization } = &snapshot.organization else {
        panic!("organisation not collected: {:?}", snapshot.organization);
    };
    assert_eq!(organization.management_account_id, "123456789012");
    let expected_ous: BTreeSet<String> = strs(&spec["ous"])
        .iter()
        .map(|p| format!("Root/{p}"))
        .collect();
    assert_eq!(
        set(organization.units.iter().map(|u| u.path.clone())),
        expected_ous
    );
    assert_eq!(organization.units.iter().map(|u| u.depth).max(), Some(3));

    let mut expected_ids = strs(&Value::Array(
        manifest["account_ids"]
            .as_object()
            .expect("ids")
            .values()
            .cloned()
            .collect(),
    ));
    expected_ids.insert("123456789012".to_string());
    assert_eq!(set(snapshot.accounts.keys().cloned()), expected_ids);
    let management = &snapshot.accounts["123456789012"];
    assert!(management.is_management);
    assert_eq!(management.collection.access.as_deref(), Some("caller"));

    for (name, acct_spec) in spec["accounts"].as_object().expect("accounts") {
        let a = account(&snapshot, &manifest, name);
        let ou = acct_spec["ou"].as_str().expect("ou");
        let path = if ou.is_empty() {
            "Root".to_string()
        } else {
            format!("Root/{ou}")
        };
        assert_eq!(a.name.as_deref(), Some(name.as_str()));
        assert_eq!(a.ou_path.as_deref(), Some(path.as_str()), "{name} OU path");
        assert_eq!(a.state.as_deref(), Some("ACTIVE"));
        let tags: BTreeMap<String, String> =
            serde_json::from_value(acct_spec["tags"].clone()).expect("tags");
        assert_eq!(a.tags, tags, "{name} tags");
        assert!(!a.is_management);
        assert!(a
            .collection
            .access
            .as_deref()
            .is_some_and(|r| r.ends_with(":role/OrganizationAccountAccessRole")));
        assert_account_matches(name, a, acct_spec, &manifest);
    }

    // SCPs: where they are attached, with their documents.
    let scp_ids = &manifest["scp_ids"];
    let eu = scp_ids["DenyOutsideEU"].as_str().expect("scp id");
    let leave = scp_ids["DenyLeaveOrganization"].as_str().expect("scp id");
    let workloads = manifest["ou_ids"]["Workloads"].as_str().expect("ou");
    let root = manifest["root_id"].as_str().expect("root");
    let sandbox = manifest["account_ids"]["sandbox"]
        .as_str()
        .expect("sandbox");
    assert!(organization.attachments[workloads].contains(&eu.to_string()));
    assert!(organization.attachments[root].contains(&leave.to_string()));
    assert!(organization.attachments[sandbox].contains(&leave.to_string()));
    assert_eq!(
        organization.policies[eu]
            .document
            .as_ref()
            .map(|d| d.parse()["Statement"][0]["Condition"].clone()),
        Some(spec["scps"]["DenyOutsideEU"]["document"]["Statement"][0]["Condition"].clone())
    );
    assert!(organization.policies["p-FullAWSAccess"].aws_managed);

    // Budgets: prod-data's own, and the management account's LinkedAccount budget.
    let budget_names = |a: &AccountSnapshot| -> BTreeSet<String> {
        a.budgets
            .as_ref()
            .expect("budgets collected")
            .iter()
            .map(|b| b.name.clone())
            .collect()
    };
    for (name, acct_spec) in spec["accounts"].as_object().expect("accounts") {
        let expected: BTreeSet<String> = acct_spec["budgets"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|b| b["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            budget_names(account(&snapshot, &manifest, name)),
            expected,
            "{name} budgets"
        );
    }
    let payer = &snapshot.accounts["123456789012"];
    let budgets = payer.budgets.as_ref().expect("management budgets");
    assert_eq!(budgets.len(), 1);
    let dev_id = manifest["account_ids"]["dev"]
        .as_str()
        .expect("dev")
        .to_string();
    assert_eq!(
        budgets[0].cost_filters.get("LinkedAccount"),
        Some(&vec![dev_id])
    );
    let notification = &budgets[0].notifications.as_ref().expect("notifications")[0];
    assert_eq!(notification.threshold, 80.0);
    let subscribers = notification.subscribers.as_ref().expect("subscribers");
    assert_eq!(subscribers[0].address, "finance@example.com");

    // Every API answered, DescribeDeliveryChannelStatus (served by the front) included.
    assert!(
        snapshot.gaps.is_empty(),
        "unexpected gaps: {:?}",
        snapshot.gaps
    );
    for a in snapshot.accounts.values() {
        assert!(a.api.calls > 0 && a.api.requests >= a.api.calls);
        assert_eq!(a.api.throttles, 0);
    }
}

fn assert_account_matches(name: &str, a: &AccountSnapshot, spec: &Value, manifest: &Value) {
    let users = &spec["users"];
    let report = a.iam.credential_report.as_ref().expect("credential report");
    assert_eq!(
        set(report.users().map(|r| r.user.clone())),
        keys(users),
        "{name} report users"
    );
    for row in report.users() {
        let u = &users[&row.user];
        assert_eq!(
            row.password_enabled.as_ref().and_then(|b| b.value()),
            u["password"].as_bool(),
            "{name}/{} password",
            row.user
        );
        assert_eq!(
            row.mfa_active.as_ref().and_then(|b| b.value()),
            u["mfa"].as_bool(),
            "{name}/{} mfa",
            row.user
        );
        let active_keys = row
            .access_keys
            .iter()
            .filter(|k| k.active.as_ref().and_then(|b| b.value()) == Some(true))
            .count() as u64;
        assert_eq!(
            Some(active_keys),
            u["keys"].as_u64(),
            "{name}/{} keys",
            row.user
        );
    }

    let details = a
        .iam
        .authorization_details
        .as_ref()
        .expect("authorization details");
    assert_eq!(
        set(details.users.iter().map(|u| u.name.clone())),
        keys(users)
    );
    for user in &details.users {
        let u = &users[&user.name];
        assert_eq!(
            set(user.groups.clone()),
            strs(&u["groups"]),
            "{name}/{} groups",
            user.name
        );
        assert_eq!(
            set(user.inline_policies.iter().map(|p| p.name.clone())),
            keys(&u["inline"])
        );
        for p in &user.inline_policies {
            assert_eq!(
                p.document.as_ref().map(|d| d.parse()),
                Some(u["inline"][&p.name].clone()),
                "decoded inline document"
            );
        }
        assert_eq!(
            set(user.attached_policies.iter().map(|p| p.name.clone())),
            strs(&u["attached"])
        );
    }
    assert_eq!(
        set(details.groups.iter().map(|g| g.name.clone())),
        keys(&spec["groups"])
    );
    for group in &details.groups {
        let g = &spec["groups"][&group.name];
        assert_eq!(
            set(group.inline_policies.iter().map(|p| p.name.clone())),
            keys(&g["inline"])
        );
        assert_eq!(
            set(group.attached_policies.iter().map(|p| p.name.clone())),
            strs(&g["attached"])
        );
    }
    let local: BTreeSet<String> = details
        .policies
        .iter()
        .filter(|p| !p.aws_managed)
        .map(|p| p.name.clone())
        .collect();
    let mut want_local = keys(&spec["managed_policies"]);
    want_local.extend(keys(
        &manifest["identity_center"]["customer_managed_policies"][name],
    ));
    assert_eq!(local, want_local, "{name} managed policies");
    for p in details
        .policies
        .iter()
        .filter(|p| !p.aws_managed && spec["managed_policies"].get(&p.name).is_some())
    {
        assert_eq!(
            p.default_document.as_ref().map(|d| d.parse()),
            Some(spec["managed_policies"][&p.name].clone())
        );
    }
    let mut expected_roles = keys(&spec["roles"]);
    expected_roles.insert("OrganizationAccountAccessRole".to_string());
    if let Some(sso) = manifest["identity_center"]["roles"][name].as_object() {
        expected_roles.extend(
            sso.values()
                .map(|r| r["name"].as_str().expect("role").to_string()),
        );
    }
    assert_eq!(
        set(details.roles.iter().map(|r| r.name.clone())),
        expected_roles,
        "{name} roles"
    );
    for role in details
        .roles
        .iter()
        .filter(|r| spec["roles"].get(&r.name).is_some())
    {
        let r = &spec["roles"][&role.name];
        let trusted = r["trusted_account"].as_str().expect("trusted");
        let trusted_id = manifest["account_ids"][trusted].as_str().unwrap_or(trusted);
        let trust = role
            .assume_role_policy
            .as_ref()
            .expect("trust policy")
            .parse();
        assert_eq!(
            trust["Statement"][0]["Principal"]["AWS"],
            format!("arn:aws:iam::{trusted_id}:root")
        );
        assert_eq!(
            trust["Statement"][0]["Condition"]["Bool"]["aws:MultiFactorAuthPresent"].as_str()
                == Some("true"),
            r["require_mfa"].as_bool() == Some(true)
        );
    }

    let mfa_users: BTreeSet<String> = users
        .as_object()
        .expect("users")
        .iter()
        .filter(|(_, u)| u["mfa"].as_bool() == Some(true))
        .map(|(n, _)| format!("arn:aws:iam::{}:user/{n}", a.id))
        .collect();
    let devices = a.iam.virtual_mfa_devices.as_ref().expect("mfa devices");
    assert_eq!(
        set(devices.iter().filter_map(|d| d.user_arn.clone())),
        mfa_users
    );

    match (&a.iam.password_policy, spec["password_policy"].as_object()) {
        (Some(PasswordPolicyState::Absent), None) => {}
        (Some(PasswordPolicyState::Present { policy }), Some(p)) => {
            assert_eq!(
                policy.minimum_password_length.map(i64::from),
                p["MinimumPasswordLength"].as_i64()
            );
            assert_eq!(
                policy.password_reuse_prevention.map(i64::from),
                p.get("PasswordReusePrevention").and_then(Value::as_i64)
            );
        }
        other => panic!("{name}: password policy {other:?}"),
    }
    let aliases = a.iam.account_aliases.clone().expect("aliases");
    assert_eq!(
        aliases,
        spec["alias"]
            .as_str()
            .map(str::to_string)
            .into_iter()
            .collect::<Vec<_>>()
    );

    assert_billing(
        name,
        a.billing.as_ref().expect("billing"),
        &spec["billing_alarms"],
    );

    let recorded: BTreeSet<String> = a
        .config
        .iter()
        .filter(|(_, c)| c.recorders.as_ref().is_some_and(|r| !r.is_empty()))
        .map(|(r, _)| r.clone())
        .collect();
    assert_eq!(
        recorded,
        strs(&spec["config_regions"]),
        "{name} config regions"
    );
    for region in &recorded {
        let c = &a.config[region];
        assert_eq!(
            c.recorder_statuses.as_ref().map(|s| s[0].recording),
            Some(Some(true))
        );
        assert_eq!(c.delivery_channels.as_ref().map(Vec::len), Some(1));
        // The seeded bucket exists, so the front reports a delivered history.
        assert_eq!(
            c.delivery_channel_statuses
                .as_ref()
                .and_then(|s| s.first())
                .and_then(|s| s.last_history_status.as_deref()),
            Some("Success"),
            "{name} {region}"
        );
        assert_eq!(
            c.recorders.as_ref().map(|r| r[0].all_supported),
            Some(Some(true))
        );
    }
    assert_eq!(
        set(a.config.keys().cloned()),
        set(REGIONS.split(',').map(str::to_string))
    );

    let contacts = a.alternate_contacts.as_ref().expect("contacts");
    let set_contacts: BTreeMap<String, String> = contacts
        .iter()
        .filter_map(|(k, c)| Some((k.clone(), c.as_ref()?.email.clone()?)))
        .collect();
    let expected: BTreeMap<String, String> =
        serde_json::from_value(spec["contacts"].clone()).expect("contacts");
    assert_eq!(set_contacts, expected, "{name} contacts");
    assert_eq!(contacts.len(), 3, "all three contact types are read");
}

fn assert_billing(name: &str, billing: &Billing, spec: &Value) {
    let spec = spec.as_array().expect("alarms");
    assert_eq!(billing.region, "us-east-1");
    assert_eq!(
        set(billing
            .alarms
            .iter()
            .map(|a| (a.name.clone(), a.kind.clone()))),
        set(spec.iter().map(|a| (
            a["name"].as_str().unwrap_or_default().to_string(),
            a["kind"].as_str().unwrap_or_default().to_string()
        ))),
        "{name}: billing alarms (the EC2 alarm must be ignored)"
    );
    for alarm in &billing.alarms {
        let s = spec
            .iter()
            .find(|s| s["name"] == alarm.name.as_str())
            .expect("spec alarm");
        assert_eq!(alarm.threshold, Some(100.0));
        assert_eq!(
            alarm.dimensions.get("Currency").map(String::as_str),
            Some("USD")
        );
        match s["topic"].as_str() {
            None => assert!(alarm.alarm_actions.is_empty()),
            Some(topic) => {
                assert_eq!(alarm.alarm_actions.len(), 1);
                let arn = &alarm.alarm_actions[0];
                assert!(arn.ends_with(&format!(":{topic}")));
                let subs = &billing.topics[arn];
                assert_eq!(
                    set(subs.iter().filter_map(|s| s.endpoint.clone())),
                    strs(&s["subscribers"])
                );
                assert!(subs.iter().all(|s| s.protocol.as_deref() == Some("email")));
            }
        }
    }
}

#[test]
fn denied_account_becomes_gaps_while_the_others_complete() {
    let emulator = Emulator::start();
    let manifest = emulator.seed_example();
    emulator.enforce_iam();
    let runner = &manifest["runner"];
    let out = emulator.dir.path().join("auth.json");
    let assert = emulator
        .orgaudit_as_runner(&manifest)
        .args(["collect", "--regions", "us-east-1", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let secret = runner["secret_access_key"].as_str().expect("secret");
    assert!(!stderr.contains(secret));
    let text = std::fs::read_to_string(&out).expect("snapshot");
    assert!(!text.contains(secret), "no secret key in the snapshot");
    let snapshot = crate::common::load(&out);

    // The sandbox audit role has no policy: every API is AccessDenied.
    let sandbox = account(&snapshot, &manifest, "sandbox");
    assert_eq!(sandbox.collection.outcome, CollectionOutcome::Partial);
    let sandbox_gaps: Vec<_> = snapshot
        .gaps
        .iter()
        .filter(|g| g.account_id == sandbox.id)
        .collect();
    let denied_apis = set(sandbox_gaps
        .iter()
        .filter(|g| g.kind == GapKind::AccessDenied)
        .map(|g| g.api.clone()));
    for api in [
        "GenerateCredentialReport",
        "GetAccountSummary",
        "GetAccountPasswordPolicy",
        "GetAccountAuthorizationDetails",
        "ListVirtualMFADevices",
        "ListAccountAliases",
        "DescribeAlarms",
        "DescribeConfigurationRecorders",
    ] {
        assert!(
            denied_apis.contains(api),
            "sandbox {api} should be an AccessDenied gap: {sandbox_gaps:?}"
        );
    }
    assert!(sandbox.iam.credential_report.is_none() && sandbox.iam.authorization_details.is_none());
    assert!(
        sandbox.billing.is_none(),
        "denied data is absent, not empty"
    );

    // The runner may not assume a role in `legacy`: one gap, nothing read.
    let legacy = account(&snapshot, &manifest, "legacy");
    assert_eq!(legacy.collection.outcome, CollectionOutcome::Failed);
    let legacy_gaps: Vec<_> = snapshot
        .gaps
        .iter()
        .filter(|g| g.account_id == legacy.id)
        .collect();
    assert_eq!(legacy_gaps.len(), 1, "{legacy_gaps:?}");
    assert_eq!(legacy_gaps[0].kind, GapKind::AssumeRoleFailed);
    assert_eq!(legacy_gaps[0].api, "AssumeRole");
    assert!(legacy.iam.credential_report.is_none());

    // Everyone else is read in full, billing alarms (CBOR, re-signed) included.
    for name in ["security-tooling", "prod-web", "prod-data", "dev"] {
        let a = account(&snapshot, &manifest, name);
        let other: Vec<_> = snapshot
            .gaps
            .iter()
            .filter(|g| g.account_id == a.id)
            .collect();
        assert!(other.is_empty(), "{name} has gaps: {other:?}");
        assert_eq!(
            set(a
                .iam
                .credential_report
                .as_ref()
                .expect("report")
                .users()
                .map(|r| r.user.clone())),
            keys(&manifest["spec"]["accounts"][name]["users"])
        );
        assert!(a.billing.is_some());
    }
    assert_eq!(
        account(&snapshot, &manifest, "prod-web")
            .billing
            .as_ref()
            .map(|b| b.alarms.len()),
        Some(1)
    );
}

#[test]
fn small_pages_are_all_followed() {
    let emulator = Emulator::start();
    let manifest = emulator.seed_example();
    let whole = emulator.collect("whole", &["--regions", "us-east-1"]);
    let paged = emulator.collect("paged", &["--regions", "us-east-1", "--page-size", "1"]);
    // Same facts either way...
    let OrganizationView::Collected { organization: a } = &whole.organization else {
        panic!()
    };
    let OrganizationView::Collected { organization: b } = &paged.organization else {
        panic!()
    };
    assert_eq!(a.units, b.units);
    assert_eq!(a.attachments, b.attachments);
    assert_eq!(set(whole.accounts.keys()), set(paged.accounts.keys()));
    // Assuming the audit role updates its last-used time between the runs.
    let roles_unused = |s: &Snapshot| {
        let mut s = s.clone();
        for a in s.accounts.values_mut() {
            if let Some(d) = a.iam.authorization_details.as_mut() {
                d.roles.iter_mut().for_each(|r| r.last_used = None);
            }
        }
        s
    };
    let (whole, paged) = (roles_unused(&whole), roles_unused(&paged));
    for (id, x) in &whole.accounts {
        let y = &paged.accounts[id];
        assert_eq!((&x.ou_path, &x.tags), (&y.ou_path, &y.tags));
        assert_eq!(x.iam.authorization_details, y.iam.authorization_details);
        assert_eq!(x.iam.virtual_mfa_devices, y.iam.virtual_mfa_devices);
        assert_eq!(x.billing, y.billing);
    }
    // ...but fetched one item per page: 7 accounts take 7 ListAccounts pages.
    assert_eq!(paged.accounts.len(), 7);
    assert!(
        paged.organization_api.calls >= whole.organization_api.calls + 6,
        "paged {} vs whole {}",
        paged.organization_api.calls,
        whole.organization_api.calls
    );
    let _ = manifest;
}

#[test]
fn caller_outside_an_organisation_collects_its_own_account() {
    let emulator = Emulator::start();
    let snapshot = emulator.collect("alone", &["--regions", "us-east-1"]);
    assert!(matches!(
        snapshot.organization,
        OrganizationView::NotInOrganization { .. }
    ));
    assert_eq!(
        set(snapshot.accounts.keys().cloned()),
        set(["123456789012".to_string()])
    );
    let only = &snapshot.accounts["123456789012"];
    assert_eq!(only.collection.access.as_deref(), Some("caller"));
    assert!(only.iam.credential_report.is_some());
}

#[test]
fn unreachable_endpoint_is_an_error_and_writes_nothing() {
    let emulator = Emulator::start();
    let dead = format!("http://127.0.0.1:{}", {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    });
    let out = emulator.dir.path().join("never.json");
    let assert = emulator
        .orgaudit()
        .env("ORGAUDIT_ENDPOINT_URL", &dead)
        .args([
            "collect",
            "--max-attempts",
            "1",
            "--call-timeout",
            "2",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("cannot identify the caller"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn unwritable_output_is_an_error_naming_the_path() {
    let emulator = Emulator::start();
    let out = emulator.dir.path().join("missing-dir/snapshot.json");
    let assert = emulator
        .orgaudit()
        .args(["collect", "--regions", "us-east-1", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("missing-dir/snapshot.json"), "{stderr}");
}

#[test]
fn cloudwatch_speaks_cbor_through_the_emulator_front() {
    let emulator = Emulator::start();
    let _ = emulator.seed_example();
    let before = emulator.stats()["by_service"]["monitoring"]
        .as_u64()
        .unwrap_or(0);
    let snapshot = emulator.collect("cw", &["--regions", "us-east-1"]);
    let after = emulator.stats()["by_service"]["monitoring"]
        .as_u64()
        .unwrap_or(0);
    // One DescribeAlarms per collected account, all answered.
    let collected = snapshot
        .accounts
        .values()
        .filter(|a| a.billing.is_some())
        .count() as u64;
    assert_eq!(collected, 7);
    assert_eq!(after - before, collected);
    assert!(snapshot.gaps.iter().all(|g| g.service != "cloudwatch"));
}

/// Every security-service answer the emulator serves, parsed by the real
/// SDK clients into exactly what the seeding created.
#[test]
fn security_services_are_collected_as_seeded() {
    let emulator = Emulator::start();
    let manifest = emulator.seed_example();
    let snapshot = emulator.collect("security", &["--regions", REGIONS]);
    let seeded = &manifest["security_services"];
    let id = |name: &str| {
        manifest["account_ids"][name]
            .as_str()
            .expect("id")
            .to_string()
    };
    let management = "123456789012";
    let admin = seeded["guardduty"]["admin"].as_str().expect("admin");
    assert!(snapshot.gaps.is_empty(), "{:?}", snapshot.gaps);

    // Organisation: the delegated administrator and trusted services.
    let organization = snapshot.organization.organization().expect("organisation");
    let delegated = organization
        .delegated_administrators
        .as_ref()
        .expect("delegated");
    assert_eq!(delegated.len(), 1);
    assert_eq!(delegated[0].account_id, id(admin));
    assert_eq!(
        set(delegated[0].services.clone().expect("services")),
        set(strs(&seeded["spec"]["delegated_services"]))
    );
    let trusted: BTreeSet<String> = [
        &seeded["spec"]["trusted_services"],
        &manifest["identity_center"]["spec"]["trusted_services"],
        &manifest["root_access"]["spec"]["trusted_services"],
    ]
    .into_iter()
    .flat_map(strs)
    .collect();
    assert_eq!(
        set(organization.service_access.clone().expect("trusted")),
        trusted
    );

    // CloudTrail: the organisation trail, read at home with status and
    // selectors, and seen (as AWS shows it) in every member and region.
    let org_trail = &seeded["cloudtrail"]["org_trail"];
    let arn = org_trail["arn"].as_str().expect("trail arn");
    for a in snapshot.accounts.values() {
        for region in REGIONS.split(',') {
            let trails = a.security[region].cloudtrail.as_ref().expect("trails");
            let t = trails
                .iter()
                .find(|t| t.arn == arn)
                .expect("org trail seen");
            assert_eq!(t.owner_account.as_deref(), Some(management));
            assert_eq!(
                (t.is_multi_region, t.is_organization_trail),
                (Some(true), Some(true))
            );
            let at_home = a.id == management && region == "us-east-1";
            assert_eq!(t.is_logging.is_some(), at_home, "{} {region}", a.id);
        }
    }
    let home = snapshot.accounts[management].security["us-east-1"]
        .cloudtrail
        .as_ref()
        .expect("trails");
    let t = home.iter().find(|t| t.arn == arn).expect("org trail");
    assert_eq!(
        (t.is_logging, t.management_events_all, t.log_file_validation),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(t.kms_key_id.as_deref(), org_trail["kms_key_id"].as_str());
    assert_eq!(
        t.s3_bucket_name.as_deref(),
        Some("example-org-cloudtrail-logs")
    );
    assert!(snapshot.accounts[&id(admin)]
        .s3_buckets
        .iter()
        .flatten()
        .any(|b| b == "example-org-cloudtrail-logs"));
    let dev_local = snapshot.accounts[&id("dev")].security["eu-west-1"]
        .cloudtrail
        .as_ref()
        .expect("trails")
        .iter()
        .find(|t| t.name == "dev-local")
        .expect("dev-local")
        .clone();
    assert_eq!(
        (
            dev_local.is_multi_region,
            dev_local.is_logging,
            dev_local.log_file_validation
        ),
        (Some(false), Some(false), Some(false))
    );

    // GuardDuty: detectors as seeded; the administrator as the management
    // account names it, with its configuration and members.
    let detectors = seeded["guardduty"]["detectors"]
        .as_object()
        .expect("detectors");
    for (name, per_region) in detectors {
        for (region, d) in per_region.as_object().expect("regions") {
            let got = &snapshot.accounts[&id(name)].security[region]
                .guardduty
                .as_ref()
                .expect("guardduty")
                .detectors;
            assert_eq!(got.len(), 1, "{name} {region}");
            assert_eq!(Some(got[0].id.as_str()), d["id"].as_str());
            assert_eq!(got[0].status.as_deref(), d["status"].as_str());
        }
    }
    let members = set(strs(&seeded["guardduty"]["members"]).iter().map(|n| id(n)));
    for region in REGIONS.split(',') {
        let m = snapshot.accounts[management].security[region]
            .guardduty
            .as_ref()
            .expect("guardduty");
        let admins = m.admin_accounts.as_ref().expect("admins");
        assert_eq!(admins.len(), 1);
        assert_eq!(admins[0].account_id, id(admin));
        let org = snapshot.accounts[&id(admin)].security[region]
            .guardduty
            .as_ref()
            .and_then(|g| g.organization.as_ref())
            .expect("administrator's view");
        assert_eq!(org.auto_enable.as_deref(), Some("ALL"));
        assert_eq!(
            set(org.members.iter().map(|m| m.account_id.clone())),
            members
        );
        assert!(org
            .members
            .iter()
            .all(|m| m.status.as_deref() == Some("Enabled")));
        // Security Hub likewise, and the hubs with their standards.
        let hub_admins = snapshot.accounts[management].security[region]
            .securityhub
            .as_ref()
            .and_then(|s| s.admin_accounts.as_ref())
            .expect("hub admins");
        assert_eq!(hub_admins[0].account_id, id(admin));
        let hub_org = snapshot.accounts[&id(admin)].security[region]
            .securityhub
            .as_ref()
            .and_then(|s| s.organization.as_ref())
            .expect("hub administrator's view");
        assert_eq!(hub_org.auto_enable, Some(true));
        assert_eq!(
            set(hub_org.members.iter().map(|m| m.account_id.clone())),
            members
        );
    }
    let hubs = seeded["securityhub"]["hubs"].as_object().expect("hubs");
    for (name, per_region) in hubs {
        for (region, h) in per_region.as_object().expect("regions") {
            let got = snapshot.accounts[&id(name)].security[region]
                .securityhub
                .as_ref()
                .expect("hub");
            assert!(got.enabled);
            assert_eq!(got.hub_arn.as_deref(), h["hub_arn"].as_str());
            let standards = got.standards.as_ref().expect("standards");
            assert_eq!(
                set(standards.iter().map(|s| s.standards_arn.clone())),
                set(strs(&h["standards"]))
            );
            assert!(standards
                .iter()
                .all(|s| s.status.as_deref() == Some("READY")));
        }
    }
    let sandbox = snapshot.accounts[&id("sandbox")].security["us-east-1"]
        .securityhub
        .as_ref()
        .expect("hub");
    assert!(!sandbox.enabled, "not subscribed is a fact, not a gap");

    // Access Analyzer: analyzers where they were created; the organisation
    // analyzer's ACTIVE findings (not the archived one) with their owners.
    let analyzers = seeded["access_analyzer"]["analyzers"]
        .as_object()
        .expect("analyzers");
    for (name, per_region) in analyzers {
        for (region, list) in per_region.as_object().expect("regions") {
            let got = snapshot.accounts[&id(name)].security[region]
                .access_analyzer
                .as_ref()
                .expect("analyzers");
            let want = list.as_array().expect("list");
            assert_eq!(got.len(), want.len());
            assert_eq!(Some(got[0].arn.as_str()), want[0]["arn"].as_str());
            assert_eq!(Some(got[0].kind.as_str()), want[0]["type"].as_str());
            assert_eq!(got[0].status.as_deref(), Some("ACTIVE"));
        }
    }
    let org_analyzer = &snapshot.accounts[&id(admin)].security["us-east-1"]
        .access_analyzer
        .as_ref()
        .expect("analyzers")[0];
    let found = org_analyzer.active_findings.as_ref().expect("findings");
    let active: Vec<&Value> = seeded["access_analyzer"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["status"] == "ACTIVE")
        .collect();
    assert_eq!(found.len(), active.len());
    for want in active {
        let got = found
            .iter()
            .find(|f| Some(f.id.as_str()) == want["id"].as_str())
            .expect("finding");
        let owner = want["owner"].as_str().expect("owner");
        assert_eq!(
            got.resource_owner_account.as_deref(),
            Some(id(owner).as_str())
        );
        assert_eq!(got.resource.as_deref(), want["resource"].as_str());
        let created: jiff::Timestamp = want["created_at"]
            .as_str()
            .expect("created")
            .parse()
            .expect("timestamp");
        assert_eq!(got.created_at, Some(created));
    }
}
