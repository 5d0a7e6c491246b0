//! What checks see: per account, one JSON view of the account and one per
//! resource of each scope, built once from the snapshot and shared by every
//! check. Values AWS could not state (sentinels, unparseable cells) are left
//! out, so a condition that needs them fails to evaluate: UNKNOWN, not PASS.

use super::definition::Scope;
use crate::snapshot::credential_report::{CredentialReportRow, ReportBool, ReportTime};
use crate::snapshot::iam::{AuthorizationDetails, InlinePolicy, PasswordPolicyState};
use crate::snapshot::org::Organization;
use crate::snapshot::{AccountSnapshot, Snapshot};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// One item a check iterates over.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Stable identifier (an ARN where AWS has one).
    pub id: Arc<str>,
    /// Human-readable name for messages and reports.
    pub name: Arc<str>,
    pub region: Option<Arc<str>>,
    /// JSON pointer into the snapshot where the evidence lives.
    pub pointer: Arc<str>,
    pub value: Value,
}

fn time_text(t: &Option<ReportTime>) -> Option<Value> {
    t.as_ref()
        .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
}

fn known_bool(b: &Option<ReportBool>) -> Option<bool> {
    b.as_ref().and_then(ReportBool::value)
}

fn insert_opt(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

/// A credential-report row as checks see it: booleans only when known,
/// times as AWS wrote them (dates or sentinels; use `is_date`).
fn report_row(row: &CredentialReportRow) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), json!(row.user));
    m.insert("arn".into(), json!(row.arn));
    insert_opt(&mut m, "created", time_text(&row.user_creation_time));
    insert_opt(
        &mut m,
        "password_enabled",
        known_bool(&row.password_enabled).map(Value::Bool),
    );
    insert_opt(
        &mut m,
        "password_last_used",
        time_text(&row.password_last_used),
    );
    insert_opt(
        &mut m,
        "password_last_changed",
        time_text(&row.password_last_changed),
    );
    insert_opt(
        &mut m,
        "mfa_active",
        known_bool(&row.mfa_active).map(Value::Bool),
    );
    let keys: Vec<Value> = row
        .access_keys
        .iter()
        .map(|k| {
            let mut km = Map::new();
            km.insert("slot".into(), json!(k.slot));
            insert_opt(&mut km, "active", known_bool(&k.active).map(Value::Bool));
            insert_opt(&mut km, "last_rotated", time_text(&k.last_rotated));
            insert_opt(&mut km, "last_used_date", time_text(&k.last_used_date));
            Value::Object(km)
        })
        .collect();
    let known = row
        .access_keys
        .iter()
        .all(|k| known_bool(&k.active).is_some());
    if known {
        let active = row
            .access_keys
            .iter()
            .filter(|k| known_bool(&k.active) == Some(true))
            .count();
        m.insert("active_keys".into(), json!(active));
    }
    m.insert("access_keys".into(), Value::Array(keys));
    m
}

/// IAM policy statements normalised: `Statement`, `Action`, `Resource` and
/// principals may each be a single value or a list in AWS documents.
pub fn statements(document: Option<&Value>) -> Value {
    let list = |v: Option<&Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => vec![other.clone()],
        }
    };
    let raw = document.and_then(|d| d.get("Statement"));
    let normalised: Vec<Value> = list(raw)
        .iter()
        .map(|s| {
            let principal = s.get("Principal");
            let principal_all = principal == Some(&json!("*"))
                || principal.and_then(|p| p.get("AWS")) == Some(&json!("*"));
            let condition_keys: Vec<Value> = s
                .get("Condition")
                .and_then(Value::as_object)
                .map(|ops| {
                    ops.values()
                        .filter_map(Value::as_object)
                        .flat_map(|keys| keys.keys().map(|k| json!(k.to_ascii_lowercase())))
                        .collect()
                })
                .unwrap_or_default();
            // Values of `aws:RequestedRegion` conditions (SCP region guardrails).
            let requested_regions: Vec<Value> = s
                .get("Condition")
                .and_then(Value::as_object)
                .map(|ops| {
                    ops.values()
                        .filter_map(Value::as_object)
                        .flat_map(|keys| keys.iter())
                        .filter(|(k, _)| k.eq_ignore_ascii_case("aws:RequestedRegion"))
                        .flat_map(|(_, v)| list(Some(v)))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "requested_regions": requested_regions,
                "effect": s.get("Effect").and_then(Value::as_str).unwrap_or(""),
                "actions": list(s.get("Action")),
                "not_actions": list(s.get("NotAction")),
                "resources": list(s.get("Resource")),
                "not_resources": list(s.get("NotResource")),
                "principals_aws": list(principal.and_then(|p| p.get("AWS"))),
                "principals_service": list(principal.and_then(|p| p.get("Service"))),
                "principal_all": principal_all,
                "condition_keys": condition_keys,
                "condition": s.get("Condition").cloned().unwrap_or(Value::Null),
            })
        })
        .collect();
    Value::Array(normalised)
}

