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

const NOW: &str = "2026-12-10T00:00:00Z";

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

#[derive(Debug, Clone, Deserialize)]
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

/// The management account's Identity Center instance: its pointer and value.
fn identity_center(base: &Value) -> (String, &Value) {
    let (id, m) = base["accounts"]
        .as_object()
        .expect("accounts")
        .iter()
        .find(|(_, a)| a["is_management"] == true)
        .expect("management account");
    let (region, list) = m["identity_center"]["regions"]
        .as_object()
        .expect("identity center read")
        .iter()
        .find(|(_, l)| l.as_array().is_some_and(|l| !l.is_empty()))
        .expect("an instance");
    (
        format!("/accounts/{id}/identity_center/regions/{region}/0"),
        &list[0],
    )
}

/// Replace every `{key:ARG}` in `out` with `resolve(ARG)`.
fn each(out: &mut String, key: &str, resolve: impl Fn(&str) -> String) {
    let open = format!("{{{key}:");
    while let Some(start) = out.find(&open) {
        let end = start + out[start..].find('}').expect("closing brace");
        let value = resolve(&out[start + open.len()..end]);
        out.replace_range(start..=end, &value);
    }
}

/// Identity Center names: `{idc}` (the instance's pointer), `{ps:NAME}`
/// (a permission set's index), `{ps_arn:NAME}`, `{user_id:NAME}`,
/// `{group_id:NAME}` and `{asg:ACCOUNT:SET:PRINCIPAL}` (an assignment's
/// index, by account, permission set and user or group name).
fn substitute_identity(out: &mut String, base: &Value) {
    if !out.contains("{idc}")
        && !["{ps", "{user_id:", "{group_id:", "{asg:"]
            .iter()
            .any(|k| out.contains(k))
    {
        return;
    }
    let (pointer, ic) = identity_center(base);
    let sets = ic["permission_sets"].as_array().expect("sets");
    let set_index = |name: &str| {
        sets.iter()
            .position(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no permission set {name}"))
    };
    let named = |list: &str, field: &str, name: &str, id: &str| {
        ic[list]
            .as_array()
            .expect("list")
            .iter()
            .find(|x| x[field] == name)
            .and_then(|x| x[id].as_str())
            .unwrap_or_else(|| panic!("no {list} entry {name}"))
            .to_string()
    };
    *out = out.replace("{idc}", &pointer);
    each(out, "ps", |n| set_index(n).to_string());
    each(out, "ps_arn", |n| {
        sets[set_index(n)]["arn"].as_str().expect("arn").to_string()
    });
    each(out, "user_id", |n| {
        named("users", "user_name", n, "user_id")
    });
    each(out, "group_id", |n| {
        named("groups", "display_name", n, "group_id")
    });
    each(out, "asg", |spec| {
        let parts: Vec<&str> = spec.split(':').collect();
        let [account, set, principal] = parts[..] else {
            panic!("{{asg:ACCOUNT:SET:PRINCIPAL}}, not {spec}")
        };
        let account = account_id(base, account);
        let arn = sets[set_index(set)]["arn"].as_str().expect("arn");
        let principal_ids = [
            ic["users"]
                .as_array()
                .expect("users")
                .iter()
                .find(|u| u["user_name"] == principal)
                .map(|u| u["user_id"].clone()),
            ic["groups"]
                .as_array()
                .expect("groups")
                .iter()
                .find(|g| g["display_name"] == principal)
                .map(|g| g["group_id"].clone()),
        ];
        ic["assignments"]
            .as_array()
            .expect("assignments")
            .iter()
            .position(|x| {
                x["account_id"] == account.as_str()
                    && x["permission_set_arn"] == arn
                    && principal_ids
                        .iter()
                        .flatten()
                        .any(|p| x["principal_id"] == *p)
            })
            .unwrap_or_else(|| panic!("no assignment {spec}"))
            .to_string()
    });
}

/// `{account_id}`, `{account_id:NAME}` (another account, by name),
/// `{root_id}` and `{scp_id:NAME}` stand for ids the collection assigned;
/// Identity Center names as in [`substitute_identity`].
fn substitute(text: &str, base: &Value, account: &str) -> String {
    let org = &base["organization"]["organization"];
    let root_id = org["roots"][0]["id"].as_str().unwrap_or_default();
    let mut out = text
        .replace("{account_id}", account)
        .replace("{root_id}", root_id);
    each(&mut out, "account_id", |name| account_id(base, name));
    each(&mut out, "scp_id", |name| {
        org["policies"]
            .as_object()
            .expect("policies")
            .values()
            .find(|p| p["name"] == name)
            .and_then(|p| p["id"].as_str())
            .unwrap_or_else(|| panic!("no SCP named {name}"))
            .to_string()
    });
    substitute_identity(&mut out, base);
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
        // TOML has no null: "not read" in the snapshot.
        ("nullify", Value::Object(map)) => {
            map.insert(last, Value::Null);
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
            let direct = serde_json::to_string(&all).expect("findings serialise");
            let interpreted = serde_json::to_string(&reference).expect("findings serialise");
            if direct != interpreted {
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

/// Deletions that change what AWS said rather than whether it was read:
/// inside policy documents, alarm dimensions and budget filters (content);
/// a root's policy types (ListRoots lists only the types that are enabled,
/// so an absent type is a disabled one);
/// a virtual MFA device's user (absent: the device is unassigned); and
/// fields AWS omits when there is nothing to report (a recorder that never
/// ran has no last status, a channel with no snapshot delivery no snapshot
/// status, a password policy without hard expiry no `HardExpiry`).
fn changes_content(pointer: &str) -> bool {
    const CONTENT: [&str; 6] = [
        "/policy_types/",
        "/document/",
        "/default_document/",
        "/assume_role_policy/",
        "/dimensions/",
        "/cost_filters/",
    ];
    const ABSENT_MEANS_NONE: [&str; 5] = [
        "/user_arn",
        "/last_status",
        "/last_snapshot_status",
        "/last_config_stream_status",
        "/password_policy/policy/hard_expiry",
    ];
    CONTENT.iter().any(|c| pointer.contains(c))
        || ABSENT_MEANS_NONE.iter().any(|f| pointer.ends_with(f))
}

/// Fixture cases judged on one edited snapshot: (account name, edits) keys
/// the edits and the (check id, case name) pairs.
type SharedSnapshot = (Vec<Op>, Vec<(String, String)>);

/// Missing data is never a PASS: for every judged fixture case, delete each
/// field of the account and the organisation that the snapshot model lets be
/// absent (one at a time); no finding may become a PASS or NOT_APPLICABLE it
/// was not before. It stays as it was (the field is not needed), becomes
/// UNKNOWN, or (where absence is itself a fact AWS states, such as no
/// alternate contact of a type) FAIL. Cases that edit the same account the
/// same way share one snapshot per deletion.
#[test]
fn deleting_any_field_never_yields_a_new_verdict() {
    use rayon::prelude::*;
    use std::collections::BTreeMap;
    let files = builtin_files();
    let all = definitions(&files).expect("definitions");
    let base = base();
    let now: jiff::Timestamp = NOW.parse().expect("now");
    let mut groups: BTreeMap<(String, String), SharedSnapshot> = BTreeMap::new();
    for def in all.iter().filter(|d| !d.manual) {
        let path = root()
            .join("tests/fixtures/checks")
            .join(format!("{}.toml", def.slug));
        let text = std::fs::read_to_string(&path).expect("fixture file");
        let cases: Cases = toml::from_str(&text).expect("fixture toml");
        for case in cases
            .case
            .into_iter()
            .filter(|c| c.expect != Status::Unknown)
        {
            let key = (case.account.clone(), format!("{:?}", case.ops));
            let entry = groups.entry(key).or_insert_with(|| (case.ops, Vec::new()));
            entry.1.push((def.id.clone(), case.name));
        }
    }
    let mut failures = Vec::new();
    let mut deletions = 0usize;
    for ((account_name, _), (ops, judged)) in &groups {
        let account = account_id(&base, account_name);
        let mut doc = base.clone();
        for op in ops {
            apply(&mut doc, op, &base, &account);
        }
        // Only the account and the management (payer) account matter.
        if let Some(accounts) = doc["accounts"].as_object_mut() {
            accounts.retain(|id, a| *id == account || a["is_management"] == true);
        }
        let ids: Vec<String> = judged.iter().map(|(id, _)| id.clone()).collect();
        let config = AuditConfig {
            only: Some(ids),
            ..AuditConfig::default()
        };
        let catalogue = build_catalogue(&files, Some(("test", &config))).expect("catalogue");
        let verdicts = |snapshot: &Snapshot| -> BTreeMap<(String, String), Status> {
            evaluate(snapshot, &catalogue, now)
                .into_iter()
                .filter(|f| f.account.id == account)
                .map(|f| ((f.check.id.clone(), f.resource.id.to_string()), f.status))
                .collect()
        };
        let before = verdicts(&serde_json::from_value(doc.clone()).expect("snapshot"));
        let mut pointers = Vec::new();
        let prefix = format!("/accounts/{account}");
        member_pointers(&doc["accounts"][&account], &prefix, &mut pointers);
        member_pointers(&doc["organization"], "/organization", &mut pointers);
        let cases = judged
            .iter()
            .map(|(id, name)| format!("{id}/{name}"))
            .collect::<Vec<_>>()
            .join(", ");
        let found: Vec<Vec<String>> = pointers
            .par_iter()
            .filter(|p| !changes_content(p))
            .filter_map(|pointer| {
                let mut edited = doc.clone();
                remove_pointer(&mut edited, pointer);
                let snapshot: Snapshot = serde_json::from_value(edited).ok()?;
                let flipped = verdicts(&snapshot)
                    .into_iter()
                    .filter(|(key, s)| {
                        matches!(s, Status::Pass | Status::NotApplicable)
                            && before.get(key).is_some_and(|b| b != s)
                    })
                    .map(|((check, id), s)| {
                        format!(
                            "{check} on {id} ({cases}): deleting {pointer} turns {} into {}",
                            before[&(check.clone(), id.clone())].as_str(),
                            s.as_str()
                        )
                    })
                    .collect();
                Some(flipped)
            })
            .collect();
        deletions += found.len();
        failures.extend(found.into_iter().flatten());
    }
    assert!(deletions > 1000, "only {deletions} deletions were tried");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
