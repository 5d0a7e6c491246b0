//! Evaluation benchmark: a synthetic snapshot of N accounts x U users, built
//! from the collected `prod-web` account of the bundled example (so every
//! field is shaped like real output), evaluated with the full catalogue.
//! Prints wall time, peak memory and the ten slowest checks.
//!
//!     cargo run --release --example bench_evaluate -- [ACCOUNTS] [USERS]

// A benchmark program: printing its figures is its job.
#![allow(clippy::print_stdout)]

use orgaudit::checks::config::AuditConfig;
use orgaudit::checks::eval::evaluate;
use orgaudit::checks::{build_catalogue, builtin_files};
use orgaudit::snapshot::Snapshot;
use std::time::Instant;

// The allocator of the orgaudit binary, so the figures are the binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn synthetic(accounts: usize, users: usize) -> Snapshot {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/example-org.snapshot.json"
    );
    let text = std::fs::read_to_string(path).expect("example snapshot");
    let mut snapshot: Snapshot = serde_json::from_str(&text).expect("snapshot");
    let template = snapshot
        .accounts
        .values()
        .find(|a| a.name.as_deref() == Some("prod-web"))
        .cloned()
        .expect("prod-web");
    let report = template.iam.credential_report.clone().expect("report");
    let details = template.iam.authorization_details.clone().expect("details");
    snapshot.accounts.clear();
    for i in 0..accounts {
        let id = format!("{:012}", 100_000_000_000u64 + i as u64);
        let mut a = template.clone();
        a.id = id.clone();
        a.name = Some(format!("bench-{i:04}"));
        let mut rows = Vec::with_capacity(users);
        let mut gaad_users = Vec::with_capacity(users);
        for u in 0..users {
            // Alternate alice-like (MFA, groups) and bob-like (two keys, direct policies) users.
            let src = u % 2;
            let mut row = report.rows[src].clone();
            let name = format!("user-{u:04}");
            row.user = name.clone();
            row.arn = format!("arn:aws:iam::{id}:user/{name}");
            rows.push(row);
            let mut gu = details.users[src].clone();
            gu.name = name.clone();
            gu.arn = format!("arn:aws:iam::{id}:user/{name}");
            gaad_users.push(gu);
        }
        let mut r = report.clone();
        r.rows = rows;
        a.iam.credential_report = Some(r);
        let mut d = details.clone();
        d.users = gaad_users;
        a.iam.authorization_details = Some(d);
        snapshot.accounts.insert(id, a);
    }
    snapshot.gaps.clear();
    snapshot
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let accounts = args.first().copied().unwrap_or(1000);
    let users = args.get(1).copied().unwrap_or(200);
    let now: jiff::Timestamp = "2026-12-01T00:00:00Z".parse().expect("now");
    let files = builtin_files();
    let catalogue = build_catalogue(&files, None).expect("catalogue");
    let t = Instant::now();
    let snapshot = synthetic(accounts, users);
    println!(
        "synthetic snapshot: {accounts} accounts x {users} users built in {:.2} s, peak RSS so far {:.0} MB",
        t.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    let threads = rayon::current_num_threads();
    let t = Instant::now();
    let findings = evaluate(&snapshot, &catalogue, now);
    let full = t.elapsed().as_secs_f64();
    println!(
        "full catalogue ({} checks) on {threads} threads: {:.2} s, {} findings, peak RSS {:.0} MB",
        catalogue.checks.len(),
        full,
        findings.len(),
        peak_rss_mb()
    );
    drop(findings);
    if std::env::var_os("BENCH_FULL_ONLY").is_some() {
        return;
    }
    let mut costs = Vec::new();
    for check in &catalogue.checks {
        let config = AuditConfig {
            only: Some(vec![check.def.id.clone()]),
            ..AuditConfig::default()
        };
        let one = build_catalogue(&files, Some(("bench", &config))).expect("one");
        let t = Instant::now();
        let n = evaluate(&snapshot, &one, now).len();
        costs.push((
            t.elapsed().as_secs_f64(),
            check.def.id.clone(),
            check.def.slug.clone(),
            n,
        ));
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nslowest ten checks (each alone, including building the views it needs):");
    println!("| check | slug | seconds | findings |");
    println!("|---|---|---|---|");
    for (secs, id, slug, n) in costs.iter().take(10) {
        println!("| {id} | {slug} | {secs:.3} | {n} |");
    }
}
