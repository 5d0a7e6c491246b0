//! IAM state of one account in a constant number of calls: the credential
//! report and GetAccountAuthorizationDetails cover every user at once.

use super::convert::{opt_timestamp, policy_document};
use super::gaps::{CallError, GapRecorder};
use crate::snapshot::credential_report::{parse_credential_report, CredentialReport};
use crate::snapshot::iam::{
    AttachedPolicy, AuthorizationDetails, IamGroup, IamRole, IamUser, InlinePolicy, ManagedPolicy,
    PasswordPolicy, PasswordPolicyState, VirtualMfaDevice,
};
use crate::snapshot::{Gap, GapKind};
use aws_sdk_iam::types::{AssignmentStatusType, EntityType, ReportStateType};
use aws_sdk_iam::Client;
use std::collections::BTreeMap;
use std::time::Duration;

const SVC: &str = "iam";
/// Bounded backoff while AWS builds the report (it is usually ready in seconds).
const REPORT_POLL_DELAYS_MS: [u64; 8] = [100, 200, 400, 800, 1600, 2000, 2000, 2000];

/// GenerateCredentialReport, then GetCredentialReport until it is ready.
pub async fn credential_report(
    client: &Client,
    rec: &GapRecorder,
    account_id: &str,
) -> Option<CredentialReport> {
    let generated = client.generate_credential_report().send().await;
    let generated = rec.ok(SVC, None, "GenerateCredentialReport", generated)?;
    let mut ready = generated.state() == Some(&ReportStateType::Complete);
    for delay in REPORT_POLL_DELAYS_MS {
        if !ready {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        match client.get_credential_report().send().await {
            Ok(out) => {
                let bytes = out.content().map(|b| b.as_ref()).unwrap_or_default();
                let generated_time = opt_timestamp(out.generated_time());
                return match parse_credential_report(bytes, generated_time) {
                    Ok(report) => Some(report),
                    Err(e) => {
                        rec.push(Gap {
                            account_id: account_id.to_string(),
                            service: SVC.to_string(),
                            region: None,
                            api: "GetCredentialReport".to_string(),
                            kind: GapKind::Other,
                            error_code: "UnparseableReport".to_string(),
                            message: e.to_string(),
                        });
                        None
                    }
                };
            }
            Err(e) => {
                let err = CallError::from_sdk(&e);
                let still_building = err.is("ReportInProgress")
                    || err.is("ReportNotPresent")
                    || err.is("ReportExpired");
                if !still_building {
                    rec.record(SVC, None, "GetCredentialReport", &err);
                    return None;
                }
                ready = false;
            }
        }
    }
    rec.push(Gap {
        account_id: account_id.to_string(),
        service: SVC.to_string(),
        region: None,
        api: "GetCredentialReport".to_string(),
        kind: GapKind::Timeout,
        error_code: "ReportInProgress".to_string(),
        message: "the credential report was not ready after polling".to_string(),
    });
    None
}

pub async fn account_summary(client: &Client, rec: &GapRecorder) -> Option<BTreeMap<String, i64>> {
    let out = rec.ok(
        SVC,
        None,
        "GetAccountSummary",
        client.get_account_summary().send().await,
    )?;
    // Keys are matched as raw strings: older SDKs lack some variants
    // (AccountPasswordPresent arrives as Unknown).
    Some(
        out.summary_map()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.as_str().to_string(), i64::from(*v)))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

pub async fn password_policy(client: &Client, rec: &GapRecorder) -> Option<PasswordPolicyState> {
    match client.get_account_password_policy().send().await {
        Ok(out) => Some(match out.password_policy() {
            Some(p) => PasswordPolicyState::Present {
                policy: PasswordPolicy {
                    minimum_password_length: p.minimum_password_length(),
                    require_symbols: Some(p.require_symbols()),
                    require_numbers: Some(p.require_numbers()),
                    require_uppercase_characters: Some(p.require_uppercase_characters()),
                    require_lowercase_characters: Some(p.require_lowercase_characters()),
                    allow_users_to_change_password: Some(p.allow_users_to_change_password()),
                    expire_passwords: Some(p.expire_passwords()),
                    max_password_age: p.max_password_age(),
                    password_reuse_prevention: p.password_reuse_prevention(),
                    hard_expiry: p.hard_expiry(),
                },
            },
            None => PasswordPolicyState::Absent,
        }),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            // No policy set: a fact about the account, not a failure.
            if err.is("NoSuchEntity") {
                return Some(PasswordPolicyState::Absent);
            }
            rec.record(SVC, None, "GetAccountPasswordPolicy", &err);
            None
        }
    }
}

fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<AttachedPolicy> {
    list.iter()
        .map(|p| AttachedPolicy {
            name: p.policy_name().unwrap_or_default().to_string(),
            arn: p.policy_arn().unwrap_or_default().to_string(),
        })
        .collect()
}

fn inline(list: &[aws_sdk_iam::types::PolicyDetail]) -> Vec<InlinePolicy> {
    list.iter()
        .map(|p| InlinePolicy {
            name: p.policy_name().unwrap_or_default().to_string(),
            document: p.policy_document().map(policy_document),
        })
        .collect()
}

