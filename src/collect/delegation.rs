//! Who runs what for the organisation: delegated administrators with the
//! services each administers, and the services with trusted access. Read
//! once, from the management (or Organizations delegated-admin) account.

use super::gaps::GapRecorder;
use crate::snapshot::org::Organization;
use crate::snapshot::security::DelegatedAdministrator;
use aws_sdk_organizations::Client;

const SVC: &str = "organizations";

pub async fn collect_delegation(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
    org: &mut Organization,
) {
    let mut admins = administrators(client, rec, page_size).await;
    if let Some(list) = admins.as_mut() {
        for admin in list.iter_mut() {
            admin.services = services_of(client, rec, &admin.account_id, page_size).await;
        }
    }
    org.delegated_administrators = admins;
    org.service_access = service_access(client, rec, page_size).await;
}

async fn administrators(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
) -> Option<Vec<DelegatedAdministrator>> {
    let mut out = Vec::new();
    let mut pages = client
        .list_delegated_administrators()
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok(SVC, None, "ListDelegatedAdministrators", page)?;
        out.extend(page.delegated_administrators().iter().filter_map(|a| {
            a.id().map(|id| DelegatedAdministrator {
                account_id: id.to_string(),
                services: None,
            })
        }));
    }
    Some(out)
}

async fn services_of(
    client: &Client,
    rec: &GapRecorder,
    account_id: &str,
    page_size: Option<i32>,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut pages = client
        .list_delegated_services_for_account()
        .account_id(account_id)
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok(SVC, None, "ListDelegatedServicesForAccount", page)?;
        out.extend(
            page.delegated_services()
                .iter()
                .filter_map(|s| s.service_principal().map(str::to_string)),
        );
    }
    Some(out)
}

async fn service_access(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut pages = client
        .list_aws_service_access_for_organization()
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok(SVC, None, "ListAWSServiceAccessForOrganization", page)?;
        out.extend(
            page.enabled_service_principals()
                .iter()
                .filter_map(|s| s.service_principal().map(str::to_string)),
        );
    }
    Some(out)
}

/// The services an organisation delegates to `account_id`.
pub fn delegated_to<'o>(org: &'o Organization, account_id: &str) -> Vec<&'o str> {
    org.delegated_administrators
        .iter()
        .flatten()
        .filter(|a| a.account_id == account_id)
        .flat_map(|a| a.services.iter().flatten().map(String::as_str))
        .collect()
}
