#!/usr/bin/env bash
# What the test suite needs besides the workspace's own dependencies, installed or started when missing:
# PostgreSQL on 127.0.0.1:5432 (the auth server's store tests), Debian's Chromium (the login and consent
# pages are tested in a real browser) and the official MCP conformance suite with the Node.js 22 it needs
# (kept outside the pnpm workspace so that its node binary never shadows the workspace's).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "test prerequisites: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 -q || {
    echo "test prerequisites: PostgreSQL is not reachable on 127.0.0.1:5432 (set GATEHOUSE_TEST_DATABASE_URL)" >&2
    [ -n "${GATEHOUSE_TEST_DATABASE_URL:-}" ] || exit 1
  }
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "test prerequisites: installing chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

runner=e2e/external-tools
if [ ! -x "$runner/node_modules/.bin/conformance" ] || [ "$runner/package-lock.json" -nt "$runner/node_modules/.package-lock.json" ]; then
  echo "test prerequisites: installing the outside MCP tools (conformance suite, Inspector CLI)"
  npm ci --prefix "$runner" --no-audit --no-fund --loglevel=error
fi
