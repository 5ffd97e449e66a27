#!/usr/bin/env bash
# Top-ups through the HTTP API on PostgreSQL at 1/16/64 clients, beside pgbench -N TPS on the
# same PostgreSQL in the same run. See bench/README.md. Everything stays on 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

BENCH_SECONDS=${BENCH_SECONDS:-10}                  # measured seconds per scenario and client count
BENCH_WARMUP=${BENCH_WARMUP:-2}                     # unmeasured warm-up before each measured run
BENCH_JIT_WARMUP=${BENCH_JIT_WARMUP:-10}            # unmeasured warm-up of the fresh server, once
BENCH_CLIENTS=${BENCH_CLIENTS:-1,16,64}             # concurrent clients (same counts for pgbench)
BENCH_SCENARIOS=${BENCH_SCENARIOS:-topup-many,topup-hot}
BENCH_AMOUNT=${BENCH_AMOUNT:-10.00}                 # amount of every top-up
BENCH_PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-10}  # pgbench -T per client count
BENCH_PGBENCH_SCALE=${BENCH_PGBENCH_SCALE:-10}      # pgbench -i -s
BENCH_DB=${BENCH_DB:-emboss_bench}
BENCH_KEEP_DB=${BENCH_KEEP_DB:-0}                   # 1: keep the database after the run
BENCH_SERVER_OPTS=${BENCH_SERVER_OPTS:-}            # extra JVM options for the server
BENCH_START_TIMEOUT=${BENCH_START_TIMEOUT:-120}     # seconds to wait for /actuator/health
BENCH_LOCK_WAIT=${BENCH_LOCK_WAIT:-300}             # seconds to wait for another benchmark run to finish
PGHOST=127.0.0.1
PGPORT=${PGPORT:-5432}
PGUSER=postgres
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGHOST PGPORT PGUSER PGOPTIONS   # PGPASSWORD, if the server wants one, is passed through

CLIENTS=$(tr ',' ' ' <<<"$BENCH_CLIENTS")

log() { printf '[bench] %s\n' "$*" >&2; }

for tool in java psql pgbench curl; do
  command -v "$tool" >/dev/null || { log "missing: $tool"; exit 1; }
