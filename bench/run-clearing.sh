#!/usr/bin/env bash
# Issue 17's clearing benchmark: one clearing file of RECORDS records (default 1,000,000) uploaded once
# to a server with a bounded heap, timed while it is staged (the POST) and applied (until the file's
# status says completed), the server's heap watched throughout; the file's outcomes checked against
# what the generator wrote, the ledger verified, the same file sent again (must be the same file and
# change nothing); then pgbench -N on the same PostgreSQL cluster. Prints one table. See bench/README.md.
#
#   bench/run-clearing.sh                         # the full million (about 20-30 min on 2 cores)
#   RECORDS=20000 bench/run-clearing.sh           # a quick run
#   HEAP=256m RECORDS=200000 bench/run-clearing.sh
#   BENCH_JFR=1 RECORDS=200000 bench/run-clearing.sh   # also a flight recording of the server, kept with its top frames
#
# Same cluster and server set-up as bench.sh (a private PostgreSQL cluster, fsync on; the server from
# target/emboss.jar or target/classes): build first (./mvnw -o -q -DskipTests package).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

RECORDS=${RECORDS:-1000000}                          # records in the clearing file
HEAP=${HEAP:-128m}                                   # the server's -Xmx (-Xms left to the JVM); its live set is about 50 MB
CARDS=${CARDS:-200}                                  # cards (each its own customer) the file spreads over
AUTHS=${AUTHS:-3000}                                 # pending authorizations the file presents, reverses, clears again
CLEARING_FUNDING=${CLEARING_FUNDING:-100000.00}      # each card's top-up; force posts stay within it
APPLY_TIMEOUT=${APPLY_TIMEOUT:-3600}                 # seconds the upload step may take (staging + apply)
BENCH_PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-30}   # pgbench -T per client count
BENCH_PGBENCH_CLIENTS=${BENCH_PGBENCH_CLIENTS:-1,16} # pgbench -N client counts (1: like the one worker connection)
BENCH_PGBENCH_SCALE=${BENCH_PGBENCH_SCALE:-10}       # pgbench -i -s
BENCH_DB=${BENCH_DB:-emboss_bench}
BENCH_PGBENCH_DB=${BENCH_PGBENCH_DB:-pgbench_scratch}
BENCH_PG_BIN=${BENCH_PG_BIN:-}
BENCH_PG_CONF=${BENCH_PG_CONF:-}
BENCH_SERVER_OPTS=${BENCH_SERVER_OPTS:-}
BENCH_START_TIMEOUT=${BENCH_START_TIMEOUT:-120}
BENCH_LOCK_WAIT=${BENCH_LOCK_WAIT:-300}
BENCH_JFR=${BENCH_JFR:-0}                            # 1: a flight recording of the server; its hottest frames below the table
BENCH_KEEP=${BENCH_KEEP:-0}                          # 1: keep the work directory (file, logs, GC log, JFR)

log() { printf '[clearing-bench] %s\n' "$*" >&2; }

for tool in java psql pgbench curl; do
  command -v "$tool" >/dev/null || { log "missing: $tool"; exit 1; }