/// Does a policy document allow every action on every resource?
pub fn grants_full_admin(document: Option<&Value>) -> bool {
    let star = json!("*");
    statements(document).as_array().is_some_and(|list| {
        list.iter().any(|s| {
            s["effect"] == "Allow"
                && s["actions"].as_array().is_some_and(|a| a.contains(&star))
                && s["resources"].as_array().is_some_and(|r| r.contains(&star))
        })
    })
}

/// Which managed policies and groups grant full admin, computed once per
/// account so each user is a set lookup.
struct AdminIndex<'a> {
    managed: std::collections::HashSet<&'a str>,
    groups: std::collections::HashSet<&'a str>,
}

fn inline_admin(list: &[InlinePolicy]) -> bool {
    list.iter().any(|p| grants_full_admin(p.document.as_ref()))
}

fn aws_admin(arn: &str) -> bool {
    arn.ends_with(":iam::aws:policy/AdministratorAccess")
}

impl<'a> AdminIndex<'a> {
    fn new(d: &'a AuthorizationDetails) -> Self {
        let managed: std::collections::HashSet<&str> = d
            .policies
            .iter()
            .filter(|p| aws_admin(&p.arn) || grants_full_admin(p.default_document.as_ref()))
            .map(|p| p.arn.as_str())
            .collect();
        let groups = d
            .groups
            .iter()
            .filter(|g| {
                inline_admin(&g.inline_policies)
                    || g.attached_policies
                        .iter()
                        .any(|p| managed.contains(p.arn.as_str()) || aws_admin(&p.arn))
            })
            .map(|g| g.name.as_str())
            .collect();
        AdminIndex { managed, groups }
    }

    /// Whether a user holds a full-admin policy directly or through a group.
    fn user_is_admin(&self, user: &crate::snapshot::iam::IamUser) -> bool {
        inline_admin(&user.inline_policies)
            || user
                .attached_policies
                .iter()
                .any(|p| self.managed.contains(p.arn.as_str()) || aws_admin(&p.arn))
            || user.groups.iter().any(|g| self.groups.contains(g.as_str()))
    }
}

/// Drop null-valued keys, so `has()` means "AWS said something".
fn compact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, compact(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}

/// SCPs attached to the account and every container above it.
/// The account and every container above it, innermost first: the targets
/// whose SCPs apply to the account.
fn policy_targets(org: &Organization, account: &AccountSnapshot) -> Vec<String> {
    let mut targets = vec![account.id.clone()];
    let mut parent = account.parent_id.clone();
    while let Some(p) = parent {
        targets.push(p.clone());
        parent = org
            .units
            .iter()
            .find(|u| u.id == p)
            .map(|u| u.parent_id.clone());
    }
    targets
}

fn scps_on_path(org: &Organization, account: &AccountSnapshot) -> Option<Value> {
    let targets = policy_targets(org, account);
    let mut out = Vec::new();
    for target in &targets {
        let ids = org.attachments.get(target)?;
        for id in ids {
            let policy = org.policies.get(id);
            out.push(json!({
                "id": id,
                "target": target,
                "name": policy.map(|p| p.name.clone()),
                "aws_managed": policy.map(|p| p.aws_managed),
                "statements": statements(policy.and_then(|p| p.document.as_ref())),
            }));
        }
    }
    Some(Value::Array(out))
}

