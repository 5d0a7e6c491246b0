//! The `account` variable: summary, password policy, root row, contacts,
//! billing and budgets (with the payer's covering budgets), Config per region,
//! and the SCPs on the account's OU path.

use super::iam::report_row;
use super::policy::{parsed, statements};
use super::types::{
    to_value, AccountView, AlarmView, BillingView, BudgetView, PasswordPolicyView,
    ScpAttachmentView, ScpGuardrailsView,
};
use super::{compact, known_bool};
use crate::iam_policy::scp::scp_facts;
use crate::iam_policy::Statement;
use crate::snapshot::billing::{Billing, BillingAlarm, Budget};
use crate::snapshot::iam::PasswordPolicyState;
use crate::snapshot::org::Organization;
use crate::snapshot::{AccountSnapshot, RegionSource, Snapshot};
use serde_json::json;

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
    attached_on_path(&org.attachments, org, account)
}

/// `(target, policy id)` from one attachment map (SCPs or RCPs).
fn attached_on_path<'o>(
    attachments: &'o std::collections::BTreeMap<String, Vec<String>>,
    org: &Organization,
    account: &AccountSnapshot,
) -> Option<Vec<(String, &'o str)>> {
    let mut out = Vec::new();
    for target in policy_targets(org, account)? {
        let ids = attachments.get(&target)?;
        out.extend(ids.iter().map(|id| (target.clone(), id.as_str())));
    }
    Some(out)
}

/// SCPs attached to the account and every container above it.
fn scps_on_path(org: &Organization, account: &AccountSnapshot) -> Option<Vec<ScpAttachmentView>> {
    attachment_views(&org.policies, attachments_on_path(org, account)?)
}

/// RCPs attached to the account and every container above it; none when
/// the policy type is off (RCPs do not apply to the management account
/// either, but are listed: they show what members inherit).
fn rcps_on_path(org: &Organization, account: &AccountSnapshot) -> Option<Vec<ScpAttachmentView>> {
    if !org.policy_type_enabled("RESOURCE_CONTROL_POLICY")? {
        return Some(Vec::new());
    }
    attachment_views(
        &org.resource_control_policies,
        attached_on_path(&org.rcp_attachments, org, account)?,
    )
}

