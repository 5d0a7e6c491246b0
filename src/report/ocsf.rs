//! `findings.ocsf.json`: every finding as an OCSF 1.3 Compliance Finding
//! (class 2003), the form SIEMs and AWS Security Hub ingest.

use super::text::checks_by_id;
use crate::checks::definition::Severity;
use crate::findings::{Finding, Status};
use crate::results::{AuditResults, CheckInfo};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::io::Write;

const CLASS_UID: u32 = 2003;
const CATEGORY_UID: u32 = 2;
/// Activity 1 (Create): `class_uid * 100 + activity_id`.
const TYPE_UID: u32 = CLASS_UID * 100 + 1;
const OCSF_VERSION: &str = "1.3.0";

#[derive(Serialize)]
struct Ocsf<'a> {
    class_uid: u32,
    class_name: &'static str,
    category_uid: u32,
    category_name: &'static str,
    activity_id: u8,
    activity_name: &'static str,
    type_uid: u32,
    type_name: &'static str,
    severity_id: u8,
    severity: &'static str,
    status_id: u8,
    status: &'static str,
    time: i64,
    message: &'a str,
    metadata: Metadata<'a>,
    finding_info: FindingInfo<'a>,
    compliance: Compliance<'a>,
    cloud: Cloud<'a>,
    resources: [Resource<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    unmapped: Option<Unmapped<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    version: &'static str,
    product: Product<'a>,
}

#[derive(Serialize)]
struct Product<'a> {
    name: &'a str,
    vendor_name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct FindingInfo<'a> {
    uid: String,
    title: &'a str,
    desc: &'a str,
    types: [&'static str; 1],
}

#[derive(Serialize)]
struct Compliance<'a> {
    control: &'a str,
    standards: Vec<String>,
    status_id: u8,
    status: &'static str,
}

#[derive(Serialize)]
struct Cloud<'a> {
    provider: &'static str,
    account: Account<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    org: Option<Org<'a>>,
}

#[derive(Serialize)]
struct Account<'a> {
    uid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    type_id: u8,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Org<'a> {
    uid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ou_name: Option<&'a str>,
}

#[derive(Serialize)]
struct Resource<'a> {
    uid: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
}

#[derive(Serialize)]
struct Unmapped<'a> {
    orgaudit_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed: Option<&'a RawValue>,
    evidence_pointer: &'a str,
}

fn severity(s: Severity) -> (u8, &'static str) {
    match s {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// OCSF compliance status: 1 Pass, 3 Fail, 0 Unknown, 99 Other; a waived
/// finding keeps its verdict (the finding's status says Suppressed).
fn compliance_status(f: &Finding) -> (u8, &'static str) {
    let status = match &f.waiver {
        Some(w) => w.original,
        None => f.status,
    };
    match status {
        Status::Pass => (1, "Pass"),
        Status::Fail => (3, "Fail"),
        Status::Unknown => (0, "Unknown"),
        Status::NotApplicable => (99, "Not Applicable"),
        Status::Manual => (99, "Manual"),
        Status::Waived => (99, "Waived"),
    }
}

fn record<'a>(
    results: &'a AuditResults,
    f: &'a Finding,
    check: Option<&&'a CheckInfo>,
    time: i64,
) -> Ocsf<'a> {
    let (severity_id, severity) = severity(f.severity);
    let (compliance_id, compliance) = compliance_status(f);
    // Finding status: 1 New, or 3 Suppressed for an accepted risk.
    let (status_id, status) = match f.waiver {
        Some(_) => (3, "Suppressed"),
        None => (1, "New"),
    };
    let standards = check
        .map(|c| {
            c.frameworks
                .entries()
                .flat_map(|(framework, ids)| ids.iter().map(move |id| format!("{framework}:{id}")))
                .collect()
        })
        .unwrap_or_default();
    Ocsf {
        class_uid: CLASS_UID,
        class_name: "Compliance Finding",
        category_uid: CATEGORY_UID,
        category_name: "Findings",
        activity_id: 1,
        activity_name: "Create",
        type_uid: TYPE_UID,
        type_name: "Compliance Finding: Create",
        severity_id,
        severity,
        status_id,
        status,
        time,
        message: &f.message,
        metadata: Metadata {
            version: OCSF_VERSION,
            product: Product {
                name: &results.tool.name,
                vendor_name: "orgaudit",
                version: &results.tool.version,
            },
        },
        finding_info: FindingInfo {
            uid: f.fingerprint().to_string(),
            title: check.map(|c| c.title.as_str()).unwrap_or(&f.check.id),
            desc: check.map(|c| c.description.as_str()).unwrap_or(""),
            types: ["Security Baseline"],
        },
        compliance: Compliance {
            control: &f.check.id,
            standards,
            status_id: compliance_id,
            status: compliance,
        },
        cloud: Cloud {
            provider: "AWS",
            account: Account {
                uid: &f.account.id,
                name: f.account.name.as_deref(),
                type_id: 10,
                kind: "AWS Account",
            },
            region: f.resource.region.as_deref(),
            org: results
                .collection
                .organization_id
                .as_deref()
                .map(|uid| Org {
                    uid,
                    ou_name: f.account.ou_path.as_deref(),
                }),
        },
        resources: [Resource {
            uid: &f.resource.id,
            name: &f.resource.name,
            kind: check.map(|c| c.scope.as_str()).unwrap_or("resource"),
            region: f.resource.region.as_deref(),
        }],
        unmapped: Some(Unmapped {
            orgaudit_status: f.status.as_str(),
            observed: f.evidence.observed.as_deref(),
            evidence_pointer: &f.resource.pointer,
        }),
    }
}

pub fn write(results: &AuditResults, w: &mut dyn Write) -> std::io::Result<()> {
    let checks = checks_by_id(results);
    let time = results.evaluated_at.as_millisecond();
    let mut ser = serde_json::Serializer::new(w);
    let mut seq = ser
        .serialize_seq(Some(results.findings.len()))
        .map_err(std::io::Error::other)?;
    for f in &results.findings {
        let check = checks.get(f.check.id.as_str());
        seq.serialize_element(&record(results, f, check, time))
            .map_err(std::io::Error::other)?;
    }
    seq.end().map_err(std::io::Error::other)?;
    Ok(())
}
