#!/usr/bin/env bash
# The database tests again, on a real PostgreSQL server instead of PGlite.
#
#   TEST_DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/test). The tests
#                      only connect to it to create and drop their own botshop_test_* databases,
#                      so the role needs CREATEDB.
#   CI=true            an unreachable server fails the pass instead of skipping it.
#   TEST_PG_SKIP_STATUS  exit status when skipped (default 0; scripts/test-all.sh sets its own).
#
# Extra arguments go to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "$0")/.."

url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
shown_url="$(printf '%s' "$url" | sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#')"

# `select 1` rather than pg_isready: it also proves the credentials and the database name.
# shellcheck disable=SC2016 # the backticks are JavaScript's, not the shell's
probe='
const sql = require("postgres")(process.argv[1], { max: 1, connect_timeout: 5, onnotice() {} });
sql`select 1`.then(() => sql.end(), (e) => { console.error(e.message); process.exit(1); });
'
if ! reason="$(node -e "$probe" "$url" 2>&1)"; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "FAILED: PostgreSQL at $shown_url is not reachable ($reason)." >&2
    echo "CI must run the PostgreSQL pass; start the server or set TEST_DATABASE_URL." >&2
    exit 1
  fi
  cat >&2 <<EOF

  ################################################################################
  ##  SKIPPED: the PostgreSQL test pass did not run.
  ##  $shown_url is not reachable: $reason
  ##  Start PostgreSQL or set TEST_DATABASE_URL to run it (CI=true makes this fail).
  ################################################################################

EOF
  exit "${TEST_PG_SKIP_STATUS:-0}"
fi

# Every test file that opens a test database (they all go through test/db.ts).
mapfile -t files < <(grep -rlE --include='*.test.ts' --include='*.test.tsx' \
  '@/test/db["'"'"']' lib app components scripts test 2>/dev/null | sort)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "No database tests found (files importing @/test/db); nothing to run on PostgreSQL."
  exit 0
fi

echo "Running ${#files[@]} database test file(s) on PostgreSQL at $shown_url"
DATABASE_URL="$url" exec npx vitest run "${files[@]}" "$@"
