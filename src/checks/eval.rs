//! Evaluation: pure, parallel across accounts, deterministic in order.
//! Each account's views are converted to CEL once and shared by every check.

use super::cel_env::{root_context, to_val};
use super::definition::{DataRequirement, Scope};
use super::direct::JsonVars;
use super::load::{Catalogue, Check};
use super::views::{account_view, resources, Resource};
use crate::findings::{AccountRef, Evidence, Finding, Findings, ResourceRef, Status, Unjudged};
use crate::snapshot::{AccountSnapshot, CollectionOutcome, Gap, RegionSource, Snapshot};
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::Context;
use jiff::Timestamp;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

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
        // Read per region with the others; each region's view says what is missing.
        DataRequirement::CloudTrail
        | DataRequirement::GuardDuty
        | DataRequirement::SecurityHub
        | DataRequirement::AccessAnalyzer => !a.security.is_empty(),
        DataRequirement::IdentityCenter => super::views::identity_center_known(snapshot),
    }
}

/// The gaps (of a snapshot or a results file) that explain a missing
/// requirement.
pub(crate) fn gaps_for(
    gaps: &[Gap],
    account: &str,
    r: DataRequirement,
    region: Option<&str>,
) -> Vec<Gap> {
    let (service, apis): (&str, &[&str]) = match r {
        // Read by the management account: its gaps explain every account's.
        DataRequirement::IdentityCenter => ("sso", &[]),
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
        DataRequirement::CloudTrail => ("cloudtrail", &[]),
        DataRequirement::GuardDuty => ("guardduty", &[]),
        DataRequirement::SecurityHub => ("securityhub", &[]),
        DataRequirement::AccessAnalyzer => ("access-analyzer", &[]),
    };
    // The identity store is read with Identity Center.
    let same_service = |g: &Gap| {
        g.service == service
            || (r == DataRequirement::IdentityCenter && g.service == "identitystore")
    };
    gaps.iter()
        .filter(|g| {
            let organisation_wide = matches!(
                r,
                DataRequirement::Organization | DataRequirement::IdentityCenter
            );
            g.account_id == account || (organisation_wide && same_service(g))
        })
        .filter(|g| {
            let whole_account = g.api == "AssumeRole" || g.api == "*";
            let matches = same_service(g)
                && (apis.is_empty() || apis.contains(&g.api.as_str()))
                && (region.is_none() || g.region.as_deref() == region);
            whole_account || matches
        })
        .cloned()
        .collect()
}

/// The variables of one resource's evaluation for the interpreter, which
/// runs only where direct evaluation declines: each view is converted to
/// CEL on first use and at most once (`account` per account, `resource`
/// per resource), `params` once per check (the check being evaluated is
/// `current`).
struct Bindings<'a> {
    account_json: &'a serde_json::Value,
    account: OnceLock<Box<dyn Val + 'a>>,
    /// Every resource of the scope (none for the account scope, whose
    /// `resource` is the account); `item` selects one.
    items: &'a [Resource],
    resources: Vec<OnceLock<Box<dyn Val + 'a>>>,
    item: AtomicUsize,
    checks: &'a [&'a Check],
    current: AtomicUsize,
}

impl<'a> Bindings<'a> {
    fn account(&self) -> &(dyn Val + 'a) {
        self.account
            .get_or_init(|| to_val(self.account_json))
            .as_ref()
    }
}

impl VariableResolver for Bindings<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "account" => Some(CowVal::Borrowed(self.account())),
            "resource" => {
                let n = self.item.load(Ordering::Relaxed);
                Some(match (self.resources.get(n), self.items.get(n)) {
                    (Some(cell), Some(item)) => {
                        CowVal::Borrowed(cell.get_or_init(|| to_val(&item.value)).as_ref())
                    }
                    _ => CowVal::Borrowed(self.account()),
                })
            }
            "params" => self
                .checks
                .get(self.current.load(Ordering::Relaxed))
                .map(|c| CowVal::Borrowed(c.params_val.as_ref())),
            _ => None,
        }
    }
}

/// Whether a check applies: true without an `applies` expression; an
/// evaluation error or a non-bool is the reason it cannot be told.
fn applies(check: &Check, scope: &Context, vars: &JsonVars) -> Result<bool, String> {
    let Some(applies) = &check.applies else {
        return Ok(true);
    };
    match applies.condition(scope, vars) {
        Ok(cel::Value::Bool(b)) => Ok(b),
        Ok(other) => Err(format!("`applies` gave {other:?}, not a bool")),
        Err(e) => Err(format!("`applies`: {e}")),
    }
}

struct Target<'a> {
    snapshot: &'a Snapshot,
    account: &'a AccountSnapshot,
    account_ref: Arc<AccountRef>,
    /// The account itself as a resource (account-level findings).
    account_resource: Arc<ResourceRef>,
}

/// A view's resource as the findings' shared identity.
fn resource_ref(r: &Resource) -> Arc<ResourceRef> {
    Arc::new(ResourceRef {
        id: r.id.clone(),
        name: r.name.clone(),
        region: r.region.clone(),
        pointer: r.pointer.clone(),
    })
}

