"""Collector benchmark against the emulator (127.0.0.1 only).

Prints two tables:
  1. API requests per member account with one region, for 5 and 200 IAM
     users per account and as many IAM Identity Center users: the count must
     not grow with either. The management account's requests are shown too:
     Identity Center is read there, and grows only with ListUsers and
     ListGroupMemberships pages.
  2. Wall time to collect N accounts x M users (default 100 x 20), one
     region, next to the emulator's own request rate measured in the same run
     (requests served / time with a request in flight), and a calibration
     burst of simple requests.

Run: .venv/bin/python tests/bench/bench_collect.py [--accounts 100] [--users 20]
(build first with `cargo build --release`; the README documents this).
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON = sys.executable


class Emulator:
    def __init__(self, workdir):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(workdir, f"emulator-{self.port}.log"), "w")
        env = dict(os.environ, MOTO_PORT=str(self.port))
        self.proc = subprocess.Popen(
            [PYTHON, os.path.join(ROOT, "tests/emulator/moto_cbor_server.py"), "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit("the emulator did not start")

    def stats(self):
        with urllib.request.urlopen(self.endpoint + "/orgaudit-emulator/stats", timeout=5) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()


def seed(emulator, workdir, accounts, users, idc_users=0):
    manifest = os.path.join(workdir, "manifest.json")
    subprocess.run([PYTHON, os.path.join(ROOT, "tests/emulator/seed_org.py"), "--endpoint", emulator.endpoint,
                    "--manifest", manifest, "--bulk-accounts", str(accounts), "--bulk-users", str(users),
                    "--bulk-idc-users", str(idc_users)],
                   check=True, stderr=subprocess.DEVNULL)
    with open(manifest) as f:
        return json.load(f)


def collect(binary, emulator, workdir, concurrency):
    out = os.path.join(workdir, "snapshot.json")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
    for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        env.pop(var, None)
    started = time.monotonic()
    proc = subprocess.Popen([binary, "collect", "--endpoint-url", emulator.endpoint, "--regions", "us-east-1",
                             "--concurrency", str(concurrency), "--out", out], env=env,
                            stderr=subprocess.DEVNULL)
    # wait4 gives this process's own CPU time and peak RSS.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"orgaudit collect exited {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    with open(out) as f:
        return json.load(f), wall, cpu, usage.ru_maxrss / 1024


def member_stats(snapshot):
    return [a["api"] for a in snapshot["accounts"].values() if not a["is_management"]]


def calibrate(emulator, n=600, threads=16):
    """Simple signed requests from a thread pool: the emulator's peak rate."""
    sts = boto3.client("sts", endpoint_url=emulator.endpoint, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(lambda _: sts.get_caller_identity(), range(n)))
    return n / (time.monotonic() - started)


def growth_table(binary, workdir, concurrency):
    rows = []
    for users in (5, 200):
        emulator = Emulator(workdir)
        try:
            seed(emulator, workdir, 3, users, idc_users=users)
            snapshot, _, _, _ = collect(binary, emulator, workdir, concurrency)
        finally:
            emulator.stop()
        stats = member_stats(snapshot)
        management = next(a["api"] for a in snapshot["accounts"].values() if a["is_management"])
        gaps = sorted({g["api"] for g in snapshot["gaps"]})
        rows.append((users, max(s["calls"] for s in stats), max(s["requests"] for s in stats),
                     max(s["retries"] for s in stats), management["requests"], ",".join(gaps) or "-"))
    print("\n## API requests per member account (1 region, 3 members)")
    print("| IAM users per account = Identity Center users | calls (max) | HTTP requests (max) | retries (max) "
          "| management account requests | APIs that failed |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} |")


def scale_table(binary, workdir, accounts, users, concurrency):
    emulator = Emulator(workdir)
    try:
        t = time.monotonic()
        seed(emulator, workdir, accounts, users)
        seed_time = time.monotonic() - t
        before = emulator.stats()
        snapshot, wall, cpu, rss = collect(binary, emulator, workdir, concurrency)
        after = emulator.stats()
        peak_rate = calibrate(emulator)
    finally:
        emulator.stop()
    served = after["requests"] - before["requests"]
    busy = after["busy_seconds"] - before["busy_seconds"]
    rate = served / busy if busy else float("nan")
    ideal = served / rate
    client_requests = snapshot["organization_api"]["requests"] + sum(
        a["api"]["requests"] for a in snapshot["accounts"].values())
    stats = member_stats(snapshot)
    print(f"\n## Collect {accounts} accounts x {users} users, 1 region, concurrency {concurrency}")
    print(f"(seeding took {seed_time:.1f} s)")
    print("| accounts | wall s | CPU s | peak RSS MB | requests (emulator) | requests (client) "
          "| req/account (median) | emulator rate req/s (same run) | requests / rate s | wall / ideal "
          "| emulator peak req/s (calibration) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {len(snapshot['accounts'])} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {served} | {client_requests} "
          f"| {statistics.median(s['requests'] for s in stats):.0f} | {rate:.0f} | {ideal:.2f} "
          f"| {wall / ideal:.2f} | {peak_rate:.0f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/orgaudit"))
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--skip-growth", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        raise SystemExit(f"{args.binary} not found: run `cargo build --release` first")
    with tempfile.TemporaryDirectory() as workdir:
        if not args.skip_growth:
            growth_table(args.binary, workdir, args.concurrency)
        scale_table(args.binary, workdir, args.accounts, args.users, args.concurrency)


if __name__ == "__main__":
    main()
