//! `junit.xml`: one test suite per check, one test case per account, so CI
//! systems show failures natively. FAIL is a failure; UNKNOWN (could not be
//! evaluated) an error; an account where the check is only NOT_APPLICABLE or
//! MANUAL is skipped.

use crate::findings::{Finding, Status, Tally};
use crate::results::AuditResults;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// Findings listed in one test case's text, at most.
const LISTED: usize = 50;

fn case(account: &str, findings: &[&Finding]) -> TestCase {
    let tally = Tally::of(findings.iter().copied());
    let count = |s: Status| tally.get(s);
    let (fail, unknown, judged) = (tally.fail, tally.unknown, tally.judged());
    let listed = |s: Status| -> String {
        let mut lines: Vec<String> = findings
            .iter()
            .filter(|f| f.status == s)
            .take(LISTED)
            .map(|f| match &f.waiver {
                Some(w) => format!(
                    "{}: {} (waived until {} by {}: {})",
                    f.resource.name, f.message, w.waiver.expires, w.waiver.owner, w.waiver.reason
                ),
                None => format!("{}: {}", f.resource.name, f.message),
            })
            .collect();
        let total = count(s);
        if total > LISTED {
            lines.push(format!(
                "... and {} more (see findings.csv)",
                total - LISTED
            ));
        }
        lines.join("\n")
    };
    let status = if fail > 0 {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_message(format!("{fail} of {judged} resources fail"))
            .set_type("FAIL")
            .set_description(listed(Status::Fail));
        s
    } else if unknown > 0 {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
        s.set_message(format!(
            "{unknown} of {judged} resources could not be evaluated"
        ))
        .set_type("UNKNOWN")
        .set_description(listed(Status::Unknown));
        s
    } else if count(Status::Waived) > 0 && count(Status::Pass) == 0 {
        let mut s = TestCaseStatus::skipped();
        s.set_message(format!("{} waived", count(Status::Waived)))
            .set_description(listed(Status::Waived));
        s
    } else if judged == 0 {
        let mut s = TestCaseStatus::skipped();
        s.set_message(if count(Status::Manual) > 0 {
            "needs manual evidence"
        } else {
            "not applicable"
        });
        s
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(account.to_string(), status);
    let waived = count(Status::Waived);
    if waived > 0 {
        case.set_system_out(format!("{waived} waived:\n{}", listed(Status::Waived)));
    }
    case
}

pub fn write(results: &AuditResults, w: &mut dyn Write) -> std::io::Result<()> {
    let mut by_check: HashMap<&str, BTreeMap<&str, Vec<&Finding>>> = HashMap::new();
    for f in &results.findings {
        by_check
            .entry(f.check.id.as_str())
            .or_default()
            .entry(f.account.id.as_str())
            .or_default()
            .push(f);
    }
    let names: HashMap<&str, String> = results
        .coverage
        .account_list
        .iter()
        .map(|a| {
            let label = match &a.name {
                Some(name) => format!("{} ({name})", a.id),
                None => a.id.clone(),
            };
            (a.id.as_str(), label)
        })
        .collect();
    let mut report = Report::new("orgaudit");
    for check in &results.checks {
        let mut suite = TestSuite::new(format!("{} {}", check.id, check.slug));
        if let Some(accounts) = by_check.get(check.id.as_str()) {
            for (account, findings) in accounts {
                let label = names.get(account).map(String::as_str).unwrap_or(account);
                let mut c = case(label, findings);
                c.set_classname(check.id.clone());
                suite.add_test_case(c);
            }
        }
        report.add_test_suite(suite);
    }
    report.serialize(w).map_err(std::io::Error::other)
}