impl<'a> Target<'a> {
    fn new(snapshot: &'a Snapshot, account: &'a AccountSnapshot) -> Self {
        let own = resources(Scope::Account, snapshot, account);
        Target {
            snapshot,
            account,
            account_ref: Arc::new(AccountRef {
                id: account.id.clone(),
                name: account.name.clone(),
                ou_path: account.ou_path.clone(),
            }),
            account_resource: resource_ref(&own[0]),
        }
    }

    fn finding(
        &self,
        check: &Check,
        resource: &Arc<ResourceRef>,
        status: Status,
        message: String,
        evidence: Evidence,
    ) -> Finding {
        Finding {
            check: check.check_ref.clone(),
            severity: check.severity,
            status,
            account: self.account_ref.clone(),
            resource: resource.clone(),
            message: message.into_boxed_str(),
            evidence,
            waiver: None,
        }
    }

    /// UNKNOWN for the whole account: the required data is a gap.
    fn unknown(&self, check: &Check, missing: &[DataRequirement]) -> Finding {
        let gaps: Vec<Gap> = missing
            .iter()
            .flat_map(|r| gaps_for(&self.snapshot.gaps, &self.account.id, *r, None))
            .collect();
        let names: Vec<&str> = missing.iter().map(|r| r.as_str()).collect();
        let reason = format!("required data not collected: {}", names.join(", "));
        let evidence = Evidence {
            observed: None,
            unjudged: Some(Box::new(Unjudged {
                gaps,
                reason: Some(reason.clone()),
                previous_status: None,
            })),
        };
        self.finding(
            check,
            &self.account_resource,
            Status::Unknown,
            reason,
            evidence,
        )
    }

    /// The stand-in resource for enabled regions that were never read, when
    /// the region list is the built-in fallback (ListRegions failed).
    fn unlisted_regions(&self) -> Option<Arc<ResourceRef>> {
        let selection = self.account.regions.as_ref()?;
        (selection.source == RegionSource::BuiltInDefault).then(|| {
            let id = &self.account.id;
            Arc::new(ResourceRef {
                id: format!("{id}/regions-not-listed").into(),
                name: "regions not listed".into(),
                region: None,
                pointer: format!("/accounts/{id}/regions").into(),
            })
        })
    }

    /// UNKNOWN for a region-scoped check on the regions that were not read:
    /// a fallback list must show as a gap, not as silence.
    fn regions_not_listed(&self, check: &Check, resource: &Arc<ResourceRef>) -> Finding {
        let gaps: Vec<Gap> = self
            .snapshot
            .gaps
            .iter()
            .filter(|g| g.account_id == self.account.id && g.api == "ListRegions")
            .cloned()
            .collect();
        let reason = "the account's enabled regions could not be listed (account:ListRegions \
                      failed): only the built-in default regions were read, so any enabled \
                      opt-in region is not judged"
            .to_string();
        let message = format!("cannot be judged: {reason}");
        let evidence = Evidence {
            observed: None,
            unjudged: Some(Box::new(Unjudged {
                gaps,
                reason: Some(reason),
                previous_status: None,
            })),
        };
        self.finding(check, resource, Status::Unknown, message, evidence)
    }

    /// Evaluate one check on one resource in its context.
    fn evaluate(
        &self,
        check: &Check,
        resource: &Arc<ResourceRef>,
        scope: &Context,
        vars: &JsonVars,
    ) -> Finding {
        let mut evidence = Evidence::default();
        // `applies` runs first for MANUAL items too: no evidence is owed
        // where the control cannot apply (no root credentials to rotate).
        match applies(check, scope, vars) {
            Ok(false) => {
                let message = check
                    .msg_na
                    .as_ref()
                    .map(|t| t.render(scope, vars))
                    .unwrap_or_else(|| "not applicable".to_string());
                return self.finding(check, resource, Status::NotApplicable, message, evidence);
            }
            Ok(true) => {}
            // Unknown applicability still owes the evidence: MANUAL, with why.
            Err(why) if check.def.manual => {
                evidence.unjudged = Some(Box::new(Unjudged {
                    gaps: Vec::new(),
                    reason: Some(format!("whether it applies is unknown: {why}")),
                    previous_status: None,
                }));
            }
            Err(why) => return self.cannot_judge(check, resource, evidence, why),
        }
        if check.def.manual {
            let message = check.msg_pass.render(scope, vars);
            return self.finding(check, resource, Status::Manual, message, evidence);
        }
        let Some(pass) = &check.pass else {
            return self.cannot_judge(check, resource, evidence, "no condition".to_string());
        };
        evidence.observed = check.observed.as_ref().and_then(|e| e.raw(scope, vars));
        match pass.condition(scope, vars) {
            Ok(cel::Value::Bool(true)) => {
                let message = check.msg_pass.render(scope, vars);
                self.finding(check, resource, Status::Pass, message, evidence)
            }
            Ok(cel::Value::Bool(false)) => {
                let message = check.msg_fail.render(scope, vars);
                self.finding(check, resource, Status::Fail, message, evidence)
            }
            Ok(other) => {
                let why = format!("`pass` gave {other:?}, not a bool");
                self.cannot_judge(check, resource, evidence, why)
            }
            Err(e) => self.cannot_judge(check, resource, evidence, e.to_string()),
        }
    }

