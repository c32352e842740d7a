#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster in a directory of its own, for the tests and
# the benchmarks. Nothing outside that directory is touched: no system service,
# no /etc/postgresql, no port but the one given, no socket but one inside DIR.
#
# Usage:
#   scripts/pg_cluster.sh start DIR [PORT]   create a cluster in DIR (which must be
#                                            missing or empty, e.g. from `mktemp -d`),
#                                            start it on 127.0.0.1:PORT (a free port
#                                            when PORT is left out) and print its
#                                            DATABASE_URL on stdout
#   scripts/pg_cluster.sh url DIR            print the DATABASE_URL of a started cluster
#   scripts/pg_cluster.sh halt DIR [MODE]    stop the server but keep the cluster, as in
#                                            a database outage (MODE: fast, the default,
#                                            ends the clients' sessions as a restart does;
#                                            immediate, as a crash)
#   scripts/pg_cluster.sh resume DIR         start a halted cluster again, on its port
#   scripts/pg_cluster.sh stop DIR           stop the cluster and delete DIR; safe to
#                                            call twice, or when start failed halfway
#   scripts/pg_cluster.sh replica PRIMARY DIR [PORT]
#                                            a streaming replica (hot standby) of the
#                                            started cluster in PRIMARY: pg_basebackup
#                                            into DIR (missing or empty), with
#                                            standby.signal and primary_conninfo, started
#                                            on 127.0.0.1:PORT; prints its DATABASE_URL.
#                                            It follows the primary's writes within
#                                            milliseconds, answers reads only, and is
#                                            halted, resumed and stopped like a cluster
#
# Typical use, stopping the cluster whatever happens:
#   dir=$(mktemp -d)
#   trap 'scripts/pg_cluster.sh stop "$dir"' EXIT
#   url=$(scripts/pg_cluster.sh start "$dir")
#   DATABASE_URL=$url python manage.py migrate
#
# The cluster: UTF-8 encoding and LC_CTYPE C.UTF-8 (with LC_CTYPE=C, pg_trgm sees
# no Chinese characters at all), superuser `postgres` with trust authentication,
# listening on 127.0.0.1 only, its unix socket in DIR, its log in DIR/postgres.log.
# By default it trades durability for speed (fsync, full_page_writes and
# synchronous_commit off): a crash loses the data, which is thrown away anyway.
# Benchmarks that want production-like writes set PG_DURABLE=1.
#
# Environment:
#   PG_BIN      where initdb, pg_ctl and postgres live (default /usr/lib/postgresql/15/bin,
#               from Debian's postgresql-15 package)
#   PG_USER     the system user that runs the server when this script runs as root,
#               since PostgreSQL refuses to run as root (default: postgres if that
#               user exists, else a system user pgtest, created on first use)
#   PG_DURABLE  1: keep fsync, full_page_writes and synchronous_commit on
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=.pg_cluster
DB_USER=postgres

die() {
    echo "pg_cluster: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

# Runs a command as the server's user: as ourselves unless we are root.
as_pg_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$RUN_USER" -- "$@"
    else
        "$@"
    fi
}

