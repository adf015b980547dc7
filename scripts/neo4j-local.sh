#!/usr/bin/env bash
# A local Neo4j Community 5.26 (LTS) without Docker: the jars come from Maven Central (cached in
# ~/.m2) and run on the machine's Java 17 through tools/neo4j-launcher (embedded DBMS + Bolt).
#
# Usage:
#   scripts/neo4j-local.sh fetch                      build the launcher, copy the Neo4j jars (idempotent)
#   scripts/neo4j-local.sh start [--port 7687] [--password PW] [--data DIR] [--http-port 7474]
#                                                     start in the background, wait until Bolt answers,
#                                                     print the bolt URI on stdout
#   scripts/neo4j-local.sh stop   [--data DIR]        clean shutdown (SIGTERM; SIGKILL after 60 s)
#   scripts/neo4j-local.sh status [--data DIR]        "running bolt://..." (exit 0) or "stopped" (exit 3)
#   scripts/neo4j-local.sh import --data DIR --database NAME -- ARGS...
#                                                     neo4j-admin database import full ARGS (server stopped)
#   scripts/neo4j-local.sh import --data DIR --database NAME --from EXPORT_DIR
#                                                     run EXPORT_DIR/import.sh (written by maillage export
#                                                     --format neo4j-admin) with this server's neo4j-admin
#
# The password comes from --password, else $NEO4J_PASSWORD, else a random one is generated and kept
# in DIR/password (mode 600); it is never printed. The user is `neo4j`. DIR defaults to ./.neo4j
# of the repository; it holds the database files, launcher.log, launcher.pid and ready, and after an
# import bin/neo4j-admin (so that NEO4J_HOME=DIR works as with an installed Neo4j).
# With --http-port, Neo4j Browser is served at http://127.0.0.1:PORT/browser/.
# Environment: MAILLAGE_NEO4J_HEAP (default 1g), MAILLAGE_NEO4J_START_TIMEOUT (seconds, default 180),
# MAILLAGE_NEO4J_JAVA_OPTS (extra JVM options). The JIT is limited to C1 by default, which halves the
# start-up time on a 2-core machine; for long bulk loads add -XX:TieredStopAtLevel=4 there.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LAUNCHER="$ROOT/tools/neo4j-launcher"
TARGET="$LAUNCHER/target"
MAIN_CLASS="org.maillage.neo4j.Launcher"

die() { echo "neo4j-local: $*" >&2; exit 1; }

fetch() {
  local stamp="$TARGET/.fetched"
  if [ -f "$stamp" ] && [ -f "$TARGET/classes/org/maillage/neo4j/Launcher.class" ] \
     && [ -z "$(find "$LAUNCHER/pom.xml" "$LAUNCHER/src" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to fetch Neo4j: apt-get install maven"
  command -v java >/dev/null 2>&1 || die "Java 17 is needed to run Neo4j: apt-get install openjdk-17-jre-headless"
  mkdir -p "$TARGET"
  if ! (cd "$LAUNCHER" && mvn -q -B -ntp package >"$TARGET/fetch.log" 2>&1); then
    tail -n 30 "$TARGET/fetch.log" >&2
    die "could not build tools/neo4j-launcher (Maven Central reachable? see $TARGET/fetch.log)"
  fi
  touch "$stamp"
}

classpath() { echo "$TARGET/classes:$TARGET/lib/*"; }

java_opts() {
  echo "-Xms256m -Xmx${MAILLAGE_NEO4J_HEAP:-1g} -XX:+UseG1GC -XX:TieredStopAtLevel=1 -XX:-OmitStackTraceInFastThrow \
 -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true \
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED ${MAILLAGE_NEO4J_JAVA_OPTS:-}"
}

# Is PID our launcher (and not a recycled pid)?
is_ours() {
  local pid="$1"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$MAIN_CLASS"
}

PORT=7687; HTTP_PORT=0; PASSWORD="${NEO4J_PASSWORD:-}"; DATA="$ROOT/.neo4j"; DATABASE=neo4j; FROM=""
parse_opts() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --from) FROM="$2"; shift 2 ;;
      --port) PORT="$2"; shift 2 ;;
      --http-port) HTTP_PORT="$2"; shift 2 ;;
      --password) PASSWORD="$2"; shift 2 ;;
      --data) DATA="$2"; shift 2 ;;
      --database) DATABASE="$2"; shift 2 ;;
      --) shift; EXTRA=("$@"); return 0 ;;
      *) die "unknown option $1 (see the header of $0)" ;;
    esac
  done
}
EXTRA=()

status() {
  local pid
  pid="$(cat "$DATA/launcher.pid" 2>/dev/null || true)"
  if is_ours "$pid" && [ -f "$DATA/ready" ]; then
    echo "running $(cat "$DATA/ready") (pid $pid, data $DATA)"
    return 0
  elif is_ours "$pid"; then
    echo "starting (pid $pid, data $DATA)"
    return 0
  fi
  echo "stopped (data $DATA)"
  return 3
}

