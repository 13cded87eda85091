#!/usr/bin/env bash
# A throwaway redis-server for the tests: 127.0.0.1, a free port, no persistence.
#   scripts/redis-test-server.sh start DIR   -> prints redis://127.0.0.1:PORT/0 once it answers PING
#   scripts/redis-test-server.sh stop DIR    -> stops it (no-op when not running)
# DIR holds its pid file and log. Used by .ci/run; the restart tests start their own servers.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory for the pid file and log}
mkdir -p "$dir"
case "$cmd" in
start)
  command -v redis-server >/dev/null || { echo "redis-server not found (apt-get install redis-server)" >&2; exit 1; }
  # The kernel picks a free port; the tiny race until redis binds it is retried below.
  for _ in 1 2 3; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --maxmemory-policy noeviction
    for _ in $(seq 50); do
      if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -qx PONG; then
        echo "redis://127.0.0.1:$port/0"
        exit 0
      fi
      sleep 0.1
    done
    [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  done
  echo "redis-server did not start; see $dir/redis.log" >&2
  exit 1
  ;;
stop)
  if [ -f "$dir/redis.pid" ]; then
    pid=$(cat "$dir/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/redis.pid"
  fi
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
