//! Framework views that do not overstate coverage: every control of each
//! framework version is listed, each shows as automated, MANUAL or NOT
//! CHECKED with the counts, and a MANUAL item still owing evidence keeps a
//! control from reading PASS.

use crate::common::{repo_root, run, utf8};
use orgaudit::checks::{build_catalogue, builtin_files};
use serde_json::Value;
use std::path::Path;

/// Control counts of the published lists the framework files copy.
const PUBLISHED: [(&str, usize); 3] = [("cis_v3_0", 62), ("cis_v5_0", 63), ("cis_v7_0", 70)];

#[test]
fn framework_files_list_every_published_control_and_their_source() {
    let catalogue = build_catalogue(&builtin_files(), None).expect("catalogue");
    for (key, count) in PUBLISHED {
        let f = &catalogue.frameworks[key];
        assert_eq!(f.controls.len(), count, "{key}: every published control");
    }
    for (key, f) in &catalogue.frameworks {
        assert!(
            !f.source.trim().is_empty(),
            "{key} says where its list came from"
        );
    }
    let hub = &catalogue.frameworks["security_hub"];
    for n in 1..=28 {
        assert!(hub.controls.contains_key(&format!("IAM.{n}")), "IAM.{n}");
    }
    for id in ["Account.1", "Account.2", "Config.1"] {
        assert!(hub.controls.contains_key(id), "{id}");
    }
}

/// The example organisation with every account's alternate contacts set,
/// so the automated half of CIS 1.1 passes everywhere.
fn contacts_complete(dir: &Path) -> std::path::PathBuf {
    let path = repo_root().join("examples/example-org.snapshot.json");
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("json");
    // security-tooling has all three contacts in the example.
    let full = doc["accounts"]
        .as_object()
        .and_then(|a| a.values().find(|a| a["name"] == "security-tooling"))
        .map(|a| a["alternate_contacts"].clone())
        .expect("security-tooling");
    for account in doc["accounts"]
        .as_object_mut()
        .expect("accounts")
        .values_mut()
    {
        account["alternate_contacts"] = full.clone();
    }
    let out = dir.join("snapshot.json");
    std::fs::write(&out, doc.to_string()).expect("write");
    out
}

fn bundle(dir: &Path, snapshot: &Path, config: Option<&str>) -> (Value, String) {
    let evidence = dir.join("evidence");
    let out = dir.join("out");
    let mut args = vec![
        "audit",
        "--snapshot",
        utf8(snapshot),
        "--format",
        "html",
        "--out",
        utf8(&out),
        "--evidence",
        utf8(&evidence),
    ];
    let config_path = dir.join("config.toml");
    if let Some(text) = config {
        std::fs::write(&config_path, text).expect("config");
        args.extend(["--config", utf8(&config_path)]);
    }
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(evidence.join("frameworks.json")).expect("frameworks");
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    (serde_json::from_str(&text).expect("json"), html)
}

fn sub(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(&path).expect("mkdir");
    path
}

fn framework<'a>(all: &'a Value, key: &str) -> &'a Value {
    all.as_array()
        .and_then(|l| l.iter().find(|f| f["key"] == key))
        .unwrap_or_else(|| panic!("framework {key}"))
}

fn control<'a>(fw: &'a Value, id: &str) -> &'a Value {
    fw["controls"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("control {id}"))
}

#[test]
fn every_control_shows_its_coverage_with_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = repo_root().join("examples/example-org.snapshot.json");
    let (all, html) = bundle(dir.path(), &example, None);
    for (key, count) in PUBLISHED {
        let fw = framework(&all, key);
        let controls = fw["controls"].as_array().expect("controls");
        assert_eq!(controls.len(), count, "{key}");
        let c = &fw["coverage"];
        let sum = ["automated", "manual", "not_checked"]
            .iter()
            .map(|k| c[k].as_u64().expect("count"))
            .sum::<u64>();
        assert_eq!(sum as usize, count, "{key}: {c}");
        assert!(c["not_checked"].as_u64() > Some(0), "{key}: {c}");
        for ctl in controls {
            let coverage = ctl["coverage"].as_str().expect("coverage");
            let checks = ctl["checks"].as_array().expect("checks").len();
            assert_eq!(coverage == "not_checked", checks == 0, "{ctl}");
            if coverage == "not_checked" {
                assert_eq!(ctl["verdict"], "NOT_CHECKED");
            }
        }
    }
    // CIS v3.0 2.1.1 (S3 bucket policies) has no check at all.
    let s3 = control(framework(&all, "cis_v3_0"), "2.1.1");
    assert_eq!(s3["coverage"], "not_checked");
    assert_eq!(
        control(framework(&all, "cis_v3_0"), "1.4")["coverage"],
        "automated"
    );
    // The HTML carries the counts too.
    let cis3 = &framework(&all, "cis_v3_0")["coverage"];
    let line = format!(
        "62 controls: {} automated, {} manual, {} not checked",
        cis3["automated"], cis3["manual"], cis3["not_checked"]
    );
    assert!(html.contains(&line), "{line}");
    assert!(html.contains("NOT_CHECKED"));
}

