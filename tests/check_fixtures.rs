//! Every check against edited copies of the bundled example snapshot (a real
//! collection from the emulator). Each check's cases live in
//! `tests/fixtures/checks/<slug>.toml` and must cover PASS, FAIL and UNKNOWN
//! (MANUAL for evidence items). Edits are JSON-patch operations relative to
//! one account; the edited snapshot is re-validated against the model, so
//! fixtures cannot drift from what the collector writes.

use orgaudit::checks::config::AuditConfig;
use orgaudit::checks::eval::evaluate;
use orgaudit::checks::{build_catalogue, builtin_files, definitions};
use orgaudit::findings::Status;
use orgaudit::snapshot::Snapshot;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

const NOW: &str = "2026-12-01T00:00:00Z";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    expect: Status,
    account: String,
    /// When set, only this resource's finding is asserted (all must match).
    resource: Option<String>,
    #[serde(default)]
    ops: Vec<Op>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Op {
    op: String,
    /// Relative to the account, or absolute when it starts with `//`.
    path: String,
    value: Option<toml::Value>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn base() -> Value {
    let text = std::fs::read_to_string(root().join("examples/example-org.snapshot.json"))
        .expect("example snapshot");
    serde_json::from_str(&text).expect("json")
}

fn account_id(base: &Value, name: &str) -> String {
    base["accounts"]
        .as_object()
        .expect("accounts")
        .iter()
        .find(|(_, a)| a["name"] == name)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no account named {name}"))
}

/// `{account_id}`, `{root_id}` and `{scp_id:NAME}` stand for ids the
/// collection assigned.
fn substitute(text: &str, base: &Value, account: &str) -> String {
    let org = &base["organization"]["organization"];
    let root_id = org["roots"][0]["id"].as_str().unwrap_or_default();
    let mut out = text
        .replace("{account_id}", account)
        .replace("{root_id}", root_id);
    while let Some(start) = out.find("{scp_id:") {
        let end = start + out[start..].find('}').expect("closing brace");
        let name = &out[start + "{scp_id:".len()..end];
        let id = org["policies"]
            .as_object()
            .expect("policies")
            .values()
            .find(|p| p["name"] == name)
            .and_then(|p| p["id"].as_str())
            .unwrap_or_else(|| panic!("no SCP named {name}"))
            .to_string();
        out.replace_range(start..=end, &id);
    }
    out
}

fn apply(doc: &mut Value, op: &Op, base: &Value, account: &str) {
    let path = substitute(&op.path, base, account);
    let full = match path.strip_prefix("//") {
        Some(abs) => format!("/{abs}"),
        None => format!("/accounts/{account}{path}"),
    };
    let value = op.value.as_ref().map(|v| {
        let json = serde_json::to_string(v).expect("toml to json");
        serde_json::from_str::<Value>(&substitute(&json, base, account)).expect("json")
    });
    let (parent_path, last) = full.rsplit_once('/').expect("pointer");
    let last = last.replace("~1", "/").replace("~0", "~");
    let parent = doc
        .pointer_mut(parent_path)
        .unwrap_or_else(|| panic!("no {parent_path}"));
    match (op.op.as_str(), parent) {
        ("replace" | "add", Value::Object(map)) => {
            map.insert(last, value.expect("value"));
        }
        ("remove", Value::Object(map)) => {
            map.remove(&last)
                .unwrap_or_else(|| panic!("nothing at {full}"));
        }
        ("add", Value::Array(items)) if last == "-" => items.push(value.expect("value")),
        ("add", Value::Array(items)) => {
            items.insert(last.parse().expect("index"), value.expect("value"))
        }
        ("replace", Value::Array(items)) => {
            items[last.parse::<usize>().expect("index")] = value.expect("value")
        }
        ("remove", Value::Array(items)) => {
            items.remove(last.parse().expect("index"));
        }
        (other, _) => panic!("unsupported op {other} at {full}"),
    }
}

#[test]
fn every_check_meets_its_fixtures() {
    let files = builtin_files();
    // Every definition, including checks that are off by default.
    let all = definitions(&files).expect("definitions");
    let base = base();
    let now: jiff::Timestamp = NOW.parse().expect("now");
    let mut failures = Vec::new();
    for def in &all {
        let slug = &def.slug;
        let path = root()
            .join("tests/fixtures/checks")
            .join(format!("{slug}.toml"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!("{slug}: no fixture file {}", path.display()));
            continue;
        };
        let cases: Cases =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let expected: BTreeSet<Status> = cases.case.iter().map(|c| c.expect).collect();
        let required: &[Status] = if def.manual {
            &[Status::Manual]
        } else {
            &[Status::Pass, Status::Fail, Status::Unknown]
        };
        for s in required {
            if !expected.contains(s) {
                failures.push(format!("{slug}: no {} case", s.as_str()));
            }
        }
        let config = AuditConfig {
            only: Some(vec![def.id.clone()]),
            ..AuditConfig::default()
        };
        let one = build_catalogue(&files, Some(("test", &config))).expect("one check");
        let mut interpreted = build_catalogue(&files, Some(("test", &config))).expect("one check");
        interpreted.interpreter_only();
        for case in &cases.case {
            let account = account_id(&base, &case.account);
            let mut doc = base.clone();
            for op in &case.ops {
                apply(&mut doc, op, &base, &account);
            }
            let snapshot: Snapshot = serde_json::from_value(doc).unwrap_or_else(|e| {
                panic!("{slug}/{}: edited snapshot no longer valid: {e}", case.name)
            });
            let all = evaluate(&snapshot, &one, now);
            // Direct evaluation must not change a single byte of the result.
            let reference = evaluate(&snapshot, &interpreted, now);
            if serde_json::to_string(&all).ok() != serde_json::to_string(&reference).ok() {
                failures.push(format!(
                    "{slug}/{}: direct evaluation differs from the cel interpreter",
                    case.name
                ));
            }
            let findings: Vec<_> = all
                .into_iter()
                .filter(|f| f.account.id == account)
                .filter(|f| {
                    case.resource
                        .as_ref()
                        .is_none_or(|r| *f.resource.name == **r)
                })
                .collect();
            let statuses: Vec<Status> = findings.iter().map(|f| f.status).collect();
            let ok = match &case.resource {
                Some(_) => !statuses.is_empty() && statuses.iter().all(|s| *s == case.expect),
                None => statuses.contains(&case.expect),
            };
            if !ok {
                let detail: Vec<String> = findings
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {} {:?}",
                            f.resource.name,
                            f.status.as_str(),
                            f.evidence.reason()
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{slug}/{}: expected {} got {detail:?}",
                    case.name,
                    case.expect.as_str()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Pointers to every object member under `value`.
fn member_pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                member_pointers(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                member_pointers(v, &format!("{prefix}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn remove_pointer(doc: &mut Value, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').expect("pointer");
    let last = last.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
        map.remove(&last);
    }
}

/// Missing data is never a verdict: for every judged fixture case, delete
/// each field of the account and the organisation that the snapshot model
/// lets be absent (one at a time); no finding of the check may turn into a
/// different PASS, FAIL or NOT_APPLICABLE. It stays as it was (the field is
/// not needed) or becomes UNKNOWN.
#[test]
fn deleting_any_field_never_yields_a_new_verdict() {
    use rayon::prelude::*;
    let files = builtin_files();
    let all = definitions(&files).expect("definitions");
    let base = base();
    let now: jiff::Timestamp = NOW.parse().expect("now");
    let mut failures = Vec::new();
    let mut deletions = 0usize;
    for def in all.iter().filter(|d| !d.manual) {
        let path = root()
            .join("tests/fixtures/checks")
            .join(format!("{}.toml", def.slug));
        let text = std::fs::read_to_string(&path).expect("fixture file");
        let cases: Cases = toml::from_str(&text).expect("fixture toml");
        let config = AuditConfig {
            only: Some(vec![def.id.clone()]),
            ..AuditConfig::default()
        };
        let one = build_catalogue(&files, Some(("test", &config))).expect("one check");
        for case in cases.case.iter().filter(|c| c.expect != Status::Unknown) {
            let account = account_id(&base, &case.account);
            let mut doc = base.clone();
            for op in &case.ops {
                apply(&mut doc, op, &base, &account);
            }
            let verdicts = |snapshot: &Snapshot| -> Vec<(String, Status)> {
                evaluate(snapshot, &one, now)
                    .into_iter()
                    .filter(|f| f.account.id == account)
                    .map(|f| (f.resource.id.to_string(), f.status))
                    .collect()
            };
            let before: std::collections::BTreeMap<String, Status> =
                verdicts(&serde_json::from_value(doc.clone()).expect("snapshot"))
                    .into_iter()
                    .collect();
            let mut pointers = Vec::new();
            member_pointers(&doc["accounts"][&account], &format!("/accounts/{account}"), &mut pointers);
            member_pointers(&doc["organization"], "/organization", &mut pointers);
            let found: Vec<(String, usize)> = pointers
                .par_iter()
                .filter_map(|pointer| {
                    let mut edited = doc.clone();
                    remove_pointer(&mut edited, pointer);
                    let snapshot: Snapshot = serde_json::from_value(edited).ok()?;
                    let changed: Vec<String> = verdicts(&snapshot)
                        .into_iter()
                        .filter(|(id, s)| {
                            *s != Status::Unknown && before.get(id).is_some_and(|b| b != s)
                        })
                        .map(|(id, s)| {
                            format!(
                                "{}/{}: deleting {pointer} turns {id} from {} into {}",
                                def.slug,
                                case.name,
                                before[&id].as_str(),
                                s.as_str()
                            )
                        })
                        .collect();
                    Some((changed.join("\n"), 1))
                })
                .collect();
            deletions += found.iter().map(|(_, n)| n).sum::<usize>();
            failures.extend(found.into_iter().map(|(s, _)| s).filter(|s| !s.is_empty()));
        }
    }
    assert!(deletions > 1000, "only {deletions} deletions were tried");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