choose_run_user() {
    if [ "$(id -u)" -ne 0 ]; then
        RUN_USER=$(id -un)
        return
    fi
    if [ -n "${PG_USER:-}" ]; then
        RUN_USER=$PG_USER
    elif id postgres >/dev/null 2>&1; then
        RUN_USER=postgres
    else
        RUN_USER=pgtest
    fi
    if ! id "$RUN_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER" \
            || die "could not create the system user $RUN_USER"
    fi
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

url_of() {
    local dir=$1
    [ -f "$dir/port" ] || die "$dir holds no started cluster (no $dir/port)"
    echo "postgres://$DB_USER@127.0.0.1:$(cat "$dir/port")/postgres"
}

cmd_start() {
    local dir=${1:-} port=${2:-}
    [ -n "$dir" ] || usage
    [ -x "$PG_BIN/initdb" ] || die "no $PG_BIN/initdb: install Debian's postgresql-15 (or set PG_BIN)"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -n "$(ls -A "$dir")" ]; then
        die "$dir is not empty; give a new directory, e.g. from mktemp -d"
    fi
    [ -n "$port" ] || port=$(free_port)
    # A unix socket path may not pass 107 bytes.
    if [ $((${#dir} + 20)) -gt 107 ]; then
        die "$dir is too long a path for the unix socket"
    fi

    choose_run_user
    touch "$dir/$MARKER"
    echo "$port" >"$dir/port"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$RUN_USER" "$dir"
    fi
    chmod 700 "$dir"

    as_pg_user "$PG_BIN/initdb" --pgdata="$dir/data" --username="$DB_USER" \
        --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-instructions \
        >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        die "initdb failed"
    }

    {
        echo "# Added by scripts/pg_cluster.sh"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        if [ "${PG_DURABLE:-0}" != 1 ]; then
            echo "fsync = off"
            echo "full_page_writes = off"
            echo "synchronous_commit = off"
        fi
    } | as_pg_user tee -a "$dir/data/postgresql.conf" >/dev/null

    if ! as_pg_user "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/postgres.log" \
        --wait --timeout=60 start >/dev/null; then
        tail -n 30 "$dir/postgres.log" >&2 || true
        die "the server did not start on 127.0.0.1:$port"
    fi
    url_of "$dir"
}

cmd_stop() {
    local dir=${1:-}
    [ -n "$dir" ] || usage
    [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        choose_run_user
        # Immediate: the data is about to be deleted, no need for a checkpoint.
        as_pg_user "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait \
            stop >/dev/null 2>&1 || true
        if [ -f "$dir/data/postmaster.pid" ]; then
            # pg_ctl could not stop it (e.g. PG_BIN changed): end it by its pid.
            local pid
            pid=$(head -n 1 "$dir/data/postmaster.pid")
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                kill -QUIT "$pid" 2>/dev/null || true
            fi
        fi
    fi
    if [ -f "$dir/$MARKER" ]; then
        rm -rf "$dir"
    else
        # Not made by start (or start never got going): delete it only if empty.
        rmdir "$dir" 2>/dev/null || echo "pg_cluster: left $dir in place (not a cluster directory)" >&2
    fi
}

cmd_replica() {
    local primary=${1:-} dir=${2:-} port=${3:-}
    [ -n "$primary" ] && [ -n "$dir" ] || usage
    [ -f "$primary/$MARKER" ] && [ -f "$primary/port" ] || die "$primary holds no cluster made by start"
    [ -f "$primary/data/postmaster.pid" ] || die "the cluster in $primary is not running"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -n "$(ls -A "$dir")" ]; then
        die "$dir is not empty; give a new directory, e.g. from mktemp -d"
    fi
    [ -n "$port" ] || port=$(free_port)
    if [ $((${#dir} + 20)) -gt 107 ]; then
        die "$dir is too long a path for the unix socket"
    fi
    choose_run_user
    touch "$dir/$MARKER"
    echo "$port" >"$dir/port"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$RUN_USER" "$dir"
    fi
    chmod 700 "$dir"
    # A copy of the primary taken while it runs, with the WAL written meanwhile
    # (--wal-method=stream); --write-recovery-conf writes standby.signal and
    # primary_conninfo (initdb's pg_hba.conf trusts replication from 127.0.0.1).
    as_pg_user "$PG_BIN/pg_basebackup" --host=127.0.0.1 --port="$(cat "$primary/port")" \
        --username="$DB_USER" --pgdata="$dir/data" --wal-method=stream \
        --write-recovery-conf --checkpoint=fast --no-sync >"$dir/basebackup.log" 2>&1 || {
        cat "$dir/basebackup.log" >&2
        die "pg_basebackup from $primary failed"
    }
    # The copied postgresql.conf names the primary's port and socket: the last
    # setting wins, so these are the replica's.
    {
        echo "# Added by scripts/pg_cluster.sh replica"
        echo "port = $port"
        echo "unix_socket_directories = '$dir'"
        echo "hot_standby = on"
        echo "hot_standby_feedback = on"
    } | as_pg_user tee -a "$dir/data/postgresql.conf" >/dev/null
    if ! as_pg_user "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/postgres.log" \
        --wait --timeout=60 start >/dev/null; then
        tail -n 30 "$dir/postgres.log" >&2 || true
        die "the replica did not start on 127.0.0.1:$port"
    fi
    url_of "$dir"
}

cmd_halt() {
    local dir=${1:-} mode=${2:-fast}
    [ -n "$dir" ] || usage
    [ -f "$dir/$MARKER" ] || die "$dir is not a cluster made by start"
    case $mode in fast | immediate) ;; *) die "MODE is fast or immediate, not $mode" ;; esac
    [ -f "$dir/data/postmaster.pid" ] || die "the cluster in $dir is not running"
    choose_run_user
    as_pg_user "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode="$mode" --wait stop >/dev/null
}

cmd_resume() {
    local dir=${1:-}
    [ -n "$dir" ] || usage
    [ -f "$dir/$MARKER" ] || die "$dir is not a cluster made by start"
    choose_run_user
    if ! as_pg_user "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/postgres.log" \
        --wait --timeout=60 start >/dev/null; then
        tail -n 30 "$dir/postgres.log" >&2 || true
        die "the server did not start again"
    fi
    url_of "$dir"
}

case ${1:-} in
start) shift && cmd_start "$@" ;;
halt) shift && cmd_halt "$@" ;;
resume) shift && cmd_resume "$@" ;;
stop) shift && cmd_stop "$@" ;;
replica) shift && cmd_replica "$@" ;;
url)
    [ -n "${2:-}" ] || usage
    url_of "$2"
    ;;
*) usage ;;
esac
