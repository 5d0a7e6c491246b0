//! The `account` variable: summary, password policy, root row, contacts,
//! billing and budgets (with the payer's covering budgets), Config per region,
//! and the SCPs on the account's OU path.

use super::iam::report_row;
use super::policy::{parsed, statements};
use super::{compact, insert_opt, known_bool};
use crate::iam_policy::scp::scp_facts;
use crate::iam_policy::Statement;
use crate::snapshot::billing::{Billing, BillingAlarm, Budget};
use crate::snapshot::iam::PasswordPolicyState;
use crate::snapshot::org::Organization;
use crate::snapshot::{AccountSnapshot, RegionSource, Snapshot};
use serde_json::{json, Map, Value};

/// The account and every container above it up to the root, innermost
/// first: the targets whose SCPs apply to the account. `None` when the chain
/// is broken (parent not read, or an OU that was not listed): an SCP on the
/// missing part would be missed.
fn policy_targets(org: &Organization, account: &AccountSnapshot) -> Option<Vec<String>> {
    let mut targets = vec![account.id.clone()];
    let mut parent = account.parent_id.clone()?;
    // Bounded by the number of OUs: a cycle in bad data cannot loop forever.
    for _ in 0..=org.units.len() {
        targets.push(parent.clone());
        if org.roots.iter().any(|r| r.id == parent) {
            return Some(targets);
        }
        parent = org.units.iter().find(|u| u.id == parent)?.parent_id.clone();
    }
    None
}

/// `(target, policy id)` of every SCP attached to the account and every
/// container above it; `None` when the path or an attachment list is unknown.
fn attachments_on_path<'o>(
    org: &'o Organization,
    account: &AccountSnapshot,
) -> Option<Vec<(String, &'o str)>> {
    let mut out = Vec::new();
    for target in policy_targets(org, account)? {
        let ids = org.attachments.get(&target)?;
        out.extend(ids.iter().map(|id| (target.clone(), id.as_str())));
    }
    Some(out)
}

/// SCPs attached to the account and every container above it.
fn scps_on_path(org: &Organization, account: &AccountSnapshot) -> Option<Value> {
    let out: Vec<Value> = attachments_on_path(org, account)?
        .into_iter()
        .map(|(target, id)| {
            let policy = org.policies.get(id);
            json!({
                "id": id,
                "target": target,
                "name": policy.map(|p| p.name.clone()),
                "aws_managed": policy.map(|p| p.aws_managed),
                "statements": statements(policy.and_then(|p| p.document.as_ref())),
            })
        })
        .collect();
    Some(Value::Array(out))
}

/// Actions the `scp_guardrails.denies` map answers for: the usual
/// guardrails, and more a custom `must_deny` may name.
const JUDGED_ACTIONS: [&str; 18] = [
    "organizations:LeaveOrganization",
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
    "config:StopConfigurationRecorder",
    "config:DeleteConfigurationRecorder",
    "config:DeleteDeliveryChannel",
    "guardduty:DeleteDetector",
    "guardduty:DisassociateFromAdministratorAccount",
    "securityhub:DisableSecurityHub",
    "securityhub:DisassociateFromAdministratorAccount",
    "access-analyzer:DeleteAnalyzer",
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "ec2:DisableEbsEncryptionByDefault",
    "s3:PutAccountPublicAccessBlock",
    "account:CloseAccount",
];