fn tags(list: &[aws_sdk_iam::types::Tag]) -> BTreeMap<String, String> {
    list.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

/// Every page of GetAccountAuthorizationDetails. Partial pages are not kept:
/// a half list would make "no such user" look like a fact.
pub async fn authorization_details(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
) -> Option<AuthorizationDetails> {
    let mut details = AuthorizationDetails::default();
    let mut pages = client
        .get_account_authorization_details()
        .filter(EntityType::User)
        .filter(EntityType::Group)
        .filter(EntityType::Role)
        .filter(EntityType::LocalManagedPolicy)
        .filter(EntityType::AwsManagedPolicy)
        .max_items(page_size.unwrap_or(1000))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok(SVC, None, "GetAccountAuthorizationDetails", page)?;
        for u in page.user_detail_list() {
            let mut groups = u.group_list().to_vec();
            groups.sort();
            details.users.push(IamUser {
                name: u.user_name().unwrap_or_default().to_string(),
                id: u.user_id().unwrap_or_default().to_string(),
                arn: u.arn().unwrap_or_default().to_string(),
                path: u.path().unwrap_or("/").to_string(),
                create_date: opt_timestamp(u.create_date()),
                groups,
                inline_policies: inline(u.user_policy_list()),
                attached_policies: attached(u.attached_managed_policies()),
                permissions_boundary: u
                    .permissions_boundary()
                    .and_then(|b| b.permissions_boundary_arn())
                    .map(str::to_string),
                tags: tags(u.tags()),
            });
        }
        for g in page.group_detail_list() {
            details.groups.push(IamGroup {
                name: g.group_name().unwrap_or_default().to_string(),
                id: g.group_id().unwrap_or_default().to_string(),
                arn: g.arn().unwrap_or_default().to_string(),
                path: g.path().unwrap_or("/").to_string(),
                create_date: opt_timestamp(g.create_date()),
                inline_policies: inline(g.group_policy_list()),
                attached_policies: attached(g.attached_managed_policies()),
            });
        }
        for r in page.role_detail_list() {
            details.roles.push(IamRole {
                name: r.role_name().unwrap_or_default().to_string(),
                id: r.role_id().unwrap_or_default().to_string(),
                arn: r.arn().unwrap_or_default().to_string(),
                path: r.path().unwrap_or("/").to_string(),
                create_date: opt_timestamp(r.create_date()),
                assume_role_policy: r.assume_role_policy_document().map(policy_document),
                inline_policies: inline(r.role_policy_list()),
                attached_policies: attached(r.attached_managed_policies()),
                permissions_boundary: r
                    .permissions_boundary()
                    .and_then(|b| b.permissions_boundary_arn())
                    .map(str::to_string),
                last_used: opt_timestamp(r.role_last_used().and_then(|l| l.last_used_date())),
                tags: tags(r.tags()),
            });
        }
        for p in page.policies() {
            let arn = p.arn().unwrap_or_default().to_string();
            let default = p
                .policy_version_list()
                .iter()
                .find(|v| v.is_default_version());
            // Some AWS-compatible endpoints omit the name; the ARN's last
            // segment is the same value.
            let name = p
                .policy_name()
                .map(str::to_string)
                .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default().to_string());
            details.policies.push(ManagedPolicy {
                name,
                id: p.policy_id().unwrap_or_default().to_string(),
                aws_managed: arn.contains(":iam::aws:policy/"),
                arn,
                path: p.path().unwrap_or("/").to_string(),
                attachment_count: p.attachment_count(),
                default_version_id: p.default_version_id().map(str::to_string),
                default_document: default.and_then(|v| v.document()).map(policy_document),
            });
        }
    }
    details.users.sort_by(|a, b| a.name.cmp(&b.name));
    details.groups.sort_by(|a, b| a.name.cmp(&b.name));
    details.roles.sort_by(|a, b| a.name.cmp(&b.name));
    details.policies.sort_by(|a, b| a.arn.cmp(&b.arn));
    Some(details)
}

pub async fn virtual_mfa_devices(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
) -> Option<Vec<VirtualMfaDevice>> {
    let mut devices = Vec::new();
    let mut pages = client
        .list_virtual_mfa_devices()
        .assignment_status(AssignmentStatusType::Assigned)
        .set_max_items(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok(SVC, None, "ListVirtualMFADevices", page)?;
        for d in page.virtual_mfa_devices() {
            devices.push(VirtualMfaDevice {
                serial_number: d.serial_number().to_string(),
                user_arn: d.user().map(|u| u.arn().to_string()),
                enable_date: opt_timestamp(d.enable_date()),
            });
        }
    }
    devices.sort_by(|a, b| a.serial_number.cmp(&b.serial_number));
    Some(devices)
}

pub async fn account_aliases(
    client: &Client,
    rec: &GapRecorder,
    page_size: Option<i32>,
) -> Option<Vec<String>> {
    let mut aliases = Vec::new();
    let mut pages = client
        .list_account_aliases()
        .set_max_items(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok(SVC, None, "ListAccountAliases", page)?;
        aliases.extend(page.account_aliases().iter().cloned());
    }
    Some(aliases)
}
