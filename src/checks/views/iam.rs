//! IAM scopes: users (credential report row joined with authorization
//! details), active access-key slots, groups and roles.

use super::policy::{parsed, statements};
use super::types::{
    to_value, AccessKeyView, CredentialRowView, GroupView, KeySlotView, ReportFields, RoleView,
    TrustGrantView, UserDetails, UserView,
};
use super::{account_pointer, known_bool, time_text, Resource};
use crate::iam_policy::identity::identity_facts;
use crate::iam_policy::trust::{grant_is_protected, grant_requires, grants};
use crate::iam_policy::{parse_statements, Statement};
use crate::snapshot::credential_report::{CredentialReport, CredentialReportRow, ROOT_USER};
use crate::snapshot::iam::{
    AttachedPolicy, AuthorizationDetails, IamGroup, IamRole, IamUser, InlinePolicy,
};
use crate::snapshot::AccountSnapshot;
use serde_json::json;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// What a credential-report row says: booleans only when known, times as
/// AWS wrote them (dates or sentinels; use `is_date`).
fn report_fields(row: &CredentialReportRow) -> ReportFields {
    let known = row
        .access_keys
        .iter()
        .all(|k| known_bool(&k.active).is_some());
    ReportFields {
        created: time_text(&row.user_creation_time),
        password_enabled: known_bool(&row.password_enabled),
        password_last_used: time_text(&row.password_last_used),
        password_last_changed: time_text(&row.password_last_changed),
        mfa_active: known_bool(&row.mfa_active),
        access_keys: row
            .access_keys
            .iter()
            .map(|k| KeySlotView {
                slot: k.slot,
                active: known_bool(&k.active),
                last_rotated: time_text(&k.last_rotated),
                last_used_date: time_text(&k.last_used_date),
            })
            .collect(),
        active_keys: known.then(|| {
            row.access_keys
                .iter()
                .filter(|k| known_bool(&k.active) == Some(true))
                .count()
        }),
    }
}

/// A credential-report row as checks see it (the root user's).
pub(super) fn report_row(row: &CredentialReportRow) -> CredentialRowView {
    CredentialRowView {
        name: row.user.clone(),
        arn: row.arn.clone(),
        report: report_fields(row),
    }
}

/// Statements of every policy in the account, parsed once per account so
/// each user's union is a few lookups. `None` entries: document missing.
struct AdminIndex<'a> {
    managed: HashMap<&'a str, Option<Vec<Statement>>>,
    groups: HashMap<&'a str, &'a IamGroup>,
    account: &'a str,
    /// Verdicts of users without inline policies, by (attached, groups):
    /// in most accounts many users share a handful of such sets.
    memo: RefCell<HashMap<PolicySet<'a>, Option<bool>>>,
}

/// A user's attached policy ARNs and group names.
type PolicySet<'a> = (Vec<&'a str>, Vec<&'a str>);

/// AWS's AdministratorAccess is known even when its document is not.
fn aws_admin(arn: &str) -> bool {
    arn.ends_with(":iam::aws:policy/AdministratorAccess")
}

fn admin_access_statements() -> Vec<Statement> {
    parse_statements(&json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}))
}

impl<'a> AdminIndex<'a> {
    fn new(d: &'a AuthorizationDetails, account: &'a str) -> Self {
        let managed = d
            .policies
            .iter()
            .map(|p| {
                let statements = parsed(p.default_document.as_ref())
                    .or_else(|| aws_admin(&p.arn).then(admin_access_statements));
                (p.arn.as_str(), statements)
            })
            .collect();
        let groups = d.groups.iter().map(|g| (g.name.as_str(), g)).collect();
        AdminIndex {
            managed,
            groups,
            account,
            memo: RefCell::new(HashMap::new()),
        }
    }

    /// Append the statements of inline and attached policies; `None` when
    /// one of them is not known.
    fn extend(
        &self,
        out: &mut Vec<Statement>,
        inline: &[InlinePolicy],
        attached: &[AttachedPolicy],
    ) -> Option<()> {
        for p in inline {
            out.extend(parsed(p.document.as_ref())?);
        }
        for p in attached {
            match self.managed.get(p.arn.as_str()) {
                Some(Some(statements)) => out.extend(statements.iter().cloned()),
                _ if aws_admin(&p.arn) => out.extend(admin_access_statements()),
                _ => return None,
            }
        }
        Some(())
    }

    /// Whether everything that applies to the user (inline, attached and
    /// group policies, Denies included) makes it admin-equivalent. `None`
    /// when a document it needs is missing: a Deny could be in it.
    fn user_is_admin(&self, user: &'a IamUser) -> Option<bool> {
        if !user.inline_policies.is_empty() {
            return self.judge(user);
        }
        let key = (
            user.attached_policies
                .iter()
                .map(|p| p.arn.as_str())
                .collect(),
            user.groups.iter().map(String::as_str).collect(),
        );
        if let Some(known) = self.memo.borrow().get(&key) {
            return *known;
        }
        let verdict = self.judge(user);
        self.memo.borrow_mut().insert(key, verdict);
        verdict
    }

