//! Trend benchmark: 52 weekly results of a synthetic organisation of N
//! accounts x U users (default 1,000 x 20), then `trend` over them; prints
//! the results files' size, the trend's wall time and the process's peak
//! memory. The weeks differ as real ones do: each week some PASS results
//! turn FAIL and some FAIL ones are fixed; every 13th week the ruleset
//! changes; in week 30 one account in 50 cannot be read (its results are
//! UNKNOWN, its collection partial).
//!
//!     cargo run --release --example bench_trend -- [ACCOUNTS] [USERS]
//!
//! `BENCH_WEEKS=N` changes the number of runs. The trend runs twice, each
//! in its own process: cold (every file parsed, digests kept) and warm
//! (digests read), as a weekly schedule sees it.

// A benchmark program: printing its figures is its job.
#![allow(clippy::print_stdout)]

use orgaudit::checks::eval::evaluate;
use orgaudit::checks::{build_catalogue, builtin_files};
use orgaudit::findings::Status;
use orgaudit::results::build;
use orgaudit::snapshot::CollectionOutcome;
use std::time::Instant;

#[path = "synthetic/mod.rs"]
mod synthetic;
use synthetic::{peak_rss_mb, size_from_args, synthetic};

/// The trend alone, in a fresh process so its peak memory is its own.
fn trend_only(dir: &str) {
    let out = std::path::Path::new(dir).join("trend");
    let t = Instant::now();
    let trend = orgaudit::trend::trend(&[dir.into()]).expect("trend");
    orgaudit::trend::write(&trend, &out).expect("write trend");
    let secs = t.elapsed().as_secs_f64();
    let html = std::fs::metadata(out.join("trend.html"))
        .map(|m| m.len())
        .unwrap_or(0);
    let pass = std::env::var("BENCH_TREND_PASS").unwrap_or_default();
    println!(
        "| {pass} | {} | {secs:.2} s | {:.0} KB | {:.0} MB |",
        trend.runs.len(),
        html as f64 / 1e3,
        peak_rss_mb()
    );
}

fn main() {
    if let Ok(dir) = std::env::var("BENCH_TREND_ONLY") {
        return trend_only(&dir);
    }
    let (accounts, users) = size_from_args(1000, 20);
    let weeks: usize = std::env::var("BENCH_WEEKS")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(52);
    let start: jiff::Timestamp = "2026-01-05T00:00:00Z".parse().expect("start");
    let catalogue = build_catalogue(&builtin_files(), None).expect("catalogue");
    let mut snapshot = synthetic(accounts, users);
    for (i, a) in snapshot.accounts.values_mut().enumerate() {
        a.ou_path = Some(format!("Root/Workloads/Team-{:02}", i % 20));
    }
    let findings = evaluate(&snapshot, &catalogue, start);
    let base = build(&snapshot, &catalogue, start, findings);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = 0u64;
    let t = Instant::now();
    for week in 0..weeks {
        let mut results = base.clone();
        results.evaluated_at = start
            .checked_add(jiff::SignedDuration::from_hours(24 * 7 * week as i64))
            .expect("date");
        if week >= 13 {
            results.ruleset_digest = format!("sha256:ruleset-{}", week / 13);
        }
        for (n, f) in results.findings.iter_mut().enumerate() {
            // A drifting estate: regressions and fixes, different each week.
            if f.status == Status::Pass && (n + week) % 97 == 0 {
                f.status = Status::Fail;
            } else if f.status == Status::Fail && (n + 3 * week) % 89 == 0 {
                f.status = Status::Pass;
            }
        }
        if week == 30 {
            let lost: std::collections::HashSet<String> = results
                .coverage
                .account_list
                .iter_mut()
                .step_by(50)
                .map(|a| {
                    a.outcome = CollectionOutcome::Partial;
                    a.id.clone()
                })
                .collect();
            for f in results.findings.iter_mut() {
                if lost.contains(&f.account.id) {
                    f.status = Status::Unknown;
                }
            }
        }
        let path = dir.path().join(format!("results-{week:02}.json"));
        orgaudit::output::write_json_atomic(&path, &results).expect("write");
        bytes += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    }
    println!(
        "{weeks} runs of {accounts} accounts x {users} users ({} findings each): {:.0} MB of results.json written in {:.1} s",
        base.findings.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    drop(base);
    // Cold: every results file parsed (and its digest kept); warm: what a
    // weekly schedule sees, every earlier run read from its digest.
    println!("| pass | runs | trend wall (read, compare, render, write) | trend.html | peak RSS |");
    println!("|---|---|---|---|---|");
    for pass in [
        "cold (parse every results.json)",
        "warm (digests kept by the cold pass)",
    ] {
        let status = std::process::Command::new(std::env::current_exe().expect("exe"))
            .env("BENCH_TREND_ONLY", dir.path())
            .env("BENCH_TREND_PASS", pass)
            .status()
            .expect("run the trend");
        assert!(status.success(), "the trend failed");
    }
}
