#!/usr/bin/env bash
# The test suite as `make test` runs it (after lint):
#   1. pytest on SQLite (parallel), browser tests excluded;
#   2. the same on PostgreSQL when TEST_DATABASE_URL (default postgres://cchc:cchc@127.0.0.1:5432/cchc)
#      is reachable, without tests/docparse (pure parser tests, no database);
#   3. browser tests (Playwright driving /usr/bin/chromium, one process: live_server and
#      xdist do not mix) on SQLite, and on PostgreSQL when reachable.
# Parts that cannot run are skipped with a loud banner; CCHC_REQUIRE_ALL=1 (set by .ci/run)
# turns a skip into a failure. Exit code 5 (no tests collected) is not a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
PG_URL=${TEST_DATABASE_URL:-postgres://cchc:cchc@127.0.0.1:5432/cchc}
CHROMIUM=${CCHC_CHROMIUM:-/usr/bin/chromium}
failed=()
skipped=()
# A developer's own DATABASE_URL must not turn the SQLite run into something else.
unset DATABASE_URL

banner() {
    local line="!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    printf '\n%s\n' "$line"
    local text
    for text in "$@"; do printf '!!  %s\n' "$text"; done
    printf '%s\n\n' "$line"
}

# run LABEL ARGS…: one pytest invocation; records a failure, treats "no tests" (5) as success.
run() {
    local label=$1
    shift
    printf '\n=== %s ===\n' "$label"
    "$BIN/pytest" "$@"
    local rc=$?
    if [[ $rc -ne 0 && $rc -ne 5 ]]; then
        failed+=("$label (pytest exit $rc)")
    fi
}

pg_reachable() {
    "$BIN/python" - "$PG_URL" <<'PY' >/dev/null 2>&1
import sys

import psycopg

psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
}

redact() { sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; }

# --- SQLite -------------------------------------------------------------------------
run "SQLite: bộ kiểm thử / test suite" -n auto --ignore=tests/browser

# --- PostgreSQL ---------------------------------------------------------------------
have_pg=0
if pg_reachable; then
    have_pg=1
    DATABASE_URL=$PG_URL run "PostgreSQL ($(redact "$PG_URL")): bộ kiểm thử / test suite" \
        -n auto --ignore=tests/browser --ignore=tests/docparse
else
    skipped+=("PostgreSQL: không kết nối được / not reachable at $(redact "$PG_URL") —"
        "  bộ kiểm thử chỉ chạy trên SQLite / the suite ran on SQLite only."
        "  Bật / enable: cài và chạy PostgreSQL (sudo bash .ci/run làm việc này), hoặc đặt"
        "  TEST_DATABASE_URL=postgres://USER:PASS@HOST:5432/DB (vai trò cần CREATEDB / role needs CREATEDB).")
fi

# --- Browser ------------------------------------------------------------------------
if [[ -x $CHROMIUM ]]; then
    run "Trình duyệt / browser (Chromium, SQLite)" tests/browser -p no:xdist
    if ((have_pg)); then
        DATABASE_URL=$PG_URL run "Trình duyệt / browser (Chromium, PostgreSQL)" tests/browser -p no:xdist \
           
    fi
else
    skipped+=("Trình duyệt / browser tests: không có Chromium tại / no Chromium at $CHROMIUM —"
        "  bỏ qua tests/browser / tests/browser skipped."
        "  Bật / enable: sudo apt-get install chromium (hoặc đặt CCHC_CHROMIUM=/đường/dẫn/chromium).")
fi

# --- Summary ------------------------------------------------------------------------
if ((${#skipped[@]})); then
    banner "BỎ QUA / SKIPPED:" "${skipped[@]}"
    if [[ ${CCHC_REQUIRE_ALL:-0} == 1 ]]; then
        failed+=("CCHC_REQUIRE_ALL=1 nhưng có phần bị bỏ qua / but parts were skipped")
    fi
fi
if ((${#failed[@]})); then
    banner "THẤT BẠI / FAILED:" "${failed[@]}"
    exit 1
fi
printf '\nTất cả các phần đã chạy đều đạt / every part that ran passed.\n'
