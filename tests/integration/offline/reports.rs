//! Reports and evidence on the bundled example organisation: every format
//! against its reviewed snapshot, hostile names rendered inert, the page in
//! headless Chromium, the JSON Schema, and the evidence bundle's manifest.

use crate::common::{repo_root, run, utf8};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const NOW: &str = "2026-12-10T00:00:00Z";
/// A handful of checks covering every status, so the snapshots stay short.
const SNAPSHOT_CHECKS: &str = r#"only = ["OA-ROOT-001", "OA-IAM-001", "OA-IAM-003", "OA-BILL-001", "OA-CFG-001", "OA-ACCT-004", "OA-ORG-002"]"#;

fn example() -> PathBuf {
    repo_root().join("examples/example-org.snapshot.json")
}

/// `orgaudit audit` on `snapshot`, every format into `out`.
fn audit(snapshot: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "audit",
        "--snapshot",
        utf8(snapshot),
        "--now",
        NOW,
        "--format",
        "html,csv,json,junit,ocsf",
        "--out",
        utf8(out),
    ];
    args.extend_from_slice(extra);
    let output = assert_cmd::Command::cargo_bin("orgaudit")
        .expect("binary")
        .args(&args)
        .output()
        .expect("run orgaudit");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Versions and the ruleset digest change with every release and check
/// edit; times are fixed by `--now` and the snapshot.
fn scrub(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut out = text
        .replace(
            &format!("\"version\": \"{version}\""),
            "\"version\": \"[version]\"",
        )
        .replace(
            &format!("\"version\":\"{version}\""),
            "\"version\":\"[version]\"",
        )
        .replace(&format!("orgaudit {version}"), "orgaudit [version]");
    while let Some(at) = out.find("sha256:") {
        let end = at
            + 7
            + out[at + 7..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .count();
        out.replace_range(at..end, "[ruleset-digest]");
    }
    out
}

#[test]
fn every_format_matches_its_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, SNAPSHOT_CHECKS).expect("config");
    let out = dir.path().join("out");
    audit(&example(), &out, &["--config", utf8(&config)]);
    for (name, file) in [
        ("results_json", "results.json"),
        ("findings_csv", "findings.csv"),
        ("report_html", "report.html"),
        ("junit_xml", "junit.xml"),
        ("findings_ocsf_json", "findings.ocsf.json"),
    ] {
        let mut text = read(&out.join(file));
        if file.ends_with(".json") {
            // One value per line is reviewable; the files are compact or pretty.
            let value: Value = serde_json::from_str(&text).expect("json");
            text = serde_json::to_string_pretty(&value).expect("pretty");
        }
        insta::assert_snapshot!(name, scrub(&text));
    }
}

/// The example organisation with an account named like a script and a user
/// named like a spreadsheet formula (both are attacker-controlled text).
fn hostile_snapshot(dir: &Path) -> PathBuf {
    let mut doc: Value = serde_json::from_str(&read(&example())).expect("example");
    let accounts = doc["accounts"].as_object_mut().expect("accounts");
    let web = accounts
        .values_mut()
        .find(|a| a["name"] == "prod-web")
        .expect("prod-web");
    web["name"] = Value::from("<script>alert(1)</script>");
    let arn_of = |row: &Value| row["arn"].as_str().unwrap_or("").to_string();
    let hostile = "=HYPERLINK(\"http://x\")";
    let mut renamed = 0;
    for row in web["iam"]["credential_report"]["rows"]
        .as_array_mut()
        .expect("rows")
    {
        if row["user"] == "bob" {
            let arn = arn_of(row).replace("user/bob", "user/hostile");
            row["user"] = Value::from(hostile);
            row["arn"] = Value::from(arn);
            renamed += 1;
        }
    }
    for user in web["iam"]["authorization_details"]["users"]
        .as_array_mut()
        .expect("users")
    {
        if user["name"] == "bob" {
            user["name"] = Value::from(hostile);
            renamed += 1;
        }
    }
    assert_eq!(renamed, 2, "bob is in the report and in GAAD");
    let path = dir.join("hostile.snapshot.json");
    std::fs::write(&path, serde_json::to_vec(&doc).expect("json")).expect("write");
    path
}

#[test]
fn hostile_names_render_inert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snapshot = hostile_snapshot(dir.path());
    let out = dir.path().join("out");
    audit(&snapshot, &out, &[]);

    let html = read(&out.join("report.html"));
    assert!(!html.contains("<script"), "no script element can appear");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;)"));

    let mut csv = csv::Reader::from_path(out.join("findings.csv")).expect("csv");
    let mut hostile_cells = 0;
    for record in csv.records() {
        for cell in record.expect("record").iter() {
            assert!(
                !matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@')),
                "formula cell {cell:?}"
            );
            if cell.starts_with("'=HYPERLINK") {
                hostile_cells += 1;
            }
        }
    }
    assert!(hostile_cells > 0, "the user's name is in the CSV, as text");

    let junit = read(&out.join("junit.xml"));
    assert!(!junit.contains("<script>") && junit.contains("&lt;script&gt;"));
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("ORGAUDIT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "headless Chromium is needed at {}: run the suite with ./tests/run (it installs \
         Debian's chromium), or `apt-get install chromium`, or set ORGAUDIT_CHROMIUM",
        path.display()
    );
    path
}