/// The `account` variable.
pub fn account_view(snapshot: &Snapshot, a: &AccountSnapshot) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(a.id));
    m.insert("name".into(), json!(a.name.clone().unwrap_or_default()));
    m.insert("partition".into(), json!(snapshot.caller.partition));
    m.insert("is_management".into(), json!(a.is_management));
    insert_opt(&mut m, "state", a.state.clone().map(Value::String));
    insert_opt(&mut m, "ou_path", a.ou_path.clone().map(Value::String));
    m.insert("tags".into(), json!(a.tags));
    let org = snapshot.organization.organization();
    // Unknown (absent) when the organisation could not be described.
    use crate::snapshot::org::OrganizationView as View;
    match &snapshot.organization {
        View::Collected { .. }
        | View::NotPermitted {
            organization: Some(_),
            ..
        } => {
            m.insert("in_organization".into(), json!(true));
        }
        View::NotInOrganization { .. } => {
            m.insert("in_organization".into(), json!(false));
        }
        View::NotPermitted {
            organization: None, ..
        } => {}
    }
    if let Some(org) = org {
        m.insert(
            "management_account_id".into(),
            json!(org.management_account_id),
        );
        m.insert("feature_set".into(), json!(org.feature_set));
        if let Some(parent) = &a.parent_id {
            let is_root = org.roots.iter().any(|r| &r.id == parent);
            m.insert("parent_is_root".into(), json!(is_root));
        }
        let scp_enabled = org.roots.iter().any(|r| {
            r.policy_types
                .get("SERVICE_CONTROL_POLICY")
                .map(String::as_str)
                == Some("ENABLED")
        });
        m.insert("scp_enabled".into(), json!(scp_enabled));
        insert_opt(&mut m, "scps", scps_on_path(org, a));
    }
    if let Some(summary) = &a.iam.account_summary {
        m.insert("summary".into(), json!(summary));
    }
    if let Some(policy) = &a.iam.password_policy {
        let view = match policy {
            PasswordPolicyState::Absent => json!({"present": false}),
            PasswordPolicyState::Present { policy } => {
                let mut v = serde_json::to_value(policy).unwrap_or(Value::Null);
                if let Value::Object(o) = &mut v {
                    o.retain(|_, v| !v.is_null());
                    o.insert("present".into(), json!(true));
                }
                v
            }
        };
        m.insert("password_policy".into(), view);
    }
    if let Some(report) = &a.iam.credential_report {
        if let Some(root) = report.root() {
            m.insert("root".into(), Value::Object(report_row(root)));
        }
        m.insert("user_count".into(), json!(report.users().count()));
        let console = report
            .users()
            .filter(|r| known_bool(&r.password_enabled) == Some(true))
            .count();
        m.insert("console_user_count".into(), json!(console));
        m.insert("report_generated".into(), json!(report.generated_time));
    }
    if let Some(devices) = &a.iam.virtual_mfa_devices {
        let root_arn = format!("arn:{}:iam::{}:root", snapshot.caller.partition, a.id);
        let root_virtual = devices
            .iter()
            .any(|d| d.user_arn.as_deref() == Some(root_arn.as_str()));
        m.insert("root_virtual_mfa".into(), json!(root_virtual));
    }
    if let Some(aliases) = &a.iam.account_aliases {
        m.insert("aliases".into(), json!(aliases));
    }
    if let Some(contacts) = &a.alternate_contacts {
        m.insert("contacts".into(), compact(json!(contacts)));
    }
    if let Some(billing) = &a.billing {
        m.insert("billing".into(), compact(json!(billing)));
    }
    if a.regions.is_some() {
        m.insert("config".into(), compact(json!(a.config)));
    }
    if let Some(budgets) = &a.budgets {
        m.insert("budgets".into(), compact(json!(budgets)));
    }
    // Budgets in the management (payer) account that cover this account:
    // no cost filter (whole-organisation spend) or a LinkedAccount filter
    // naming it. Budgets with a filter expression are not interpreted.
    if !a.is_management {
        let payer = snapshot.accounts.values().find(|x| x.is_management);
        if payer.is_none() {
            // Not in an organisation (or its payer is not in the snapshot).
            m.insert("payer_budgets".into(), json!([]));
        }
        if let Some(budgets) = payer.and_then(|p| p.budgets.as_ref()) {
            let covering: Vec<&crate::snapshot::billing::Budget> = budgets
                .iter()
                .filter(|b| !b.has_filter_expression)
                .filter(|b| match b.cost_filters.get("LinkedAccount") {
                    Some(ids) => ids.contains(&a.id),
                    None => b.cost_filters.is_empty(),
                })
                .collect();
            m.insert("payer_budgets".into(), compact(json!(covering)));
        }
    }
    if let Some(details) = &a.iam.authorization_details {
        let support_roles: Vec<&str> = details
            .roles
            .iter()
            .filter(|r| {
                r.attached_policies
                    .iter()
                    .any(|p| p.arn.ends_with(":iam::aws:policy/AWSSupportAccess"))
            })
            .map(|r| r.name.as_str())
            .collect();
        m.insert("support_roles".into(), json!(support_roles));
    }
    if let Some(regions) = &a.regions {
        m.insert("regions".into(), json!(regions.regions));
    }
    Value::Object(m)
}

