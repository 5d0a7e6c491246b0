//! `--ou`: collect only the accounts under some OUs, so a very large estate
//! can be split across runners and merged (`orgaudit merge`). The
//! management account is always collected: members' billing checks read the
//! payer's budgets from it (merge keeps one copy).

use super::org::ListedAccount;
use crate::snapshot::org::Organization;

/// Whether `account` is under one of `selectors`: an OU or root id
/// (`ou-...`, `r-...`) anywhere above it, or an OU path (`Root/Workloads`)
/// equal to or above its own. No selector means every account.
pub fn in_scope(selectors: &[String], org: &Organization, account: &ListedAccount) -> bool {
    if selectors.is_empty() {
        return true;
    }
    let mut ancestors = Vec::new();
    let mut parent = account.parent_id.clone();
    while let Some(id) = parent {
        parent = org
            .units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.parent_id.clone());
        ancestors.push(id);
    }
    let path = account.ou_path.as_deref().unwrap_or("");
    selectors.iter().any(|s| {
        ancestors.iter().any(|a| a == s)
            || path == s
            || path
                .strip_prefix(s.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::org::OrganizationalUnit;

    fn unit(id: &str, parent: &str, path: &str) -> OrganizationalUnit {
        OrganizationalUnit {
            id: id.into(),
            arn: String::new(),
            name: path.rsplit('/').next().unwrap_or("").into(),
            parent_id: parent.into(),
            path: path.into(),
            depth: path.matches('/').count(),
        }
    }

    #[test]
    fn selects_by_ou_id_or_path_prefix() {
        let org = Organization {
            units: vec![
                unit("ou-work", "r-root", "Root/Workloads"),
                unit("ou-prod", "ou-work", "Root/Workloads/Prod"),
            ],
            ..Default::default()
        };
        let account = ListedAccount {
            parent_id: Some("ou-prod".into()),
            ou_path: Some("Root/Workloads/Prod".into()),
            ..Default::default()
        };
        for yes in [
            "ou-work",
            "ou-prod",
            "r-root",
            "Root/Workloads",
            "Root/Workloads/Prod",
        ] {
            assert!(in_scope(&[yes.to_string()], &org, &account), "{yes}");
        }
        for no in [
            "ou-other",
            "Root/Work",
            "Root/Workloads/Pro",
            "Root/Workloads/Prod/Web",
        ] {
            assert!(!in_scope(&[no.to_string()], &org, &account), "{no}");
        }
        assert!(in_scope(&[], &org, &account));
    }
}
