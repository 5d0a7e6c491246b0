//! Security Hub in one region: whether the account is subscribed and which
//! standards it runs; in the management account, who administers Security
//! Hub for the organisation; in that delegated administrator, the
//! organisation configuration and members.

use super::super::clients::AccountClients;
use super::super::gaps::{CallError, GapRecorder};
use super::guardduty::Role;
use crate::snapshot::security::{
    AdminAccount, Member, SecurityHub, SecurityHubOrganization, StandardSubscription,
};

const SVC: &str = "securityhub";

/// DescribeHub's answer when the account never enabled Security Hub: a fact
/// about the account, not a failure to read it.
fn not_subscribed(err: &CallError) -> bool {
    (err.is("InvalidAccessException") || err.is("ResourceNotFoundException"))
        && err.message.to_ascii_lowercase().contains("not subscribed")
}

pub async fn securityhub(
    clients: &AccountClients,
    rec: &GapRecorder,
    region: &str,
    role: Role,
    page_size: Option<i32>,
) -> Option<SecurityHub> {
    let client = clients.securityhub(region);
    let r = Some(region);
    let hub_arn = match client.describe_hub().send().await {
        Ok(out) => out.hub_arn().map(str::to_string),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if !not_subscribed(&err) {
                rec.record(SVC, r, "DescribeHub", &err);
                return None;
            }
            None
        }
    };
    let enabled = hub_arn.is_some();
    let standards = if enabled {
        enabled_standards(&client, rec, region, page_size).await
    } else {
        Some(Vec::new())
    };
    let admin_accounts = if role.is_management {
        let listed = client.list_organization_admin_accounts().send().await;
        rec.ok(SVC, r, "ListOrganizationAdminAccounts", listed)
            .map(|out| {
                out.admin_accounts()
                    .iter()
                    .map(|a| AdminAccount {
                        account_id: a.account_id().unwrap_or_default().to_string(),
                        status: a.status().map(|s| s.as_str().to_string()),
                    })
                    .collect()
            })
    } else {
        None
    };
    let organization = if role.is_admin && enabled {
        organization(&client, rec, region, page_size).await
    } else {
        None
    };
    Some(SecurityHub {
        enabled,
        hub_arn,
        standards,
        admin_accounts,
        organization,
    })
}

async fn enabled_standards(
    client: &aws_sdk_securityhub::Client,
    rec: &GapRecorder,
    region: &str,
    page_size: Option<i32>,
) -> Option<Vec<StandardSubscription>> {
    let mut list = Vec::new();
    let mut pages = client
        .get_enabled_standards()
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok(SVC, Some(region), "GetEnabledStandards", page)?;
        list.extend(
            page.standards_subscriptions()
                .iter()
                .map(|s| StandardSubscription {
                    standards_arn: s.standards_arn().unwrap_or_default().to_string(),
                    status: s.standards_status().map(|v| v.as_str().to_string()),
                }),
        );
    }
    Some(list)
}

async fn organization(
    client: &aws_sdk_securityhub::Client,
    rec: &GapRecorder,
    region: &str,
    page_size: Option<i32>,
) -> Option<SecurityHubOrganization> {
    let r = Some(region);
    let config = client.describe_organization_configuration().send().await;
    let config = rec.ok(SVC, r, "DescribeOrganizationConfiguration", config)?;
    let mut members = Vec::new();
    let mut pages = client
        .list_members()
        .only_associated(false)
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for m in rec.ok(SVC, r, "ListMembers", page)?.members() {
            members.push(Member {
                account_id: m.account_id().unwrap_or_default().to_string(),
                status: m.member_status().map(str::to_string),
            });
        }
    }
    Some(SecurityHubOrganization {
        auto_enable: config.auto_enable(),
        members,
    })
}
