//! IAM Identity Center as checks see it: the organisation instance (read
//! by the management account), its permission sets, and per account the
//! assignments made there with what each grants in that account. A
//! permission set's customer managed policies and boundary are resolved in
//! the account it is assigned in, as AWS provisions them; a policy that
//! cannot be resolved leaves the grant unknown, never "not admin".

use super::types::{AssignmentView, IdentityCenterView, PermissionSetView};
use super::{management, Resource};
use crate::iam_policy::identity::identity_facts;
use crate::iam_policy::{parse_statements, Statement};
use crate::snapshot::identity::{
    AccountAssignment, BoundaryState, IdentityCenter, IdentityCenterInstance, InlinePolicyState,
    PermissionSet, PolicyReference,
};
use crate::snapshot::{AccountSnapshot, PolicyDocument, RegionSource, Snapshot};
use std::collections::BTreeMap;

/// The AWS managed policy whose content is known without reading it.
const ADMINISTRATOR_ACCESS: &str = "iam::aws:policy/AdministratorAccess";

/// The account that read Identity Center, and what it read.
fn read(snapshot: &Snapshot) -> Option<(&AccountSnapshot, &IdentityCenter)> {
    let m = management(snapshot)?;
    Some((m, m.identity_center.as_ref()?))
}

/// An instance with its region and index, for evidence pointers.
#[derive(Clone, Copy)]
struct Found<'s> {
    reader: &'s AccountSnapshot,
    region: &'s str,
    index: usize,
    instance: &'s IdentityCenterInstance,
}

fn instances(snapshot: &Snapshot) -> Vec<Found<'_>> {
    let Some((reader, ic)) = read(snapshot) else {
        return Vec::new();
    };
    ic.regions
        .iter()
        .filter_map(|(region, list)| list.as_ref().map(|l| (region, l)))
        .flat_map(|(region, list)| {
            list.iter().enumerate().map(move |(index, instance)| Found {
                reader,
                region,
                index,
                instance,
            })
        })
        .collect()
}

/// Whether Identity Center's state is known: an instance was found with its
/// permission sets and assignments, or none was found in every enabled
/// region of the management account (a `--regions` list may miss the home
/// region, so "none" is then unknown).
pub fn known(snapshot: &Snapshot) -> bool {
    let Some((reader, ic)) = read(snapshot) else {
        return false;
    };
    let found = instances(snapshot);
    if !found.is_empty() {
        return found
            .iter()
            .all(|f| f.instance.permission_sets.is_some() && f.instance.assignments.is_some());
    }
    let Some(selection) = &reader.regions else {
        return false;
    };
    selection.source == RegionSource::AccountListRegions
        && selection
            .regions
            .iter()
            .all(|r| matches!(ic.regions.get(r), Some(Some(_))))
}

/// The `account.identity_center` view; `None` when not [`known`].
pub fn identity_center(snapshot: &Snapshot, a: &AccountSnapshot) -> Option<IdentityCenterView> {
    if !known(snapshot) {
        return None;
    }
    let found = instances(snapshot);
    let first = found.first();
    Some(IdentityCenterView {
        enabled: first.is_some(),
        home_region: first.map(|f| f.region.to_string()),
        instance_arn: first.map(|f| f.instance.instance_arn.clone()),
        assignments_here: found
            .iter()
            .flat_map(|f| f.instance.assignments.iter().flatten())
            .filter(|x| x.account_id == a.id)
            .count(),
    })
}

fn minutes(duration: &str) -> Option<i64> {
    let span: jiff::Span = duration.parse().ok()?;
    let seconds = span.total(jiff::Unit::Second).ok()?;
    Some((seconds / 60.0).floor() as i64)
}

fn reference_text(r: &PolicyReference) -> String {
    format!("{}{}", r.path, r.name)
}

fn set_name(set: Option<&PermissionSet>, arn: &str) -> String {
    set.and_then(|s| s.name.clone())
        .unwrap_or_else(|| arn.to_string())
}

/// Resources of the `permission_set` scope: in the account that read them.
pub fn permission_sets(snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    let mut out = Vec::new();
    for f in instances(snapshot).iter().filter(|f| f.reader.id == a.id) {
        let assignments = f.instance.assignments.as_deref().unwrap_or_default();
        for (j, set) in f.instance.permission_sets.iter().flatten().enumerate() {
            let mut accounts: Vec<String> = assignments
                .iter()
                .filter(|x| x.permission_set_arn == set.arn)
                .map(|x| x.account_id.clone())
                .collect();
            accounts.dedup();
            let view = PermissionSetView {
                name: set_name(Some(set), &set.arn),
                arn: set.arn.clone(),
                session_minutes: set.session_duration.as_deref().and_then(minutes),
                session_duration: set.session_duration.clone(),
                managed_policies: set.managed_policies.clone(),
                customer_managed_policies: set
                    .customer_managed_policies
                    .as_ref()
                    .map(|l| l.iter().map(reference_text).collect()),
                has_inline_policy: set
                    .inline_policy
                    .as_ref()
                    .map(|p| matches!(p, InlinePolicyState::Present { .. })),
                assigned_accounts: accounts,
            };
            out.push(Resource {
                id: set.arn.clone().into(),
                name: view.name.clone().into(),
                region: Some(f.region.into()),
                pointer: format!(
                    "/accounts/{}/identity_center/regions/{}/{}/permission_sets/{j}",
                    f.reader.id, f.region, f.index
                )
                .into(),
                value: super::types::to_value(&view),
            });
        }
    }
    out
}

