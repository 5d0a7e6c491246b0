//! The catalogue as data, validated like code: ids and slugs, framework
//! references a reader can follow, the source practices, and loader errors that
//! name file and line.

use crate::common::{repo_root as root, run, utf8};
use orgaudit::checks::{build_catalogue, builtin_files};
use std::collections::BTreeSet;

#[test]
fn builtin_catalogue_is_valid_and_complete() {
    let catalogue = build_catalogue(&builtin_files(), None).expect("built-in catalogue loads");
    // Every check file on disk is embedded, and only the ones off by default
    // are missing from the default catalogue.
    let on_disk = std::fs::read_dir(root().join("checks"))
        .expect("checks dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !p.ends_with("frameworks") && !p.ends_with("profiles"))
        .flat_map(|dir| std::fs::read_dir(dir).expect("area dir"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .count();
    let all = orgaudit::checks::definitions(&builtin_files()).expect("definitions");
    assert_eq!(all.len(), on_disk, "every check file is built in");
    let off = all.iter().filter(|d| !d.enabled).count();
    assert_eq!(
        catalogue.checks.len(),
        on_disk - off,
        "only checks that are off are left out"
    );
    assert!(
        off < on_disk / 4,
        "{off} of {on_disk} checks off by default"
    );
    let ids: BTreeSet<&str> = catalogue.checks.iter().map(|c| c.def.id.as_str()).collect();
    assert_eq!(ids.len(), catalogue.checks.len(), "ids unique");
    for c in &catalogue.checks {
        let stem = std::path::Path::new(&c.source)
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        assert_eq!(c.def.slug, stem, "{} slug equals file stem", c.def.id);
        assert!(!c.def.references.is_empty(), "{} has references", c.def.id);
        assert!(
            !c.def.remediation.cli.trim().is_empty()
                && !c.def.remediation.console.trim().is_empty()
        );
    }
    // Every published guide the practices come from is cited, by title, by a check
    // that verifies it.
    for title in SOURCE_TITLES {
        let quoted = format!("\"{title}\"");
        assert!(
            catalogue
                .checks
                .iter()
                .any(|c| c.def.references.iter().any(|r| r.contains(&quoted))),
            "no check cites {title}"
        );
    }
    // The practices the seeds ask for each have their check.
    for slug in [
        "users-no-direct-policies",
        "users-in-groups",
        "no-full-admin-policies",
        "no-broad-service-wildcards",
        "unused-access-keys-disabled",
        "cross-account-roles-require-mfa-or-external-id",
        "account-in-ou",
        "environments-in-separate-accounts",
        "root-mfa-enabled",
        "root-no-access-keys",
        "admin-users-have-mfa",
        "account-alias-set",
        "billing-alarm-configured",
        "billing-alarm-has-subscriber",
        "managed-policies-preferred",
    ] {
        assert!(
            catalogue.checks.iter().any(|c| c.def.slug == slug),
            "missing {slug}"
        );
    }
}

#[test]
fn cis_mappings_cover_the_three_versions() {
    let catalogue = build_catalogue(&builtin_files(), None).expect("catalogue");
    let root_mfa = catalogue
        .checks
        .iter()
        .find(|c| c.def.slug == "root-mfa-enabled")
        .expect("check");
    assert_eq!(root_mfa.def.frameworks.ids("cis_v3_0"), ["1.5"]);
    assert_eq!(root_mfa.def.frameworks.ids("cis_v5_0"), ["1.4"]);
    assert_eq!(root_mfa.def.frameworks.ids("cis_v7_0"), ["2.5"]);
}

/// `orgaudit audit` on the bundled example snapshot, results to `out`
/// (a `results.json` path: the report directory is its parent).
pub(crate) fn audit_example(out: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let snapshot = root().join("examples/example-org.snapshot.json");
    let dir = out.parent().expect("results in a directory");
    let mut args = vec!["audit", "--snapshot", utf8(&snapshot), "--format", "json"];
    args.extend(["--out", utf8(dir)]);
    args.extend_from_slice(extra);
    run(&args)
}

pub(crate) const GOOD: &str = r#"id = "OA-CUST-001"
slug = "custom-check"
title = "Custom"
severity = "low"
scope = "account"
description = "d"
risk = "r"
references = ["https://example.com"]

[remediation]
console = "c"
cli = "c"

[condition]
pass = "account.is_management || true"
observed = "account.id"
expected = "anything"

[messages]
pass = "ok {account.id}"
fail = "bad {account.id}"
"#;

#[test]
fn bad_check_files_fail_with_file_line_and_reason() {
    let dir = tempfile::tempdir().expect("tmp");
    let custom = dir.path().join("custom");
    std::fs::create_dir(&custom).expect("mkdir");
    let file = custom.join("custom-check.toml");

    std::fs::write(&file, GOOD).expect("write");
    let (code, out, err) = run(&["checks", "validate", utf8(&custom)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 checks valid, 1 on by default"), "{out}");

    // A CEL syntax error names the file and the line of the expression.
    std::fs::write(
        &file,
        GOOD.replace("account.is_management || true", "account.is_management ||"),
    )
    .expect("write");
    let (code, _, err) = run(&["checks", "validate", utf8(&custom)]);
    assert_eq!(code, 2);
    assert!(err.contains("custom-check.toml:15:"), "{err}");
    assert!(err.contains("`pass` is not valid CEL"), "{err}");

    // Unknown fields are refused, with their line.
    std::fs::write(
        &file,
        GOOD.replace(
            "severity = \"low\"",
            "severity = \"low\"\nseverity_typo = 1",
        ),
    )
    .expect("write");
    let (code, _, err) = run(&["checks", "validate", utf8(&custom)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("custom-check.toml:5:") && err.contains("severity_typo"),
        "{err}"
    );

    // A slug that is not the file stem.
    std::fs::write(
        &file,
        GOOD.replace("slug = \"custom-check\"", "slug = \"other\""),
    )
    .expect("write");
    let (code, _, err) = run(&["checks", "validate", utf8(&custom)]);
    assert_eq!(code, 2);
    assert!(err.contains("must equal the file stem"), "{err}");

    // A duplicate of a built-in id, and an unknown framework control, when added with --checks.
    std::fs::write(
        &file,
        GOOD.replace("OA-CUST-001", "OA-IAM-001").replace(
            "[condition]",
            "[frameworks]\ncis_v5_0 = [\"9.99\"]\n\n[condition]",
        ),
    )
    .expect("write");
    let results = dir.path().join("results.json");
    let (code, _, err) = audit_example(&results, &["--checks", utf8(&custom)]);
    assert_eq!(code, 2);
    assert!(err.contains("`OA-IAM-001` is already used"), "{err}");
    assert!(err.contains("`cis_v5_0` has no control `9.99`"), "{err}");
    assert!(
        !results.exists(),
        "nothing is written when the catalogue is bad"
    );
}

#[test]
fn custom_checks_run_beside_the_builtin_ones() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("custom-check.toml"), GOOD).expect("write");
    let results = dir.path().join("results.json");
    let (code, _, err) = audit_example(&results, &["--checks", utf8(dir.path())]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).expect("read")).expect("json");
    let custom = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["check_id"] == "OA-CUST-001")
        .count();
    assert_eq!(custom, 7, "one finding per collected account");
}

#[test]
fn bad_config_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let results = dir.path().join("results.json");
    for (text, needle) in [
        (
            "[checks.OA-NOPE-999]\nenabled = false\n",
            "unknown check id `OA-NOPE-999`",
        ),
        ("profile = \"nope\"\n", "unknown profile `nope`"),
        (
            "[checks.access-keys-rotated.params]\nmax_age = 1\n",
            "has no parameter `max_age`",
        ),
        (
            "[checks.access-keys-rotated]\nseverity = \"urgent\"\n",
            "config.toml:2:",
        ),
    ] {
        let config = dir.path().join("config.toml");
        std::fs::write(&config, text).expect("write");
        let (code, _, err) = audit_example(&results, &["--config", utf8(&config)]);
        assert_eq!(code, 2, "{text}");
        assert!(err.contains(needle), "{text}: {err}");
        assert!(!results.exists());
    }
}

#[test]
fn profiles_and_overrides_change_parameters_severity_and_selection() {
    let dir = tempfile::tempdir().expect("tmp");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "profile = \"moj\"\n[checks.OA-IAM-003]\nseverity = \"critical\"\n[checks.account-alias-set]\nenabled = false\n",
    )
    .expect("write");
    let results = dir.path().join("results.json");
    let (code, _, err) = audit_example(
        &results,
        &["--config", utf8(&config), "--now", "2026-12-10T00:00:00Z"],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).expect("read")).expect("json");
    assert_eq!(json["profile"], "moj");
    let check = |slug: &str| {
        json["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["slug"] == slug)
            .cloned()
    };
    assert_eq!(
        check("unused-access-keys-disabled").expect("check")["params"]["max_unused_days"],
        30
    );
    assert_eq!(
        check("access-keys-rotated").expect("check")["severity"],
        "critical"
    );
    assert!(check("account-alias-set").is_none());
    // Off by default, enabled by the MoJ profile.
    assert_eq!(
        check("password-expiry").expect("enabled by moj")["params"]["max_password_age_days"],
        90
    );
    let default = build_catalogue(&builtin_files(), None).expect("catalogue");
    assert!(default
        .checks
        .iter()
        .all(|c| c.def.slug != "password-expiry"));
    // Three days after bob (console password, no MFA) was created, the MoJ
    // 7-day grace period passes him; without it (default 0 days) he fails.
    let bob_status = |config: Option<&std::path::Path>| -> serde_json::Value {
        let example = root().join("examples/example-org.snapshot.json");
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(example).expect("example"))
                .expect("json");
        let created: jiff::Timestamp = doc["accounts"]
            .as_object()
            .and_then(|a| a.values().find(|a| a["name"] == "prod-web"))
            .and_then(|a| a["iam"]["credential_report"]["rows"].as_array())
            .and_then(|rows| rows.iter().find(|r| r["user"] == "bob"))
            .and_then(|r| r["user_creation_time"].as_str())
            .and_then(|t| t.parse().ok())
            .expect("bob's creation time");
        let now = created
            .checked_add(jiff::SignedDuration::from_hours(72))
            .expect("date")
            .to_string();
        let out = tempfile::tempdir().expect("tmp");
        let results = out.path().join("results.json");
        let mut args = vec!["--now", now.as_str()];
        if let Some(c) = config {
            args.extend(["--config", utf8(c)]);
        }
        let (code, _, err) = audit_example(&results, &args);
        assert_eq!(code, 0, "{err}");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&results).expect("read")).expect("json");
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["check_slug"] == "console-users-have-mfa" && f["resource_name"] == "bob")
            .map(|f| f["status"].clone())
            .expect("bob")
    };
    assert_eq!(bob_status(Some(&config)), "PASS");
    assert_eq!(bob_status(None), "FAIL");
}

