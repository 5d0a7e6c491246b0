//! Evaluation: pure, parallel across accounts, deterministic in order.
//! Each account's views are converted to CEL once and shared by every check.

use super::cel_env::{root_context, to_cel, to_json};
use super::definition::{DataRequirement, Scope};
use super::load::{Catalogue, Check};
use super::views::{account_view, resources, Resource};
use crate::findings::{fingerprint, Evidence, Finding, Status};
use crate::snapshot::{AccountSnapshot, CollectionOutcome, Gap, Snapshot};
use cel::Context;
use jiff::Timestamp;
use rayon::prelude::*;

/// Is the data a requirement names present for this account?
fn has(snapshot: &Snapshot, a: &AccountSnapshot, r: DataRequirement) -> bool {
    match r {
        DataRequirement::CredentialReport => a.iam.credential_report.is_some(),
        DataRequirement::AccountSummary => a.iam.account_summary.is_some(),
        DataRequirement::PasswordPolicy => a.iam.password_policy.is_some(),
        DataRequirement::AuthorizationDetails => a.iam.authorization_details.is_some(),
        DataRequirement::VirtualMfaDevices => a.iam.virtual_mfa_devices.is_some(),
        DataRequirement::AccountAliases => a.iam.account_aliases.is_some(),
        DataRequirement::AlternateContacts => a.alternate_contacts.is_some(),
        DataRequirement::Billing => a.billing.is_some(),
        DataRequirement::Config => a.regions.is_some(),
        DataRequirement::Organization => snapshot.organization.organization().is_some(),
    }
}

/// The gaps that explain a missing requirement.
fn gaps_for(
    snapshot: &Snapshot,
    account: &str,
    r: DataRequirement,
    region: Option<&str>,
) -> Vec<Gap> {
    let (service, apis): (&str, &[&str]) = match r {
        DataRequirement::CredentialReport => {
            ("iam", &["GenerateCredentialReport", "GetCredentialReport"])
        }
        DataRequirement::AccountSummary => ("iam", &["GetAccountSummary"]),
        DataRequirement::PasswordPolicy => ("iam", &["GetAccountPasswordPolicy"]),
        DataRequirement::AuthorizationDetails => ("iam", &["GetAccountAuthorizationDetails"]),
        DataRequirement::VirtualMfaDevices => ("iam", &["ListVirtualMFADevices"]),
        DataRequirement::AccountAliases => ("iam", &["ListAccountAliases"]),
        DataRequirement::AlternateContacts => ("account", &["GetAlternateContact"]),
        DataRequirement::Billing => ("cloudwatch", &["DescribeAlarms"]),
        DataRequirement::Config => ("config", &[]),
        DataRequirement::Organization => ("organizations", &[]),
    };
    snapshot
        .gaps
        .iter()
        .filter(|g| {
            g.account_id == account || (r == DataRequirement::Organization && g.service == service)
        })
        .filter(|g| {
            let whole_account = g.api == "AssumeRole" || g.api == "*";
            let matches = g.service == service
                && (apis.is_empty() || apis.contains(&g.api.as_str()))
                && (region.is_none() || g.region.as_deref() == region);
            whole_account || matches
        })
        .cloned()
        .collect()
}

struct Target<'a> {
    snapshot: &'a Snapshot,
    account: &'a AccountSnapshot,
}

