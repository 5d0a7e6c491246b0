//! Findings into AWS Security Hub (`audit --security-hub`): FAIL and WAIVED
//! results as AWS Security Finding Format findings of orgaudit's custom
//! integration (`product/ACCOUNT/default`) in the caller's account, through
//! BatchImportFindings in batches of 100. The fingerprint is the finding id,
//! so a rerun updates the same findings instead of adding new ones. A
//! finding exported earlier that this run judges PASS or NOT_APPLICABLE is
//! archived (`RecordState` ARCHIVED, compliance PASSED); one that is now
//! UNKNOWN or was not read stays as it was: lost visibility is not a fix.

use super::clients::{self, AccountClients};
use super::counter::CallCounter;
use super::gaps::CallError;
use super::options::CollectOptions;
use crate::findings::{Finding, Status};
use crate::results::{AuditResults, CheckInfo};
use crate::vocab::Severity;
use aws_sdk_securityhub::types::{
    AwsSecurityFinding, AwsSecurityFindingFilters, Compliance, ComplianceStatus, Recommendation,
    RecordState, Remediation, Resource, SeverityLabel, StringFilter, StringFilterComparison,
    Workflow, WorkflowStatus,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// BatchImportFindings takes at most 100 findings per request.
const BATCH: usize = 100;
const TITLE_MAX: usize = 256;
const DESCRIPTION_MAX: usize = 1024;
const RECOMMENDATION_MAX: usize = 512;

/// What the export did, written as `security-hub.json`.
#[derive(Debug, Default, Serialize)]
pub struct ExportReport {
    pub product_arn: String,
    pub region: String,
    /// FAIL findings sent (new or updated).
    pub failed: usize,
    /// WAIVED findings sent (workflow SUPPRESSED).
    pub waived: usize,
    /// Earlier findings archived because this run judged them resolved.
    pub archived: usize,
    /// Findings Security Hub refused, with its reason.
    pub rejected: Vec<Rejected>,
}

#[derive(Debug, Serialize)]
pub struct Rejected {
    pub id: String,
    pub error_code: String,
    pub error_message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Security Hub export: cannot identify the caller (sts:GetCallerIdentity): {0}")]
    Caller(String),
    #[error("Security Hub export: {api} failed in {region}: {code}: {message}")]
    Call {
        api: &'static str,
        region: String,
        code: String,
        message: String,
    },
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn label(s: Severity) -> SeverityLabel {
    match s {
        Severity::Critical => SeverityLabel::Critical,
        Severity::High => SeverityLabel::High,
        Severity::Medium => SeverityLabel::Medium,
        Severity::Low => SeverityLabel::Low,
        Severity::Info => SeverityLabel::Informational,
    }
}

/// A result as an ASFF finding of orgaudit's integration. With the default
/// product ARN, Security Hub accepts only findings whose `AwsAccountId` is
/// the importing account: the audited account is named by an `AwsAccount`
/// resource and a product field instead.
fn asff(
    f: &Finding,
    check: Option<&CheckInfo>,
    product_arn: &str,
    importer: &str,
    partition: &str,
    at: &str,
) -> AwsSecurityFinding {
    let resolved = matches!(f.status, Status::Pass | Status::NotApplicable);
    let region = f.resource.region.as_deref();
    let resource = Resource::builder()
        .r#type(if f.resource.id.starts_with("account/") {
            "AwsAccount"
        } else {
            "Other"
        })
        .id(cut(&f.resource.id, 512))
        .partition(partition.into())
        .set_region(region.map(str::to_string))
        .build();
    let title = check
        .map(|c| format!("{} {}", c.id, c.title))
        .unwrap_or_else(|| f.check.id.clone());
    let mut finding = AwsSecurityFinding::builder()
        .schema_version("2018-10-08")
        .id(f.fingerprint().to_string())
        .product_arn(product_arn)
        .generator_id(format!("orgaudit/{}", f.check.id))
        .aws_account_id(importer)
        .types("Software and Configuration Checks/Industry and Regulatory Standards")
        .created_at(at)
        .updated_at(at)
        .severity(
            aws_sdk_securityhub::types::Severity::builder()
                .label(label(f.severity))
                .build(),
        )
        .title(cut(&title, TITLE_MAX))
        .description(cut(&f.message, DESCRIPTION_MAX))
        .resources(resource)
        .resources(
            Resource::builder()
                .r#type("AwsAccount")
                .id(format!("AWS::::Account:{}", f.account.id))
                .partition(partition.into())
                .build(),
        )
        .compliance(
            Compliance::builder()
                .status(if resolved {
                    ComplianceStatus::Passed
                } else {
                    ComplianceStatus::Failed
                })
                .build(),
        )
        .record_state(if resolved {
            RecordState::Archived
        } else {
            RecordState::Active
        })
        .product_fields("orgaudit/check_id", &f.check.id)
        .product_fields("orgaudit/account_id", &f.account.id)
        .product_fields("orgaudit/status", f.status.as_str());
    if !resolved {
        let status = if f.status == Status::Waived {
            WorkflowStatus::Suppressed
        } else {
            WorkflowStatus::New
        };
        finding = finding.workflow(Workflow::builder().status(status).build());
    }
    if let Some(c) = check {
        let text = cut(c.remediation.console.trim(), RECOMMENDATION_MAX);
        let mut recommendation = Recommendation::builder().text(text);
        if let Some(url) = c.references.iter().find(|r| r.starts_with("https://")) {
            recommendation = recommendation.url(url);
        }
        finding = finding.remediation(
            Remediation::builder()
                .recommendation(recommendation.build())
                .build(),
        );
    }
    finding.build()
}

