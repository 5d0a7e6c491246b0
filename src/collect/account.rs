//! Collection of one member account: credentials, then every service, under
//! one deadline. Results are stored as each call finishes, so an account that
//! runs out of time keeps what it already read.

use super::assume::AssumedRoleProvider;
use super::clients::AccountClients;
use super::counter::CallCounter;
use super::gaps::GapRecorder;
use super::options::CollectOptions;
use super::org::ListedAccount;
use super::{
    billing, budgets, config_service, contacts, iam, identity_center, regions, s3, security,
};
use crate::snapshot::{AccountSnapshot, CollectionOutcome, CollectionStatus, Gap, GapKind};
use aws_config::SdkConfig;
use aws_credential_types::provider::SharedCredentialsProvider;
use futures_util::future::join_all;
use std::sync::Mutex;

/// What the orchestrator knows about an account before collecting it.
#[derive(Debug, Clone)]
pub struct AccountJob {
    pub listed: ListedAccount,
    pub is_management: bool,
    /// The caller's own account: read with the caller's credentials.
    pub is_caller: bool,
    /// False when the account is not ACTIVE.
    pub attempt: bool,
    /// Service principals the organisation delegates to this account.
    pub delegated: Vec<String>,
}

pub struct AccountRun<'a> {
    pub base: &'a SdkConfig,
    pub opts: &'a CollectOptions,
    pub partition: &'a str,
}

fn initial(job: &AccountJob) -> AccountSnapshot {
    let l = &job.listed;
    AccountSnapshot {
        id: l.id.clone(),
        name: l.name.clone(),
        email: l.email.clone(),
        state: l.state.clone(),
        state_field: l.state_field.clone(),
        joined_method: l.joined_method.clone(),
        joined_at: l.joined_at,
        parent_id: l.parent_id.clone(),
        ou_path: l.ou_path.clone(),
        tags: l.tags.clone(),
        is_management: job.is_management,
        ..AccountSnapshot::default()
    }
}

/// The account of a collection task that panicked: failed, with a gap that
/// hides everything in it (`*`).
pub fn task_failed(job: &AccountJob, error: &str) -> (AccountSnapshot, Vec<Gap>) {
    let mut snapshot = initial(job);
    let message = format!("the collection task failed (an orgaudit bug): {error}");
    snapshot.collection = CollectionStatus {
        outcome: CollectionOutcome::Failed,
        access: None,
        reason: Some(message.clone()),
    };
    let gap = Gap {
        account_id: job.listed.id.clone(),
        service: "*".to_string(),
        region: None,
        api: "*".to_string(),
        kind: GapKind::Other,
        error_code: "TaskFailed".to_string(),
        message,
    };
    (snapshot, vec![gap])
}

fn lock(state: &Mutex<AccountSnapshot>) -> std::sync::MutexGuard<'_, AccountSnapshot> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

pub async fn collect_account(run: AccountRun<'_>, job: AccountJob) -> (AccountSnapshot, Vec<Gap>) {
    let mut snapshot = initial(&job);
    if !job.attempt {
        snapshot.collection = CollectionStatus {
            outcome: CollectionOutcome::Skipped,
            access: None,
            reason: Some(format!(
                "account state is {}; only ACTIVE accounts are collected",
                job.listed.state.as_deref().unwrap_or("unknown")
            )),
        };
        return (snapshot, Vec::new());
    }
    let id = job.listed.id.clone();
    let rec = GapRecorder::new(&id);
    let counter = CallCounter::default();
    let global_region = super::clients::global_region(run.partition);
    let (config, access) = if job.is_caller {
        (run.base.clone(), "caller".to_string())
    } else {
        let role_arn = format!(
            "arn:{}:iam::{}:role/{}",
            run.partition, id, run.opts.role_name
        );
        let caller_clients = AccountClients {
            config: run.base.clone(),
            counter: counter.clone(),
            global_region,
            quota: id.as_str().into(),
        };
        let provider = AssumedRoleProvider::new(
            caller_clients.sts(),
            role_arn.clone(),
            run.opts.session_name.clone(),
            run.opts.external_id.clone(),
        );
        if let Err(err) = provider.assume().await {
            rec.push(Gap {
                account_id: id.clone(),
                service: "sts".to_string(),
                region: None,
                api: "AssumeRole".to_string(),
                kind: GapKind::AssumeRoleFailed,
                error_code: err.code.clone(),
                message: err.message.clone(),
            });
            snapshot.collection = CollectionStatus {
                outcome: CollectionOutcome::Failed,
                access: Some(role_arn),
                reason: Some(format!(
                    "cannot assume the audit role: {}: {}",
                    err.code, err.message
                )),
            };
            snapshot.api = counter.stats();
            return (snapshot, rec.into_gaps());
        }
        let config = run
            .base
            .to_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
        (config, role_arn)
    };
    let clients = AccountClients {
        config,
        counter: counter.clone(),
        global_region,
        quota: id.as_str().into(),
    };
    let state = Mutex::new(snapshot);
    let finished = tokio::time::timeout(
        run.opts.account_timeout,
        collect_services(&clients, &rec, &state, run.opts, duties(&job)),
    )
    .await;
    let mut snapshot = state.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut reason = None;
    if finished.is_err() {
        let message = format!(
            "account collection exceeded {}s; data not read by then is missing",
            run.opts.account_timeout.as_secs()
        );
        rec.push(Gap {
            account_id: id.clone(),
            service: "*".to_string(),
            region: None,
            api: "*".to_string(),
            kind: GapKind::Timeout,
            error_code: "AccountDeadlineExceeded".to_string(),
            message: message.clone(),
        });
        reason = Some(message);
    }
    let outcome = if rec.is_empty() {
        CollectionOutcome::Complete
    } else {
        CollectionOutcome::Partial
    };
    snapshot.collection = CollectionStatus {
        outcome,
        access: Some(access),
        reason,
    };
    snapshot.api = counter.stats();
    (snapshot, rec.into_gaps())
}

