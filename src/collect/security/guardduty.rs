//! GuardDuty in one region: the account's detectors; in the management
//! account, who administers GuardDuty for the organisation; in that
//! delegated administrator, the organisation configuration and members.

use super::super::clients::AccountClients;
use super::super::gaps::GapRecorder;
use crate::snapshot::security::{AdminAccount, Detector, GuardDuty, GuardDutyOrganization, Member};

const SVC: &str = "guardduty";

/// What this account is, for GuardDuty's organisation-wide calls.
#[derive(Debug, Clone, Copy)]
pub struct Role {
    pub is_management: bool,
    pub is_admin: bool,
}

pub async fn guardduty(
    clients: &AccountClients,
    rec: &GapRecorder,
    region: &str,
    role: Role,
    page_size: Option<i32>,
) -> Option<GuardDuty> {
    let client = clients.guardduty(region);
    let r = Some(region);
    let mut ids = Vec::new();
    let mut pages = client
        .list_detectors()
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        ids.extend(
            rec.ok(SVC, r, "ListDetectors", page)?
                .detector_ids()
                .to_vec(),
        );
    }
    let mut detectors = Vec::new();
    for id in &ids {
        let got = client.get_detector().detector_id(id).send().await;
        let status = rec
            .ok(SVC, r, "GetDetector", got)
            .and_then(|d| d.status().map(|s| s.as_str().to_string()));
        detectors.push(Detector {
            id: id.clone(),
            status,
        });
    }
    let admin_accounts = if role.is_management {
        let listed = client.list_organization_admin_accounts().send().await;
        rec.ok(SVC, r, "ListOrganizationAdminAccounts", listed)
            .map(|out| {
                out.admin_accounts()
                    .iter()
                    .map(|a| AdminAccount {
                        account_id: a.admin_account_id().unwrap_or_default().to_string(),
                        status: a.admin_status().map(|s| s.as_str().to_string()),
                    })
                    .collect()
            })
    } else {
        None
    };
    let organization = match (role.is_admin, ids.first()) {
        (true, Some(id)) => organization(&client, rec, region, id, page_size).await,
        _ => None,
    };
    Some(GuardDuty {
        detectors,
        admin_accounts,
        organization,
    })
}

async fn organization(
    client: &aws_sdk_guardduty::Client,
    rec: &GapRecorder,
    region: &str,
    detector: &str,
    page_size: Option<i32>,
) -> Option<GuardDutyOrganization> {
    let r = Some(region);
    let config = client
        .describe_organization_configuration()
        .detector_id(detector)
        .send()
        .await;
    let config = rec.ok(SVC, r, "DescribeOrganizationConfiguration", config)?;
    let mut members = Vec::new();
    let mut pages = client
        .list_members()
        .detector_id(detector)
        .only_associated("false")
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for m in rec.ok(SVC, r, "ListMembers", page)?.members() {
            members.push(Member {
                account_id: m.account_id().unwrap_or_default().to_string(),
                status: Some(m.relationship_status().unwrap_or_default().to_string()),
            });
        }
    }
    Some(GuardDutyOrganization {
        auto_enable: config
            .auto_enable_organization_members()
            .map(|a| a.as_str().to_string()),
        members,
    })
}