/// Every assignment made in `a`: where it lives (instance, index) and its view.
fn each_assignment<'s>(
    snapshot: &'s Snapshot,
    a: &AccountSnapshot,
) -> Vec<(Found<'s>, usize, &'s AccountAssignment, AssignmentView)> {
    let mut out = Vec::new();
    for f in instances(snapshot) {
        let names = Names::of(f.instance);
        let sets: BTreeMap<&str, &PermissionSet> = f
            .instance
            .permission_sets
            .iter()
            .flatten()
            .map(|s| (s.arn.as_str(), s))
            .collect();
        for (j, x) in f.instance.assignments.iter().flatten().enumerate() {
            if x.account_id == a.id {
                let set = sets.get(x.permission_set_arn.as_str()).copied();
                out.push((f, j, x, assignment_view(snapshot, a, x, set, &names)));
            }
        }
    }
    out
}

/// Resources of the `assignment` scope: every assignment made in `a`.
pub fn assignments(snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<Resource> {
    each_assignment(snapshot, a)
        .into_iter()
        .map(|(f, j, x, view)| Resource {
            id: format!(
                "{}/{}/{}/{}/{}",
                f.instance.instance_arn,
                x.account_id,
                x.permission_set_arn,
                x.principal_type,
                x.principal_id
            )
            .into(),
            name: format!(
                "{} → {} {}",
                view.permission_set,
                x.principal_type.to_ascii_lowercase(),
                view.principal_name
            )
            .into(),
            region: Some(f.region.into()),
            pointer: format!(
                "/accounts/{}/identity_center/regions/{}/{}/assignments/{j}",
                f.reader.id, f.region, f.index
            )
            .into(),
            value: super::types::to_value(&view),
        })
        .collect()
}

/// Every assignment in `a` as views, for reports.
pub fn assignment_views(snapshot: &Snapshot, a: &AccountSnapshot) -> Vec<AssignmentView> {
    each_assignment(snapshot, a)
        .into_iter()
        .map(|(_, _, _, view)| view)
        .collect()
}

/// Display names of the identity store's users and groups, and members.
struct Names<'s> {
    users: BTreeMap<&'s str, &'s str>,
    groups: BTreeMap<&'s str, (&'s str, Option<&'s [String]>)>,
}

impl<'s> Names<'s> {
    fn of(instance: &'s IdentityCenterInstance) -> Self {
        Names {
            users: instance
                .users
                .iter()
                .flatten()
                .map(|u| {
                    let name = u.user_name.as_deref().or(u.display_name.as_deref());
                    (u.user_id.as_str(), name.unwrap_or(u.user_id.as_str()))
                })
                .collect(),
            groups: instance
                .groups
                .iter()
                .flatten()
                .map(|g| {
                    let name = g.display_name.as_deref().unwrap_or(g.group_id.as_str());
                    (g.group_id.as_str(), (name, g.members.as_deref()))
                })
                .collect(),
        }
    }

    fn user(&self, id: &'s str) -> String {
        self.users.get(id).copied().unwrap_or(id).to_string()
    }
}

fn assignment_view(
    snapshot: &Snapshot,
    a: &AccountSnapshot,
    x: &AccountAssignment,
    set: Option<&PermissionSet>,
    names: &Names<'_>,
) -> AssignmentView {
    let (principal_name, members) = if x.principal_type == "GROUP" {
        match names.groups.get(x.principal_id.as_str()) {
            Some((name, members)) => (
                name.to_string(),
                members.map(|m| m.iter().map(|id| names.user(id)).collect()),
            ),
            None => (x.principal_id.clone(), None),
        }
    } else {
        let name = names.user(&x.principal_id);
        (name.clone(), Some(vec![name]))
    };
    let grant = set.map(|s| grant(snapshot, a, s));
    AssignmentView {
        permission_set: set_name(set, &x.permission_set_arn),
        permission_set_arn: x.permission_set_arn.clone(),
        principal_type: x.principal_type.clone(),
        principal_id: x.principal_id.clone(),
        principal_name,
        members,
        session_minutes: set
            .and_then(|s| s.session_duration.as_deref())
            .and_then(minutes),
        full_admin: grant.as_ref().and_then(|g| g.full_admin),
        admin_equivalent: grant.as_ref().and_then(|g| g.admin_equivalent),
        policies: grant.map(|g| g.policies).unwrap_or_default(),
    }
}

