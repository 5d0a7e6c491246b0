//! The typed contract of what checks read: the field reference is generated
//! and current, a path no view has is a load error at its file:line:column
//! with a suggestion, custom checks carry their own id prefix, and
//! frameworks are data.

use super::catalogue::{audit_example, GOOD};
use crate::common::{repo_root, run, utf8};

#[test]
fn field_reference_is_current() {
    let published = repo_root().join("docs/check-fields.md");
    let (code, generated, err) = run(&["checks", "fields"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&published).expect("docs/check-fields.md"),
        generated,
        "docs/check-fields.md is stale: regenerate it with \
         `cargo run -- checks fields > docs/check-fields.md`"
    );
    // Every scope, and fields from every level of the views.
    for path in [
        "`account.summary`",
        "`account.scp_guardrails.denies`",
        "`account.payer_budgets[].covers_account`",
        "`account.config.<key>.recorders[].all_supported`",
        "`resource.access_keys[].last_rotated`",
        "`resource.trust_grants[].requires_mfa`",
        "`resource.recorder_statuses[].recording`",
        "`resource.escalation_actions`",
    ] {
        assert!(generated.contains(path), "{path} missing");
    }
    for scope in [
        "iam_user",
        "access_key",
        "iam_group",
        "iam_role",
        "policy",
        "region",
    ] {
        assert!(generated.contains(&format!("`{scope}` scope")), "{scope}");
    }
}

/// Validate one custom check file; (exit code, stdout, stderr).
fn validate(text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("custom-check.toml"), text).expect("write");
    run(&["checks", "validate", utf8(dir.path())])
}

#[test]
fn unknown_paths_are_load_errors_with_a_suggestion() {
    // Line 15 is `pass = "..."`; the expression starts at column 9.
    let (code, _, err) = validate(&GOOD.replace(
        "account.is_management || true",
        "account.summry.AccountMFAEnabled == 1",
    ));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("custom-check.toml:15:17: `pass`: no field `summry` in `account`; did you mean `summary`?"),
        "{err}"
    );

    // In a scope's resource, inside a macro, in a message placeholder and
    // in params: each reported, all at once.
    let text = GOOD
        .replace("scope = \"account\"", "scope = \"iam_user\"")
        .replace(
            "account.is_management || true",
            "resource.access_keys.all(k, k.actve) && params.limt > 0",
        )
        .replace(
            "fail = \"bad {account.id}\"",
            "fail = \"bad {resource.nme}\"",
        )
        + "\n[params.limit]\ndefault = 1\ndescription = \"d\"\n";
    let (code, _, err) = validate(&text);
    assert_eq!(code, 2, "{err}");
    for expected in [
        "no field `actve` in `k`; did you mean `active`?",
        "no field `limt` in `params`; did you mean `limit`?",
        "`fail`: no field `nme` in `resource`; did you mean `name`?",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }
    // A field of another scope's view is unknown here.
    let (code, _, err) =
        validate(&GOOD.replace("account.is_management || true", "resource.mfa_active"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no field `mfa_active` in `resource`"), "{err}");

    // `audit --checks` refuses it before writing anything.
    let dir = tempfile::tempdir().expect("tmp");
    let custom = dir.path().join("custom");
    std::fs::create_dir(&custom).expect("mkdir");
    std::fs::write(
        custom.join("custom-check.toml"),
        GOOD.replace("account.is_management", "acount.is_management"),
    )
    .expect("write");
    let results = dir.path().join("out/results.json");
    let (code, _, err) = audit_example(&results, &["--checks", utf8(&custom)]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown variable `acount`; did you mean `account`?"),
        "{err}"
    );
    assert!(!results.exists());
}

#[test]
fn custom_checks_carry_their_own_id_prefix() {
    let (code, out, err) = validate(&GOOD.replace("OA-CUST-001", "ACME-IAM-001"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 checks valid"), "{out}");
    for bad in ["acme-IAM-001", "ACME-IAM-1", "ACME-001", "1ACME-IAM-001"] {
        let (code, _, err) = validate(&GOOD.replace("OA-CUST-001", bad));
        assert_eq!(code, 2, "{bad}");
        assert!(err.contains("must look like ACME-IAM-001"), "{err}");
    }
}

#[test]
fn frameworks_are_data_validated_against_their_files() {
    let mapped = |table: &str| {
        GOOD.replace(
            "[condition]",
            &format!("[frameworks]\n{table}\n\n[condition]"),
        )
    };
    let (code, _, err) = validate(&mapped("cis_v5_0 = [\"1.4\"]\nmoj = []"));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = validate(&mapped("cis_v5 = [\"1.4\"]"));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown framework `cis_v5`; did you mean `cis_v5_0`?"),
        "{err}"
    );
}