fn account_pointer(a: &AccountSnapshot) -> String {
    format!("/accounts/{}", a.id)
}

fn inline_names(list: &[InlinePolicy]) -> Vec<&str> {
    list.iter().map(|p| p.name.as_str()).collect()
}

fn users(a: &AccountSnapshot) -> Vec<Resource> {
    let Some(report) = &a.iam.credential_report else {
        return Vec::new();
    };
    let details = a.iam.authorization_details.as_ref();
    let devices = a.iam.virtual_mfa_devices.as_ref();
    let admin = details.map(AdminIndex::new);
    let by_name: std::collections::HashMap<&str, &crate::snapshot::iam::IamUser> = details
        .map(|d| d.users.iter().map(|u| (u.name.as_str(), u)).collect())
        .unwrap_or_default();
    report
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.user != crate::snapshot::credential_report::ROOT_USER)
        .map(|(i, row)| {
            let mut m = report_row(row);
            if details.is_some() {
                match by_name.get(row.user.as_str()) {
                    Some(u) => {
                        m.insert("groups".into(), json!(u.groups));
                        m.insert(
                            "inline_policies".into(),
                            json!(inline_names(&u.inline_policies)),
                        );
                        let attached: Vec<&str> = u
                            .attached_policies
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect();
                        m.insert("attached_policies".into(), json!(attached));
                        m.insert("path".into(), json!(u.path));
                        let is_admin = admin.as_ref().is_some_and(|i| i.user_is_admin(u));
                        m.insert("has_admin_policy".into(), json!(is_admin));
                    }
                    None => {
                        m.insert("groups".into(), json!([]));
                        m.insert("inline_policies".into(), json!([]));
                        m.insert("attached_policies".into(), json!([]));
                    }
                }
            }
            if let Some(devs) = devices {
                let virtual_mfa = devs
                    .iter()
                    .any(|d| d.user_arn.as_deref() == Some(row.arn.as_str()));
                m.insert("virtual_mfa".into(), json!(virtual_mfa));
            }
            Resource {
                id: row.arn.clone().into(),
                name: row.user.clone().into(),
                region: None,
                pointer: format!("{}/iam/credential_report/rows/{i}", account_pointer(a)).into(),
                value: Value::Object(m),
            }
        })
        .collect()
}

fn access_keys(a: &AccountSnapshot) -> Vec<Resource> {
    let Some(report) = &a.iam.credential_report else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, row) in report.rows.iter().enumerate() {
        if row.user == crate::snapshot::credential_report::ROOT_USER {
            continue;
        }
        let user = report_row(row);
        for (k, slot) in row.access_keys.iter().enumerate() {
            // Inactive or absent keys are not resources; unknown ones are.
            if known_bool(&slot.active) == Some(false) {
                continue;
            }
            let mut m = Map::new();
            m.insert("user".into(), json!(row.user));
            m.insert("user_arn".into(), json!(row.arn));
            m.insert("slot".into(), json!(slot.slot));
            insert_opt(&mut m, "active", known_bool(&slot.active).map(Value::Bool));
            insert_opt(&mut m, "last_rotated", time_text(&slot.last_rotated));
            insert_opt(&mut m, "last_used_date", time_text(&slot.last_used_date));
            for key in ["password_enabled", "created"] {
                if let Some(v) = user.get(key) {
                    m.insert(format!("user_{key}"), v.clone());
                }
            }
            out.push(Resource {
                id: format!("{}#access_key_{}", row.arn, slot.slot).into(),
                name: format!("{} key {}", row.user, slot.slot).into(),
                region: None,
                pointer: format!(
                    "{}/iam/credential_report/rows/{i}/access_keys/{k}",
                    account_pointer(a)
                )
                .into(),
                value: Value::Object(m),
            });
        }
    }
    out
}

