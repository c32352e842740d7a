#!/usr/bin/env bash
# A throwaway Redis server in a directory of its own, for the tests (the rate
# limits' Redis store). Nothing outside that directory is touched: no system
# service, no /etc/redis, no port but the one given, listening on 127.0.0.1
# only, no persistence (no dump, no append-only file).
#
# Usage:
#   scripts/redis_server.sh start DIR [PORT]   start a server for DIR (which must be
#                                              missing or empty, e.g. from `mktemp -d`)
#                                              on 127.0.0.1:PORT (a free port when
#                                              PORT is left out) and print its URL
#                                              (redis://127.0.0.1:PORT/0) on stdout
#   scripts/redis_server.sh stop DIR           stop it and delete DIR; safe to call
#                                              twice, or when start failed halfway
#
# Environment:
#   REDIS_SERVER  the server binary (default: redis-server, from Debian's
#                 redis-server package, which `make test` installs)
set -euo pipefail

REDIS_SERVER=${REDIS_SERVER:-redis-server}
MARKER=.redis_server

die() {
    echo "redis_server: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# PING over a plain TCP connection: no redis-cli needed.
answers_ping() {
    local port=$1 reply
    exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    read -r -t 1 reply <&3 || reply=
    exec 3<&- 3>&-
    [ "${reply%$'\r'}" = "+PONG" ]
}

cmd_start() {
    local dir=${1:-} port=${2:-}
    [ -n "$dir" ] || usage
    command -v "$REDIS_SERVER" >/dev/null || die "no $REDIS_SERVER: install Debian's redis-server"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -n "$(ls -A "$dir")" ]; then
        die "$dir is not empty; give a new directory, e.g. from mktemp -d"
    fi
    [ -n "$port" ] || port=$(free_port)
    touch "$dir/$MARKER"
    echo "$port" >"$dir/port"

    "$REDIS_SERVER" --bind 127.0.0.1 --port "$port" --dir "$dir" \
        --save "" --appendonly no --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
        || die "the server did not start on 127.0.0.1:$port"
    for _ in $(seq 100); do
        if answers_ping "$port"; then
            echo "redis://127.0.0.1:$port/0"
            return
        fi
        sleep 0.1
    done
    tail -n 20 "$dir/redis.log" >&2 || true
    die "the server did not answer on 127.0.0.1:$port"
}

cmd_stop() {
    local dir=${1:-} pid
    [ -n "$dir" ] || usage
    [ -d "$dir" ] || return 0
    if [ -f "$dir/redis.pid" ]; then
        pid=$(cat "$dir/redis.pid")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
    fi
    if [ -f "$dir/$MARKER" ]; then
        rm -rf "$dir"
    else
        rmdir "$dir" 2>/dev/null || echo "redis_server: left $dir in place (not a server directory)" >&2
    fi
}

case ${1:-} in
start) shift && cmd_start "$@" ;;
stop) shift && cmd_stop "$@" ;;
*) usage ;;
esac
