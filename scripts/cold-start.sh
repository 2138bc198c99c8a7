#!/usr/bin/env bash
# `bash scripts/run.sh test:cold`: the README's two commands as a new user meets them. A fresh
# clone of this repository's committed HEAD (no node_modules, no build) and an EMPTY cache folder
# (no Node 24, no n8n), then `bash scripts/run.sh demo` and `bash scripts/run.sh test` in it.
# Prints the time of each phase (Node 24, npm ci, n8n install, sqlite3 build, demo, tests) and
# ends with the tests' `N passed, N failed`. Everything it made is removed at the end (--keep keeps it).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keep=0
[ "${1:-}" = "--keep" ] && keep=1
work="$(mktemp -d "${TMPDIR:-/tmp}/esms-cold-XXXXXX")"
cleanup() { if [ "$keep" = 1 ]; then echo "cold-start: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

git clone -q "$repo" "$work/repo"
mkdir -p "$work/cache"
export ESMS_CACHE_DIR="$work/cache"
unset npm_config_ignore_scripts
cd "$work/repo"
echo "cold-start: clone of $(git rev-parse --short HEAD) in $work/repo, empty cache $ESMS_CACHE_DIR" >&2

started=$(date +%s)
set +e
bash scripts/run.sh demo > "$work/demo.log" 2>&1
demo_rc=$?
demo_done=$(date +%s)
bash scripts/run.sh test > "$work/test.log" 2>&1
test_rc=$?
test_done=$(date +%s)
set -e

echo "--- demo (last lines)"; tail -n 25 "$work/demo.log"
echo "--- test (last lines)"; tail -n 15 "$work/test.log"
phase_of() { grep -h "^run: $1 " "$work/demo.log" | head -n1 | awk '{print $3}'; }
install_line="$(grep -h 'install-n8n: n8n .* ready' "$work/demo.log" "$work/test.log" | head -n1)"
echo "--- cold start timings (seconds)"
echo "  Node 24:        $(phase_of node24)"
echo "  npm ci:         $(phase_of npm-ci)"
echo "  build:          $(phase_of build)"
echo "  n8n install:    $(echo "$install_line" | sed -n 's/.*(install \([0-9]*\) s.*/\1/p')"
echo "  sqlite3 build:  $(echo "$install_line" | sed -n 's/.*sqlite3 build \([0-9]*\) s.*/\1/p')"
echo "  demo in all:    $((demo_done - started)) (exit $demo_rc)"
echo "  tests in all:   $((test_done - demo_done)) (exit $test_rc)"
grep -q "^eSMS ZNS demo" "$work/demo.log" || { echo "cold-start: the demo printed no summary"; demo_rc=1; }
counts="$(grep -hE '^(Tests:|[0-9]+ passed, [0-9]+ failed$)' "$work/test.log" | tr '\n' ';')"
echo "  test counts:    $counts"
if [ "$demo_rc" = 0 ] && [ "$test_rc" = 0 ]; then
  echo "1 passed, 0 failed"
  exit 0
fi
echo "0 passed, 1 failed"
exit 1