#[test]
fn results_json_round_trips_through_the_model() {
    let dir = tempfile::tempdir().expect("tmp");
    let results = dir.path().join("results.json");
    let (code, _, err) = audit_example(&results, &["--now", "2026-12-10T00:00:00Z"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&results).expect("read");
    let parsed: orgaudit::results::AuditResults =
        serde_json::from_str(&text).expect("results parse into the model");
    let again = serde_json::to_value(&parsed).expect("serialize");
    let original: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(again, original);
    // Evidence: every FAIL or UNKNOWN says what was observed (possibly null)
    // or why it could not be judged; fingerprints are unique.
    let findings = original["findings"].as_array().expect("findings");
    let fingerprints: BTreeSet<&str> = findings
        .iter()
        .filter_map(|f| f["fingerprint"].as_str())
        .collect();
    assert_eq!(fingerprints.len(), findings.len());
    for f in findings
        .iter()
        .filter(|f| f["status"] == "FAIL" || f["status"] == "UNKNOWN")
    {
        let e = &f["evidence"];
        assert!(e.get("observed").is_some() || !e["reason"].is_null(), "{f}");
        assert!(e["pointer"]
            .as_str()
            .is_some_and(|p| p.starts_with("/accounts/")));
    }
}

#[test]
fn checks_list_and_show_include_checks_that_are_off() {
    let (code, out, _) = run(&["checks", "list"]);
    assert_eq!(code, 0);
    let line = out
        .lines()
        .find(|l| l.contains("password-expiry"))
        .expect("listed");
    assert!(line.contains(" off "), "{line}");
    assert!(out
        .lines()
        .any(|l| l.contains("root-mfa-enabled") && l.contains(" on ")));
    let (code, out, err) = run(&["checks", "show", "password-expiry"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("OA-IAM-018") && out.contains("This check is off"),
        "{out}"
    );
    let (code, _, err) = run(&["checks", "show", "no-such-check"]);
    assert_eq!(code, 2);
    assert!(err.contains("no check `no-such-check`"));
}

/// Every built-in expression has a direct form, so a large organisation's
/// evaluation never drops to the (slower) interpreter except on errors.
#[test]
fn builtin_expressions_evaluate_directly() {
    let files = builtin_files();
    let every = orgaudit::checks::config::AuditConfig {
        only: Some(
            orgaudit::checks::definitions(&files)
                .expect("definitions")
                .iter()
                .map(|d| d.id.clone())
                .collect(),
        ),
        ..Default::default()
    };
    let catalogue = build_catalogue(&files, Some(("test", &every))).expect("catalogue");
    assert_eq!(catalogue.interpreted(), Vec::<(String, &str)>::new());
}

/// The public guides orgaudit's practices come from; each is cited by title.
const SOURCE_TITLES: [&str; 6] = [
    "Setting up your AWS environment",
    "IAM permissions for operating Snowplow",
    "Creating IAM Entities for AWS Cloud Accounts",
    "How to set up AWS accounts for multiple product environments",
    "AWS usage notes",
    "Baseline for Amazon Web Services accounts",
];

/// A URL a reader can open: https, a dotted host, no spaces.
fn is_url(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '#', '?']).next().unwrap_or_default();
    !s.chars().any(char::is_whitespace)
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
}

