#!/usr/bin/env bash
# Stop the embedded Neo4j started by scripts/neo4j-up.sh (SIGTERM, wait, SIGKILL as a last resort).
# Idempotent: if it is not running, says so and exits 0.
#
# Environment (all optional):
#   JIANBAO_NEO4J_HOME   data + logs directory (default <repo>/.cache/neo4j)
#   NEO4J_STOP_TIMEOUT   seconds to wait for a clean shutdown before SIGKILL (default 60)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NEO4J_DIR="${JIANBAO_NEO4J_HOME:-$ROOT/.cache/neo4j}"
PID_FILE="$NEO4J_DIR/neo4j.pid"
TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"

say() { echo "neo4j-down: $*"; }

proc_alive() {
  local pid="$1" state
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$state" != "Z" ]]
}

launcher_alive() {
  proc_alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'launcher.jar'
}

if [[ ! -f "$PID_FILE" ]]; then
  say "not running (no pid file $PID_FILE)"
  exit 0
fi

pid="$(cat "$PID_FILE" 2>/dev/null || true)"
if ! launcher_alive "$pid"; then
  say "not running (removing stale pid file, pid ${pid:-?})"
  rm -f "$PID_FILE"
  exit 0
fi

say "stopping neo4j (pid $pid) ..."
kill -TERM "$pid" 2>/dev/null || true
start=$SECONDS
while proc_alive "$pid"; do
  if (( SECONDS - start >= TIMEOUT )); then
    say "still running after ${TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
    break
  fi
  sleep 0.5
done
rm -f "$PID_FILE"
say "stopped ($((SECONDS - start))s)"
