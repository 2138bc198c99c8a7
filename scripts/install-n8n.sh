#!/usr/bin/env bash
# Installs one n8n version once per machine into the cache folder and prints its folder.
#   N8N_VERSION=2.40.7 bash scripts/install-n8n.sh      (default: the fast-suite pin below)
# n8n 2.x runs on the project's Node 24 (scripts/toolchain.sh); n8n 1.x on the machine's Node 20.
# An install is marked complete only after its native modules (sqlite3, isolated-vm) load under
# the Node that will run it; a cached install that fails that check is repaired, then rebuilt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N8N_VERSION="${N8N_VERSION:-2.40.7}"
ESMS_CACHE_DIR="${ESMS_CACHE_DIR:-$HOME/.cache/n8n-nodes-esms}"
major="${N8N_VERSION%%.*}"

# `npm run` exports npm_config_ignore_scripts=true from the project's .npmrc; with it,
# `npm rebuild` builds nothing and still says it succeeded. Nothing below may inherit it.
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS

if [ "$major" -ge 2 ]; then
  source "$here/toolchain.sh"
  node_bin="$NODE24_HOME/bin/node"
  nodedir="$NODE24_HOME"
else
  node_bin="$(command -v node)"
  nodedir="${ESMS_NODE20_HEADERS:-/usr}"
  case "$("$node_bin" -v)" in v20.*) ;; *) echo "install-n8n: n8n $N8N_VERSION needs Node 20 as 'node' on PATH; found $("$node_bin" -v)" >&2; exit 1 ;; esac
fi
export npm_config_nodedir="$nodedir"
N8N_DIR="$ESMS_CACHE_DIR/n8n-$N8N_VERSION"

# One install of a version at a time, whoever starts it (CI prefetch, the e2e harness, a user).
mkdir -p "$ESMS_CACHE_DIR"
exec 9>"$ESMS_CACHE_DIR/.n8n-$N8N_VERSION.lock"
if ! flock -n 9; then
  echo "install-n8n: waiting for another process installing n8n $N8N_VERSION" >&2
  flock 9
fi

verify() {
  # Loads what n8n needs natively, from inside n8n's own tree, with the Node that runs it.
  (cd "$N8N_DIR/node_modules/n8n" && "$node_bin" -e "
    require('sqlite3');
    // n8n 2.x runs expressions and code in isolated-vm; 1.x with N8N_EXPRESSION_ENGINE=legacy never
    // loads it (and its bundled prebuilds do not cover Node 20).
    if (Number(process.argv[1].split('.')[0]) >= 2) require('isolated-vm');
    const v = require('./package.json').version;
    if (v !== process.argv[1]) throw new Error('n8n is ' + v + ', wanted ' + process.argv[1]);
  " "$N8N_VERSION") >/dev/null 2>"$N8N_DIR/.verify.log"
}

rebuild_sqlite() {
  echo "install-n8n: building sqlite3 for $("$node_bin" -v) (about 1-2 minutes)" >&2
  (cd "$N8N_DIR" && PATH="$(dirname "$node_bin"):$PATH" npm rebuild --foreground-scripts=false sqlite3 >&2)
}

if [ -f "$N8N_DIR/.complete" ] && verify; then echo "$N8N_DIR"; exit 0; fi
if [ -f "$N8N_DIR/node_modules/n8n/package.json" ]; then
  # A cached install that does not load (or an install that stopped before its check): repair it.
  echo "install-n8n: cached n8n $N8N_VERSION does not load ($(tail -n 3 "$N8N_DIR/.verify.log" 2>/dev/null | tr '\n' ' ')); repairing" >&2
  rm -f "$N8N_DIR/.complete"
  if verify || { rebuild_sqlite && verify; }; then
    date -u +%FT%TZ > "$N8N_DIR/.complete"
    echo "$N8N_DIR"
    exit 0
  fi
  echo "install-n8n: repair failed; installing again" >&2
fi

echo "install-n8n: installing n8n@$N8N_VERSION into $N8N_DIR with Node $("$node_bin" -v) (once per machine, 3-6 minutes)" >&2
started=$(date +%s)
rm -rf "$N8N_DIR"
mkdir -p "$N8N_DIR"
cd "$N8N_DIR"
if [ "$major" -ge 2 ]; then
  echo '{"name":"esms-n8n-runtime","private":true}' > package.json
else
  # n8n 1.x: one dependency points xlsx at a CDN this machine cannot reach; take it from npm.
  echo '{"name":"esms-n8n-runtime","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
fi
# --ignore-scripts: a plain install fails on a dependency's binary download (kafka). The one
# native module n8n needs built here is sqlite3 (isolated-vm loads from its bundled prebuild).
PATH="$(dirname "$node_bin"):$PATH" npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts "n8n@$N8N_VERSION" >&2
installed=$(date +%s)
rebuild_sqlite
if ! verify; then
  echo "install-n8n: n8n $N8N_VERSION installed but does not load:" >&2
  cat "$N8N_DIR/.verify.log" >&2
  exit 1
fi
date -u +%FT%TZ > .complete
echo "install-n8n: n8n $N8N_VERSION ready (install $((installed - started)) s, sqlite3 build $(($(date +%s) - installed)) s)" >&2
echo "$N8N_DIR"