    fn judge(&self, user: &IamUser) -> Option<bool> {
        let mut statements = Vec::new();
        self.extend(
            &mut statements,
            &user.inline_policies,
            &user.attached_policies,
        )?;
        for name in &user.groups {
            let group = self.groups.get(name.as_str())?;
            self.extend(
                &mut statements,
                &group.inline_policies,
                &group.attached_policies,
            )?;
        }
        Some(identity_facts(&statements, self.account).admin_equivalent)
    }
}

fn inline_names(list: &[InlinePolicy]) -> Vec<String> {
    list.iter().map(|p| p.name.clone()).collect()
}

fn attached_names(list: &[AttachedPolicy]) -> Vec<String> {
    list.iter().map(|p| p.name.clone()).collect()
}

/// Report rows (with their index) by user name, root excluded.
fn rows_by_user(report: &CredentialReport) -> HashMap<&str, (usize, &CredentialReportRow)> {
    report
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.user != ROOT_USER)
        .map(|(i, row)| (row.user.as_str(), (i, row)))
        .collect()
}

/// The report row that describes `user`: same name and, when both times are
/// known, created in the same second. A row for an earlier user of that name
/// (deleted and recreated since the report) describes someone else.
fn row_for<'r>(
    rows: &HashMap<&str, (usize, &'r CredentialReportRow)>,
    user: &IamUser,
) -> Option<(usize, &'r CredentialReportRow)> {
    let (i, row) = rows.get(user.name.as_str())?;
    let reported = row.user_creation_time.as_ref().and_then(|t| t.timestamp());
    let same = match (reported, user.create_date) {
        (Some(r), Some(c)) => r.as_second() == c.as_second(),
        _ => true,
    };
    same.then_some((*i, *row))
}

/// The authorization-details facts about a user.
fn user_details<'a>(u: &'a IamUser, admin: &AdminIndex<'a>) -> UserDetails {
    UserDetails {
        groups: u.groups.clone(),
        inline_policies: inline_names(&u.inline_policies),
        attached_policies: attached_names(&u.attached_policies),
        path: u.path.clone(),
        has_admin_policy: admin.user_is_admin(u),
    }
}

/// Users with a virtual MFA device, when the devices were listed.
fn virtual_mfa_users(a: &AccountSnapshot) -> Option<HashSet<&str>> {
    let devices = a.iam.virtual_mfa_devices.as_ref()?;
    Some(
        devices
            .iter()
            .filter_map(|d| d.user_arn.as_deref())
            .collect(),
    )
}

/// The `iam_user` resources. GetAccountAuthorizationDetails lists the users;
/// the credential report (which AWS may serve up to four hours old) adds what
/// it knows. A user the report lacks has no report fields, so checks that
/// need them are UNKNOWN; a report row for a deleted user is not a resource.
pub(super) fn users(a: &AccountSnapshot) -> Vec<Resource> {
    let report = a.iam.credential_report.as_ref();
    let Some(details) = a.iam.authorization_details.as_ref() else {
        // Without the details the report is the only list of users.
        return report.map(|r| report_users(a, r)).unwrap_or_default();
    };
    let admin = AdminIndex::new(details, &a.id);
    let virtual_mfa = virtual_mfa_users(a);
    let rows = report.map(rows_by_user).unwrap_or_default();
    details
        .users
        .iter()
        .enumerate()
        .map(|(j, u)| {
            let row = row_for(&rows, u);
            let view = UserView {
                name: u.name.clone(),
                arn: u.arn.clone(),
                report: row.map(|(_, row)| report_fields(row)),
                details: Some(user_details(u, &admin)),
                virtual_mfa: virtual_mfa.as_ref().map(|set| set.contains(u.arn.as_str())),
            };
            let pointer = match row {
                Some((i, _)) => format!("{}/iam/credential_report/rows/{i}", account_pointer(a)),
                None => format!("{}/iam/authorization_details/users/{j}", account_pointer(a)),
            };
            Resource {
                id: u.arn.clone().into(),
                name: u.name.clone().into(),
                region: None,
                pointer: pointer.into(),
                value: to_value(&view),
            }
        })
        .collect()
}

/// Users from the credential report alone, when the details were not read.
fn report_users(a: &AccountSnapshot, report: &CredentialReport) -> Vec<Resource> {
    let virtual_mfa = virtual_mfa_users(a);
    report
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.user != ROOT_USER)
        .map(|(i, row)| {
            let view = UserView {
                name: row.user.clone(),
                arn: row.arn.clone(),
                report: Some(report_fields(row)),
                details: None,
                virtual_mfa: virtual_mfa
                    .as_ref()
                    .map(|set| set.contains(row.arn.as_str())),
            };
            Resource {
                id: row.arn.clone().into(),
                name: row.user.clone().into(),
                region: None,
                pointer: format!("{}/iam/credential_report/rows/{i}", account_pointer(a)).into(),
                value: to_value(&view),
            }
        })
        .collect()
}

