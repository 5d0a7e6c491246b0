#!/usr/bin/env bash
# Reproduce tests/bench/prowler-comparison.md: audit the emulated example
# organisation with orgaudit, and run Prowler (one process on one account, as
# its docs prescribe) against the same emulated `prod-web` account.
# Everything talks to 127.0.0.1 only; Prowler is installed from PyPI into
# $PROWLER_VENV (default /tmp/prowler-venv). Outputs go to target/prowler-compare/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/prowler-compare
venv="${PROWLER_VENV:-/tmp/prowler-venv}"
rm -rf "$out/prowler-out"  # Prowler appends to existing output files
mkdir -p "$out"
tests/emulator/install
cargo build --quiet
[ -x "$venv/bin/prowler" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet prowler; }
port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
MOTO_EC2_LOAD_DEFAULT_AMIS=false MOTO_PORT="$port" .venv/bin/python tests/emulator/moto_cbor_server.py --port "$port" 2>"$out/emulator.log" &
emulator=$!
trap 'kill $emulator 2>/dev/null' EXIT
.venv/bin/python - "$endpoint" <<'PY'
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1); sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit("the emulator did not start")
PY
.venv/bin/python tests/emulator/seed_org.py --endpoint "$endpoint" --manifest "$out/manifest.json"
AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 \
  target/debug/orgaudit audit --endpoint-url "$endpoint" --regions us-east-1 --out "$out/orgaudit" --format json >/dev/null
# Prowler audits one account per process: give it prod-web's assumed-role credentials.
eval "$(.venv/bin/python - "$endpoint" "$out/manifest.json" <<'PY'
import boto3, json, sys
account = json.load(open(sys.argv[2]))["account_ids"]["prod-web"]
sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                    RoleSessionName="prowler")["Credentials"]
print(f"export AWS_ACCESS_KEY_ID={c['AccessKeyId']} AWS_SECRET_ACCESS_KEY={c['SecretAccessKey']} AWS_SESSION_TOKEN={c['SessionToken']}")
PY
)"
unset AWS_PROFILE
AWS_ENDPOINT_URL="$endpoint" AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 \
  "$venv/bin/prowler" aws --service iam cloudwatch config account organizations -f us-east-1 \
  --output-formats json-ocsf csv --output-directory "$out/prowler-out" --output-filename prowler-prod-web \
  --no-banner --no-color || true   # Prowler exits 3 when it finds failures
echo "orgaudit: $out/orgaudit/results.json (account prod-web); Prowler: $out/prowler-out/" >&2
