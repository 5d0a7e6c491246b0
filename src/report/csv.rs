//! `findings.csv`: one row per finding, fixed columns (documented in the
//! README). Text a spreadsheet would run as a formula is neutralised.

use super::text::{checks_by_id, framework_ids};
use crate::results::AuditResults;
use std::borrow::Cow;
use std::io::Write;

pub const COLUMNS: [&str; 21] = [
    "evaluated_at",
    "account_id",
    "account_name",
    "ou_path",
    "region",
    "check_id",
    "check_slug",
    "title",
    "severity",
    "status",
    "resource_id",
    "resource_name",
    "message",
    "frameworks",
    "observed",
    "evidence_pointer",
    "fingerprint",
    "waived_status",
    "waiver_reason",
    "waiver_owner",
    "waiver_expires",
];

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a
/// formula to Excel, LibreOffice and Google Sheets (OWASP CSV injection):
/// prefix a `'` so it is shown as text. Account and user names are
/// attacker-controlled.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

pub fn write(results: &AuditResults, w: &mut dyn Write) -> std::io::Result<()> {
    let checks = checks_by_id(results);
    let evaluated_at = results.evaluated_at.to_string();
    let mut out = csv::Writer::from_writer(w);
    out.write_record(COLUMNS)?;
    for f in &results.findings {
        let check = checks.get(f.check.id.as_str());
        let fingerprint = f.fingerprint().to_string();
        let waiver = f.waiver.as_ref();
        let expires = waiver
            .map(|w| w.waiver.expires.to_string())
            .unwrap_or_default();
        let row: [&str; 21] = [
            &evaluated_at,
            &f.account.id,
            f.account.name.as_deref().unwrap_or(""),
            f.account.ou_path.as_deref().unwrap_or(""),
            f.resource.region.as_deref().unwrap_or(""),
            &f.check.id,
            &f.check.slug,
            check.map(|c| c.title.as_str()).unwrap_or(""),
            f.severity.as_str(),
            f.status.as_str(),
            &f.resource.id,
            &f.resource.name,
            &f.message,
            &check.map(|c| framework_ids(c)).unwrap_or_default(),
            f.evidence.observed.as_ref().map(|o| o.get()).unwrap_or(""),
            &f.resource.pointer,
            &fingerprint,
            waiver.map(|w| w.original.as_str()).unwrap_or(""),
            waiver.map(|w| w.waiver.reason.as_str()).unwrap_or(""),
            waiver.map(|w| w.waiver.owner.as_str()).unwrap_or(""),
            &expires,
        ];
        out.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_become_text() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["alice", "arn:aws:iam::1:user/a", "", "1-2"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
