//! The identity store behind an instance: user names and groups with their
//! members, so assignments can name the people they reach. Nothing else of
//! a user's profile (e-mail, phone) is read.

use super::{all_pages, FANOUT};
use crate::collect::gaps::GapRecorder;
use crate::snapshot::identity::{IdentityStoreGroup, IdentityStoreUser};
use aws_sdk_identitystore::Client;
use futures_util::{stream, StreamExt};

const SVC: &str = "identitystore";

pub async fn users(
    client: &Client,
    rec: &GapRecorder,
    region: &str,
    store: &str,
    page_size: Option<i32>,
) -> Option<Vec<IdentityStoreUser>> {
    let users = all_pages!(
        rec,
        region,
        "ListUsers",
        client
            .list_users()
            .identity_store_id(store)
            .set_max_results(page_size),
        users
    )?;
    Some(
        users
            .iter()
            .map(|u| IdentityStoreUser {
                user_id: u.user_id().to_string(),
                user_name: u.user_name().map(str::to_string),
                display_name: u.display_name().map(str::to_string),
            })
            .collect(),
    )
}

pub async fn groups(
    client: &Client,
    rec: &GapRecorder,
    region: &str,
    store: &str,
    page_size: Option<i32>,
) -> Option<Vec<IdentityStoreGroup>> {
    let groups = all_pages!(
        rec,
        region,
        "ListGroups",
        client
            .list_groups()
            .identity_store_id(store)
            .set_max_results(page_size),
        groups
    )?;
    let mut out: Vec<IdentityStoreGroup> = stream::iter(groups)
        .map(|g| async move {
            let members = all_pages!(
                rec,
                region,
                "ListGroupMemberships",
                client
                    .list_group_memberships()
                    .identity_store_id(store)
                    .group_id(g.group_id())
                    .set_max_results(page_size),
                group_memberships
            );
            IdentityStoreGroup {
                group_id: g.group_id().to_string(),
                display_name: g.display_name().map(str::to_string),
                members: members.map(|list| {
                    list.iter()
                        .filter_map(|m| m.member_id().and_then(|id| id.as_user_id().ok()))
                        .cloned()
                        .collect()
                }),
            }
        })
        .buffer_unordered(FANOUT)
        .collect()
        .await;
    out.sort_by(|a, b| a.group_id.cmp(&b.group_id));
    Some(out)
}
