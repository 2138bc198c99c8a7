#!/usr/bin/env bash
# One entry point that does all the set-up on a fresh machine, then runs a task:
#   bash scripts/run.sh demo         the main job: bulk send on the embedded eSMS simulator, in a real n8n
#   bash scripts/run.sh test         lint, fast tests, then end-to-end tests in a real n8n (2.40.7)
#   bash scripts/run.sh test:compat  the end-to-end suite on every supported n8n (2.40.7, 2.41.1, 1.123.81)
#   bash scripts/run.sh test:cold    proof from nothing: a fresh clone and an empty cache, then demo and test
#   bash scripts/run.sh <npm-script> [args]   any other npm script (bench, n8n, simulator, test:e2e, test:ui, test:queue, ...)
# Set-up: Node 24 from the npm registry (n8n 2.x needs it), `npm ci` when the lock file changed, a build.
# Phase timings go to stderr as "run: <phase> <seconds> s".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# `npm run` exports npm_config_ignore_scripts=true from .npmrc to every child; installs that must
# build native modules (scripts/install-n8n.sh) unset it themselves.
phase_start=$(date +%s)
phase() {
  local now
  now=$(date +%s)
  echo "run: $1 $((now - phase_start)) s" >&2
  phase_start=$now
}

task="${1:-test}"
shift || true

if [ "$task" = "test:cold" ]; then
  exec bash scripts/cold-start.sh "$@"
fi

source scripts/toolchain.sh
phase "node24"

lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node -p process.versions.modules)"
if [ "$(cat node_modules/.esms-installed 2>/dev/null)" != "$lock_hash" ]; then
  echo "run: installing dependencies (npm ci)" >&2
  npm ci --loglevel=error
  echo "$lock_hash" > node_modules/.esms-installed
fi
phase "npm-ci"
npm run --silent build >/dev/null
phase "build"

case "$task" in
  test)
    npm run lint
    npm test -- "$@"
    phase "lint-and-jest"
    npm run test:e2e
    phase "e2e"
    ;;
  *)
    npm run "$task" -- "$@"
    phase "$task"
    ;;
esac
