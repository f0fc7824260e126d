#!/usr/bin/env bash
# `npm run test:e2e`: the Playwright tier on its own. Builds first when there is no production
# build or when a source file is newer than it; arguments go to `playwright test`.
set -euo pipefail
cd "$(dirname "$0")/.."

stale() {
  [[ ! -f .next/BUILD_ID ]] && return 0
  [[ -n "$(find app components lib messages drizzle public next.config.ts package.json \
    -newer .next/BUILD_ID -type f -print -quit 2>/dev/null)" ]]
}

if stale; then
  echo "test:e2e: the production build is missing or out of date; running next build first."
  npx next build
fi
exec npx playwright test "$@"