/// A word that names a file rather than a publication: a relative path or a
/// file name (`ruleset.md`, `shared/seeds/x.txt`, `docs\x`), or a `seed:` tag.
fn looks_like_a_path(word: &str) -> bool {
    let w = word.trim_matches(|c: char| "()[]{},;:'\"".contains(c));
    if is_url(w) {
        return false;
    }
    let lower = w.to_ascii_lowercase();
    let file_ext = [
        ".md", ".txt", ".json", ".toml", ".yaml", ".yml", ".html", ".htm", ".rs", ".py", ".csv",
        ".pdf", ".dita",
    ];
    w.contains('/')
        || w.contains('\\')
        || file_ext.iter().any(|e| lower.ends_with(e))
        || word.to_ascii_lowercase().starts_with("seed:")
}

/// `Publisher, "Title"` with optional qualifiers after it (section, control
/// ids, a URL): who published it and what it is called, nothing a reader
/// would have to find on someone's disk.
fn is_named_publication(s: &str) -> bool {
    let Some((publisher, rest)) = s.split_once(", \"") else {
        return false;
    };
    let Some((title, qualifiers)) = rest.split_once('"') else {
        return false;
    };
    let publisher_ok = publisher.trim().len() >= 3 && !publisher.contains('"');
    let title_ok = title.trim().len() >= 3;
    let qualifiers_ok =
        qualifiers.is_empty() || qualifiers.starts_with(", ") || qualifiers.starts_with(" (");
    publisher_ok && title_ok && qualifiers_ok && !s.split_whitespace().any(looks_like_a_path)
}

