#!/usr/bin/env bash
# Start the embedded Neo4j (neo4j-launcher) in the background and wait until Bolt answers.
# Idempotent: if it is already running and answering, says so and exits 0.
#
# Environment (all optional):
#   NEO4J_BOLT_PORT      Bolt port on 127.0.0.1 (default 7687)
#   NEO4J_PASSWORD       password of user neo4j, >= 8 chars (default jianbao-dev-password)
#   JIANBAO_NEO4J_HOME   data + logs directory (default <repo>/.cache/neo4j)
#   NEO4J_PAGECACHE      page cache size (default 512m)
#   NEO4J_HEAP           JVM max heap (default 1g)
#   NEO4J_JAVA_OPTS      extra JVM options, appended
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt (default 120; an import counts)
#   NEO4J_IMPORT_DIR     before starting, replace database neo4j with the CSVs that
#                        `kg neo4j csv --out DIR` wrote (Neo4j's offline importer); the server
#                        must be stopped; a failed import leaves the database as it was
#   JAVA_HOME / JAVA     which java to run (default: java on PATH)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER_DIR="$ROOT/neo4j-launcher"
JAR="$LAUNCHER_DIR/target/launcher.jar"
NEO4J_DIR="${JIANBAO_NEO4J_HOME:-$ROOT/.cache/neo4j}"
PORT="${NEO4J_BOLT_PORT:-7687}"
TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
PID_FILE="$NEO4J_DIR/neo4j.pid"
LOG_FILE="$NEO4J_DIR/launcher.log"

if [[ -n "${JAVA:-}" ]]; then
  JAVA_BIN="$JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA_BIN="$JAVA_HOME/bin/java"
else
  JAVA_BIN="java"
fi

say() { echo "neo4j-up: $*"; }
die() { echo "neo4j-up: $*" >&2; exit 1; }

# Is PID a live process (not a zombie left by a launcher that died)?
proc_alive() {
  local pid="$1" state
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$state" != "Z" ]]
}

# Is PID alive and our launcher (guards against a recycled pid)?
launcher_alive() {
  proc_alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'launcher.jar'
}

