#!/usr/bin/env bash
# Every check CI runs, in this order:
#   1. ruff check .                              lint
#   2. ruff format --check .                     formatting
#   3. manage.py makemigrations --check          no model change without its migration
#   4. pytest, the whole suite, on PostgreSQL    a throwaway cluster (scripts/pg_cluster.sh),
#                                                and a throwaway Redis (scripts/redis_server.sh)
#                                                for the rate limits' Redis tests (TEST_REDIS_URL)
#   5. pytest -m smoke, on SQLite                the embedded default keeps working
#
# `make test` calls this once .venv, the Debian packages (postgresql-15, redis-server,
# chromium, a Java runtime, node and npm) and the npm test tools in node_modules/ (axe-core,
# vnu-jar: `npm ci --ignore-scripts`) are in place; call it directly to skip those
# checks (the accessibility and HTML validity tests then fail, naming what is
# missing). Every step runs even when an earlier one failed; the script then
# fails, naming the steps that did. The PostgreSQL cluster and the Redis server are
# stopped and deleted whatever happens.
#
# Extra arguments go to both pytest runs, e.g. `scripts/run_tests.sh -x -k home`.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTEST=("$VENV/bin/pytest" -p no:cacheprovider --screenshot=only-on-failure "$@")

# The test environment: the same on every machine, whatever the caller's shell holds.
export SECRET_KEY=test-secret-key
export PLAIN_STATIC_STORAGE=true
export DJANGO_ALLOW_ASYNC_UNSAFE=true
unset DATABASE_URL DEBUG DJANGO_SETTINGS_MODULE
# Set below, to the throwaway Redis, once it answers.
unset TEST_REDIS_URL

failed=()
step() {
    local name=$1 started=$SECONDS rc=0
    shift
    echo
    echo "==> $name"
    "$@" || rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "--> $name: ok ($((SECONDS - started)) s)"
        return
    fi
    if [ "$rc" -eq 5 ] && [ "$1" = "${PYTEST[0]}" ]; then
        echo "--> $name: FAILED, no test was collected (pytest exit 5)"
    else
        echo "--> $name: FAILED (exit $rc, $((SECONDS - started)) s)"
    fi
    failed+=("$name")
}

pg_dir=$(mktemp -d)
# --- Redis for the rate limits' tests (tests/publicity/test_rate_limits.py) ---
redis_dir=$(mktemp -d)
cleanup() {
    scripts/pg_cluster.sh stop "$pg_dir"
    scripts/redis_server.sh stop "$redis_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "ruff check" "$VENV/bin/ruff" check .
step "ruff format" "$VENV/bin/ruff" format --check .

echo
echo "==> starting Redis"
if redis_url=$(scripts/redis_server.sh start "$redis_dir"); then
    echo "--> Redis at $redis_url"
    export TEST_REDIS_URL=$redis_url
else
    # The Redis tests then fail under CI (CI=true), naming what is missing.
    echo "--> Redis did not start"
    failed+=("starting Redis")
fi
# --- end of Redis ---

echo
echo "==> starting PostgreSQL"
if pg_url=$(scripts/pg_cluster.sh start "$pg_dir"); then
    echo "--> PostgreSQL 15 at $pg_url"
    step "makemigrations --check" \
        env DATABASE_URL="$pg_url" "$VENV/bin/python" manage.py makemigrations --check --dry-run
    step "pytest on PostgreSQL" env DATABASE_URL="$pg_url" "${PYTEST[@]}"
else
    echo "--> PostgreSQL did not start"
    failed+=("starting PostgreSQL")
fi
cleanup

step "pytest -m smoke on SQLite" "${PYTEST[@]}" -m smoke

echo
if [ ${#failed[@]} -gt 0 ]; then
    printf 'make test: FAILED:'
    printf ' [%s]' "${failed[@]}"
    echo
    exit 1
fi
echo "make test: every check passed."