impl Target<'_> {
    fn finding(
        &self,
        check: &Check,
        resource: &Resource,
        status: Status,
        message: String,
        evidence: Evidence,
    ) -> Finding {
        Finding {
            check_id: check.def.id.clone(),
            check_slug: check.def.slug.clone(),
            title: check.def.title.clone(),
            severity: check.severity,
            status,
            account_id: self.account.id.clone(),
            account_name: self.account.name.clone(),
            ou_path: self.account.ou_path.clone(),
            region: resource.region.clone(),
            resource_id: resource.id.clone(),
            resource_name: resource.name.clone(),
            message,
            fingerprint: fingerprint(
                &check.def.id,
                &self.account.id,
                resource.region.as_deref(),
                &resource.id,
            ),
            evidence,
            frameworks: check.def.frameworks.clone(),
        }
    }

    fn account_resource(&self) -> Resource {
        let mut r = resources(Scope::Account, self.account).remove(0);
        r.value = serde_json::Value::Null;
        r
    }

    /// UNKNOWN for the whole account: the required data is a gap.
    fn unknown(&self, check: &Check, missing: &[DataRequirement]) -> Finding {
        let gaps: Vec<Gap> = missing
            .iter()
            .flat_map(|r| gaps_for(self.snapshot, &self.account.id, *r, None))
            .collect();
        let names: Vec<&str> = missing.iter().map(|r| r.as_str()).collect();
        let reason = format!("required data not collected: {}", names.join(", "));
        let resource = self.account_resource();
        let evidence = Evidence {
            pointer: resource.pointer.clone(),
            observed: None,
            expected: check.def.condition.as_ref().map(|c| c.expected.clone()),
            gaps,
            reason: Some(reason.clone()),
        };
        self.finding(check, &resource, Status::Unknown, reason, evidence)
    }

    /// Evaluate one check on one resource in its context.
    fn evaluate(&self, check: &Check, resource: &Resource, ctx: &Context) -> Finding {
        let mut scope = ctx.new_inner_scope();
        scope.add_variable_from_value("params", check.params_cel.clone());
        let expected = check.def.condition.as_ref().map(|c| c.expected.clone());
        let mut evidence = Evidence {
            pointer: resource.pointer.clone(),
            observed: None,
            expected,
            gaps: Vec::new(),
            reason: None,
        };
        if check.def.manual {
            let message = check.msg_pass.render(&scope);
            return self.finding(check, resource, Status::Manual, message, evidence);
        }
        if let Some(applies) = &check.applies {
            match applies.execute(&scope) {
                Ok(cel::Value::Bool(false)) => {
                    let message = check
                        .msg_na
                        .as_ref()
                        .map(|t| t.render(&scope))
                        .unwrap_or_else(|| "not applicable".to_string());
                    evidence.reason = Some(message.clone());
                    return self.finding(check, resource, Status::NotApplicable, message, evidence);
                }
                Ok(cel::Value::Bool(true)) => {}
                Ok(other) => {
                    return self.cannot_judge(
                        check,
                        resource,
                        evidence,
                        format!("`applies` gave {other:?}, not a bool"),
                    )
                }
                Err(e) => {
                    return self.cannot_judge(check, resource, evidence, format!("`applies`: {e}"))
                }
            }
        }
        evidence.observed = check
            .observed
            .as_ref()
            .and_then(|p| p.execute(&scope).ok())
            .map(|v| to_json(&v));
        let Some(pass) = &check.pass else {
            return self.cannot_judge(check, resource, evidence, "no condition".to_string());
        };
        match pass.execute(&scope) {
            Ok(cel::Value::Bool(true)) => self.finding(
                check,
                resource,
                Status::Pass,
                check.msg_pass.render(&scope),
                evidence,
            ),
            Ok(cel::Value::Bool(false)) => self.finding(
                check,
                resource,
                Status::Fail,
                check.msg_fail.render(&scope),
                evidence,
            ),
            Ok(other) => self.cannot_judge(
                check,
                resource,
                evidence,
                format!("`pass` gave {other:?}, not a bool"),
            ),
            Err(e) => self.cannot_judge(check, resource, evidence, e.to_string()),
        }
    }

    /// A value the condition needs is missing or unparseable: UNKNOWN.
    fn cannot_judge(
        &self,
        check: &Check,
        resource: &Resource,
        mut evidence: Evidence,
        error: String,
    ) -> Finding {
        if let Some(region) = &resource.region {
            evidence.gaps = check
                .def
                .requires
                .iter()
                .flat_map(|r| gaps_for(self.snapshot, &self.account.id, *r, Some(region)))
                .collect();
        }
        let message = format!("cannot be judged: {error}");
        evidence.reason = Some(error);
        self.finding(check, resource, Status::Unknown, message, evidence)
    }
}

const SCOPES: [Scope; 7] = [
    Scope::Account,
    Scope::IamUser,
    Scope::AccessKey,
    Scope::IamGroup,
    Scope::IamRole,
    Scope::Policy,
    Scope::Region,
];

fn evaluate_account(
    snapshot: &Snapshot,
    catalogue: &Catalogue,
    a: &AccountSnapshot,
    now: Timestamp,
) -> Vec<Finding> {
    let target = Target {
        snapshot,
        account: a,
    };
    let account_value = to_cel(&account_view(snapshot, a));
    let mut root = root_context(now);
    root.add_variable_from_value("account", account_value.clone());
    let mut out = Vec::new();
    for scope in SCOPES {
        let mut ready: Vec<&Check> = Vec::new();
        for check in catalogue.checks.iter().filter(|c| c.def.scope == scope) {
            let missing: Vec<DataRequirement> = check
                .def
                .requires
                .iter()
                .copied()
                .filter(|r| !has(snapshot, a, *r))
                .collect();
            if missing.is_empty() {
                ready.push(check);
            } else {
                out.push(target.unknown(check, &missing));
            }
        }
        if ready.is_empty() {
            continue;
        }
        let items = resources(scope, a);
        if items.is_empty() {
            let resource = target.account_resource();
            for check in &ready {
                let reason = format!("no {} in this account", scope.as_str().replace('_', " "));
                let evidence = Evidence {
                    pointer: resource.pointer.clone(),
                    reason: Some(reason.clone()),
                    ..Evidence::default()
                };
                out.push(target.finding(check, &resource, Status::NotApplicable, reason, evidence));
            }
            continue;
        }
        for item in &items {
            let mut ctx = root.new_inner_scope();
            let value = if scope == Scope::Account {
                account_value.clone()
            } else {
                to_cel(&item.value)
            };
            ctx.add_variable_from_value("resource", value);
            for check in &ready {
                out.push(target.evaluate(check, item, &ctx));
            }
        }
    }
    out.sort_by(|x, y| {
        (&x.check_id, &x.region, &x.resource_id).cmp(&(&y.check_id, &y.region, &y.resource_id))
    });
    out
}

/// Every enabled check on every collected account. Accounts that were not
/// collected (not ACTIVE) yield nothing; they are listed in the coverage.
pub fn evaluate(snapshot: &Snapshot, catalogue: &Catalogue, now: Timestamp) -> Vec<Finding> {
    let accounts: Vec<&AccountSnapshot> = snapshot
        .accounts
        .values()
        .filter(|a| a.collection.outcome != CollectionOutcome::Skipped)
        .collect();
    accounts
        .par_iter()
        .map(|a| evaluate_account(snapshot, catalogue, a, now))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}