# Does a Bolt server answer the handshake on 127.0.0.1:$PORT?
# Sends the Bolt magic and proposes 5.0-5.8 and 4.4; a Bolt server replies with 4 bytes.
bolt_answers() {
  local reply
  reply="$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x60\x60\xb0\x17\x00\x08\x08\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
    head -c 4 <&3 | od -An -tx1
  ' _ "$PORT" 2>/dev/null | tr -d ' \n')" || return 1
  [[ ${#reply} -eq 8 && "$reply" != "00000000" ]]
}

port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$PORT" 2>/dev/null
}

ready() {
  grep -q '^neo4j ready bolt://' "$LOG_FILE" 2>/dev/null && bolt_answers
}

show_logs() {
  echo "---- $LOG_FILE (tail) ----" >&2
  tail -n 40 "$LOG_FILE" >&2 2>/dev/null || true
  local debug="$NEO4J_DIR/logs/debug.log"
  if [[ -f "$debug" ]] && (( $(wc -l <"$debug") > DEBUG_LOG_LINES_BEFORE )); then
    echo "---- $debug (tail of this run) ----" >&2
    tail -n +"$((DEBUG_LOG_LINES_BEFORE + 1))" "$debug" | tail -n 30 >&2 || true
  fi
}

wait_ready() {
  local pid="$1" start=$SECONDS
  while (( SECONDS - start < TIMEOUT )); do
    if ready; then
      say "neo4j ready bolt://127.0.0.1:$PORT (pid $pid, $((SECONDS - start))s; logs in $NEO4J_DIR)"
      return 0
    fi
    if ! proc_alive "$pid"; then
      rm -f "$PID_FILE"
      show_logs
      die "launcher (pid $pid) exited before Bolt was ready"
    fi
    sleep 1
  done
  show_logs
  die "Bolt did not answer on 127.0.0.1:$PORT within ${TIMEOUT}s (pid $pid still running; stop it with scripts/neo4j-down.sh)"
}

needs_build() {
  [[ -f "$JAR" && -d "$LAUNCHER_DIR/target/lib" ]] || return 0
  [[ -n "$(find "$LAUNCHER_DIR/pom.xml" "$LAUNCHER_DIR/src" -newer "$JAR" -print -quit)" ]]
}

build() {
  command -v mvn >/dev/null || die "mvn not found (install Maven 3.8+ and a JDK 17+)"
  say "building neo4j-launcher with Maven ..."
  # Offline first (works once ~/.m2 holds the dependencies), then online.
  if ! (cd "$LAUNCHER_DIR" && mvn -q -B -o package >/dev/null 2>&1); then
    (cd "$LAUNCHER_DIR" && mvn -q -B package) || die "Maven build failed"
  fi
  [[ -f "$JAR" ]] || die "build did not produce $JAR"
}

mkdir -p "$NEO4J_DIR"
# Lines already in Neo4j's debug.log, so a failure shows only this run's lines.
DEBUG_LOG_LINES_BEFORE=0
if [[ -f "$NEO4J_DIR/logs/debug.log" ]]; then
  DEBUG_LOG_LINES_BEFORE=$(wc -l <"$NEO4J_DIR/logs/debug.log")
fi

if [[ -n "${NEO4J_IMPORT_DIR:-}" ]]; then
  [[ -d "$NEO4J_IMPORT_DIR" ]] || die "NEO4J_IMPORT_DIR=$NEO4J_IMPORT_DIR: no such folder"
  NEO4J_IMPORT_DIR="$(cd "$NEO4J_IMPORT_DIR" && pwd)"
  export NEO4J_IMPORT_DIR
fi

# Already running?
if [[ -f "$PID_FILE" ]]; then
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if launcher_alive "$pid"; then
    if [[ -n "${NEO4J_IMPORT_DIR:-}" ]]; then
      die "cannot import into a running server (pid $pid): stop it first with scripts/neo4j-down.sh (make neo4j-down)"
    fi
    if ready; then
      say "already running and answering: bolt://127.0.0.1:$PORT (pid $pid)"
      exit 0
    fi
    say "launcher already running (pid $pid); waiting for Bolt ..."
    wait_ready "$pid"
    exit 0
  fi
  rm -f "$PID_FILE"  # stale
fi

if port_open; then
  die "port 127.0.0.1:$PORT is already in use by another process (not started by this script); set NEO4J_BOLT_PORT or stop it"
fi

if needs_build; then
  build
fi

"$JAVA_BIN" -version >/dev/null 2>&1 || die "java not found (need a JDK/JRE 17+)"

JVM_OPTS=(
  -Xms512m "-Xmx${NEO4J_HEAP:-1g}"
  -XX:+UseG1GC
  -XX:+ExitOnOutOfMemoryError
  -XX:-OmitStackTraceInFastThrow
  # The same opens/properties the Neo4j server's own start script passes.
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true
  -Djdk.nio.maxCachedBufferSize=1024
  -Dlog4j2.disable.jmx=true
)
# shellcheck disable=SC2206  # word splitting of user-supplied options is intended
[[ -n "${NEO4J_JAVA_OPTS:-}" ]] && JVM_OPTS+=(${NEO4J_JAVA_OPTS})

say "starting embedded Neo4j on 127.0.0.1:$PORT (home $NEO4J_DIR) ..."
# The launcher reads NEO4J_BOLT_PORT / NEO4J_PASSWORD / NEO4J_PAGECACHE from the
# environment (keeps the password off the command line).
export NEO4J_BOLT_PORT="$PORT"
cd "$ROOT"
# setsid: its own session, so a Ctrl-C in the calling terminal does not reach it.
# (In a non-interactive shell setsid execs in place, so $! is the java pid.)
SETSID=()
command -v setsid >/dev/null && SETSID=(setsid)
nohup "${SETSID[@]}" "$JAVA_BIN" "${JVM_OPTS[@]}" -jar "$JAR" --home "$NEO4J_DIR" \
  >"$LOG_FILE" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$PID_FILE"
wait_ready "$pid"
