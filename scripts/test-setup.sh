#!/usr/bin/env bash
# What the test suite needs beyond the two Python environments; idempotent and quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests (marker `browser`) drive Debian's Chromium through Playwright; Playwright's own browser
# download cannot work here, so the system package is used (launched with executable_path).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the browser tests …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# Telegram tests talk to a local Bot API server: npm telegram-test-api with Wegweiser's fix-ups
# (tests/telegram_server/). Installed from the committed lock file; skipped when already current.
if ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js for the Telegram tests …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
server=tests/telegram_server
if ! cmp -s "$server/package-lock.json" "$server/node_modules/.installed-lock" 2>/dev/null; then
  echo "Installing the local Telegram Bot API server for the tests …"
  (cd "$server" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$server/package-lock.json" "$server/node_modules/.installed-lock"
fi