done
[[ "$RECORDS" =~ ^[0-9]+$ && "$RECORDS" -ge 2000 ]] || { log "RECORDS must be a number >= 2000"; exit 1; }
for db in "$BENCH_DB" "$BENCH_PGBENCH_DB"; do
  [[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { log "database names must be plain identifiers"; exit 1; }
done
# a small file cannot carry thousands of authorizations: at most a tenth of its records
if ((AUTHS * 10 > RECORDS)); then AUTHS=$((RECORDS / 10)); fi

if [[ -z "$BENCH_PG_BIN" ]]; then
  BENCH_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n 1 || true)
fi
for b in initdb pg_ctl postgres; do
  [[ -n "$BENCH_PG_BIN" && -x "$BENCH_PG_BIN/$b" ]] || { log "no PostgreSQL server binaries (set BENCH_PG_BIN)"; exit 1; }
done
AS_PG=()
if [[ $(id -u) == 0 ]]; then
  id postgres >/dev/null 2>&1 || { log "running as root and there is no postgres user to run PostgreSQL as"; exit 1; }
  AS_PG=(runuser -u postgres --)
fi

# one benchmark at a time on this machine (the lock bench.sh takes too)
exec 9>"${TMPDIR:-/tmp}/emboss-bench.lock"
if ! flock -n 9; then
  log "another benchmark run holds ${TMPDIR:-/tmp}/emboss-bench.lock; waiting up to ${BENCH_LOCK_WAIT}s"
  flock -w "$BENCH_LOCK_WAIT" 9 || { log "still busy; giving up"; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/emboss-clearing.XXXXXX")
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/emboss-clearing-pg.XXXXXX")
chmod 755 "$WORK"
SERVER_PID=""
SAMPLER_PID=""
STEP_PID=""
PG_STARTED=0

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

cleanup() {
  local rc=$?
  for p in "$STEP_PID" "$SAMPLER_PID"; do
    if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; then kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
  done
  stop_server
  if [[ "$PG_STARTED" == 1 ]]; then
    # the scratch databases go with the cluster
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $BENCH_PGBENCH_DB" -c "DROP DATABASE IF EXISTS $BENCH_DB" \
      >/dev/null 2>&1 || true
    "${AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDIR"
  rm -f "$WORK/clearing.csv"
  if [[ "$rc" != 0 || "$BENCH_KEEP" == 1 ]]; then
    log "exit $rc: logs kept in $WORK (server.log, gc.log, steps' output)"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
now_ms() { date +%s%3N; }

# ---- how to start the server (as bench.sh: the Spring Boot jar, else target/classes with the dependencies)
SERVER_LAUNCH=()
if [[ -f target/emboss.jar ]] && grep -qa 'BOOT-INF/' target/emboss.jar; then
  SERVER_LAUNCH=(-jar "$ROOT/target/emboss.jar")
elif [[ -d target/classes/io && -s target/bench-classpath.txt ]]; then
  SERVER_LAUNCH=(-cp "$ROOT/target/classes:$(paste -sd: target/bench-classpath.txt)" io.emboss.EmbossApplication)
else
  log "no target/emboss.jar: build first (./mvnw -o -q -DskipTests package), or run bench/bench.sh once"; exit 1
fi

# ---- a private PostgreSQL cluster on a free port (as bench.sh: fsync and synchronous_commit on)
PGHOST=127.0.0.1
PGPORT=$(free_port)
PGUSER=postgres
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGHOST PGPORT PGUSER PGOPTIONS
unset PGPASSWORD PGDATABASE PGSERVICE
((${#AS_PG[@]} == 0)) || chown postgres:postgres "$PGDIR"
log "PostgreSQL cluster in $PGDIR on 127.0.0.1:$PGPORT ($BENCH_PG_BIN)"
"${AS_PG[@]}" "$BENCH_PG_BIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
cat >>"$PGDIR/data/postgresql.conf" <<EOF

# emboss clearing bench
port = $PGPORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDIR'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
log_min_messages = warning
$BENCH_PG_CONF
EOF
"${AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start >/dev/null \
  || { cat "$PGDIR/server.log" >&2; exit 1; }
PG_STARTED=1
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $BENCH_DB" >/dev/null
PG_VERSION=$(psql -X -Atc 'show server_version' -d postgres | cut -d' ' -f1)

# ---- the server, heap bounded, every GC logged with its wall-clock time (the heap before each GC is its peak)
PORT=$(free_port)
ADMIN_TOKEN="bench-admin-$(hex 16)"
JVM_OPTS=(-Xmx"$HEAP" "-Xlog:gc:file=$WORK/gc.log:timemillis" -XX:+ExitOnOutOfMemoryError)
if [[ "$BENCH_JFR" == 1 ]]; then
  JVM_OPTS+=("-XX:StartFlightRecording=filename=$WORK/server.jfr,settings=profile,dumponexit=true")
fi
log "starting the server with -Xmx$HEAP on 127.0.0.1:$PORT (log: $WORK/server.log)"
# shellcheck disable=SC2086
(
  cd "$WORK"
  export EMBOSS_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
  export EMBOSS_DB_USER="$PGUSER"
  export EMBOSS_DB_PASSWORD=""
  export EMBOSS_ADMIN_TOKEN="$ADMIN_TOKEN"
  export EMBOSS_SECRET_KEY; EMBOSS_SECRET_KEY=$(hex 32)
  export EMBOSS_PAN_KEY; EMBOSS_PAN_KEY=$(hex 32)
  export EMBOSS_CVK; EMBOSS_CVK=$(hex 16)
  export EMBOSS_PVK; EMBOSS_PVK=$(hex 16)
  export EMBOSS_ZPK; EMBOSS_ZPK=$(hex 16)
  export EMBOSS_DATA_DIR="$WORK/data"
  exec java "${JVM_OPTS[@]}" $BENCH_SERVER_OPTS "${SERVER_LAUNCH[@]}" --server.address=127.0.0.1 --server.port="$PORT"
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
deadline=$((SECONDS + BENCH_START_TIMEOUT))
until curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "the server exited during start-up:"; tail -n 40 "$WORK/server.log" >&2; exit 1; fi
  if ((SECONDS >= deadline)); then log "no healthy server after ${BENCH_START_TIMEOUT}s"; tail -n 40 "$WORK/server.log" >&2; exit 1; fi
  sleep 0.5
done
log "server healthy"

# the heap in use once a second (the actuator's gauge, no authentication), with the wall-clock time
(
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    v=$(curl -fsS "$BASE/actuator/prometheus" 2>/dev/null \
      | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.0f", s }')
    echo "$(now_ms) ${v:-0}"
    sleep 1
  done
) >"$WORK/heap.samples" 2>/dev/null &
SAMPLER_PID=$!

run_step() { # the client's step in the background, so that INT/TERM stop it at once
  local out=$1; shift
  java "$ROOT/bench/ClearingBench.java" "$@" >"$out" &
  STEP_PID=$!
  local rc=0
  wait "$STEP_PID" || rc=$?
  STEP_PID=""
  return "$rc"
}

# ---- setup through the API
log "setup: $CARDS cards funded with $CLEARING_FUNDING each, $AUTHS pending authorizations"
run_step "$WORK/setup.out" setup --base "$BASE" --admin-token "$ADMIN_TOKEN" --cards "$CARDS" --auths "$AUTHS" \
  --funding "$CLEARING_FUNDING" --dir "$WORK"
SETUP_S=$(sed -nE 's/^SETUP .*seconds=([0-9.]+).*/\1/p' "$WORK/setup.out")

# ---- the file, streamed to disk by a niced generator
log "generating $RECORDS records"
GEN_T0=$(now_ms)
STEP_PID=""
nice -n 10 java -Xmx64m "$ROOT/bench/ClearingBench.java" generate --records "$RECORDS" --dir "$WORK" \
  --out "$WORK/clearing.csv" >"$WORK/generate.out" &
STEP_PID=$!
wait "$STEP_PID"
STEP_PID=""
GEN_S=$(awk -v a="$GEN_T0" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
FILE_BYTES=$(stat -c %s "$WORK/clearing.csv")
log "generated $(awk -v b="$FILE_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }') MB in $GEN_S s"

# ---- upload once, apply, check; upload again
log "uploading (staging), then waiting for the worker to apply it"
HWM_BEFORE=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
timeout "$APPLY_TIMEOUT" java "$ROOT/bench/ClearingBench.java" upload --base "$BASE" --admin-token "$ADMIN_TOKEN" \
  --file "$WORK/clearing.csv" --dir "$WORK" >"$WORK/upload.out" &
STEP_PID=$!
HEAP_BEFORE=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
UPLOAD_RC=0
wait "$STEP_PID" || UPLOAD_RC=$?
STEP_PID=""
SERVER_HWM=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')
if ((UPLOAD_RC != 0)) || ! grep -q '^RESULT ' "$WORK/upload.out"; then
  log "the upload step failed (exit $UPLOAD_RC; after ${APPLY_TIMEOUT}s it is stopped):"
  cat "$WORK/upload.out" >&2; tail -n 30 "$WORK/server.log" >&2; exit 1
fi
if grep -q OutOfMemoryError "$WORK/server.log"; then log "the server ran out of heap"; exit 1; fi

mark() { sed -nE "s/^MARK $1 ([0-9]+)/\1/p" "$WORK/upload.out"; }
T_START=$(mark upload_start); T_ANSWERED=$(mark upload_answered); T_APPLIED=$(mark applied)
# heap: the largest occupancy any GC found (before collecting) between the upload and the file's completion,
# and the largest one-second sample in the same window
GC_PEAK=$(awk -v a="$T_START" -v b="$T_APPLIED" '
  { t = $1; gsub(/[^0-9]/, "", t) }
  t >= a && t <= b && match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/) {
    s = substr($0, RSTART, RLENGTH); split(s, x, /M->|M\(|M\)/); if (x[1] + 0 > m) m = x[1] + 0; if (x[3] + 0 > c) c = x[3] + 0; if (x[2] + 0 > l) l = x[2] + 0; n++ }
  END { printf "%d %d %d %d", m, c, n, l }' "$WORK/gc.log")
read -r HEAP_PEAK_GC HEAP_COMMITTED GC_COUNT HEAP_LIVE <<<"$GC_PEAK"
HEAP_PEAK_SAMPLE=$(awk -v a="$T_START" -v b="$T_APPLIED" '$1 >= a && $1 <= b && $2 > m { m = $2 } END { printf "%.0f", m / 1048576 }' \
  "$WORK/heap.samples")
HEAP_BASE=$(awk -v a="$T_START" '$1 < a { v = $2 } END { printf "%.0f", v / 1048576 }' "$WORK/heap.samples")
SERVER_RSS=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')

if [[ "$BENCH_JFR" == 1 ]]; then
  jcmd "$SERVER_PID" JFR.dump name=1 filename="$WORK/server.jfr" >/dev/null 2>&1 || true
fi
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
log "stopping the server"
stop_server

# ---- pgbench -N on a scratch database of the same cluster, the machine to itself
log "pgbench -i -s $BENCH_PGBENCH_SCALE ($BENCH_PGBENCH_DB)"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $BENCH_PGBENCH_DB" >/dev/null
pgbench -i -q -s "$BENCH_PGBENCH_SCALE" "$BENCH_PGBENCH_DB" >"$WORK/pgbench-init.log" 2>&1 \
  || { cat "$WORK/pgbench-init.log" >&2; exit 1; }
PGBENCH=""
for c in ${BENCH_PGBENCH_CLIENTS//,/ }; do
  j=$((c < 2 ? c : 2))
  log "pgbench -N -c $c -j $j -T $BENCH_PGBENCH_SECONDS"
  out=$(pgbench -N -c "$c" -j "$j" -T "$BENCH_PGBENCH_SECONDS" -n "$BENCH_PGBENCH_DB" 2>&1) || true
  tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | head -n 1)
  [[ -n "$tps" ]] && tps=$(printf "%.1f" "$tps")
  PGBENCH+="${PGBENCH:+ }$c:${tps:-n/a}"
done
psql -X -q -d postgres -c "DROP DATABASE $BENCH_PGBENCH_DB" >/dev/null

# ---- the table
R=$(grep '^RESULT ' "$WORK/upload.out")
field() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<" $R"; }
echo
echo "Emboss clearing file (issue 17) vs pgbench -N, PostgreSQL $PG_VERSION (private cluster: fsync and synchronous_commit" \
     "on, shared_buffers 256MB), $(nproc) cores, server -Xmx$HEAP; chunks of 500 records, one worker"
printf '%-9s %7s %6s %7s %7s %9s %9s %9s %9s %9s %9s %11s\n' "records" "file MB" "heap" "peak MB" "stage s" "stage r/s" \
  "apply s" "apply r/s" "total s" "total r/s" "pgbench-N" "tps"
first=1
for pc in $PGBENCH; do
  if ((first)); then
    printf '%-9s %7.1f %6s %7s %7.1f %9.0f %9.1f %9.0f %9.1f %9.0f %9s %11s\n' "$(field records)" \
      "$(awk -v b="$FILE_BYTES" 'BEGIN { print b / 1048576 }')" "$HEAP" "$HEAP_PEAK_GC" "$(field staging_s)" \
      "$(field staging_rps)" "$(field apply_s)" "$(field apply_rps)" "$(field overall_s)" "$(field overall_rps)" \
      "-c ${pc%%:*}" "${pc#*:}"
    first=0
  else
    printf '%-9s %7s %6s %7s %7s %9s %9s %9s %9s %9s %9s %11s\n' "" "" "" "" "" "" "" "" "" "" "-c ${pc%%:*}" "${pc#*:}"
  fi
done
echo
echo "  heap: -Xmx$HEAP; peak MB = the most the heap held at any GC between the upload and completion ($GC_COUNT GCs," \
     "committed up to ${HEAP_COMMITTED} MB, at most ${HEAP_LIVE} MB live after a GC); one-second samples: at most ${HEAP_PEAK_SAMPLE} MB (${HEAP_BASE} MB before the" \
     "upload); server RSS ${SERVER_RSS} MB, peak ${SERVER_HWM} MB (${HEAP_BEFORE} MB before the upload)"
echo "  stage = the POST (the body copied to a temporary file while hashed, every line staged in one transaction," \
     "1000 rows a statement); apply = from the POST's answer until GET says completed (chunks of 500, one" \
     "transaction each, and the settlement); total = both"
echo "  setup: $CARDS cards, $AUTHS pending authorizations in ${SETUP_S} s; file generated in ${GEN_S} s"
echo "  the file's mix:"
sed -nE 's/^MIX /    /p' "$WORK/generate.out"
echo "  outcomes:$(sed -nE 's/^OUTCOMES//p' "$WORK/upload.out")"
echo "  expected: $(sed -nE 's/^EXPECTED //p' "$WORK/upload.out")"
echo "  re-sent: $(sed -nE 's/^RESEND //p' "$WORK/upload.out") in $(field resend_s) s"
sed -nE 's/^LEDGER (balanced=[a-z]+) \{.*"accountsChecked":([0-9]+),"transfersChecked":([0-9]+).*/  ledger verification: \1 (\2 accounts, \3 transfers)/p' \
  "$WORK/upload.out"
grep '^PROBLEM ' "$WORK/upload.out" | sed 's/^PROBLEM /  PROBLEM: /' || true

if [[ "$BENCH_JFR" == 1 && -s "$WORK/server.jfr" ]]; then
  echo
  echo "  the server's hottest frames during the run (JFR execution samples, top frame, io.emboss first):"
  jfr print --events jdk.ExecutionSample "$WORK/server.jfr" 2>/dev/null | awk '
    /stackTrace = \[/ { getline; f = $0; gsub(/^[ \t]+|[ \t]+line:.*$/, "", f); top[f]++; n++
      while ((getline l) > 0 && l !~ /^[ \t]*\]/) { if (l ~ /io\.emboss\./) { g = l; gsub(/^[ \t]+|[ \t]+line:.*$/, "", g); em[g]++; break } } }
    END { for (k in top) printf "%6.1f%% top  %s\n", 100 * top[k] / n, k | "sort -rn | head -n 12"; close("sort -rn | head -n 12")
          for (k in em) printf "%6.1f%% emboss %s\n", 100 * em[k] / n, k | "sort -rn | head -n 12" }' | sed 's/^/    /'
  BENCH_KEEP=1
fi
grep -q '^CHECKS ok' "$WORK/upload.out" || { log "checks failed"; exit 2; }
