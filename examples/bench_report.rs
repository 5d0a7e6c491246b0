//! Report benchmark: render every format for a synthetic organisation of N
//! accounts x U users with the full catalogue; prints each file's size and
//! render-and-write time, and the process's peak memory.
//!
//!     cargo run --release --example bench_report -- [ACCOUNTS] [USERS]
//!
//! `BENCH_FORMATS=html,csv` limits the formats; `BENCH_KEEP=DIR` keeps the
//! files there (to open the page in a browser).

// A benchmark program: printing its figures is its job.
#![allow(clippy::print_stdout)]

use orgaudit::checks::eval::evaluate;
use orgaudit::checks::{build_catalogue, builtin_files};
use orgaudit::report::{write_reports, Format, Templates};
use orgaudit::results::build;
use std::time::Instant;

#[path = "synthetic/mod.rs"]
mod synthetic;
use synthetic::{peak_rss_mb, size_from_args, synthetic};

fn main() {
    let (accounts, users) = size_from_args(1000, 20);
    let now: jiff::Timestamp = "2026-12-10T00:00:00Z".parse().expect("now");
    let catalogue = build_catalogue(&builtin_files(), None).expect("catalogue");
    let mut snapshot = synthetic(accounts, users);
    // Spread the accounts over 20 OUs, as a real estate would be.
    for (i, a) in snapshot.accounts.values_mut().enumerate() {
        a.ou_path = Some(format!("Root/Workloads/Team-{:02}", i % 20));
    }
    let t = Instant::now();
    let findings = evaluate(&snapshot, &catalogue, now);
    let results = build(&snapshot, &catalogue, now, findings);
    println!(
        "{accounts} accounts x {users} users: {} findings evaluated in {:.2} s",
        results.findings.len(),
        t.elapsed().as_secs_f64()
    );
    let templates = Templates::load(None).expect("templates");
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = std::env::var_os("BENCH_KEEP")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    println!("| format | file | size | render and write |");
    println!("|---|---|---|---|");
    // BENCH_FORMATS=html,csv limits the formats (the full set is large).
    let only = std::env::var("BENCH_FORMATS").ok();
    for format in Format::ALL {
        let name = format!("{format:?}").to_lowercase();
        if only
            .as_ref()
            .is_some_and(|o| !o.split(',').any(|f| f == name))
        {
            continue;
        }
        let t = Instant::now();
        let written = write_reports(&results, &dir, &[format], &templates).expect("write");
        let secs = t.elapsed().as_secs_f64();
        for path in written {
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            println!(
                "| {format:?} | {} | {:.1} MB | {secs:.2} s |",
                path.file_name().unwrap_or_default().to_string_lossy(),
                bytes as f64 / 1e6
            );
        }
    }
    println!("peak RSS {:.0} MB", peak_rss_mb());
}
