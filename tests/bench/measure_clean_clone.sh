#!/usr/bin/env bash
# Build and test times from a clean clone of COMMIT (default HEAD), with
# ../shared beside it as CI has: emulator install, build (cargo test
# --all-targets --no-run), then the whole suite (tests/run).
#   tests/bench/measure_clean_clone.sh [COMMIT]
set -u
repo="$(cd "$(dirname "$0")/../.." && pwd)"
commit="${1:-HEAD}"
work="$(dirname "$repo")/orgaudit-clean-$$"
git clone -q "$repo" "$work" && cd "$work" && git checkout -q "$commit" || exit 2
trap 'rm -rf "$work"' EXIT
echo "commit $(git rev-parse --short HEAD)"
s=$(date +%s); tests/emulator/install >/dev/null; e=$(date +%s); echo "emulator install: $((e-s)) s"
s=$(date +%s); cargo test --all-targets --no-run -q 2>/dev/null; e=$(date +%s); echo "build: $((e-s)) s"
s=$(date +%s); tests/run -q >/dev/null 2>&1; rc=$?; e=$(date +%s); echo "test run: $((e-s)) s (exit $rc)"
echo "executables in target/debug/deps: $(find target/debug/deps -maxdepth 1 -type f -executable | wc -l)"
echo "target/: $(du -sh target | cut -f1)"
