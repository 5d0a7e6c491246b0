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
fn kinds(a: &AccountSnapshot) -> [(&'static str, Option<bool>); 4] {
    let summary = a.iam.account_summary.as_ref();
    let key = |k: &str| summary.and_then(|s| s.get(k)).map(|v| *v > 0);
    let row = a.iam.credential_report.as_ref().and_then(|r| r.root());
    let any = |slots: Vec<Option<bool>>| -> Option<bool> {
        if slots.contains(&Some(true)) {
            return Some(true);
        }
        (!slots.is_empty() && slots.iter().all(|s| *s == Some(false))).then_some(false)
    };
    let row_keys = row.and_then(|r| {
        any(r
            .access_keys
            .iter()
            .map(|k| known_bool(&k.active))
            .collect())
    });
    let row_certs = row.and_then(|r| any(r.certs.iter().map(|c| known_bool(&c.active)).collect()));
    [
        (
            "password",
            key("AccountPasswordPresent")
                .or_else(|| row.and_then(|r| known_bool(&r.password_enabled))),
        ),
        ("access_keys", key("AccountAccessKeysPresent").or(row_keys)),
        (
            "signing_certificates",
            key("AccountSigningCertificatesPresent").or(row_certs),
        ),
        (
            "mfa",
            key("AccountMFAEnabled").or_else(|| row.and_then(|r| known_bool(&r.mfa_active))),
        ),
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