fn is_followable_reference(s: &str) -> bool {
    is_url(s) || is_named_publication(s)
}

#[test]
fn references_are_urls_or_named_publications() {
    // The rule itself, on what it must reject and accept.
    for bad in [
        "ruleset.md 5.2 iam.key.max_age",
        "seed: AWS usage notes (shared/seeds/004_fae160320ab156c8.txt)",
        "seed: Snowplow, \"Setting up your AWS environment\"",
        "Snowplow, \"Setting up your AWS environment\" (shared/seeds/000_b14031a9035b6932.txt)",
        "Snowplow, \"Setting up your AWS environment\", see notes.md",
        "AWS Config API Reference: DescribeDeliveryChannelStatus",
        "http://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
        "https://localhost/x",
        "https://docs.aws.amazon.com/a page",
        "docs/baseline-aws-accounts.md",
        "",
    ] {
        assert!(!is_followable_reference(bad), "accepted {bad:?}");
    }
    for good in [
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#x",
        "Redis, \"Creating IAM Entities for AWS Cloud Accounts\" (Redis Cloud documentation)",
        "Center for Internet Security, \"CIS Amazon Web Services Foundations Benchmark\", v7.0.0 2.1.4",
        "Erika Duan, \"AWS usage notes\", https://github.com/erikaduan/aws_notes",
    ] {
        assert!(is_followable_reference(good), "rejected {good:?}");
    }

    let catalogue = build_catalogue(&builtin_files(), None).expect("catalogue");
    let mut bad = Vec::new();
    for c in &catalogue.checks {
        for r in &c.def.references {
            if !is_followable_reference(r) {
                bad.push(format!("{} ({}): {r}", c.def.slug, c.source));
            }
        }
        // A CIS citation names exactly the controls the check maps to.
        let fw = &c.def.frameworks;
        for r in &c.def.references {
            let Some(ids) = r.strip_prefix(
                "Center for Internet Security, \"CIS Amazon Web Services Foundations Benchmark\", ",
            ) else {
                continue;
            };
            if ids.starts_with("v1.2.0 ") {
                continue; // a retired version the frameworks do not model
            }
            let mut cited: Vec<String> = Vec::new();
            let mut mapped: Vec<String> = Vec::new();
            for (ver, controls) in [
                ("v3.0.0", fw.ids("cis_v3_0")),
                ("v5.0.0", fw.ids("cis_v5_0")),
                ("v7.0.0", fw.ids("cis_v7_0")),
            ] {
                mapped.extend(controls.iter().map(|id| format!("{ver} {id}")));
            }
            cited.extend(ids.split(", ").map(str::to_string));
            assert_eq!(
                cited, mapped,
                "{}: CIS reference and [frameworks]",
                c.def.slug
            );
        }
    }
    assert!(
        bad.is_empty(),
        "references must be https URLs or `Publisher, \"Title\"` citations, never paths:\n{}",
        bad.join("\n")
    );
}