    /// A value the condition needs is missing or unparseable: UNKNOWN.
    fn cannot_judge(
        &self,
        check: &Check,
        resource: &Arc<ResourceRef>,
        mut evidence: Evidence,
        error: String,
    ) -> Finding {
        let gaps: Vec<Gap> = match &resource.region {
            Some(region) => check
                .def
                .requires
                .iter()
                .flat_map(|r| gaps_for(&self.snapshot.gaps, &self.account.id, *r, Some(region)))
                .collect(),
            None => Vec::new(),
        };
        let message = format!("cannot be judged: {error}");
        evidence.unjudged = Some(Box::new(Unjudged {
            gaps,
            reason: Some(error),
            previous_status: None,
        }));
        self.finding(check, resource, Status::Unknown, message, evidence)
    }
}

fn evaluate_account(
    snapshot: &Snapshot,
    catalogue: &Catalogue,
    a: &AccountSnapshot,
    now: Timestamp,
) -> Vec<Finding> {
    let target = Target::new(snapshot, a);
    let account_json = account_view(snapshot, a);
    // One bucket per check, filled in resource order: concatenated in
    // catalogue (id) order they give a deterministic result without sorting.
    let mut buckets: Vec<Vec<Finding>> = catalogue.checks.iter().map(|_| Vec::new()).collect();
    for &scope in Scope::ALL {
        let mut ready: Vec<&Check> = Vec::new();
        let mut slots: Vec<usize> = Vec::new();
        for (slot, check) in catalogue.checks.iter().enumerate() {
            if check.def.scope != scope {
                continue;
            }
            let mut missing: Vec<DataRequirement> = check
                .def
                .requires
                .iter()
                .copied()
                .chain(scope.implied_requirement())
                .filter(|r| !has(snapshot, a, *r))
                .collect();
            missing.sort();
            missing.dedup();
            if missing.is_empty() {
                ready.push(check);
                slots.push(slot);
            } else {
                buckets[slot].push(target.unknown(check, &missing));
            }
        }
        if ready.is_empty() {
            continue;
        }
        if let Some(unlisted) = (scope == Scope::Region)
            .then(|| target.unlisted_regions())
            .flatten()
        {
            for (check, slot) in ready.iter().zip(&slots) {
                buckets[*slot].push(target.regions_not_listed(check, &unlisted));
            }
        }
        let items = resources(scope, snapshot, a);
        if items.is_empty() {
            for (check, slot) in ready.iter().zip(&slots) {
                let reason = format!("no {} in this account", scope.as_str().replace('_', " "));
                let finding = target.finding(
                    check,
                    &target.account_resource,
                    Status::NotApplicable,
                    reason,
                    Evidence::default(),
                );
                buckets[*slot].push(finding);
            }
            continue;
        }
        for slot in &slots {
            buckets[*slot].reserve_exact(items.len());
        }
        // Account-scope checks see the account as `resource` (no items
        // here makes the resolver fall back to the account).
        let scoped: &[Resource] = if scope == Scope::Account { &[] } else { &items };
        let bindings = Bindings {
            account_json: &account_json,
            account: OnceLock::new(),
            items: scoped,
            resources: scoped.iter().map(|_| OnceLock::new()).collect(),
            item: AtomicUsize::new(0),
            checks: &ready,
            current: AtomicUsize::new(0),
        };
        let mut ctx = root_context(now);
        ctx.set_variable_resolver(&bindings);
        for (n, item) in items.iter().enumerate() {
            bindings.item.store(n, Ordering::Relaxed);
            let shared = if scope == Scope::Account {
                target.account_resource.clone()
            } else {
                resource_ref(item)
            };
            let resource_json = if scope == Scope::Account {
                &account_json
            } else {
                &item.value
            };
            for (i, (check, slot)) in ready.iter().zip(&slots).enumerate() {
                bindings.current.store(i, Ordering::Relaxed);
                let vars = JsonVars {
                    account: &account_json,
                    resource: resource_json,
                    params: &check.params,
                    now,
                };
                buckets[*slot].push(target.evaluate(check, &shared, &ctx, &vars));
            }
        }
    }
    let mut out = Vec::with_capacity(buckets.iter().map(Vec::len).sum());
    for bucket in buckets {
        out.extend(bucket);
    }
    out
}

/// Every enabled check on every collected account. Accounts that were not
/// collected (not ACTIVE) yield nothing; they are listed in the coverage.
pub fn evaluate(snapshot: &Snapshot, catalogue: &Catalogue, now: Timestamp) -> Findings {
    let accounts: Vec<&AccountSnapshot> = snapshot
        .accounts
        .values()
        .filter(|a| a.collection.outcome != CollectionOutcome::Skipped)
        .collect();
    Findings::from_chunks(
        accounts
            .par_iter()
            .map(|a| evaluate_account(snapshot, catalogue, a, now))
            .collect(),
    )
}
