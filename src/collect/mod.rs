//! The only module that talks to AWS: it reads the organisation and every
//! ACTIVE account into a [`Snapshot`], recording failures as gaps.

mod account;
mod assume;
mod billing;
mod budgets;
mod clients;
mod config_service;
mod contacts;
mod convert;
mod counter;
mod delegation;
mod gaps;
mod iam;
mod identity_center;
mod limit;
mod options;
mod org;
mod regions;
mod root_access;
mod s3;
mod scope;
mod security;
mod security_hub_export;

pub use options::CollectOptions;
pub use regions::DEFAULT_ENABLED_REGIONS;
pub use security_hub_export::{export as export_to_security_hub, ExportReport};

use crate::snapshot::org::OrganizationView;
use crate::snapshot::{CallerIdentity, CollectionSettings, Snapshot, ToolInfo, SCHEMA_VERSION};
use account::{collect_account, AccountJob, AccountRun};
use clients::AccountClients;
use counter::CallCounter;
use gaps::{CallError, GapRecorder};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Failures that stop a run before any account is read.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("cannot identify the caller (sts:GetCallerIdentity): {code}: {message}. Check the AWS credentials, --profile and --endpoint-url")]
    Caller { code: String, message: String },
}

/// Progress callbacks, so the binary can draw a bar without the library
/// writing to the terminal.
pub trait CollectProgress: Send + Sync {
    fn accounts_found(&self, _total: usize) {}
    fn account_done(&self, _account_id: &str) {}
}

/// No progress output.
pub struct NoProgress;
impl CollectProgress for NoProgress {}

/// Partition from an ARN (`arn:PARTITION:...`).
fn partition_of(arn: &str) -> String {
    arn.split(':')
        .nth(1)
        .filter(|p| !p.is_empty())
        .unwrap_or("aws")
        .to_string()
}

/// Collect the organisation and every ACTIVE account.
pub async fn collect(
    opts: &CollectOptions,
    progress: Arc<dyn CollectProgress>,
) -> Result<Snapshot, CollectError> {
    let started_at = jiff::Timestamp::now();
    let base = clients::base_config(opts).await;
    let org_counter = CallCounter::default();
    let bootstrap = AccountClients {
        config: base.clone(),
        counter: org_counter.clone(),
        global_region: "us-east-1",
        quota: "caller".into(),
    };
    let who = bootstrap
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| {
            let err = CallError::from_sdk(&e);
            CollectError::Caller {
                code: err.code,
                message: err.message,
            }
        })?;
    let caller = CallerIdentity {
        account_id: who.account().unwrap_or_default().to_string(),
        arn: who.arn().unwrap_or_default().to_string(),
        user_id: who.user_id().unwrap_or_default().to_string(),
        partition: partition_of(who.arn().unwrap_or_default()),
    };
    tracing::info!(account = %caller.account_id, arn = %caller.arn, "caller identified");
    let org_clients = AccountClients {
        global_region: clients::global_region(&caller.partition),
        ..bootstrap
    };
    let org_rec = GapRecorder::new(&caller.account_id);
    let mut found =
        org::collect_organization(&org_clients.organizations(), &org_rec, opts.page_size).await;
    if let OrganizationView::Collected { organization } = &mut found.view {
        organization.iam_features = root_access::features(&org_clients.iam(), &org_rec).await;
    }
    let management = found
        .view
        .organization()
        .map(|o| o.management_account_id.clone());
    let mut out_of_scope = Vec::new();
    let jobs: Vec<AccountJob> = match &found.view {
        OrganizationView::Collected { organization, .. } => found
            .accounts
            .iter()
            .filter(|a| {
                // The management account and the delegated administrators
                // hold organisation-wide controls every member inherits:
                // a split run reads them too.
                let wanted = management.as_deref() == Some(a.id.as_str())
                    || !delegation::delegated_to(organization, &a.id).is_empty()
                    || scope::in_scope(&opts.ous, organization, a);
                if !wanted {
                    out_of_scope.push(a.id.clone());
                }
                wanted
            })
            .map(|a| AccountJob {
                is_management: management.as_deref() == Some(a.id.as_str()),
                is_caller: a.id == caller.account_id,
                attempt: a.is_active(),
                delegated: delegation::delegated_to(organization, &a.id)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                listed: a.clone(),
            })
            .collect(),
        _ => vec![AccountJob {
            listed: org::ListedAccount {
                id: caller.account_id.clone(),
                ..Default::default()
            },
            is_management: management.as_deref() == Some(caller.account_id.as_str()),
            is_caller: true,
            attempt: true,
            delegated: Vec::new(),
        }],
    };
    tracing::info!(accounts = jobs.len(), "accounts to collect");
    progress.accounts_found(jobs.len());

    let limit = limit::AdaptiveLimit::new(opts.concurrency);
    let shared = Arc::new((base, opts.clone(), caller.partition.clone()));
    let mut tasks = tokio::task::JoinSet::new();
    // Which job each task runs, so a task that panics is still recorded.
    let mut running = HashMap::new();
    for job in jobs {
        let limit = limit.clone();
        let shared = shared.clone();
        let progress = progress.clone();
        let kept = job.clone();
        let handle = tasks.spawn(async move {
            let permit = limit.acquire().await;
            let (base, opts, partition) = &*shared;
            let id = job.listed.id.clone();
            tracing::debug!(account = %id, "collecting");
            let run = AccountRun {
                base,
                opts,
                partition,
            };
            let result = collect_account(run, job).await;
            limit.finished(permit, result.0.api.throttles);
            progress.account_done(&id);
            result
        });
        running.insert(handle.id(), kept);
    }
    let mut accounts = BTreeMap::new();
    let mut gaps = org_rec.into_gaps();
    while let Some(joined) = tasks.join_next().await {
        let (snapshot, account_gaps) = match joined {
            Ok(done) => done,
            // A panicking task is a bug: keep the run alive, and keep the
            // account as failed with a gap, so it is not silently dropped.
            Err(e) => {
                tracing::error!("account task failed: {e}");
                match running.remove(&e.id()) {
                    Some(job) => account::task_failed(&job, &e.to_string()),
                    None => continue,
                }
            }
        };
        gaps.extend(account_gaps);
        accounts.insert(snapshot.id.clone(), snapshot);
    }
    gaps.sort();
    Ok(Snapshot {
        schema_version: SCHEMA_VERSION,
        tool: ToolInfo::current(),
        started_at,
        finished_at: jiff::Timestamp::now(),
        caller,
        settings: CollectionSettings {
            role_name: opts.role_name.clone(),
            external_id_used: opts.external_id.is_some(),
            session_name: opts.session_name.clone(),
            requested_regions: opts.regions.clone(),
            concurrency: opts.concurrency,
            lowest_concurrency: Some(limit.lowest()),
            call_timeout_secs: opts.call_timeout.as_secs(),
            account_timeout_secs: opts.account_timeout.as_secs(),
            max_attempts: opts.max_attempts,
            ous: opts.ous.clone(),
        },
        organization: found.view,
        organization_api: org_counter.stats(),
        accounts,
        gaps,
        out_of_scope,
    })
}
