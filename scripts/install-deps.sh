#!/usr/bin/env bash
# Installs the dependencies exactly as locked: `npm ci`, used by `npm run setup` and .ci/run.
#
# Fallback: npm ci refuses a package-lock.json that lacks entries for other platforms' optional
# binaries (@swc/core-darwin-*, @next/swc-win32-*, …), which happens when the lock file was
# written against a registry mirror that does not carry them. `npm install` then installs the
# same locked versions for this platform. Drop the fallback once the lock file is complete.
set -euo pipefail
cd "$(dirname "$0")/.."

if npm ci --no-audit --no-fund; then
  exit 0
fi
cat >&2 <<'MSG'

  ##############################################################################
  ##  npm ci refused package-lock.json (see above). Falling back to
  ##  `npm install`, which keeps the locked versions for this platform.
  ##  To fix for good: regenerate package-lock.json against a full registry.
  ##############################################################################

MSG
npm install --no-audit --no-fund
