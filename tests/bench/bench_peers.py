"""orgaudit against its peers on emulated organisations (127.0.0.1 only).

For each organisation (default: 10, 100 and 300 member accounts x 20 IAM users,
and 1 account x 500 users), in a fresh emulator process:
  1. seed it (tests/emulator/seed_org.py --bulk-accounts N --bulk-users M);
  2. run `orgaudit audit` (release build) under /usr/bin/time: wall, CPU,
     peak RSS; emulator-counted requests (stats endpoint, delta over the run),
     client-side requests/retries/throttles (results.json coverage), the
     emulator's own rate in the same run (requests / busy seconds) and
     wall / (requests / rate). Once as is (the measurement), then once with
     --max-attempts 1, which shows the cost of backing off on the emulator's
     HTTP 500s for APIs moto does not implement;
  3. run Prowler the way its docs prescribe for organisations: one process per
     account, sequentially, assuming OrganizationAccountAccessRole with -R, same
     services as compare_prowler.sh. Organisations of up to --prowler-full
     accounts are run in full; bigger ones on --prowler-sample evenly spaced
     accounts, and the whole-organisation loop time is extrapolated linearly
     (marked "extrapolated" in the table);
  4. on organisations of up to --prowler-full accounts, run ScoutSuite once per
     account with that account's assumed-role keys (ScoutSuite cannot assume a
     role itself), services iam cloudwatch config: as installed, and through
     scout_optin_filter.py (see there why; labelled "opt-in filter").
Prints Markdown tables and the issue-6 targets (met or not).

Prowler and ScoutSuite are installed from PyPI into /tmp/prowler-venv and
/tmp/scoutsuite-venv when missing. Build first with `cargo build --release`.

Run: .venv/bin/python tests/bench/bench_peers.py [--prowler-sample 5]
     [--orgs 10x20,100x20,300x20,1x500] [--workdir DIR]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
import moto

from bench_collect import ROOT, Emulator, seed

ROLE = "OrganizationAccountAccessRole"
REGION = "us-east-1"
PROWLER_VENV = "/tmp/prowler-venv"
SCOUT_VENV = "/tmp/scoutsuite-venv"
PROWLER_SERVICES = ["iam", "cloudwatch", "config", "account", "organizations"]
SCOUT_SERVICES = ["iam", "cloudwatch", "config"]
DEFAULT_ATTEMPTS = 5  # orgaudit's --max-attempts default
AUDIT_TIMEOUT = 900
PROWLER_TIMEOUT = 900
SCOUT_TIMEOUT = 300


def ensure_venv(venv, package, executable):
    path = os.path.join(venv, "bin", executable)
    if not os.path.exists(path):
        subprocess.run(["python3", "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "--quiet", package], check=True)
    return path


def aws_env(endpoint=None):
    """The management caller's dummy credentials; no profile, token or stray endpoint."""
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION=REGION,
               AWS_DEFAULT_REGION=REGION, AWS_EC2_METADATA_DISABLED="true")
    for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        env.pop(var, None)
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
    return env


def timed(cmd, env, log_path, timeout):
    """Run cmd under /usr/bin/time: (exit code, wall s, CPU s, peak RSS MB)."""
    usage = log_path + ".time"
    with open(log_path, "w") as log:
        rc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", usage, "timeout", str(timeout)] + cmd,
                            env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    with open(usage) as f:
        wall, user, system, rss_kb = f.read().split()[-4:]
    return rc, float(wall), float(user) + float(system), int(rss_kb) / 1024


def served(emulator, before):
    after = emulator.stats()
    return after["requests"] - before["requests"], after["busy_seconds"] - before["busy_seconds"]


def tail(path, lines=3):
    with open(path, errors="replace") as f:
        return " / ".join(line.strip() for line in f.read().strip().splitlines()[-lines:])


