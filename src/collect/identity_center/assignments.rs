//! Who is assigned which permission set in which account: for each
//! permission set the accounts it is provisioned to, then the assignments
//! of each such pair. Requests follow the assignments that exist, never
//! users times accounts.

use super::{all_pages, FANOUT, SVC};
use crate::collect::gaps::GapRecorder;
use crate::snapshot::identity::AccountAssignment;
use aws_sdk_ssoadmin::Client;
use futures_util::{stream, StreamExt};

pub async fn assignments(
    client: &Client,
    rec: &GapRecorder,
    region: &str,
    instance: &str,
    sets: Vec<String>,
    page_size: Option<i32>,
) -> Option<Vec<AccountAssignment>> {
    let pairs: Vec<Option<Vec<(String, String)>>> = stream::iter(sets)
        .map(|set| async move {
            let accounts: Vec<String> = all_pages!(
                rec,
                region,
                "ListAccountsForProvisionedPermissionSet",
                client
                    .list_accounts_for_provisioned_permission_set()
                    .instance_arn(instance)
                    .permission_set_arn(&set)
                    .set_max_results(page_size),
                account_ids
            )?;
            Some(accounts.into_iter().map(|a| (a, set.clone())).collect())
        })
        .buffer_unordered(FANOUT)
        .collect()
        .await;
    let pairs: Vec<(String, String)> = pairs.into_iter().collect::<Option<Vec<_>>>()?.concat();
    let listed: Vec<Option<Vec<AccountAssignment>>> = stream::iter(pairs)
        .map(|(account, set)| async move {
            let found = all_pages!(
                rec,
                region,
                "ListAccountAssignments",
                client
                    .list_account_assignments()
                    .instance_arn(instance)
                    .account_id(&account)
                    .permission_set_arn(&set)
                    .set_max_results(page_size),
                account_assignments
            )?;
            Some(
                found
                    .iter()
                    .map(|a| AccountAssignment {
                        account_id: a.account_id().unwrap_or(&account).to_string(),
                        permission_set_arn: a.permission_set_arn().unwrap_or(&set).to_string(),
                        principal_type: a
                            .principal_type()
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        principal_id: a.principal_id().unwrap_or_default().to_string(),
                    })
                    .collect(),
            )
        })
        .buffer_unordered(FANOUT)
        .collect()
        .await;
    let mut out = listed.into_iter().collect::<Option<Vec<_>>>()?.concat();
    out.sort();
    Some(out)
}