fn attachment_views(
    policies: &std::collections::BTreeMap<String, crate::snapshot::org::ServiceControlPolicy>,
    attached: Vec<(String, &str)>,
) -> Option<Vec<ScpAttachmentView>> {
    let out = attached
        .into_iter()
        .map(|(target, id)| {
            let policy = policies.get(id);
            ScpAttachmentView {
                id: id.to_string(),
                target,
                name: policy.map(|p| p.name.clone()),
                aws_managed: policy.map(|p| p.aws_managed),
                statements: statements(policy.and_then(|p| p.document.as_ref())),
            }
        })
        .collect();
    Some(out)
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

/// Service principal → delegated administrator ids; `None` when the list
/// or any administrator's services were not read.
fn delegated_services(
    org: &Organization,
) -> Option<std::collections::BTreeMap<String, Vec<String>>> {
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for admin in org.delegated_administrators.as_ref()? {
        for service in admin.services.as_ref()? {
            out.entry(service.clone())
                .or_default()
                .push(admin.account_id.clone());
        }
    }
    Some(out)
}

/// Is the SCP policy type enabled on the root? `None` when no root was read.
fn scp_enabled(org: &Organization) -> Option<bool> {
    org.policy_type_enabled("SERVICE_CONTROL_POLICY")
}

/// What the SCPs on the path deny an ordinary principal (and root).
fn scp_guardrails(statements: &[Statement], account_id: &str) -> ScpGuardrailsView {
    let f = scp_facts(statements, account_id, &JUDGED_ACTIONS);
    ScpGuardrailsView {
        region_restricted: f.region_allow_list.is_some(),
        region_allow_list: f.region_allow_list.unwrap_or_default(),
        denies: f.denies,
        denies_root: f.denies_root,
    }
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
fn budget_view(budget: &Budget, account: &str) -> BudgetView {
    BudgetView {
        budget: compact(json!(budget)),
        covers_account: budget_covers(budget, account),
    }
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
fn alarm_view(alarm: &BillingAlarm, billing: &Billing, owner: &str, account: &str) -> AlarmView {
    AlarmView {
        alarm: compact(json!(alarm)),
        covers_account: alarm_watches(alarm, owner) == account,
        reaches_confirmed_subscriber: reaches_confirmed_subscriber(alarm, billing),
    }
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
    if let Some(p) = super::management(snapshot) {
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
fn insert_billing(v: &mut AccountView, snapshot: &Snapshot, a: &AccountSnapshot) {
    if let Some(billing) = &a.billing {
        v.billing = Some(BillingView {
            region: billing.region.clone(),
            alarms: billing
                .alarms
                .iter()
                .map(|x| alarm_view(x, billing, &a.id, &a.id))
                .collect(),
            topics: compact(json!(billing.topics)),
        });
    }
    v.budgets = a
        .budgets
        .as_ref()
        .map(|list| list.iter().map(|b| budget_view(b, &a.id)).collect());
    let payer = match payer_of(snapshot, a) {
        Payer::None => {
            v.payer_alarms = Some(Vec::new());
            v.payer_budgets = Some(Vec::new());
            return;
        }
        Payer::Unknown => return,
        Payer::Known(p) => p,
    };
    v.payer_alarms = payer.billing.as_ref().map(|billing| {
        billing
            .alarms
            .iter()
            .filter(|x| alarm_watches(x, &payer.id) == a.id)
            .map(|x| alarm_view(x, billing, &payer.id, &a.id))
            .collect()
    });
    v.payer_budgets = payer.budgets.as_ref().map(|budgets| {
        budgets
            .iter()
            .filter(|b| budget_covers(b, &a.id) != Some(false))
            .map(|b| budget_view(b, &a.id))
            .collect()
    });
}

/// The `account` variable, as the JSON CEL reads.
pub fn account_view(snapshot: &Snapshot, a: &AccountSnapshot) -> serde_json::Value {
    to_value(&account_fields(snapshot, a))
}

fn account_fields(snapshot: &Snapshot, a: &AccountSnapshot) -> AccountView {
    use crate::snapshot::org::OrganizationView as View;
    let mut v = AccountView {
        id: a.id.clone(),
        name: a.name.clone().unwrap_or_default(),
        partition: snapshot.caller.partition.clone(),
        is_management: a.is_management,
        state: a.state.clone(),
        ou_path: a.ou_path.clone(),
        tags: a.tags.clone(),
        // Unknown (absent) when the organisation could not be described.
        in_organization: match &snapshot.organization {
            View::Collected { .. }
            | View::NotPermitted {
                organization: Some(_),
                ..
            } => Some(true),
            View::NotInOrganization { .. } => Some(false),
            View::NotPermitted {
                organization: None, ..
            } => None,
        },
        ..AccountView::default()
    };
    if let Some(org) = snapshot.organization.organization() {
        v.management_account_id = Some(org.management_account_id.clone());
        v.feature_set = org.feature_set.clone();
        v.parent_is_root = a
            .parent_id
            .as_ref()
            .map(|parent| org.roots.iter().any(|r| &r.id == parent));
        v.delegated_services = delegated_services(org);
        v.root_access = super::root_access::root_access(org);
        v.rcps = rcps_on_path(org, a);
        let enabled = scp_enabled(org);
        v.scp_enabled = enabled;
        v.scps = match enabled {
            // Disabled: no SCP applies, whatever attachments say.
            Some(false) => Some(Vec::new()),
            _ => scps_on_path(org, a),
        };
    }
    v.scp_guardrails =
        effective_scp_statements(snapshot, a).map(|statements| scp_guardrails(&statements, &a.id));
    v.summary = a.iam.account_summary.clone();
    v.password_policy = a.iam.password_policy.as_ref().map(|policy| match policy {
        PasswordPolicyState::Absent => PasswordPolicyView {
            present: false,
            policy: json!({}),
        },
        PasswordPolicyState::Present { policy } => PasswordPolicyView {
            present: true,
            policy: compact(json!(policy)),
        },
    });
    if let Some(report) = &a.iam.credential_report {
        v.root = report.root().map(report_row);
        v.user_count = Some(report.users().count());
        v.console_user_count = Some(
            report
                .users()
                .filter(|r| known_bool(&r.password_enabled) == Some(true))
                .count(),
        );
        v.report_generated = report.generated_time;
    }
    if let Some(devices) = &a.iam.virtual_mfa_devices {
        let root_arn = format!("arn:{}:iam::{}:root", snapshot.caller.partition, a.id);
        v.root_virtual_mfa = Some(
            devices
                .iter()
                .any(|d| d.user_arn.as_deref() == Some(root_arn.as_str())),
        );
    }
    v.aliases = a.iam.account_aliases.clone();
    v.contacts = a.alternate_contacts.as_ref().map(|c| compact(json!(c)));
    insert_billing(&mut v, snapshot, a);
    if a.regions.is_some() {
        v.config = Some(compact(json!(a.config)));
    }
    v.support_roles = a.iam.authorization_details.as_ref().map(|details| {
        details
            .roles
            .iter()
            .filter(|r| {
                r.attached_policies
                    .iter()
                    .any(|p| p.arn.ends_with(":iam::aws:policy/AWSSupportAccess"))
            })
            .map(|r| r.name.clone())
            .collect()
    });
    v.root_credentials = super::root_access::root_credentials(a, v.root_access.as_ref());
    v.identity_center = super::identity::identity_center(snapshot, a);
    if let Some(details) = &a.iam.authorization_details {
        v.iam_role_names = Some(details.roles.iter().map(|r| r.name.clone()).collect());
        v.iam_user_names = Some(details.users.iter().map(|u| u.name.clone()).collect());
    }
    v.cloudtrail = super::security::cloudtrail(snapshot, a);
    v.analyzer_findings = super::security::analyzer_findings(snapshot, a);
    if let Some(regions) = &a.regions {
        v.regions = Some(regions.regions.clone());
        // After a built-in fallback, enabled opt-in regions were never read:
        // absent, so a check that needs every region is UNKNOWN, not FAIL.
        v.all_regions_listed = (regions.source != RegionSource::BuiltInDefault).then_some(true);
    }
    v
}