/// Chromium headless with the flags this machine needs (no network).
pub(crate) fn chromium_run(profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

#[test]
fn report_opens_in_headless_chromium() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snapshot = hostile_snapshot(dir.path());
    let out = dir.path().join("out");
    audit(&snapshot, &out, &[]);
    let page = format!("file://{}", out.join("report.html").display());
    let profile = dir.path().join("chromium-profile");

    // The DOM as the browser built it.
    let dom = chromium_run(&profile, &["--dump-dom", &page]);
    let dom = String::from_utf8_lossy(&dom.stdout).to_string();
    assert!(
        dom.contains("id=\"score\""),
        "score card: {}",
        &dom[..dom.len().min(500)]
    );
    assert!(dom.contains("<svg id=\"severity-chart\""));
    assert!(
        dom.contains("<rect class=\"st-FAIL\""),
        "the chart has bars"
    );
    let accounts = dom.matches("<tr class=\"account\"").count();
    assert_eq!(accounts, 7, "one heat-map row per account");
    assert_eq!(dom.matches("<details class=\"framework\"").count(), 5);
    assert!(dom.contains("id=\"coverage\""));
    assert!(
        !dom.contains("<script"),
        "the hostile account name stayed text"
    );
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    // A screenshot for people, kept with the test output.
    let shots = repo_root().join("target/test-output");
    std::fs::create_dir_all(&shots).expect("output dir");
    let png = shots.join("report.png");
    let _ = std::fs::remove_file(&png);
    let shot = chromium_run(
        &profile,
        &[
            "--window-size=1280,2000",
            &format!("--screenshot={}", png.display()),
            &page,
        ],
    );
    let bytes = std::fs::read(&png).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}): {}",
            String::from_utf8_lossy(&shot.stderr)
        )
    });
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
}

#[test]
fn published_json_schema_is_current() {
    let published = repo_root().join("schema/results.schema.json");
    let generated = assert_cmd::Command::cargo_bin("orgaudit")
        .expect("binary")
        .arg("schema")
        .output()
        .expect("schema");
    assert_eq!(
        read(&published),
        String::from_utf8_lossy(&generated.stdout),
        "schema/results.schema.json is stale: regenerate it with \
         `cargo run -- schema > schema/results.schema.json`"
    );
}

fn verify(dir: &Path) -> (i32, String) {
    let (code, stdout, _) = run(&["evidence", "verify", utf8(dir)]);
    (code, stdout)
}

#[test]
fn evidence_bundle_verifies_and_detects_tampering() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bundle = dir.path().join("evidence");
    audit(
        &example(),
        &dir.path().join("out"),
        &["--evidence", utf8(&bundle), "--external-id", "s3cr3t-value"],
    );
    let manifest: Value = serde_json::from_str(&read(&bundle.join("manifest.json"))).expect("json");
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    for expected in [
        "findings.csv",
        "findings.ocsf.json",
        "frameworks.json",
        "junit.xml",
        "report.html",
        "results.json",
        "snapshot.json",
    ] {
        assert!(files.contains(&expected), "{expected} in {files:?}");
    }
    // The snapshot is the input, byte for byte.
    assert_eq!(
        std::fs::read(bundle.join("snapshot.json")).expect("snapshot"),
        std::fs::read(example()).expect("example")
    );
    // The command line is recorded without the secret, and the secret is nowhere.
    let line = manifest["command_line"].to_string();
    assert!(line.contains("<redacted>") && line.contains("--evidence"));
    for entry in std::fs::read_dir(&bundle).expect("bundle") {
        let text = std::fs::read(entry.expect("entry").path()).expect("read");
        assert!(!String::from_utf8_lossy(&text).contains("s3cr3t-value"));
    }
    // Framework view: controls name their checks and evidence pointers.
    let frameworks: Value =
        serde_json::from_str(&read(&bundle.join("frameworks.json"))).expect("json");
    let moj = frameworks
        .as_array()
        .and_then(|list| list.iter().find(|f| f["key"] == "moj"))
        .expect("moj framework");
    let config = moj["controls"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "Config"))
        .expect("Config control");
    assert_eq!(config["verdict"], "FAIL");
    assert!(config["checks"][0]["evidence"][0]
        .as_str()
        .is_some_and(|p| p.starts_with("snapshot.json#/accounts/")));

    assert_eq!(verify(&bundle).0, 0);

    // Flip one byte of the report.
    let report = bundle.join("report.html");
    let mut bytes = std::fs::read(&report).expect("report");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&report, &bytes).expect("tamper");
    let (code, out) = verify(&bundle);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("MISMATCH report.html"), "{out}");

    // A missing file and an unlisted one are mismatches too.
    std::fs::remove_file(bundle.join("junit.xml")).expect("remove");
    std::fs::write(bundle.join("extra.txt"), "x").expect("extra");
    let (code, out) = verify(&bundle);
    assert_eq!(code, 1);
    assert!(out.contains("junit.xml: missing") && out.contains("extra.txt: not listed"));

    // No manifest: an input error, not a verdict.
    std::fs::remove_file(bundle.join("manifest.json")).expect("remove");
    assert_eq!(verify(&bundle).0, 2);
}