/// What the account administers, from the organisation's delegations.
fn duties(job: &AccountJob) -> security::Duties {
    let has = |service: &str| job.delegated.iter().any(|s| s == service);
    security::Duties {
        is_management: job.is_management,
        guardduty_admin: has("guardduty.amazonaws.com"),
        securityhub_admin: has("securityhub.amazonaws.com"),
    }
}

async fn collect_services(
    clients: &AccountClients,
    rec: &GapRecorder,
    state: &Mutex<AccountSnapshot>,
    opts: &CollectOptions,
    duties: security::Duties,
) {
    let iam_client = clients.iam();
    let account_client = clients.account();
    let page = opts.page_size;
    let id = lock(state).id.clone();
    let report = async {
        let v = iam::credential_report(&iam_client, rec, &id).await;
        lock(state).iam.credential_report = v;
    };
    let summary = async {
        let v = iam::account_summary(&iam_client, rec).await;
        lock(state).iam.account_summary = v;
    };
    let password = async {
        let v = iam::password_policy(&iam_client, rec).await;
        lock(state).iam.password_policy = v;
    };
    let details = async {
        let v = iam::authorization_details(&iam_client, rec, page).await;
        lock(state).iam.authorization_details = v;
    };
    let mfa = async {
        let v = iam::virtual_mfa_devices(&iam_client, rec, page).await;
        lock(state).iam.virtual_mfa_devices = v;
    };
    let aliases = async {
        let v = iam::account_aliases(&iam_client, rec, page).await;
        lock(state).iam.account_aliases = v;
    };
    let alternate = async {
        let v = contacts::alternate_contacts(&account_client, rec).await;
        lock(state).alternate_contacts = v;
    };
    let bill = async {
        let v = billing::billing(clients, rec, page).await;
        lock(state).billing = v;
    };
    let budget_list = async {
        let v = budgets::budgets(clients, rec, &id).await;
        lock(state).budgets = v;
    };
    let regional = async {
        let selection =
            regions::select_regions(opts.regions.as_deref(), &account_client, rec).await;
        let regions = selection.regions.clone();
        lock(state).regions = Some(selection);
        let id = &id;
        join_all(regions.iter().map(|region| async move {
            let identity = async {
                if duties.is_management {
                    Some(identity_center::identity_center_region(clients, rec, region, page).await)
                } else {
                    None
                }
            };
            let (config, security, identity) = tokio::join!(
                config_service::config_region(clients, rec, region),
                security::security_region(clients, rec, id, region, duties, page),
                identity,
            );
            let mut s = lock(state);
            s.config.insert(region.clone(), config);
            s.security.insert(region.clone(), security);
            if let Some(instances) = identity {
                s.identity_center
                    .get_or_insert_with(Default::default)
                    .regions
                    .insert(region.clone(), instances);
            }
        }))
        .await;
    };
    let buckets = async {
        let v = s3::bucket_names(clients, rec).await;
        lock(state).s3_buckets = v;
    };
    tokio::join!(
        report,
        summary,
        password,
        details,
        mfa,
        aliases,
        alternate,
        bill,
        budget_list,
        regional,
        buckets
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_task_keeps_its_account_as_failed_with_a_gap() {
        let job = AccountJob {
            listed: ListedAccount {
                id: "111111111111".into(),
                name: Some("prod".into()),
                ..Default::default()
            },
            is_management: false,
            is_caller: false,
            attempt: true,
            delegated: Vec::new(),
        };
        let (snapshot, gaps) = task_failed(&job, "task 7 panicked");
        assert_eq!(snapshot.id, "111111111111");
        assert_eq!(snapshot.collection.outcome, CollectionOutcome::Failed);
        assert_eq!(gaps.len(), 1);
        // `*` hides every check of the account (UNKNOWN, lost visibility).
        assert_eq!(
            (gaps[0].account_id.as_str(), gaps[0].api.as_str()),
            ("111111111111", "*")
        );
        assert!(gaps[0].message.contains("panicked"));
    }
}
