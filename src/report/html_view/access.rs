//! "Who can administer what": Identity Center assignments per account,
//! administrators first. Capped like the other lists; results.json holds
//! every row.

use crate::access::AccessSection;
use serde::Serialize;

/// Accounts listed on the page.
const ACCOUNTS_SHOWN: usize = 200;
/// Members named per assignment.
const MEMBERS_SHOWN: usize = 25;

#[derive(Serialize)]
pub struct AccessView {
    pub enabled: bool,
    pub home_region: String,
    pub accounts: Vec<AccountRows>,
    pub more_accounts: usize,
}

#[derive(Serialize)]
pub struct AccountRows {
    pub id: String,
    pub name: String,
    pub ou_path: String,
    pub admins: usize,
    pub rows: Vec<Row>,
}

#[derive(Serialize)]
pub struct Row {
    pub permission_set: String,
    pub principal: String,
    pub members: String,
    /// `admin`, `unknown` or empty.
    pub admin: &'static str,
    pub session: String,
}

fn row(r: &crate::access::AccessRow) -> Row {
    let members = match &r.members {
        Some(list) if list.len() > MEMBERS_SHOWN => format!(
            "{} and {} more",
            list[..MEMBERS_SHOWN].join(", "),
            list.len() - MEMBERS_SHOWN
        ),
        Some(list) => list.join(", "),
        None => "members not read".to_string(),
    };
    Row {
        permission_set: r.permission_set.clone(),
        principal: format!(
            "{} {}",
            r.principal_type.to_ascii_lowercase(),
            r.principal_name
        ),
        members,
        admin: match r.admin {
            Some(true) => "admin",
            None => "unknown",
            Some(false) => "",
        },
        session: r
            .session_minutes
            .map(|m| format!("{}h{:02}", m / 60, m % 60))
            .unwrap_or_default(),
    }
}

pub(super) fn access(section: Option<&AccessSection>) -> Option<AccessView> {
    let section = section?;
    let mut accounts: Vec<AccountRows> = section
        .accounts
        .iter()
        .map(|a| AccountRows {
            id: a.account_id.clone(),
            name: a.account_name.clone().unwrap_or_default(),
            ou_path: a.ou_path.clone().unwrap_or_default(),
            admins: a
                .assignments
                .iter()
                .filter(|r| r.admin == Some(true))
                .count(),
            rows: a.assignments.iter().map(row).collect(),
        })
        .collect();
    // Accounts where most people can administer come first.
    accounts.sort_by(|x, y| y.admins.cmp(&x.admins).then(x.id.cmp(&y.id)));
    let more_accounts = accounts.len().saturating_sub(ACCOUNTS_SHOWN);
    accounts.truncate(ACCOUNTS_SHOWN);
    Some(AccessView {
        enabled: section.enabled,
        home_region: section.home_region.clone().unwrap_or_default(),
        accounts,
        more_accounts,
    })
}
