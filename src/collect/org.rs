//! The organisation: accounts, the OU tree, tags and service control policies.

use super::convert::opt_timestamp;
use super::gaps::{CallError, GapRecorder};
use crate::snapshot::org::{
    OrgRoot, Organization, OrganizationView, OrganizationalUnit, ServiceControlPolicy,
};
use aws_sdk_organizations::types::PolicyType;
use aws_sdk_organizations::Client;
use futures_util::{stream, StreamExt};
use std::collections::BTreeMap;

const SVC: &str = "organizations";
/// Concurrent per-target calls (tags, policies) against Organizations,
/// whose API quota is low and shared by the whole organisation.
const ORG_FANOUT: usize = 4;
/// The AWS managed FullAWSAccess SCP and RCP (older APIs omit `AwsManaged`).
const AWS_MANAGED_IDS: [&str; 2] = ["p-FullAWSAccess", "p-RCPFullAWSAccess"];

/// An account as listed by Organizations.
#[derive(Debug, Clone, Default)]
pub struct ListedAccount {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub state: Option<String>,
    pub state_field: Option<String>,
    pub joined_method: Option<String>,
    pub joined_at: Option<jiff::Timestamp>,
    pub parent_id: Option<String>,
    pub ou_path: Option<String>,
    pub tags: BTreeMap<String, String>,
}

impl ListedAccount {
    pub fn is_active(&self) -> bool {
        self.state.as_deref() == Some("ACTIVE")
    }
}

pub struct OrgCollection {
    pub view: OrganizationView,
    pub accounts: Vec<ListedAccount>,
}

/// Read the organisation; falls back to "caller's account only" with the
/// reason recorded when the caller is not in an organisation or may not list it.
pub async fn collect_organization(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
) -> OrgCollection {
    let described = client.describe_organization().send().await;
    let org = match described {
        Ok(out) => match out.organization() {
            Some(o) => Organization {
                id: o.id().unwrap_or_default().to_string(),
                arn: o.arn().unwrap_or_default().to_string(),
                management_account_id: o.master_account_id().unwrap_or_default().to_string(),
                feature_set: o.feature_set().map(|f| f.as_str().to_string()),
                ..Organization::default()
            },
            None => return not_in_org("DescribeOrganization returned no organization".to_string()),
        },
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is("AWSOrganizationsNotInUseException") {
                return not_in_org(err.message);
            }
            rec.record(SVC, None, "DescribeOrganization", &err);
            return OrgCollection {
                view: OrganizationView::NotPermitted {
                    organization: None,
                    reason: format!("DescribeOrganization failed: {}: {}", err.code, err.message),
                },
                accounts: Vec::new(),
            };
        }
    };
    let mut accounts = match list_accounts(client, page_size).await {
        Ok(a) => a,
        Err(err) => {
            rec.record(SVC, None, "ListAccounts", &err);
            return OrgCollection {
                view: OrganizationView::NotPermitted {
                    organization: Some(org),
                    reason: format!(
                        "the caller may not list the organization's accounts ({}: {}); only the caller's own account was collected",
                        err.code, err.message
                    ),
                },
                accounts: Vec::new(),
            };
        }
    };
    let mut org = org;
    org.collected_at = Some(jiff::Timestamp::now());
    collect_tree(client, rec, page_size, &mut org, &mut accounts).await;
    collect_tags(client, rec, &mut accounts).await;
    collect_policies(client, rec, page_size, &mut org, &accounts).await;
    super::delegation::collect_delegation(client, rec, page_size, &mut org).await;
    OrgCollection {
        view: OrganizationView::Collected { organization: org },
        accounts,
    }
}

fn not_in_org(reason: String) -> OrgCollection {
    OrgCollection {
        view: OrganizationView::NotInOrganization { reason },
        accounts: Vec::new(),
    }
}