/// The active (or not known to be inactive) key slots of one report row.
fn row_keys(a: &AccountSnapshot, i: usize, row: &CredentialReportRow, out: &mut Vec<Resource>) {
    let password_enabled = known_bool(&row.password_enabled);
    let created = time_text(&row.user_creation_time);
    for (k, slot) in row.access_keys.iter().enumerate() {
        // Inactive or absent keys are not resources; unknown ones are.
        if known_bool(&slot.active) == Some(false) {
            continue;
        }
        let view = AccessKeyView {
            user: row.user.clone(),
            user_arn: row.arn.clone(),
            slot: Some(slot.slot),
            active: known_bool(&slot.active),
            last_rotated: time_text(&slot.last_rotated),
            last_used_date: time_text(&slot.last_used_date),
            user_password_enabled: password_enabled,
            user_created: created.clone(),
        };
        out.push(Resource {
            id: format!("{}#access_key_{}", row.arn, slot.slot).into(),
            name: format!("{} key {}", row.user, slot.slot).into(),
            region: None,
            pointer: format!(
                "{}/iam/credential_report/rows/{i}/access_keys/{k}",
                account_pointer(a)
            )
            .into(),
            value: to_value(&view),
        });
    }
}

/// The `access_key` resources. With authorization details, the users are
/// GAAD's: a report row for a deleted user is skipped, and a user the
/// (possibly hours-old) report does not list yet gets one resource with no
/// key facts, so key checks are UNKNOWN for it rather than silent.
pub(super) fn access_keys(a: &AccountSnapshot) -> Vec<Resource> {
    let Some(report) = &a.iam.credential_report else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(details) = a.iam.authorization_details.as_ref() else {
        for (i, row) in report.rows.iter().enumerate() {
            if row.user != ROOT_USER {
                row_keys(a, i, row, &mut out);
            }
        }
        return out;
    };
    let rows = rows_by_user(report);
    for (j, u) in details.users.iter().enumerate() {
        match row_for(&rows, u) {
            Some((i, row)) => row_keys(a, i, row, &mut out),
            None => out.push(Resource {
                id: format!("{}#access_keys", u.arn).into(),
                name: format!("{} keys (not in the credential report)", u.name).into(),
                region: None,
                pointer: format!("{}/iam/authorization_details/users/{j}", account_pointer(a))
                    .into(),
                value: to_value(&AccessKeyView {
                    user: u.name.clone(),
                    user_arn: u.arn.clone(),
                    ..AccessKeyView::default()
                }),
            }),
        }
    }
    out
}

pub(super) fn groups(a: &AccountSnapshot, d: &AuthorizationDetails) -> Vec<Resource> {
    d.groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let members = d
                .users
                .iter()
                .filter(|u| u.groups.contains(&g.name))
                .map(|u| u.name.clone())
                .collect();
            Resource {
                id: g.arn.clone().into(),
                name: g.name.clone().into(),
                region: None,
                pointer: format!(
                    "{}/iam/authorization_details/groups/{i}",
                    account_pointer(a)
                )
                .into(),
                value: to_value(&GroupView {
                    name: g.name.clone(),
                    arn: g.arn.clone(),
                    members,
                    inline_policies: inline_names(&g.inline_policies),
                    attached_policies: attached_names(&g.attached_policies),
                }),
            }
        })
        .collect()
}

/// Who may assume the role and on what terms, per granting statement;
/// `None` when the trust policy was not collected.
fn trust_grants(role: &IamRole, account_id: &str) -> Option<Vec<TrustGrantView>> {
    let statements = parsed(role.assume_role_policy.as_ref())?;
    let list = grants(&statements)
        .iter()
        .map(|g| {
            let (requires_mfa, requires_external_id) = grant_requires(g, &statements);
            let accounts = g.principals.account_list();
            let outside_accounts = accounts
                .iter()
                .filter(|a| *a != account_id)
                .cloned()
                .collect();
            TrustGrantView {
                sid: g.statement.sid.clone(),
                actions: g.actions.clone(),
                accounts,
                outside_accounts,
                services: g.principals.services.clone(),
                requires_mfa,
                requires_external_id,
                protected: grant_is_protected(g, &statements),
            }
        })
        .collect();
    Some(list)
}

pub(super) fn roles(a: &AccountSnapshot, d: &AuthorizationDetails) -> Vec<Resource> {
    d.roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let value = to_value(&RoleView {
                name: r.name.clone(),
                arn: r.arn.clone(),
                path: r.path.clone(),
                trust: statements(r.assume_role_policy.as_ref()),
                attached_policies: attached_names(&r.attached_policies),
                service_linked: r.path.starts_with("/aws-service-role/"),
                trust_grants: trust_grants(r, &a.id),
            });
            Resource {
                id: r.arn.clone().into(),
                name: r.name.clone().into(),
                region: None,
                pointer: format!("{}/iam/authorization_details/roles/{i}", account_pointer(a))
                    .into(),
                value,
            }
        })
        .collect()
}
