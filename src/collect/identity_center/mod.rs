//! IAM Identity Center, read by the management account in each region:
//! the organisation instance (in one region only), its permission sets,
//! every account assignment, and the identity store's users and groups.
//! Requests grow with permission sets, provisioned (account, permission
//! set) pairs and groups, never with users times accounts.

mod assignments;
mod permission_sets;
mod store;

use super::clients::AccountClients;
use super::gaps::GapRecorder;
use crate::snapshot::identity::IdentityCenterInstance;

const SVC: &str = "sso";
/// Concurrent calls per instance: Identity Center's API quotas are low.
const FANOUT: usize = 4;

/// Every item of a paginated listing, or `None` at the first failed page.
macro_rules! all_pages {
    ($rec:expr, $region:expr, $api:literal, $pages:expr, $items:ident) => {{
        let mut out = Vec::new();
        let mut pages = $pages.into_paginator().send();
        let mut ok = true;
        while let Some(page) = pages.next().await {
            match $rec.ok(SVC, Some($region), $api, page) {
                Some(page) => out.extend(page.$items().iter().cloned()),
                None => {
                    ok = false;
                    break;
                }
            }
        }
        ok.then_some(out)
    }};
}
pub(crate) use all_pages;

/// The instances in `region` with everything under them; `None` when
/// ListInstances failed (a gap).
pub async fn identity_center_region(
    clients: &AccountClients,
    rec: &GapRecorder,
    region: &str,
    page_size: Option<i32>,
) -> Option<Vec<IdentityCenterInstance>> {
    let admin = clients.ssoadmin(region);
    let mut instances = Vec::new();
    let mut pages = admin
        .list_instances()
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for i in rec
            .ok(SVC, Some(region), "ListInstances", page)?
            .instances()
        {
            instances.push(IdentityCenterInstance {
                instance_arn: i.instance_arn().unwrap_or_default().to_string(),
                identity_store_id: i.identity_store_id().map(str::to_string),
                owner_account_id: i.owner_account_id().map(str::to_string),
                status: i.status().map(|s| s.as_str().to_string()),
                ..IdentityCenterInstance::default()
            });
        }
    }
    let store = clients.identitystore(region);
    for instance in &mut instances {
        let arn = instance.instance_arn.clone();
        let listed: Option<Vec<String>> = all_pages!(
            rec,
            region,
            "ListPermissionSets",
            admin
                .list_permission_sets()
                .instance_arn(&arn)
                .set_max_results(page_size),
            permission_sets
        );
        if let Some(sets) = listed {
            let (described, assigned) = tokio::join!(
                permission_sets::permission_sets(
                    &admin,
                    rec,
                    region,
                    &arn,
                    sets.clone(),
                    page_size
                ),
                assignments::assignments(&admin, rec, region, &arn, sets, page_size),
            );
            instance.permission_sets = Some(described);
            instance.assignments = assigned;
        }
        if let Some(id) = instance.identity_store_id.clone() {
            let (users, groups) = tokio::join!(
                store::users(&store, rec, region, &id, page_size),
                store::groups(&store, rec, region, &id, page_size),
            );
            instance.users = users;
            instance.groups = groups;
        }
    }
    Some(instances)
}