async fn list_accounts(
    client: &Client,
    page_size: Option<i32>,
) -> Result<Vec<ListedAccount>, CallError> {
    let mut pages = client
        .list_accounts()
        .set_max_results(page_size)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| CallError::from_sdk(&e))?;
        for a in page.accounts() {
            // `State` replaces the legacy `Status` (retired 2026-09-09).
            let (state, field) = match (a.state(), a.status()) {
                (Some(s), _) => (Some(s.as_str().to_string()), Some("State")),
                (None, Some(s)) => (Some(s.as_str().to_string()), Some("Status")),
                (None, None) => (None, None),
            };
            out.push(ListedAccount {
                id: a.id().unwrap_or_default().to_string(),
                name: a.name().map(str::to_string),
                email: a.email().map(str::to_string),
                state,
                state_field: field.map(str::to_string),
                joined_method: a.joined_method().map(|m| m.as_str().to_string()),
                joined_at: opt_timestamp(a.joined_timestamp()),
                ..ListedAccount::default()
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Roots, then OUs breadth-first, and which container holds each account.
async fn collect_tree(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
    org: &mut Organization,
    accounts: &mut [ListedAccount],
) {
    let mut roots = client.list_roots().into_paginator().send();
    while let Some(page) = roots.next().await {
        let Some(page) = rec.ok(SVC, None, "ListRoots", page) else {
            break;
        };
        for r in page.roots() {
            let policy_types = r
                .policy_types()
                .iter()
                .filter_map(|p| {
                    Some((
                        p.r#type()?.as_str().to_string(),
                        p.status()?.as_str().to_string(),
                    ))
                })
                .collect();
            org.roots.push(OrgRoot {
                id: r.id().unwrap_or_default().to_string(),
                arn: r.arn().unwrap_or_default().to_string(),
                name: r.name().unwrap_or("Root").to_string(),
                policy_types,
            });
        }
    }
    // (container id, path, depth) still to expand
    let mut queue: Vec<(String, String, usize)> = org
        .roots
        .iter()
        .map(|r| (r.id.clone(), r.name.clone(), 0))
        .collect();
    let mut parent_of: BTreeMap<String, (String, String)> = BTreeMap::new();
    while let Some((parent, path, depth)) = queue.pop() {
        for id in list_account_ids_for_parent(client, rec, page_size, &parent).await {
            parent_of.insert(id, (parent.clone(), path.clone()));
        }
        let mut pages = client
            .list_organizational_units_for_parent()
            .parent_id(&parent)
            .set_max_results(page_size)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let Some(page) = rec.ok(SVC, None, "ListOrganizationalUnitsForParent", page) else {
                break;
            };
            for ou in page.organizational_units() {
                let name = ou.name().unwrap_or_default().to_string();
                let unit = OrganizationalUnit {
                    id: ou.id().unwrap_or_default().to_string(),
                    arn: ou.arn().unwrap_or_default().to_string(),
                    path: format!("{path}/{name}"),
                    name,
                    parent_id: parent.clone(),
                    depth: depth + 1,
                };
                queue.push((unit.id.clone(), unit.path.clone(), unit.depth));
                org.units.push(unit);
            }
        }
    }
    org.units
        .sort_by(|a, b| (a.depth, &a.path, &a.id).cmp(&(b.depth, &b.path, &b.id)));
    for account in accounts.iter_mut() {
        if let Some((parent, path)) = parent_of.get(&account.id) {
            account.parent_id = Some(parent.clone());
            account.ou_path = Some(path.clone());
        }
    }
}

async fn list_account_ids_for_parent(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
    parent: &str,
) -> Vec<String> {
    let mut ids = Vec::new();
    let mut pages = client
        .list_accounts_for_parent()
        .parent_id(parent)
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let Some(page) = rec.ok(SVC, None, "ListAccountsForParent", page) else {
            break;
        };
        ids.extend(
            page.accounts()
                .iter()
                .filter_map(|a| a.id().map(str::to_string)),
        );
    }
    ids
}

async fn collect_tags(client: &Client, rec: &GapRecorder, accounts: &mut [ListedAccount]) {
    let ids: Vec<String> = accounts.iter().map(|a| a.id.clone()).collect();
    let tags: BTreeMap<String, BTreeMap<String, String>> = stream::iter(ids)
        .map(|id| async move {
            let mut tags = BTreeMap::new();
            let mut pages = client
                .list_tags_for_resource()
                .resource_id(&id)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let Some(page) = rec.ok(SVC, None, "ListTagsForResource", page) else {
                    break;
                };
                for t in page.tags() {
                    tags.insert(t.key().to_string(), t.value().to_string());
                }
            }
            (id, tags)
        })
        .buffer_unordered(ORG_FANOUT)
        .collect()
        .await;
    for account in accounts.iter_mut() {
        if let Some(t) = tags.get(&account.id) {
            account.tags = t.clone();
        }
    }
}