/// What a permission set grants in one account.
struct Grant {
    full_admin: Option<bool>,
    admin_equivalent: Option<bool>,
    policies: Vec<String>,
}

/// A managed policy's document: from the account's own authorization
/// details, else from any collected account (AWS managed policies are the
/// same everywhere).
fn managed_document<'s>(
    snapshot: &'s Snapshot,
    a: &'s AccountSnapshot,
    arn: &str,
) -> Option<&'s PolicyDocument> {
    let in_account = |acct: &'s AccountSnapshot| {
        acct.iam
            .authorization_details
            .as_ref()?
            .policies
            .iter()
            .find(|p| p.arn == arn)?
            .default_document
            .as_ref()
    };
    in_account(a).or_else(|| snapshot.accounts.values().find_map(in_account))
}

/// The statements of a managed policy ARN; `None` when unknown.
fn managed_statements(
    snapshot: &Snapshot,
    a: &AccountSnapshot,
    arn: &str,
) -> Option<Vec<Statement>> {
    if let Some(doc) = managed_document(snapshot, a, arn) {
        return Some(parse_statements(&doc.parse()));
    }
    // Its content is public and fixed: Allow * on *.
    arn.ends_with(ADMINISTRATOR_ACCESS).then(|| {
        parse_statements(&serde_json::json!({
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        }))
    })
}

/// A customer managed policy by path and name in `a`: `Some(None)` when
/// the account's policies were read and it is not there (AWS refuses to
/// provision a permission set whose policy is missing, so it grants
/// nothing); `None` when the account's policies were not read.
fn customer_statements(a: &AccountSnapshot, r: &PolicyReference) -> Option<Option<Vec<Statement>>> {
    let details = a.iam.authorization_details.as_ref()?;
    let Some(policy) = details
        .policies
        .iter()
        .find(|p| !p.aws_managed && p.name == r.name && p.path == r.path)
    else {
        return Some(None);
    };
    Some(Some(parse_statements(
        &policy.default_document.as_ref()?.parse(),
    )))
}

fn grant(snapshot: &Snapshot, a: &AccountSnapshot, set: &PermissionSet) -> Grant {
    let mut statements: Vec<Statement> = Vec::new();
    let mut policies = Vec::new();
    let mut complete = true;
    match &set.managed_policies {
        Some(list) => {
            for arn in list {
                policies.push(format!("managed:{arn}"));
                match managed_statements(snapshot, a, arn) {
                    Some(s) => statements.extend(s),
                    None => complete = false,
                }
            }
        }
        None => complete = false,
    }
    match &set.customer_managed_policies {
        Some(list) => {
            for r in list {
                policies.push(format!("customer:{}", reference_text(r)));
                match customer_statements(a, r) {
                    Some(s) => statements.extend(s.unwrap_or_default()),
                    None => complete = false,
                }
            }
        }
        None => complete = false,
    }
    match &set.inline_policy {
        Some(InlinePolicyState::Present { document }) => {
            policies.push("inline".to_string());
            statements.extend(parse_statements(&document.parse()));
        }
        Some(InlinePolicyState::Absent) => {}
        None => complete = false,
    }
    let facts = identity_facts(&statements, &a.id);
    // A boundary caps what the policies grant: admin only when both are.
    let boundary = match &set.permissions_boundary {
        Some(BoundaryState::Absent) => Some(None),
        Some(BoundaryState::Managed { arn }) => {
            managed_statements(snapshot, a, arn).map(|s| Some(identity_facts(&s, &a.id)))
        }
        Some(BoundaryState::CustomerManaged { reference }) => customer_statements(a, reference)
            .map(|s| Some(identity_facts(&s.unwrap_or_default(), &a.id))),
        None => None,
    };
    let judge = |granted: bool, capped: fn(&crate::iam_policy::identity::IdentityFacts) -> bool| {
        let capped_by = match &boundary {
            Some(None) => Some(true),
            Some(Some(b)) => Some(capped(b)),
            None => None,
        };
        match (granted, capped_by) {
            // A known non-admin boundary settles it whatever else is unknown.
            (_, Some(false)) => Some(false),
            (true, Some(true)) if complete => Some(true),
            (false, Some(true)) if complete => Some(false),
            _ => None,
        }
    };
    Grant {
        full_admin: judge(facts.full_admin, |f| f.full_admin),
        admin_equivalent: judge(facts.admin_equivalent || facts.full_admin, |f| {
            f.admin_equivalent || f.full_admin
        }),
        policies,
    }
}

#[cfg(test)]
mod tests {
    use super::minutes;

    #[test]
    fn iso_durations_become_minutes() {
        assert_eq!(minutes("PT8H"), Some(480));
        assert_eq!(minutes("PT1H30M"), Some(90));
        assert_eq!(minutes("PT12H"), Some(720));
        assert_eq!(minutes("eight hours"), None);
    }
}