fn groups(a: &AccountSnapshot, d: &AuthorizationDetails) -> Vec<Resource> {
    d.groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let members: Vec<&str> = d
                .users
                .iter()
                .filter(|u| u.groups.contains(&g.name))
                .map(|u| u.name.as_str())
                .collect();
            Resource {
                id: g.arn.clone().into(),
                name: g.name.clone().into(),
                region: None,
                pointer: format!("{}/iam/authorization_details/groups/{i}", account_pointer(a)).into(),
                value: json!({
                    "name": g.name,
                    "arn": g.arn,
                    "members": members,
                    "inline_policies": inline_names(&g.inline_policies),
                    "attached_policies": g.attached_policies.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
                }),
            }
        })
        .collect()
}

fn roles(a: &AccountSnapshot, d: &AuthorizationDetails) -> Vec<Resource> {
    d.roles
        .iter()
        .enumerate()
        .map(|(i, r)| Resource {
            id: r.arn.clone().into(),
            name: r.name.clone().into(),
            region: None,
            pointer: format!("{}/iam/authorization_details/roles/{i}", account_pointer(a)).into(),
            value: json!({
                "name": r.name,
                "arn": r.arn,
                "path": r.path,
                "trust": statements(r.assume_role_policy.as_ref()),
                "attached_policies": r.attached_policies.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
                "service_linked": r.path.starts_with("/aws-service-role/"),
            }),
        })
        .collect()
}

/// Every policy document in use: inline on users, groups and roles, and
/// managed policies attached to at least one principal.
fn policies(a: &AccountSnapshot, d: &AuthorizationDetails) -> Vec<Resource> {
    let base = account_pointer(a);
    let mut out = Vec::new();
    let mut inline =
        |kind: &str, owner: &str, owner_arn: &str, list: &[InlinePolicy], pointer: String| {
            for (j, p) in list.iter().enumerate() {
                out.push(Resource {
                    id: format!("{owner_arn}/inline/{}", p.name).into(),
                    name: format!("{owner}/{}", p.name).into(),
                    region: None,
                    pointer: format!("{pointer}/inline_policies/{j}").into(),
                    value: json!({
                        "kind": kind,
                        "name": p.name,
                        "attached_to": [owner],
                        "aws_managed": false,
                        "statements": statements(p.document.as_ref()),
                    }),
                });
            }
        };
    for (i, u) in d.users.iter().enumerate() {
        inline(
            "user_inline",
            &u.name,
            &u.arn,
            &u.inline_policies,
            format!("{base}/iam/authorization_details/users/{i}"),
        );
    }
    for (i, g) in d.groups.iter().enumerate() {
        inline(
            "group_inline",
            &g.name,
            &g.arn,
            &g.inline_policies,
            format!("{base}/iam/authorization_details/groups/{i}"),
        );
    }
    for (i, r) in d.roles.iter().enumerate() {
        inline(
            "role_inline",
            &r.name,
            &r.arn,
            &r.inline_policies,
            format!("{base}/iam/authorization_details/roles/{i}"),
        );
    }
    for (i, p) in d.policies.iter().enumerate() {
        let mut attached: Vec<String> = Vec::new();
        let holds =
            |list: &[crate::snapshot::iam::AttachedPolicy]| list.iter().any(|x| x.arn == p.arn);
        attached.extend(
            d.users
                .iter()
                .filter(|u| holds(&u.attached_policies))
                .map(|u| format!("user/{}", u.name)),
        );
        attached.extend(
            d.groups
                .iter()
                .filter(|g| holds(&g.attached_policies))
                .map(|g| format!("group/{}", g.name)),
        );
        attached.extend(
            d.roles
                .iter()
                .filter(|r| holds(&r.attached_policies))
                .map(|r| format!("role/{}", r.name)),
        );
        if attached.is_empty() && p.attachment_count.unwrap_or(0) == 0 {
            continue;
        }
        out.push(Resource {
            id: p.arn.clone().into(),
            name: p.name.clone().into(),
            region: None,
            pointer: format!("{base}/iam/authorization_details/policies/{i}").into(),
            value: json!({
                "kind": "managed",
                "name": p.name,
                "arn": p.arn,
                "attached_to": attached,
                "aws_managed": p.aws_managed,
                "statements": statements(p.default_document.as_ref()),
            }),
        });
    }
    out
}

