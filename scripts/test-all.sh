#!/usr/bin/env bash
# `npm test`: every tier, in order, cheapest first. A failing tier does not stop the later ones
# (you see everything that is wrong in one run), except that e2e needs a successful build.
# Exits non-zero if any tier failed; CI=true also fails when PostgreSQL is unreachable.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

SKIPPED=75 # test-pg.sh's exit status when it skipped (set through TEST_PG_SKIP_STATUS)
names=()
results=()
failed=0
started=$SECONDS

duration() {
  local s=$1
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# tier <name> <command...>: runs one tier with a header and records its result.
tier() {
  local name=$1 t0=$SECONDS rc
  shift
  printf '\n==================== %s ====================\n' "$name"
  printf '$ %s\n\n' "$*"
  "$@"
  rc=$?
  local took
  took=$(duration $((SECONDS - t0)))
  names+=("$name")
  if ((rc == 0)); then
    results+=("ok       $took")
  elif [[ $name == postgres && $rc -eq $SKIPPED ]]; then
    results+=("SKIPPED  (no PostgreSQL server)")
  else
    results+=("FAILED   $took (exit $rc)")
    failed=1
  fi
  printf '\n---- %s: %s\n' "$name" "${results[-1]}"
  return "$rc"
}

tier typecheck npx tsc --noEmit
tier lint npx eslint .
tier format npx prettier --check .
# The PGlite pass must not pick up a DATABASE_URL from the developer's shell.
tier vitest env -u DATABASE_URL npx vitest run
tier postgres env TEST_PG_SKIP_STATUS=$SKIPPED bash scripts/test-pg.sh
if tier build npx next build; then
  tier e2e npx playwright test
else
  names+=(e2e)
  results+=("SKIPPED  (the build failed)")
fi

printf '\n==================== summary ====================\n'
for i in "${!names[@]}"; do
  printf '  %-10s %s\n' "${names[$i]}" "${results[$i]}"
done
total=$(duration $((SECONDS - started)))
passed_n=0 failed_n=0 skipped_n=0
for r in "${results[@]}"; do
  case $r in
    ok*) passed_n=$((passed_n + 1)) ;;
    FAILED*) failed_n=$((failed_n + 1)) ;;
    *) skipped_n=$((skipped_n + 1)) ;;
  esac
done
if ((failed)); then
  printf '\nnpm test: FAILED after %s\n' "$total"
else
  printf '\nnpm test: all tiers passed in %s\n' "$total"
fi
# The conventional closing line, counted in tiers.
printf 'tiers: %d passed, %d failed, %d skipped\n' "$passed_n" "$failed_n" "$skipped_n"
exit "$failed"