/// Every SCP statement that restricts the account: those of its own and its
/// ancestors' SCPs; none for the management account, an account outside an
/// organisation, or when the SCP policy type is disabled. `None` when that
/// cannot be known (roots, attachments or a document not collected).
pub(super) fn effective_scp_statements(
    snapshot: &Snapshot,
    a: &AccountSnapshot,
) -> Option<Vec<Statement>> {
    use crate::snapshot::org::OrganizationView as View;
    if a.is_management || matches!(snapshot.organization, View::NotInOrganization { .. }) {
        return Some(Vec::new());
    }
    let org = snapshot.organization.organization()?;
    if !scp_enabled(org)? {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    for (_, id) in attachments_on_path(org, a)? {
        out.extend(parsed(org.policies.get(id)?.document.as_ref())?);
    }
    Some(out)
}

/// Is the SCP policy type enabled on the root? `None` when no root was read.
fn scp_enabled(org: &Organization) -> Option<bool> {
    (!org.roots.is_empty()).then(|| {
        org.roots.iter().any(|r| {
            r.policy_types
                .get("SERVICE_CONTROL_POLICY")
                .map(String::as_str)
                == Some("ENABLED")
        })
    })
}

/// What the SCPs on the path deny an ordinary principal (and root).
fn scp_guardrails(statements: &[Statement], account_id: &str) -> Value {
    let f = scp_facts(statements, account_id, &JUDGED_ACTIONS);
    json!({
        "region_restricted": f.region_allow_list.is_some(),
        "region_allow_list": f.region_allow_list.unwrap_or_default(),
        "denies": f.denies,
        "denies_root": f.denies_root,
    })
}

/// Whether a budget watches `account`'s spend: it has no `LinkedAccount`
/// filter, or one naming the account. `None` when it has a filter
/// expression: the expression is not collected, so coverage is unknown.
fn budget_covers(budget: &Budget, account: &str) -> Option<bool> {
    if budget.has_filter_expression {
        return None;
    }
    Some(
        budget
            .cost_filters
            .get("LinkedAccount")
            .is_none_or(|ids| ids.iter().any(|id| id == account)),
    )
}

/// A budget as checks see it, with `covers_account` when it is known.
fn budget_view(budget: &Budget, account: &str) -> Value {
    let mut v = compact(json!(budget));
    if let (Value::Object(o), Some(covers)) = (&mut v, budget_covers(budget, account)) {
        o.insert("covers_account".into(), json!(covers));
    }
    v
}

/// The account a billing alarm watches: the one its `LinkedAccount`
/// dimension names, else the account that owns the alarm (its whole bill).
fn alarm_watches<'a>(alarm: &'a BillingAlarm, owner: &'a str) -> &'a str {
    alarm
        .dimensions
        .get("LinkedAccount")
        .map_or(owner, String::as_str)
}

fn is_sns_topic(arn: &str) -> bool {
    arn.split(':').nth(2) == Some("sns")
}

/// Whether an alarm's SNS topics have a confirmed subscription: `None`
/// when none is confirmed and some topic's subscriptions could not be
/// listed (a cross-account topic, usually), which proves nothing.
fn reaches_confirmed_subscriber(alarm: &BillingAlarm, billing: &Billing) -> Option<bool> {
    let topics: Vec<&String> = alarm
        .alarm_actions
        .iter()
        .filter(|t| is_sns_topic(t))
        .collect();
    let confirmed = |t: &&String| {
        billing
            .topics
            .get(*t)
            .is_some_and(|subs| subs.iter().any(|s| s.confirmed))
    };
    if topics.iter().any(confirmed) {
        return Some(true);
    }
    topics
        .iter()
        .all(|t| billing.topics.contains_key(*t))
        .then_some(false)
}

/// A billing alarm of `owner` as `account` sees it: `covers_account` (it
/// watches this account's charges) and `reaches_confirmed_subscriber`.
fn alarm_view(alarm: &BillingAlarm, billing: &Billing, owner: &str, account: &str) -> Value {
    let mut v = compact(json!(alarm));
    if let Value::Object(o) = &mut v {
        let covers = alarm_watches(alarm, owner) == account;
        o.insert("covers_account".into(), json!(covers));
        insert_opt(
            o,
            "reaches_confirmed_subscriber",
            reaches_confirmed_subscriber(alarm, billing).map(Value::Bool),
        );
    }
    v
}

/// Where a member's payer data comes from.
enum Payer<'a> {
    /// The account is the payer, or not in an organisation: nothing covers it.
    None,
    Known(&'a AccountSnapshot),
    /// In an organisation whose management account was not collected
    /// (a NotPermitted run): what covers the account is unknown.
    Unknown,
}

fn payer_of<'a>(snapshot: &'a Snapshot, a: &AccountSnapshot) -> Payer<'a> {
    use crate::snapshot::org::OrganizationView as View;
    if a.is_management {
        return Payer::None;
    }
    if let Some(p) = snapshot.accounts.values().find(|x| x.is_management) {
        return Payer::Known(p);
    }
    match snapshot.organization {
        View::NotInOrganization { .. } => Payer::None,
        _ => Payer::Unknown,
    }
}

/// `billing` and `budgets` (the account's own, each judged for whether it
/// covers the account), and `payer_alarms` / `payer_budgets`: the
/// management account's alarms whose `LinkedAccount` dimension names this
/// account, and its budgets that cover it (or might: filter expressions).
/// Each is absent when it could not be read.
fn insert_billing(m: &mut Map<String, Value>, snapshot: &Snapshot, a: &AccountSnapshot) {
    if let Some(billing) = &a.billing {
        let alarms: Vec<Value> = billing
            .alarms
            .iter()
            .map(|x| alarm_view(x, billing, &a.id, &a.id))
            .collect();
        m.insert(
            "billing".into(),
            json!({"region": billing.region, "alarms": alarms, "topics": compact(json!(billing.topics))}),
        );
    }
    if let Some(budgets) = &a.budgets {
        let list: Vec<Value> = budgets.iter().map(|b| budget_view(b, &a.id)).collect();
        m.insert("budgets".into(), Value::Array(list));
    }
    let payer = match payer_of(snapshot, a) {
        Payer::None => {
            m.insert("payer_alarms".into(), json!([]));
            m.insert("payer_budgets".into(), json!([]));
            return;
        }
        Payer::Unknown => return,
        Payer::Known(p) => p,
    };
    if let Some(billing) = &payer.billing {
        let alarms: Vec<Value> = billing
            .alarms
            .iter()
            .filter(|x| alarm_watches(x, &payer.id) == a.id)
            .map(|x| alarm_view(x, billing, &payer.id, &a.id))
            .collect();
        m.insert("payer_alarms".into(), Value::Array(alarms));
    }
    if let Some(budgets) = &payer.budgets {
        let covering: Vec<Value> = budgets
            .iter()
            .filter(|b| budget_covers(b, &a.id) != Some(false))
            .map(|b| budget_view(b, &a.id))
            .collect();
        m.insert("payer_budgets".into(), Value::Array(covering));
    }
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
        let enabled = scp_enabled(org);
        insert_opt(&mut m, "scp_enabled", enabled.map(Value::Bool));
        let scps = match enabled {
            // Disabled: no SCP applies, whatever attachments say.
            Some(false) => Some(json!([])),
            _ => scps_on_path(org, a),
        };
        insert_opt(&mut m, "scps", scps);
    }
    if let Some(statements) = effective_scp_statements(snapshot, a) {
        m.insert("scp_guardrails".into(), scp_guardrails(&statements, &a.id));
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
    insert_billing(&mut m, snapshot, a);
    if a.regions.is_some() {
        m.insert("config".into(), compact(json!(a.config)));
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
        // After a built-in fallback, enabled opt-in regions were never read:
        // absent, so a check that needs every region is UNKNOWN, not FAIL.
        if regions.source != RegionSource::BuiltInDefault {
            m.insert("all_regions_listed".into(), json!(true));
        }
    }
    Value::Object(m)
}