/// SCP documents that apply to the account (its own and every ancestor's).
fn path_documents<'a>(org: &'a Organization, account: &AccountSnapshot) -> Vec<&'a Value> {
    policy_targets(org, account)
        .iter()
        .filter_map(|t| org.attachments.get(t))
        .flatten()
        .filter_map(|id| org.policies.get(id)?.document.as_ref())
        .collect()
}

/// Whether an SCP denies AWS Config in `region`: a Deny statement covering
/// config actions with `StringNotEquals`/`StringNotEqualsIfExists` on
/// `aws:RequestedRegion` whose list leaves the region out. Such regions are
/// NOT_APPLICABLE for regional checks (MoJ denies everything outside the EU).
fn region_denied(documents: &[&Value], region: &str) -> bool {
    let as_list = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let covers_config = |statement: &Value| {
        let actions = as_list(statement.get("Action"));
        let not_actions = as_list(statement.get("NotAction"));
        if !not_actions.is_empty() {
            return !not_actions
                .iter()
                .any(|a| a == "*" || a.starts_with("config:"));
        }
        actions.iter().any(|a| a == "*" || a == "config:*")
    };
    documents.iter().any(|doc| {
        let statements = match doc.get("Statement") {
            Some(Value::Array(list)) => list.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        };
        statements.iter().any(|st| {
            st.get("Effect").and_then(Value::as_str) == Some("Deny")
                && covers_config(st)
                && st
                    .get("Condition")
                    .and_then(Value::as_object)
                    .is_some_and(|ops| {
                        ops.iter()
                            .filter(|(op, _)| {
                                op.as_str() == "StringNotEquals"
                                    || op.as_str() == "StringNotEqualsIfExists"
                            })
                            .filter_map(|(_, keys)| keys.as_object())
                            .flat_map(|keys| keys.iter())
                            .any(|(k, v)| {
                                k.eq_ignore_ascii_case("aws:RequestedRegion")
                                    && !as_list(Some(v)).iter().any(|r| r == region)
                            })
                    })
        })
    })
}

fn regions(snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    let Some(selection) = &a.regions else {
        return Vec::new();
    };
    // SCPs never restrict the management account.
    let documents = match snapshot.organization.organization() {
        Some(org) if !a.is_management => path_documents(org, a),
        _ => Vec::new(),
    };
    selection
        .regions
        .iter()
        .map(|region| {
            let mut m = Map::new();
            m.insert("region".into(), json!(region));
            m.insert(
                "scp_denied".into(),
                json!(region_denied(&documents, region)),
            );
            if let Some(c) = a.config.get(region) {
                insert_opt(&mut m, "recorders", c.recorders.as_ref().map(|v| json!(v)));
                insert_opt(
                    &mut m,
                    "recorder_statuses",
                    c.recorder_statuses.as_ref().map(|v| json!(v)),
                );
                insert_opt(
                    &mut m,
                    "delivery_channels",
                    c.delivery_channels.as_ref().map(|v| json!(v)),
                );
                insert_opt(
                    &mut m,
                    "delivery_channel_statuses",
                    c.delivery_channel_statuses.as_ref().map(|v| json!(v)),
                );
            }
            Resource {
                value: compact(Value::Object(m)),
                id: format!("{}/{region}", a.id).into(),
                name: region.clone().into(),
                region: Some(region.as_str().into()),
                pointer: format!("{}/config/{region}", account_pointer(a)).into(),
            }
        })
        .collect()
}

/// The resources of one scope in one account.
pub fn resources(scope: Scope, snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    let details = a.iam.authorization_details.as_ref();
    match scope {
        Scope::Account => vec![Resource {
            id: format!("account/{}", a.id).into(),
            name: (a.name.clone().unwrap_or_else(|| a.id.clone())).into(),
            region: None,
            pointer: account_pointer(a).into(),
            value: Value::Null,
        }],
        Scope::IamUser => users(a),
        Scope::AccessKey => access_keys(a),
        Scope::IamGroup => details.map(|d| groups(a, d)).unwrap_or_default(),
        Scope::IamRole => details.map(|d| roles(a, d)).unwrap_or_default(),
        Scope::Policy => details.map(|d| policies(a, d)).unwrap_or_default(),
        Scope::Region => regions(snapshot, a),
    }
}
