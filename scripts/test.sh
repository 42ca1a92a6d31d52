#!/usr/bin/env bash
# Set up and run the whole test suite: once on SQLite, then the whole suite again on PostgreSQL
# when PERTHYN_TEST_POSTGRES_URL is set (CI sets it). Extra arguments go to pytest.
# PERTHYN_DB_TESTS_ONLY=1 limits the PostgreSQL pass to the tests that touch the database (a quicker local check).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export PERTHYN_DATA_DIR=${PERTHYN_DATA_DIR:-$(mktemp -d)}

run() {  # pytest exits 5 when it collected nothing: that is a failure here, never a pass
  .venv/bin/python -m pytest "$@"
  local rc=$?
  if [ "$rc" -eq 5 ]; then echo "pytest collected no tests" >&2; return 1; fi
  return "$rc"
}

echo "== Test suite on SQLite + DuckDB =="
(unset DATABASE_URL; run "$@") || exit 1

if [ -n "${PERTHYN_TEST_POSTGRES_URL:-}" ]; then
  echo "== Test suite again on PostgreSQL ($PERTHYN_TEST_POSTGRES_URL) =="
  DATABASE_URL="$PERTHYN_TEST_POSTGRES_URL" PERTHYN_DB_TESTS_ONLY=${PERTHYN_DB_TESTS_ONLY:-0} run "$@" || exit 1
fi