#[test]
fn a_manual_item_owing_evidence_keeps_a_control_from_passing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snapshot = contacts_complete(dir.path());
    let only = r#"only = ["OA-ACCT-002", "OA-ACCT-004"]"#;
    let (all, _) = bundle(&sub(dir.path(), "both"), &snapshot, Some(only));
    let c = control(framework(&all, "cis_v3_0"), "1.1");
    assert_eq!(c["counts"]["fail"], 0, "{c}");
    assert_eq!(c["counts"]["unknown"], 0, "{c}");
    assert!(c["counts"]["pass"].as_u64() > Some(0), "{c}");
    assert!(c["counts"]["manual"].as_u64() > Some(0), "{c}");
    assert_eq!(c["verdict"], "NEEDS_EVIDENCE", "{c}");
    assert_eq!(c["coverage"], "automated");
    // The automated check alone still reads PASS.
    let automated = Some(r#"only = ["OA-ACCT-002"]"#);
    let (all, _) = bundle(&sub(dir.path(), "automated"), &snapshot, automated);
    assert_eq!(
        control(framework(&all, "cis_v3_0"), "1.1")["verdict"],
        "PASS"
    );
    // The MANUAL item alone: covered by evidence only.
    let manual = Some(r#"only = ["OA-ACCT-004"]"#);
    let (all, html) = bundle(&sub(dir.path(), "manual"), &snapshot, manual);
    let c = control(framework(&all, "cis_v3_0"), "1.1");
    assert_eq!(c["coverage"], "manual", "{c}");
    assert_eq!(c["verdict"], "NEEDS_EVIDENCE", "{c}");
    assert!(html.contains("NEEDS_EVIDENCE"));
}

fn with_file(relative: &str, text: String) -> Vec<orgaudit::checks::load::SourceFile> {
    let mut files = builtin_files();
    files.push(orgaudit::checks::load::SourceFile {
        name: format!("custom/{relative}"),
        relative: relative.into(),
        text,
        builtin: false,
    });
    files
}

fn load_error(files: &[orgaudit::checks::load::SourceFile]) -> String {
    match build_catalogue(files, None) {
        Ok(_) => panic!("loaded"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_framework_without_its_source_is_refused() {
    let text = "name = \"Ours\"\nversion = \"1\"\n\n[controls]\n\"A.1\" = \"Something\"\n";
    let err = load_error(&with_file("frameworks/ours.toml", text.to_string()));
    assert!(err.contains("needs `source`"), "{err}");
    // Extending a built-in framework needs none: its source stays.
    let extra = "name = \"x\"\nversion = \"x\"\n\n[controls]\n\"9.9\" = \"Local\"\n";
    let files = with_file("frameworks/moj.toml", extra.to_string());
    assert!(build_catalogue(&files, None).is_ok());
}

/// The built-in files with one of them edited.
fn edited(name: &str, edit: impl Fn(&str) -> String) -> Vec<orgaudit::checks::load::SourceFile> {
    let mut files = builtin_files();
    let file = files.iter_mut().find(|f| f.name == name).expect("file");
    let text = edit(&file.text);
    assert_ne!(text, file.text, "the edit applies");
    file.text = text;
    files
}

#[test]
fn a_manual_check_may_only_say_where_it_applies() {
    // A `pass` would make a MANUAL item automated in disguise.
    let rotated = "checks/root/root-credentials-rotated-after-use.toml";
    let files = edited(rotated, |t| {
        t.replace("[condition]\n", "[condition]\npass = \"true\"\n")
    });
    let err = load_error(&files);
    assert!(err.contains("holds only `applies`"), "{err}");
    // An automated check without `expected` is refused too.
    let mfa = "checks/root/root-mfa-enabled.toml";
    let files = edited(mfa, |t| {
        t.replace("expected = \"AccountMFAEnabled == 1\"\n", "")
    });
    let err = load_error(&files);
    assert!(
        err.contains("needs `pass`, `observed` and `expected`"),
        "{err}"
    );
}