done
[[ "$BENCH_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || { log "BENCH_DB must be a plain identifier"; exit 1; }

# one benchmark at a time on this machine: two would measure each other (and share the database)
exec 9>"${TMPDIR:-/tmp}/emboss-bench.lock"
if ! flock -n 9; then
  log "another benchmark run holds ${TMPDIR:-/tmp}/emboss-bench.lock; waiting up to ${BENCH_LOCK_WAIT}s"
  flock -w "$BENCH_LOCK_WAIT" 9 || { log "still busy; giving up"; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/emboss-bench.XXXXXX")
SERVER_PID=""
CREATED_DB=0

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
  stop_server
  if [[ "$CREATED_DB" == 1 && "$BENCH_KEEP_DB" != 1 ]]; then
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the jar
if [[ ! -f target/emboss.jar ]]; then
  log "building target/emboss.jar"
  ./mvnw -q -DskipTests package
fi

# ---- a fresh database
log "fresh database $BENCH_DB on $PGHOST:$PGPORT"
in_use=$(psql -Atq -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$BENCH_DB'")
if ((in_use > 0)); then
  log "$BENCH_DB has $in_use open connections: another run (without the lock) is using it; not touching it"
  exit 1
fi
psql -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB" >/dev/null
CREATED_DB=1

# ---- the server on a free loopback port
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
PORT=$(free_port)
ISO_PORT=$(free_port)
while [[ "$ISO_PORT" == "$PORT" ]]; do ISO_PORT=$(free_port); done
ADMIN_TOKEN="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

log "starting the server on 127.0.0.1:$PORT, ISO 8583 on 127.0.0.1:$ISO_PORT (log: $WORK/server.log)"
# shellcheck disable=SC2086
(
  cd "$WORK"
  export EMBOSS_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
  export EMBOSS_DB_USER="$PGUSER"
  export EMBOSS_DB_PASSWORD="${PGPASSWORD:-}"
  export EMBOSS_ADMIN_TOKEN="$ADMIN_TOKEN"
  export EMBOSS_SECRET_KEY; EMBOSS_SECRET_KEY=$(hex 32)
  export EMBOSS_PAN_KEY; EMBOSS_PAN_KEY=$(hex 32)
  export EMBOSS_CVK; EMBOSS_CVK=$(hex 16)
  export EMBOSS_PVK; EMBOSS_PVK=$(hex 16)
  export EMBOSS_DATA_DIR="$WORK/data"
  export EMBOSS_ISO8583_ENABLED=true EMBOSS_ISO8583_ADDRESS=127.0.0.1 EMBOSS_ISO8583_PORT="$ISO_PORT"
  export EMBOSS_ZPK; EMBOSS_ZPK=$(hex 16)
  exec java $BENCH_SERVER_OPTS -jar "$ROOT/target/emboss.jar" --server.address=127.0.0.1 --server.port="$PORT"
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

BASE="http://127.0.0.1:$PORT"
deadline=$((SECONDS + BENCH_START_TIMEOUT))
until curl -fsS -o /dev/null "$BASE/actuator/health" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server exited during start-up:"; tail -n 40 "$WORK/server.log" >&2; exit 1
  fi
  if ((SECONDS >= deadline)); then
    log "no healthy server after ${BENCH_START_TIMEOUT}s:"; tail -n 40 "$WORK/server.log" >&2; exit 1
  fi
  sleep 0.5
done
log "server healthy"

# ---- load
# CPU accounting (Linux /proc, in clock ticks): the whole machine, the server, and the PostgreSQL
# backends serving emboss_bench; the load generator reports its own. The rest is everything else.
TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null || echo 0; }
cpu_total() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null || echo 0; }
cpu_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_pg() {
  local sum=0 p
  for p in $(pgrep -f "^postgres: .* $BENCH_DB " 2>/dev/null || true); do sum=$((sum + $(cpu_of "$p"))); done
  echo "$sum"
}
loadavg() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'; }
LOAD_BEFORE=$(loadavg)
if awk -v l="$LOAD_BEFORE" -v n="$(nproc)" 'BEGIN { exit !(l + 0 > n / 2) }'; then
  log "warning: load average $LOAD_BEFORE on $(nproc) cores before the run: other processes compete for the CPU"
fi
C0_BUSY=$(cpu_busy); C0_TOTAL=$(cpu_total); C0_SERVER=$(cpu_of "$SERVER_PID"); C0_PG=$(cpu_pg)
LG_RC=0
java "$ROOT/bench/LoadGen.java" --base "$BASE" --admin-token "$ADMIN_TOKEN" \
  --scenarios "$BENCH_SCENARIOS" --clients "$BENCH_CLIENTS" --seconds "$BENCH_SECONDS" --warmup "$BENCH_WARMUP" \
  --jit-warmup "$BENCH_JIT_WARMUP" --amount "$BENCH_AMOUNT" \
  --iso8583 "127.0.0.1:$ISO_PORT" --iso-client "$ROOT/tools/Iso8583Client.java" >"$WORK/loadgen.out" || LG_RC=$?
C1_BUSY=$(cpu_busy); C1_TOTAL=$(cpu_total); C1_SERVER=$(cpu_of "$SERVER_PID"); C1_PG=$(cpu_pg)
LG_CPU=$(sed -nE 's/^CPU loadgen_seconds=([0-9.]+).*/\1/p' "$WORK/loadgen.out" | head -n 1)
CPU_LINE=$(awk -v t="$TICK" -v b=$((C1_BUSY - C0_BUSY)) -v a=$((C1_TOTAL - C0_TOTAL)) \
  -v s=$((C1_SERVER - C0_SERVER)) -v p=$((C1_PG - C0_PG)) -v l="${LG_CPU:-0}" 'BEGIN {
    o = b / t - s / t - p / t - l; if (o < 0) o = 0
    printf "CPU-seconds during the HTTP phase: %.0f of %.0f available (%.0f%% busy): server %.0f, load generator %.0f, PostgreSQL (%s backends) %.0f, everything else %.0f",
      b / t, a / t, (a > 0 ? 100 * b / a : 0), s / t, l, "'"$BENCH_DB"'", p / t, o }')
if ! grep -q '^RESULT ' "$WORK/loadgen.out"; then
  log "the load generator produced no result (exit $LG_RC)"; tail -n 40 "$WORK/server.log" >&2; exit 1
fi

# the database alone for pgbench: nothing else running on the machine
log "stopping the server"
stop_server

# ---- pgbench -N on the same PostgreSQL and database
log "pgbench -i -s $BENCH_PGBENCH_SCALE"
pgbench -i -q -s "$BENCH_PGBENCH_SCALE" "$BENCH_DB" >"$WORK/pgbench-init.log" 2>&1 \
  || { cat "$WORK/pgbench-init.log" >&2; exit 1; }
: >"$WORK/pgbench.tps"
# pgbench opens one connection per client: beyond what the server has free (max_connections less
# the connections open now, less a margin) it runs at the most it can open
PG_MAX_CLIENTS=$(psql -Atq -d postgres -c "SELECT current_setting('max_connections')::int
  - (SELECT count(*) FROM pg_stat_activity) - 10")
for c in $CLIENTS; do
  pc=$((c > PG_MAX_CLIENTS ? PG_MAX_CLIENTS : c))
  j=$((pc < 2 ? pc : 2))
  ((pc == c)) || log "only $pc connections free for pgbench: its row for $c clients is measured at $pc"
  log "pgbench -N -c $pc -j $j -T $BENCH_PGBENCH_SECONDS"
  out=$(pgbench -N -c "$pc" -j "$j" -T "$BENCH_PGBENCH_SECONDS" -n "$BENCH_DB" 2>&1) || { echo "$out" >&2; exit 1; }
  tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | head -n 1)
  [[ -n "$tps" ]] || { echo "$out" >&2; log "no tps in the pgbench output"; exit 1; }
  echo "$c $tps" >>"$WORK/pgbench.tps"
done

# ---- the table
echo
echo "Emboss ${BENCH_TITLE:-top-ups via HTTP} vs pgbench -N, PostgreSQL $(psql -Atc 'show server_version' | cut -d' ' -f1)" \
     "on $PGHOST:$PGPORT, $(nproc) cores, $BENCH_SECONDS s per run (+${BENCH_WARMUP} s warm-up each, ${BENCH_JIT_WARMUP} s JIT warm-up once), pgbench -s $BENCH_PGBENCH_SCALE -T $BENCH_PGBENCH_SECONDS"
awk '
  NR == FNR { tps[$1] = $2; next }
  /^RESULT / {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    if (!header++) {
      printf "%-18s %7s %9s %9s %8s %8s %8s %7s %10s %6s\n", "scenario", "clients", "requests", "ops/s", "p50 ms", "p99 ms", "p999 ms", "errors", "pgbench-N", "ratio"
    }
    t = tps[f["clients"]]
    printf "%-18s %7d %9d %9.1f %8.2f %8.2f %8.2f %7d %10.1f %6s\n", f["scenario"], f["clients"], f["requests"], f["ops"], f["p50"], f["p99"], f["p999"], f["errors"], t, (t > 0 ? sprintf("%.2f", f["ops"] / t) : "-")
  }
' "$WORK/pgbench.tps" "$WORK/loadgen.out"
echo
echo "  $CPU_LINE"
echo "  (server, load generator and PostgreSQL share $(nproc) cores; 1-min load average before the run: $LOAD_BEFORE)"
grep -E '^(CHECK|LEDGER) ' "$WORK/loadgen.out" | sed 's/^/  /'

if grep -q '^LEDGER balanced=true' "$WORK/loadgen.out"; then
  echo "  ledger verification: balanced"
else
  echo "  ledger verification: NOT BALANCED" ; exit 2
fi
if ((LG_RC != 0)); then
  log "the load generator failed (exit $LG_RC)"; exit "$LG_RC"
fi