def run_orgaudit(binary, emulator, workdir, concurrency, management_id, max_attempts):
    out = os.path.join(workdir, f"orgaudit-{max_attempts}")
    log = out + ".log"
    cmd = [binary, "audit", "--endpoint-url", emulator.endpoint, "--regions", REGION, "--out", out,
           "--format", "json", "--concurrency", str(concurrency), "--max-attempts", str(max_attempts)]
    before = emulator.stats()
    rc, wall, cpu, rss = timed(cmd, aws_env(), log, AUDIT_TIMEOUT)
    requests, busy = served(emulator, before)
    if rc != 0:
        raise SystemExit(f"orgaudit audit exited {rc}: {tail(log)}")
    with open(os.path.join(out, "results.json")) as f:
        coverage = json.load(f)["coverage"]
    members = [a["api"] for a in coverage["account_list"] if a["id"] != management_id]
    apis = [a["api"] for a in coverage["account_list"]]
    failed_apis = sorted({f"{g['service']}:{g['api']} {g['error_code']}" for g in coverage["gaps"]})
    return {"max_attempts": max_attempts, "wall": wall, "cpu": cpu, "rss": rss, "requests": requests,
            "busy": busy,
            "client_requests": sum(a["requests"] for a in apis),
            "client_member_median": statistics.median(a["requests"] for a in members),
            "retries": sum(a["retries"] for a in apis), "throttles": sum(a["throttles"] for a in apis),
            "gaps": f"{len(coverage['gaps'])} ({', '.join(failed_apis)})" if failed_apis else "0"}


def sample(account_ids, k):
    step = max(1, len(account_ids) // k)
    return account_ids[::step][:k]


def run_prowler(prowler, emulator, workdir, account_ids):
    runs = []
    for account in account_ids:
        out = os.path.join(workdir, "prowler", account)
        cmd = [prowler, "aws", "-R", f"arn:aws:iam::{account}:role/{ROLE}", "--service", *PROWLER_SERVICES,
               "-f", REGION, "--output-formats", "json-ocsf", "csv", "--output-directory", out,
               "--output-filename", f"prowler-{account}", "--no-banner", "--no-color"]
        log = os.path.join(workdir, f"prowler-{account}.log")
        before = emulator.stats()
        rc, wall, cpu, rss = timed(cmd, aws_env(emulator.endpoint), log, PROWLER_TIMEOUT)
        requests, _ = served(emulator, before)
        # Prowler exits 3 when it has FAIL findings: a completed scan.
        runs.append({"rc": rc, "wall": wall, "cpu": cpu, "rss": rss, "requests": requests,
                     "error": None if rc in (0, 3) else tail(log)})
    return runs


def assume(endpoint, account):
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    return sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{ROLE}",
                           RoleSessionName="scoutsuite")["Credentials"]


def scout_regions(report_dir):
    """Regional services ScoutSuite collected at least one region for, from its results file."""
    results = os.path.join(report_dir, "scoutsuite-results")
    name = next(n for n in os.listdir(results) if n.startswith("scoutsuite_results_"))
    with open(os.path.join(results, name)) as f:
        text = f.read()
    services = json.loads(text[text.index("{"):])["services"]
    return sorted(s for s in ("cloudwatch", "config") if services[s].get("regions_count"))


def run_scout(scout_python, launcher, emulator, workdir, account_ids, label):
    runs = []
    for account in account_ids:
        c = assume(emulator.endpoint, account)
        report = os.path.join(workdir, f"scout-{label}", account)
        cmd = [scout_python, launcher, "aws", "--access-keys", "--access-key-id", c["AccessKeyId"],
               "--secret-access-key", c["SecretAccessKey"], "--session-token", c["SessionToken"],
               "--services", *SCOUT_SERVICES, "-r", REGION, "--no-browser", "--force", "--report-dir", report]
        log = os.path.join(workdir, f"scout-{label}-{account}.log")
        before = emulator.stats()
        rc, wall, cpu, rss = timed(cmd, aws_env(emulator.endpoint), log, SCOUT_TIMEOUT)
        requests, _ = served(emulator, before)
        ok = rc == 0 and os.path.isdir(os.path.join(report, "scoutsuite-results"))
        runs.append({"rc": rc, "wall": wall, "cpu": cpu, "rss": rss, "requests": requests,
                     "regional": scout_regions(report) if ok else [], "error": None if ok else tail(log)})
    return runs


def bench_org(args, tools, accounts, users):
    workdir = os.path.join(args.workdir, f"org-{accounts}x{users}")
    os.makedirs(workdir)
    emulator = Emulator(workdir)
    try:
        started = time.monotonic()
        manifest = seed(emulator, workdir, accounts, users)
        ids = list(manifest["account_ids"].values())
        row = {"accounts": accounts, "users": users, "seed_s": time.monotonic() - started}
        # The default run is the measurement; a second run without retries shows what the
        # backoff on the emulator's HTTP 500s (unimplemented APIs) costs.
        row["orgaudit"], row["orgaudit_no_retry"] = (
            run_orgaudit(args.binary, emulator, workdir, args.concurrency, manifest["management_account_id"], n)
            for n in (DEFAULT_ATTEMPTS, 1))
        full = accounts <= args.prowler_full
        row["prowler"] = run_prowler(tools["prowler"], emulator, workdir,
                                     ids if full else sample(ids, args.prowler_sample))
        if full and accounts > 1:
            scout_python = os.path.join(SCOUT_VENV, "bin", "python")
            row["scout"] = {
                "as installed": run_scout(scout_python, tools["scout"], emulator, workdir, ids, "plain"),
                "opt-in filter": run_scout(scout_python, os.path.join(ROOT, "tests/bench/scout_optin_filter.py"),
                                           emulator, workdir, ids, "optin"),
            }
    finally:
        emulator.stop()
    return row