/// Whether a policy type is enabled on the root (no root read: no).
fn type_enabled(org: &Organization, policy_type: &PolicyType) -> bool {
    org.policy_type_enabled(policy_type.as_str()) == Some(true)
}

/// SCPs and RCPs attached to the root, every OU and every account, with
/// documents; a type that is not enabled has none.
async fn collect_policies(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
    org: &mut Organization,
    accounts: &[ListedAccount],
) {
    let targets: Vec<String> = org
        .roots
        .iter()
        .map(|r| r.id.clone())
        .chain(org.units.iter().map(|u| u.id.clone()))
        .chain(accounts.iter().map(|a| a.id.clone()))
        .collect();
    if type_enabled(org, &PolicyType::ServiceControlPolicy) {
        let found = attached_policies(
            client,
            rec,
            page_size,
            &targets,
            PolicyType::ServiceControlPolicy,
        )
        .await;
        (org.policies, org.attachments) = found;
    }
    if type_enabled(org, &PolicyType::ResourceControlPolicy) {
        let found = attached_policies(
            client,
            rec,
            page_size,
            &targets,
            PolicyType::ResourceControlPolicy,
        )
        .await;
        (org.resource_control_policies, org.rcp_attachments) = found;
    }
}

type Policies = BTreeMap<String, ServiceControlPolicy>;
type Attachments = BTreeMap<String, Vec<String>>;

/// The policies of one type on each target, and their documents. A target
/// whose list failed has no attachment entry (unknown, not "none").
async fn attached_policies(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
    targets: &[String],
    policy_type: PolicyType,
) -> (Policies, Attachments) {
    let mut policies = Policies::new();
    let mut attachments = Attachments::new();
    let listed: Vec<(String, Option<Vec<ServiceControlPolicy>>)> = stream::iter(targets.to_vec())
        .map(|target| {
            let policy_type = policy_type.clone();
            async move {
                let mut found = Vec::new();
                let mut pages = client
                    .list_policies_for_target()
                    .target_id(&target)
                    .filter(policy_type)
                    .set_max_results(page_size)
                    .into_paginator()
                    .send();
                while let Some(page) = pages.next().await {
                    let Some(page) = rec.ok(SVC, None, "ListPoliciesForTarget", page) else {
                        return (target, None);
                    };
                    for p in page.policies() {
                        let id = p.id().unwrap_or_default().to_string();
                        found.push(ServiceControlPolicy {
                            aws_managed: p.aws_managed() || AWS_MANAGED_IDS.contains(&id.as_str()),
                            id,
                            arn: p.arn().unwrap_or_default().to_string(),
                            name: p.name().unwrap_or_default().to_string(),
                            description: p.description().map(str::to_string),
                            document: None,
                        });
                    }
                }
                (target, Some(found))
            }
        })
        .buffer_unordered(ORG_FANOUT)
        .collect()
        .await;
    for (target, list) in listed {
        let Some(list) = list else { continue };
        let mut ids: Vec<String> = list.iter().map(|p| p.id.clone()).collect();
        ids.sort();
        attachments.insert(target, ids);
        for p in list {
            policies.entry(p.id.clone()).or_insert(p);
        }
    }
    let ids: Vec<String> = policies.keys().cloned().collect();
    let documents: BTreeMap<String, Option<crate::snapshot::PolicyDocument>> = stream::iter(ids)
        .map(|id| async move {
            let out = client.describe_policy().policy_id(&id).send().await;
            let doc = rec.ok(SVC, None, "DescribePolicy", out).and_then(|o| {
                o.policy()
                    .and_then(|p| p.content())
                    .map(super::convert::policy_document)
            });
            (id, doc)
        })
        .buffer_unordered(ORG_FANOUT)
        .collect()
        .await;
    for (id, document) in documents {
        if let Some(policy) = policies.get_mut(&id) {
            policy.document = document;
        }
    }
    (policies, attachments)
}
