//! The credential report parser on real-AWS-shaped CSV: root row first with
//! `not_supported`, `N/A` and `no_information` sentinels, columns found by
//! name in any order, unknown columns kept.

use jiff::Timestamp;
use orgaudit::snapshot::credential_report::{
    parse_credential_report, CredentialReportError, ReportBool, ReportText, ReportTime, ROOT_USER,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/credential-report")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn at(text: &str) -> ReportTime {
    ReportTime::At(text.parse::<Timestamp>().expect("timestamp"))
}

#[test]
fn standard_report_keeps_sentinels_distinct_from_dates() {
    let report = parse_credential_report(&fixture("aws-standard.csv"), None).expect("parse");
    assert_eq!(report.rows.len(), 4);

    let root = report.root().expect("root row");
    assert_eq!(report.rows[0].user, ROOT_USER);
    assert_eq!(root.arn, "arn:aws:iam::111122223333:root");
    assert_eq!(root.password_enabled, Some(ReportBool::NotSupported));
    assert_eq!(root.password_last_changed, Some(ReportTime::NotSupported));
    assert_eq!(root.password_last_used, Some(at("2026-10-01T08:00:00Z")));
    assert_eq!(root.mfa_active, Some(ReportBool::Value(true)));
    assert_eq!(root.access_keys[0].active, Some(ReportBool::Value(false)));
    assert_eq!(
        root.access_keys[0].last_rotated,
        Some(ReportTime::NotApplicable)
    );

    let users: Vec<_> = report.users().map(|r| r.user.as_str()).collect();
    assert_eq!(users, ["alice", "installer", "carol"]);

    let alice = &report.rows[1];
    assert_eq!(alice.access_keys.len(), 2);
    assert_eq!(alice.access_keys[0].slot, 1);
    assert_eq!(
        alice.access_keys[0].last_used_date,
        Some(at("2026-11-22T17:00:00Z"))
    );
    assert_eq!(
        alice.access_keys[0].last_used_region,
        Some(ReportText::Value("eu-west-2".into()))
    );
    assert_eq!(alice.access_keys[1].active, Some(ReportBool::Value(true)));
    assert_eq!(
        alice.access_keys[1].last_rotated,
        Some(at("2025-01-15T12:00:00Z"))
    );
    // A key that was never used: N/A, not a date.
    assert_eq!(
        alice.access_keys[1].last_used_date,
        Some(ReportTime::NotApplicable)
    );
    assert_eq!(
        alice.access_keys[1]
            .last_used_date
            .as_ref()
            .and_then(ReportTime::timestamp),
        None
    );

    let installer = &report.rows[2];
    assert_eq!(installer.password_enabled, Some(ReportBool::Value(false)));
    assert_eq!(
        installer.password_last_used,
        Some(ReportTime::NotApplicable)
    );
    // Booleans are case-insensitive.
    assert_eq!(
        installer.access_keys[0].active,
        Some(ReportBool::Value(true))
    );
    assert_eq!(
        installer.access_keys[1].active,
        Some(ReportBool::Value(false))
    );
    assert_eq!(
        installer.access_keys[0].last_used_region,
        Some(ReportText::NotApplicable)
    );

    let carol = &report.rows[3];
    assert_eq!(carol.password_last_used, Some(ReportTime::NoInformation));
    assert_eq!(
        carol.password_next_rotation,
        Some(at("2024-10-06T09:10:11Z"))
    );
    assert_eq!(carol.certs[0].active, Some(ReportBool::Value(true)));
    assert!(carol.extra.is_empty());
}

#[test]
fn columns_are_found_by_name_and_unknown_ones_kept() {
    let report =
        parse_credential_report(&fixture("reordered-extra-column.csv"), None).expect("parse");
    let root = report.root().expect("root");
    assert_eq!(root.password_enabled, Some(ReportBool::Value(false)));
    assert_eq!(
        root.extra.get("future_column").map(String::as_str),
        Some("kept")
    );
    let dave = report.users().next().expect("dave");
    assert_eq!(dave.user, "dave");
    assert_eq!(dave.arn, "arn:aws:iam::111122223333:user/dave");
    assert_eq!(dave.mfa_active, Some(ReportBool::Value(false)));
    assert_eq!(dave.password_enabled, Some(ReportBool::Value(true)));
    assert_eq!(dave.access_keys[0].active, Some(ReportBool::Value(true)));
    assert_eq!(
        dave.access_keys[0].last_rotated,
        Some(at("2026-01-01T00:00:00Z"))
    );
    assert_eq!(
        dave.access_keys[0].last_used_date,
        Some(ReportTime::NoInformation)
    );
    // Garbage stays visible as evidence, never becomes a date.
    assert_eq!(
        dave.password_last_used,
        Some(ReportTime::Unparsed("not-a-date".into()))
    );
    // Columns the report does not have are absent, not defaulted.
    assert_eq!(dave.password_last_changed, None);
    assert_eq!(dave.access_keys[1].last_rotated, None);
    assert_eq!(
        dave.extra.get("future_column").map(String::as_str),
        Some("value, with comma")
    );
}

#[test]
fn sentinels_survive_a_json_round_trip_with_their_aws_spelling() {
    let report = parse_credential_report(&fixture("aws-standard.csv"), None).expect("parse");
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["rows"][0]["password_enabled"], "not_supported");
    assert_eq!(json["rows"][1]["mfa_active"], true);
    assert_eq!(json["rows"][3]["password_last_used"], "no_information");
    assert_eq!(json["rows"][2]["password_last_used"], "N/A");
    assert_eq!(
        json["rows"][1]["user_creation_time"],
        "2020-01-02T03:04:05Z"
    );
    let back: orgaudit::snapshot::credential_report::CredentialReport =
        serde_json::from_value(json).expect("round trip");
    assert_eq!(back, report);
}

#[test]
fn malformed_reports_are_errors() {
    let no_user = parse_credential_report(b"arn,mfa_active\narn:aws:iam::1:user/x,true\n", None);
    assert!(matches!(
        no_user,
        Err(CredentialReportError::MissingColumn("user"))
    ));
    let ragged = parse_credential_report(b"user,arn\nx,arn:aws:iam::1:user/x,extra\n", None);
    assert!(
        matches!(ragged, Err(CredentialReportError::Csv(_))),
        "{ragged:?}"
    );
    let empty_user = parse_credential_report(b"user,arn\n,arn:aws:iam::1:user/x\n", None);
    match empty_user {
        Err(CredentialReportError::BadRow { line, .. }) => assert_eq!(line, 2),
        other => panic!("{other:?}"),
    }
}
