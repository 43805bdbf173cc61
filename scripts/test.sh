#!/usr/bin/env bash
# The whole suite: format and lint, types, unit + integration (real PostgreSQL), then end-to-end in Chromium.
# DATABASE_URL set → that server (CI: the machine's PostgreSQL); unset → embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lint (Prettier, ESLint: cycles and layer rules)"
npx prettier --check . --log-level warn
npm run -s lint

step "typecheck"
npx tsc --noEmit

step "unit and integration tests"
npx vitest run

step "end-to-end (Playwright in Debian's Chromium)"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Chromium not found: installing Debian's chromium (about a minute)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium not found at $CHROMIUM: install it (apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
npx next build
npx playwright test
