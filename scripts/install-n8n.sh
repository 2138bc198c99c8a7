#!/usr/bin/env bash
# Installs n8n 2.40.7 (the newest that installs from this registry) once per machine into the
# cache folder, with the project's Node 24. Reused when present. About 3 GB and 6-7 minutes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/toolchain.sh"
N8N_VERSION="${N8N_VERSION:-2.40.7}"
N8N_DIR="$ESMS_CACHE_DIR/n8n-$N8N_VERSION"
if [ -f "$N8N_DIR/.complete" ]; then
  echo "$N8N_DIR"
  exit 0
fi
echo "install-n8n: installing n8n@$N8N_VERSION into $N8N_DIR (once per machine)" >&2
rm -rf "$N8N_DIR"
mkdir -p "$N8N_DIR"
cd "$N8N_DIR"
echo '{"name":"esms-n8n-runtime","private":true}' > package.json
# --ignore-scripts: a plain install fails on a dependency's binary download (kafka);
# sqlite3 is then built from source against Node 24's headers.
npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts "n8n@$N8N_VERSION" >&2
npm rebuild sqlite3 >&2
touch .complete
echo "$N8N_DIR"
