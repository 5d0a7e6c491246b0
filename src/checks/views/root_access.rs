//! Centralised root access: whether the organisation manages members' root
//! credentials, and what an account's root user still holds. GetAccountSummary
//! answers first; the credential report's root row fills what it omits.

use super::known_bool;
use super::types::{RootAccessView, RootCredentialsView};
use crate::snapshot::org::Organization;
use crate::snapshot::AccountSnapshot;

const IAM_PRINCIPAL: &str = "iam.amazonaws.com";

pub fn root_access(org: &Organization) -> Option<RootAccessView> {
    let features = org.iam_features.as_ref()?;
    let has = |f: &str| features.iter().any(|x| x == f);
    Some(RootAccessView {
        credentials_management: has("RootCredentialsManagement"),
        root_sessions: has("RootSessions"),
        trusted_access: org
            .service_access
            .as_ref()
            .map(|list| list.iter().any(|s| s == IAM_PRINCIPAL)),
    })
}

/// Each kind of root credential: present, absent, or unknown (`None`).
/// GetAccountSummary decides; the credential report's root row can only
/// add presence, so losing the summary never turns "present" into "absent".
fn kinds(a: &AccountSnapshot) -> [(&'static str, Option<bool>); 4] {
    let summary = a.iam.account_summary.as_ref();
    let row = a.iam.credential_report.as_ref().and_then(|r| r.root());
    let row_keys = row.is_some_and(|r| {
        r.access_keys
            .iter()
            .any(|k| known_bool(&k.active) == Some(true))
    });
    let row_certs =
        row.is_some_and(|r| r.certs.iter().any(|c| known_bool(&c.active) == Some(true)));
    let row_mfa = row.is_some_and(|r| known_bool(&r.mfa_active) == Some(true));
    let row_password = row.is_some_and(|r| known_bool(&r.password_enabled) == Some(true));
    let kind = |key: &str, in_row: bool| match summary.and_then(|s| s.get(key)) {
        Some(v) => Some(*v > 0 || in_row),
        None => in_row.then_some(true),
    };
    [
        ("password", kind("AccountPasswordPresent", row_password)),
        ("access_keys", kind("AccountAccessKeysPresent", row_keys)),
        (
            "signing_certificates",
            kind("AccountSigningCertificatesPresent", row_certs),
        ),
        ("mfa", kind("AccountMFAEnabled", row_mfa)),
    ]
}

pub fn root_credentials(
    a: &AccountSnapshot,
    access: Option<&RootAccessView>,
) -> Option<RootCredentialsView> {
    if a.iam.account_summary.is_none() && a.iam.credential_report.is_none() {
        return None;
    }
    let kinds = kinds(a);
    let present: Vec<String> = kinds
        .iter()
        .filter(|(_, v)| *v == Some(true))
        .map(|(k, _)| k.to_string())
        .collect();
    let complete = kinds.iter().all(|(_, v)| v.is_some());
    let centrally_removed = match access {
        // The management account's root cannot be removed centrally.
        _ if a.is_management => Some(false),
        Some(view) if !view.credentials_management => Some(false),
        Some(_) if !present.is_empty() => Some(false),
        Some(_) if complete => Some(true),
        _ => None,
    };
    Some(RootCredentialsView {
        present,
        complete: complete.then_some(true),
        centrally_removed,
    })
}
