//! IAM Access Analyzer in one region: every analyzer of the account, and
//! the ACTIVE findings of each active one (an organisation analyzer's
//! findings name the member account that owns each resource).

use super::super::clients::AccountClients;
use super::super::convert::opt_timestamp;
use super::super::gaps::GapRecorder;
use crate::snapshot::security::{Analyzer, AnalyzerFinding};
use aws_sdk_accessanalyzer::types::Criterion;

const SVC: &str = "access-analyzer";

pub async fn analyzers(
    clients: &AccountClients,
    rec: &GapRecorder,
    region: &str,
    page_size: Option<i32>,
) -> Option<Vec<Analyzer>> {
    let client = clients.access_analyzer(region);
    let r = Some(region);
    let mut out = Vec::new();
    let mut pages = client
        .list_analyzers()
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for a in rec.ok(SVC, r, "ListAnalyzers", page)?.analyzers() {
            out.push(Analyzer {
                name: a.name().to_string(),
                arn: a.arn().to_string(),
                kind: a.r#type().as_str().to_string(),
                status: Some(a.status().as_str().to_string()),
                active_findings: None,
            });
        }
    }
    for analyzer in out
        .iter_mut()
        .filter(|a| a.status.as_deref() == Some("ACTIVE"))
    {
        analyzer.active_findings = findings(&client, rec, region, &analyzer.arn, page_size).await;
    }
    Some(out)
}

async fn findings(
    client: &aws_sdk_accessanalyzer::Client,
    rec: &GapRecorder,
    region: &str,
    analyzer_arn: &str,
    page_size: Option<i32>,
) -> Option<Vec<AnalyzerFinding>> {
    let active = Criterion::builder().eq("ACTIVE").build();
    let mut out = Vec::new();
    let mut pages = client
        .list_findings_v2()
        .analyzer_arn(analyzer_arn)
        .filter("status", active)
        .set_max_results(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for f in rec
            .ok(SVC, Some(region), "ListFindingsV2", page)?
            .findings()
        {
            out.push(AnalyzerFinding {
                id: f.id().to_string(),
                resource: f.resource().map(str::to_string),
                resource_type: Some(f.resource_type().as_str().to_string()),
                resource_owner_account: Some(f.resource_owner_account().to_string()),
                finding_type: f.finding_type().map(|t| t.as_str().to_string()),
                created_at: opt_timestamp(Some(f.created_at())),
            });
        }
    }
    Some(out)
}