start() {
  fetch
  mkdir -p "$DATA"
  DATA="$(cd "$DATA" && pwd)"
  local pid
  pid="$(cat "$DATA/launcher.pid" 2>/dev/null || true)"
  if is_ours "$pid"; then
    die "already running with data $DATA (pid $pid); run: $0 stop --data $DATA"
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT on 127.0.0.1 is already in use; choose another with --port"
  fi
  if [ -z "$PASSWORD" ]; then
    if [ ! -s "$DATA/password" ]; then
      (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DATA/password")
      echo "neo4j-local: generated a password for user neo4j in $DATA/password" >&2
    fi
    PASSWORD="$(cat "$DATA/password")"
  fi
  [ "${#PASSWORD}" -ge 8 ] || die "the password must have at least 8 characters"
  rm -f "$DATA/ready"
  # shellcheck disable=SC2046
  MAILLAGE_NEO4J_PASSWORD="$PASSWORD" setsid java $(java_opts) -cp "$(classpath)" "$MAIN_CLASS" \
      --home "$DATA" --host 127.0.0.1 --port "$PORT" --http-port "$HTTP_PORT" \
      --ready-file "$DATA/ready" </dev/null >"$DATA/launcher.log" 2>&1 &
  pid=$!
  echo "$pid" >"$DATA/launcher.pid"
  local timeout="${MAILLAGE_NEO4J_START_TIMEOUT:-180}" waited=0
  while [ ! -f "$DATA/ready" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "neo4j-local: Neo4j exited while starting; last lines of $DATA/launcher.log and logs/debug.log:" >&2
      tail -n 20 "$DATA/launcher.log" >&2 || true
      tail -n 20 "$DATA/logs/debug.log" >&2 2>/dev/null || true
      rm -f "$DATA/launcher.pid"
      exit 1
    fi
    if [ "$waited" -ge $((timeout * 5)) ]; then
      echo "neo4j-local: Neo4j did not answer on port $PORT within ${timeout}s; last lines of the log:" >&2
      tail -n 20 "$DATA/launcher.log" >&2 || true
      kill -TERM "$pid" 2>/dev/null || true
      exit 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  cat "$DATA/ready"
  if [ "$HTTP_PORT" != 0 ]; then
    echo "neo4j-local: Neo4j Browser at http://127.0.0.1:$HTTP_PORT/browser/ (user neo4j)" >&2
  fi
}

stop() {
  local pid
  pid="$(cat "$DATA/launcher.pid" 2>/dev/null || true)"
  if ! is_ours "$pid"; then
    rm -f "$DATA/launcher.pid" "$DATA/ready"
    echo "neo4j-local: not running (data $DATA)" >&2
    return 0
  fi
  kill -TERM "$pid"
  local i
  for i in $(seq 1 300); do
    is_ours "$pid" || break
    sleep 0.2
  done
  if is_ours "$pid"; then
    echo "neo4j-local: no clean shutdown after 60 s; killing pid $pid" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$DATA/launcher.pid" "$DATA/ready"
  echo "neo4j-local: stopped (data $DATA)" >&2
}

# neo4j-admin database import full, run from the same jars, on DATA (the server must be stopped).
admin_import() {
  fetch
  mkdir -p "$DATA"
  DATA="$(cd "$DATA" && pwd)"
  if is_ours "$(cat "$DATA/launcher.pid" 2>/dev/null || true)"; then
    die "stop the server first: $0 stop --data $DATA"
  fi
  mkdir -p "$DATA/conf" "$DATA/bin"
  [ -f "$DATA/conf/neo4j.conf" ] || : >"$DATA/conf/neo4j.conf"
  # $DATA/bin/neo4j-admin: the admin tool of these jars, for this data folder
  {
    echo '#!/usr/bin/env bash'
    echo '# neo4j-admin of the local server (written by scripts/neo4j-local.sh import)'
    printf 'NEO4J_HOME=%q NEO4J_CONF=%q exec java %s -cp %q org.neo4j.cli.AdminTool "$@"\n' \
      "$DATA" "$DATA/conf" "$(java_opts)" "$(classpath)"
  } >"$DATA/bin/neo4j-admin"
  chmod 755 "$DATA/bin/neo4j-admin"
  if [ -n "$FROM" ]; then
    [ -f "$FROM/import.sh" ] || die "no import.sh in $FROM (write it with: maillage export GRAPH --format neo4j-admin -o $FROM)"
    NEO4J_HOME="$DATA" sh "$FROM/import.sh" "$DATABASE" "${EXTRA[@]}"
  else
    # the database first: --nodes/--relationships would take a name after them as one more file
    "$DATA/bin/neo4j-admin" database import full "$DATABASE" "${EXTRA[@]}"
  fi
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  fetch) fetch ;;
  start) parse_opts "$@"; start ;;
  stop) parse_opts "$@"; stop ;;
  status) parse_opts "$@"; status ;;
  import) parse_opts "$@"; admin_import ;;
  *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