def org_name(row):
    return f"{row['accounts']} x {row['users']}"


def orgaudit_table(rows):
    lines = ["| org (members x users) | --max-attempts | wall s | CPU s | peak RSS MB | requests (emulator) "
             "| emulator req / member | client requests (results.json) | client req / member (median) "
             "| retries | throttles | gaps | emulator rate req/s (same run) | requests / rate s "
             "| wall / (requests / rate) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r, o in [(r, o) for r in rows for o in (r["orgaudit"], r["orgaudit_no_retry"])]:
        rate = o["requests"] / o["busy"]
        default = " (default)" if o["max_attempts"] == DEFAULT_ATTEMPTS else ""
        lines.append(f"| {org_name(r)} | {o['max_attempts']}{default} | {o['wall']:.2f} | {o['cpu']:.2f} "
                     f"| {o['rss']:.0f} | {o['requests']} | {o['requests'] / r['accounts']:.1f} "
                     f"| {o['client_requests']} | {o['client_member_median']:.0f} | {o['retries']} | {o['throttles']} "
                     f"| {o['gaps']} "
                     f"| {rate:.0f} | {o['busy']:.2f} | {o['wall'] / o['busy']:.2f} |")
    return lines


def prowler_loop(row):
    """(whole-organisation loop wall s, extrapolated?)"""
    runs = row["prowler"]
    total = sum(p["wall"] for p in runs)
    if len(runs) == row["accounts"]:
        return total, False
    return total / len(runs) * row["accounts"], True


def prowler_table(rows):
    lines = ["| org (members x users) | accounts run | measured wall s | wall s / account (mean) "
             "| CPU s / account | peak RSS MB (max) | emulator req / account | failed runs "
             "| Prowler loop wall s (whole org) | orgaudit wall s | Prowler loop / orgaudit |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        runs = r["prowler"]
        loop, extrapolated = prowler_loop(r)
        mark = " (extrapolated)" if extrapolated else ""
        failed = sum(1 for p in runs if p["error"])
        lines.append(f"| {org_name(r)} | {len(runs)}{' of ' + str(r['accounts']) if extrapolated else ''} "
                     f"| {sum(p['wall'] for p in runs):.1f} | {statistics.mean(p['wall'] for p in runs):.1f} "
                     f"| {statistics.mean(p['cpu'] for p in runs):.1f} | {max(p['rss'] for p in runs):.0f} "
                     f"| {statistics.mean(p['requests'] for p in runs):.0f} | {failed} "
                     f"| {loop:.0f}{mark} | {r['orgaudit']['wall']:.2f} "
                     f"| {loop / r['orgaudit']['wall']:.0f}x{mark} |")
    return lines


def scout_table(rows):
    lines = ["| org (members x users) | ScoutSuite | accounts run | wall s (loop) | wall s / account "
             "| CPU s / account | peak RSS MB (max) | emulator req / account | failed runs "
             "| regional services collected | loop / orgaudit |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        for label, runs in r.get("scout", {}).items():
            loop = sum(s["wall"] for s in runs)
            regional = sorted({",".join(s["regional"]) or "none" for s in runs})
            lines.append(f"| {org_name(r)} | {label} | {len(runs)} | {loop:.1f} "
                         f"| {statistics.mean(s['wall'] for s in runs):.2f} "
                         f"| {statistics.mean(s['cpu'] for s in runs):.2f} | {max(s['rss'] for s in runs):.0f} "
                         f"| {statistics.mean(s['requests'] for s in runs):.0f} "
                         f"| {sum(1 for s in runs if s['error'])} | {'; '.join(regional)} "
                         f"| {loop / r['orgaudit']['wall']:.1f}x |")
    return lines


def failures(rows):
    lines = []
    for r in rows:
        for tool, runs in [("Prowler", r["prowler"])] + [(f"ScoutSuite ({k})", v) for k, v in
                                                          r.get("scout", {}).items()]:
            lines += [f"- {org_name(r)}, {tool}, run {i + 1}: exit {x['rc']}: {x['error']}"
                      for i, x in enumerate(runs) if x["error"]]
    return lines or ["- none"]


def targets(rows):
    by_users = {}
    for r in rows:
        by_users.setdefault(r["users"], []).append(r["orgaudit"]["client_member_median"])
    lines = ["| target | measured | met |", "|---|---|---|"]
    if len(by_users) > 1:
        low, high = min(by_users), max(by_users)
        a, b = max(by_users[low]), max(by_users[high])
        lines.append(f"| requests per member do not grow with users | {low} users: {a:.0f}, {high} users: {b:.0f} "
                     f"(client-side median per member) | {'yes' if b <= a else 'no'} |")
    for r in rows:
        o, n = r["orgaudit"], r["orgaudit_no_retry"]
        ratio = o["wall"] / o["busy"]
        lines.append(f"| {org_name(r)}: wall within 1.5x of requests / emulator rate | {ratio:.2f}x "
                     f"(--max-attempts 1: {n['wall'] / n['busy']:.2f}x) | {'yes' if ratio <= 1.5 else 'no'} |")
    for r in rows:
        loop, extrapolated = prowler_loop(r)
        speedup = loop / r["orgaudit"]["wall"]
        mark = " (extrapolated)" if extrapolated else ""
        lines.append(f"| {org_name(r)}: >= 50x faster than the Prowler loop | {speedup:.0f}x{mark} "
                     f"| {'yes' if speedup >= 50 else 'no'} |")
    for r in rows:
        if r["accounts"] >= 300:
            rss = r["orgaudit"]["rss"]
            lines.append(f"| {org_name(r)}: peak RSS < 200 MB | {rss:.0f} MB | {'yes' if rss < 200 else 'no'} |")
    return lines


def version(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    return (out.stdout.strip() or out.stderr.strip()).splitlines()[-1]


def machine(args, tools, rows):
    with open("/proc/cpuinfo") as f:
        cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    return [f"- Machine: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Linux {platform.release()}, "
            f"Python {platform.python_version()}",
            f"- {version([args.binary, '--version'])} (release build), moto {moto.__version__}, "
            f"{version([tools['prowler'], '--version'])}, "
            f"ScoutSuite {scout_version()}",
            f"- orgaudit concurrency {args.concurrency}; region {REGION}; Prowler sample {args.prowler_sample} "
            f"accounts above {args.prowler_full} members",
            "- Seeding (not timed in the tables): "
            + ", ".join(f"{org_name(r)} {r['seed_s']:.0f} s" for r in rows)]


def scout_version():
    out = subprocess.run([os.path.join(SCOUT_VENV, "bin", "pip"), "show", "scoutsuite"], capture_output=True,
                         text=True).stdout
    return next(line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Version"))


def parse_orgs(text):
    return [tuple(int(n) for n in org.split("x")) for org in text.split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/orgaudit"))
    parser.add_argument("--orgs", type=parse_orgs, default=parse_orgs("10x20,100x20,300x20,1x500"),
                        help="comma-separated MEMBERSxUSERS")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--prowler-full", type=int, default=10,
                        help="run Prowler (and ScoutSuite) on every account of organisations up to this size")
    parser.add_argument("--prowler-sample", type=int, default=5, help="Prowler sample size for bigger organisations")
    parser.add_argument("--workdir", help="keep logs and reports here (default: a temporary directory)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        raise SystemExit(f"{args.binary} not found: run `cargo build --release` first")
    tools = {"prowler": ensure_venv(PROWLER_VENV, "prowler", "prowler"),
             "scout": ensure_venv(SCOUT_VENV, "scoutsuite", "scout")}
    with tempfile.TemporaryDirectory() as tmp:
        args.workdir = args.workdir or tmp
        rows = []
        for accounts, users in args.orgs:
            print(f"benchmarking {accounts} x {users} ...", file=sys.stderr, flush=True)
            rows.append(bench_org(args, tools, accounts, users))
        report = (["## Setup"] + machine(args, tools, rows)
                  + ["", "## orgaudit audit (one run per organisation, fresh emulator each)"] + orgaudit_table(rows)
                  + ["", "## Prowler, one process per account with -R (sequential)"] + prowler_table(rows)
                  + ["", "## ScoutSuite, one process per account (assumed-role keys)"] + scout_table(rows)
                  + ["", "## Failed runs"] + failures(rows)
                  + ["", "## Targets"] + targets(rows))
        print("\n".join(report))


if __name__ == "__main__":
    main()
