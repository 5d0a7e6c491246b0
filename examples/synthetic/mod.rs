//! Shared by the benchmarks: a synthetic organisation built from the
//! collected `prod-web` account of the bundled example (so every field is
//! shaped like real output), and the process's peak memory.

use orgaudit::snapshot::Snapshot;

// The allocator of the orgaudit binary, so the figures are the binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// `[ACCOUNTS] [USERS]` from the command line, with defaults.
pub fn size_from_args(accounts: usize, users: usize) -> (usize, usize) {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    (
        args.first().copied().unwrap_or(accounts),
        args.get(1).copied().unwrap_or(users),
    )
}

pub fn peak_rss_mb() -> f64 {
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

pub fn synthetic(accounts: usize, users: usize) -> Snapshot {
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
