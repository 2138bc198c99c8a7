#!/usr/bin/env bash
# One entry point that does all the set-up on a fresh machine, then runs a task:
#   bash scripts/run.sh demo        the main job: bulk send on the embedded eSMS simulator, in a real n8n
#   bash scripts/run.sh test        lint, fast tests, then end-to-end tests in a real n8n
#   bash scripts/run.sh <npm-script> [args]   any other npm script (bench, n8n, simulator, test:e2e, test:ui, ...)
# Set-up: Node 24 from the npm registry (n8n 2.x needs it), `npm ci` when the lock file changed, a build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh

lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)-$(node -p process.versions.modules)"
if [ "$(cat node_modules/.esms-installed 2>/dev/null)" != "$lock_hash" ]; then
  echo "run: installing dependencies (npm ci)" >&2
  npm ci --loglevel=error
  echo "$lock_hash" > node_modules/.esms-installed
fi
npm run --silent build >/dev/null

task="${1:-test}"
shift || true
case "$task" in
  test)
    npm run lint
    npm test -- "$@"
    npm run test:e2e
    ;;
  *)
    npm run "$task" -- "$@"
    ;;
esac
