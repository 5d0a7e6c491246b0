//! Evaluation benchmark: a synthetic snapshot of N accounts x U users, built
//! from the collected `prod-web` account of the bundled example (so every
//! field is shaped like real output), evaluated with the full catalogue.
//! Prints wall time, peak memory and the ten slowest checks.
//! `BENCH_DIRECT=compare` also evaluates with the CEL interpreter only
//! (the direct evaluator off) and prints the direct path's gain.
//!
//!     cargo run --release --example bench_evaluate -- [ACCOUNTS] [USERS]

// A benchmark program: printing its figures is its job.
#![allow(clippy::print_stdout)]

use orgaudit::checks::config::AuditConfig;
use orgaudit::checks::eval::evaluate;
use orgaudit::checks::{build_catalogue, builtin_files};
use std::time::Instant;

#[path = "synthetic/mod.rs"]
mod synthetic;
use synthetic::{peak_rss_mb, size_from_args, synthetic};

fn main() {
    let (accounts, users) = size_from_args(1000, 200);
    let now: jiff::Timestamp = "2026-12-10T00:00:00Z".parse().expect("now");
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
    if std::env::var("BENCH_DIRECT").as_deref() == Ok("compare") {
        let mut interpreted = build_catalogue(&files, None).expect("catalogue");
        interpreted.interpreter_only();
        let t = Instant::now();
        let n = evaluate(&snapshot, &interpreted, now).len();
        let slow = t.elapsed().as_secs_f64();
        println!(
            "interpreter only: {slow:.2} s, {n} findings; the direct evaluator saves {:.2} s ({:.0}%)",
            slow - full,
            100.0 * (slow - full) / slow
        );
    }
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
