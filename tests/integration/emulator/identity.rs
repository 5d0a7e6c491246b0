//! The identity plane against the emulator: the Identity Center instance,
//! permission sets, assignments and identity store, centralised root access
//! and RCPs must be collected exactly as the seeding script built them, with
//! the real SDK clients over HTTP.

use crate::common::Emulator;
use orgaudit::snapshot::identity::{BoundaryState, InlinePolicyState};
use orgaudit::snapshot::Snapshot;
use serde_json::Value;
use std::collections::BTreeSet;

const REGIONS: &str = "us-east-1,eu-west-1";

fn text(v: &Value) -> String {
    v.as_str().expect("a string").to_string()
}

fn collected() -> (Value, Snapshot) {
    let emulator = Emulator::start();
    let manifest = emulator.seed_example();
    let snapshot = emulator.collect("identity", &["--regions", REGIONS]);
    (manifest, snapshot)
}

#[test]
fn identity_plane_is_collected_as_seeded() {
    let (manifest, snapshot) = collected();
    assert!(snapshot.gaps.is_empty(), "{:?}", snapshot.gaps);
    let seeded = &manifest["identity_center"];
    let home = text(&seeded["home_region"]);
    let management = &snapshot.accounts[&text(&seeded["management_account_id"])];

    // One instance, in its home region only; members do not read it.
    let ic = management.identity_center.as_ref().expect("read");
    for region in REGIONS.split(',') {
        let found = ic.regions[region].as_ref().expect("listed");
        assert_eq!(found.len(), usize::from(region == home), "{region}");
    }
    for a in snapshot.accounts.values().filter(|a| !a.is_management) {
        assert!(a.identity_center.is_none(), "{} read Identity Center", a.id);
    }
    let instance = &ic.regions[&home].as_ref().expect("home")[0];
    assert_eq!(instance.instance_arn, text(&seeded["instance_arn"]));
    assert_eq!(
        instance.identity_store_id.as_deref(),
        Some(text(&seeded["identity_store_id"]).as_str())
    );

    // Permission sets with duration, policies and boundary.
    let sets = instance.permission_sets.as_ref().expect("sets");
    let spec_sets = seeded["spec"]["permission_sets"].as_object().expect("spec");
    assert_eq!(sets.len(), spec_sets.len());
    for (name, spec) in spec_sets {
        let set = sets
            .iter()
            .find(|s| s.name.as_deref() == Some(name.as_str()))
            .unwrap_or_else(|| panic!("{name} collected"));
        assert_eq!(set.arn, text(&seeded["permission_sets"][name]));
        assert_eq!(
            set.session_duration.as_deref(),
            spec["session_duration"].as_str()
        );
        let managed: Vec<String> = spec["managed_policies"]
            .as_array()
            .expect("list")
            .iter()
            .map(text)
            .collect();
        assert_eq!(set.managed_policies.as_ref(), Some(&managed), "{name}");
        let customer: Vec<(String, String)> = set
            .customer_managed_policies
            .iter()
            .flatten()
            .map(|r| (r.path.clone(), r.name.clone()))
            .collect();
        let want: Vec<(String, String)> = spec["customer_managed_policies"]
            .as_array()
            .expect("list")
            .iter()
            .map(|r| (text(&r["path"]), text(&r["name"])))
            .collect();
        assert_eq!(customer, want, "{name}");
        match (&set.inline_policy, spec["inline_policy"].is_null()) {
            (Some(InlinePolicyState::Absent), true) => {}
            (Some(InlinePolicyState::Present { document }), false) => {
                assert_eq!(document.parse(), spec["inline_policy"], "{name}");
            }
            other => panic!("{name}: inline policy {other:?}"),
        }
        match (&set.permissions_boundary, &spec["permissions_boundary"]) {
            (Some(BoundaryState::Absent), Value::Null) => {}
            (Some(BoundaryState::Managed { arn }), b) => {
                assert_eq!(
                    arn,
                    b["managed_policy_arn"].as_str().expect("arn"),
                    "{name}"
                );
            }
            other => panic!("{name}: boundary {other:?}"),
        }
    }

    // Every assignment, as (account, set, type, principal id).
    let got: BTreeSet<(String, String, String, String)> = instance
        .assignments
        .iter()
        .flatten()
        .map(|x| {
            (
                x.account_id.clone(),
                x.permission_set_arn.clone(),
                x.principal_type.clone(),
                x.principal_id.clone(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String, String)> = seeded["assignments"]
        .as_array()
        .expect("assignments")
        .iter()
        .map(|x| {
            (
                text(&x["account_id"]),
                text(&x["permission_set_arn"]),
                text(&x["principal_type"]),
                text(&x["principal_id"]),
            )
        })
        .collect();
    assert_eq!(got, want);

    // Users and groups with their members.
    let users = instance.users.as_ref().expect("users");
    for (name, id) in seeded["users"].as_object().expect("users") {
        assert!(
            users
                .iter()
                .any(|u| u.user_id == text(id) && u.user_name.as_deref() == Some(name.as_str())),
            "user {name}"
        );
    }
    let groups = instance.groups.as_ref().expect("groups");
    for (name, members) in seeded["spec"]["groups"].as_object().expect("groups") {
        let group = groups
            .iter()
            .find(|g| g.display_name.as_deref() == Some(name.as_str()))
            .unwrap_or_else(|| panic!("group {name}"));
        let got: BTreeSet<String> = group.members.iter().flatten().cloned().collect();
        let want: BTreeSet<String> = members
            .as_array()
            .expect("members")
            .iter()
            .map(|m| text(&seeded["users"][text(m)]))
            .collect();
        assert_eq!(got, want, "group {name}");
    }

    // Centralised root access and the RCPs.
    let org = snapshot.organization.organization().expect("organisation");
    let features: Vec<String> = manifest["root_access"]["enabled_features"]
        .as_array()
        .expect("features")
        .iter()
        .map(text)
        .collect();
    let mut features = features;
    features.sort();
    assert_eq!(org.iam_features.as_ref(), Some(&features));
    for (name, rcp) in manifest["rcps"]["policies"].as_object().expect("rcps") {
        let id = text(&rcp["id"]);
        let policy = &org.resource_control_policies[&id];
        assert_eq!(&policy.name, name);
        assert!(policy.document.is_some(), "{name} document");
        for target in rcp["targets"].as_array().expect("targets") {
            assert!(
                org.rcp_attachments[&text(target)].contains(&id),
                "{name} on {target}"
            );
        }
    }
    // The AWS managed RCP applies everywhere once the type is on.
    for a in snapshot.accounts.keys() {
        assert!(org.rcp_attachments.contains_key(a), "RCPs of {a} listed");
    }
}