fn call_error<E>(
    api: &'static str,
    region: &str,
    e: &aws_smithy_runtime_api::client::result::SdkError<E, aws_smithy_runtime_api::http::Response>,
) -> ExportError
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
{
    let err = CallError::from_sdk(e);
    ExportError::Call {
        api,
        region: region.to_string(),
        code: err.code,
        message: err.message,
    }
}

/// Ids of this integration's ACTIVE findings already in Security Hub.
async fn active_ids(
    client: &aws_sdk_securityhub::Client,
    region: &str,
    product_arn: &str,
) -> Result<HashSet<String>, ExportError> {
    let equals = |value: &str| {
        StringFilter::builder()
            .comparison(StringFilterComparison::Equals)
            .value(value)
            .build()
    };
    let filters = AwsSecurityFindingFilters::builder()
        .product_arn(equals(product_arn))
        .record_state(equals("ACTIVE"))
        .build();
    let mut ids = HashSet::new();
    let mut pages = client
        .get_findings()
        .filters(filters)
        .max_results(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| call_error("GetFindings", region, &e))?;
        // Filtered again here: an endpoint that ignores filters must not
        // make orgaudit archive another product's findings.
        ids.extend(
            page.findings()
                .iter()
                .filter(|f| f.product_arn() == Some(product_arn))
                .filter(|f| f.record_state() != Some(&RecordState::Archived))
                .filter_map(|f| f.id().map(str::to_string)),
        );
    }
    Ok(ids)
}

/// Send the results' FAIL and WAIVED findings, and archive resolved ones.
pub async fn export(
    opts: &CollectOptions,
    region: Option<&str>,
    results: &AuditResults,
) -> Result<ExportReport, ExportError> {
    let base = clients::base_config(opts).await;
    let region = region
        .map(str::to_string)
        .or_else(|| base.region().map(|r| r.to_string()))
        .unwrap_or_else(|| "us-east-1".to_string());
    let account = AccountClients {
        config: base,
        counter: CallCounter::default(),
        global_region: "us-east-1",
        quota: "caller".into(),
    };
    let who = account
        .sts()
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| ExportError::Caller(CallError::from_sdk(&e).message))?;
    let caller = who.account().unwrap_or_default().to_string();
    let partition = super::partition_of(who.arn().unwrap_or_default());
    let product_arn =
        format!("arn:{partition}:securityhub:{region}:{caller}:product/{caller}/default");
    let client = account.securityhub(&region);
    let active = active_ids(&client, &region, &product_arn).await?;
    let checks: HashMap<&str, &CheckInfo> =
        results.checks.iter().map(|c| (c.id.as_str(), c)).collect();
    let at = results.evaluated_at.to_string();
    let mut report = ExportReport {
        product_arn: product_arn.clone(),
        region: region.clone(),
        ..ExportReport::default()
    };
    let mut outgoing = Vec::new();
    for f in &results.findings {
        let send = match f.status {
            Status::Fail => {
                report.failed += 1;
                true
            }
            Status::Waived => {
                report.waived += 1;
                true
            }
            Status::Pass | Status::NotApplicable
                if active.contains(&f.fingerprint().to_string()) =>
            {
                report.archived += 1;
                true
            }
            _ => false,
        };
        if send {
            let check = checks.get(f.check.id.as_str()).copied();
            outgoing.push(asff(f, check, &product_arn, &caller, &partition, &at));
        }
    }
    for batch in outgoing.chunks(BATCH) {
        let out = client
            .batch_import_findings()
            .set_findings(Some(batch.to_vec()))
            .send()
            .await
            .map_err(|e| call_error("BatchImportFindings", &region, &e))?;
        report
            .rejected
            .extend(out.failed_findings().iter().map(|r| Rejected {
                id: r.id().unwrap_or_default().to_string(),
                error_code: r.error_code().unwrap_or_default().to_string(),
                error_message: r.error_message().unwrap_or_default().to_string(),
            }));
    }
    Ok(report)
}
