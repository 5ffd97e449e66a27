#!/usr/bin/env bash
# The benchmark harness behind bench/run-*.sh: the server and pgbench -N on a private PostgreSQL
# cluster of this run (made with the machine's PostgreSQL binaries, pg_stat_statements preloaded,
# fsync and synchronous_commit on), the load generator bench/LoadGen.java, one table. See
# bench/README.md. Everything stays on 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

BENCH_SECONDS=${BENCH_SECONDS:-10}                  # measured seconds per row (scenario and client count)
BENCH_WARMUP=${BENCH_WARMUP:-2}                     # unmeasured warm-up before each measured run
BENCH_JIT_WARMUP=${BENCH_JIT_WARMUP:-10}            # unmeasured warm-up of the fresh server, once
BENCH_CLIENTS=${BENCH_CLIENTS:-1,16,64}             # client counts of a scenario that names none
BENCH_SCENARIOS=${BENCH_SCENARIOS:-topup-many,topup-hot}   # name or name:C1:C2 (its own client counts)
BENCH_AMOUNT=${BENCH_AMOUNT:-10.00}                 # amount of every top-up or authorization
BENCH_SETTLE=${BENCH_SETTLE:-11}                    # idle seconds before reading pg_stat_database (0: don't wait)
BENCH_PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-10}  # pgbench -T per client count
BENCH_PGBENCH_SCALE=${BENCH_PGBENCH_SCALE:-10}      # pgbench -i -s
BENCH_DB=${BENCH_DB:-emboss_bench}
BENCH_KEEP_DB=${BENCH_KEEP_DB:-0}                   # 1: leave the cluster running after the run
BENCH_PG_BIN=${BENCH_PG_BIN:-}                      # directory of initdb, pg_ctl, postgres (default: newest /usr/lib/postgresql/N/bin)
BENCH_PG_CONF=${BENCH_PG_CONF:-}                    # extra postgresql.conf lines, e.g. "wal_buffers = 64MB"
BENCH_SERVER_OPTS=${BENCH_SERVER_OPTS:-}            # extra JVM options for the server
BENCH_HTTP_CLIENT=${BENCH_HTTP_CLIENT:-nio}         # load generator's HTTP client: nio (one thread) or jdk
BENCH_TOP_STATEMENTS=${BENCH_TOP_STATEMENTS:-0}     # N > 0: each row's N most frequent statements, per approval
BENCH_START_TIMEOUT=${BENCH_START_TIMEOUT:-120}     # seconds to wait for /actuator/health
BENCH_LOCK_WAIT=${BENCH_LOCK_WAIT:-300}             # seconds to wait for another benchmark run to finish
BENCH_RESULTS_DIR=${BENCH_RESULTS_DIR:-}            # a directory: the generator's output and pgbench's TPS are copied there (for wrappers)

log() { printf '[bench] %s\n' "$*" >&2; }

for tool in java psql pgbench curl; do
  command -v "$tool" >/dev/null || { log "missing: $tool"; exit 1; }
done
[[ "$BENCH_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || { log "BENCH_DB must be a plain identifier"; exit 1; }

# client counts of every row, and all of them (for pgbench)
ALL_CLIENTS=$(tr ', ' '\n\n' <<<"$BENCH_SCENARIOS" | awk -F: -v d="$BENCH_CLIENTS" 'NF {
    if (NF == 1) { n = split(d, c, /[, ]+/); for (i = 1; i <= n; i++) if (c[i] != "") print c[i] }
    else for (i = 2; i <= NF; i++) print $i }' | sort -n | uniq | tr '\n' ' ')
[[ -n "$ALL_CLIENTS" ]] || { log "no client counts in BENCH_SCENARIOS / BENCH_CLIENTS"; exit 1; }

# ---- PostgreSQL binaries of this machine (the cluster is our own: pg_stat_statements must be preloaded,
# which the shared server on 5432 is not, and that server must not be restarted)
if [[ -z "$BENCH_PG_BIN" ]]; then
  BENCH_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n 1 || true)
fi
for b in initdb pg_ctl postgres; do
  if [[ -z "$BENCH_PG_BIN" || ! -x "$BENCH_PG_BIN/$b" ]]; then
    log "no PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/*/bin;"
    log "install the server package (e.g. apt-get install postgresql) or set BENCH_PG_BIN to their directory"
    exit 1
  fi
done
AS_PG=()
if [[ $(id -u) == 0 ]]; then
  id postgres >/dev/null 2>&1 || { log "running as root and there is no postgres user to run PostgreSQL as"; exit 1; }
  AS_PG=(runuser -u postgres --)
fi

# one benchmark at a time on this machine: two would measure each other
exec 9>"${TMPDIR:-/tmp}/emboss-bench.lock"
if ! flock -n 9; then
  log "another benchmark run holds ${TMPDIR:-/tmp}/emboss-bench.lock; waiting up to ${BENCH_LOCK_WAIT}s"
  flock -w "$BENCH_LOCK_WAIT" 9 || { log "still busy; giving up"; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/emboss-bench.XXXXXX")
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/emboss-bench-pg.XXXXXX")
SERVER_PID=""
LG_PID=""
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
  if [[ -n "$LG_PID" ]] && kill -0 "$LG_PID" 2>/dev/null; then
    kill "$LG_PID" 2>/dev/null || true
    wait "$LG_PID" 2>/dev/null || true
  fi
  stop_server
  if [[ "$rc" != 0 && -s "$WORK/server.log" ]]; then
    local kept
    kept=$(mktemp -d "${TMPDIR:-/tmp}/emboss-bench-failed.XXXXXX")
    cp "$WORK"/*.log "$WORK"/*.out "$kept"/ 2>/dev/null || true
    log "exit $rc: the server log and the load generator's output are kept in $kept"
  fi
  if [[ "$PG_STARTED" == 1 && "$BENCH_KEEP_DB" == 1 ]]; then
    log "cluster kept: psql -h 127.0.0.1 -p $PGPORT -U postgres $BENCH_DB;" \
        "stop and remove it: ${AS_PG[*]} $BENCH_PG_BIN/pg_ctl -D $PGDIR/data stop && rm -rf $PGDIR"
  else
    if [[ "$PG_STARTED" == 1 ]]; then
      "${AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGDIR"
  fi
  rm -rf "$WORK"
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

# ---- how to start the server: the Spring Boot jar; where it cannot be repackaged (an offline machine
# without spring-boot-loader-tools), the compiled classes with the project's runtime dependencies
SERVER_LAUNCH=()
if [[ -f target/emboss.jar ]] && grep -qa 'BOOT-INF/' target/emboss.jar; then
  SERVER_LAUNCH=(-jar "$ROOT/target/emboss.jar")
else
  if [[ ! -d target/classes/io ]]; then
    log "building target/classes (./mvnw -o -q -pl server -DskipTests compile)"
    ./mvnw -o -q -pl server -DskipTests compile
  fi
  CP_FILE=target/bench-classpath.txt
  if [[ ! -s "$CP_FILE" || server/pom.xml -nt "$CP_FILE" ]]; then
    log "target/emboss.jar is not an executable Spring Boot jar: listing the runtime dependencies (./mvnw -o -X -pl server)"
    ./mvnw -o -X -pl server -Dmaven.test.skip=true test-compile 2>&1 | awk -v repo="${BENCH_M2_REPO:-$HOME/.m2/repository}" '
      /^\[DEBUG\] +[A-Za-z0-9_.\-]+:[A-Za-z0-9_.\-]+:jar:/ {
        n = split($2, f, ":"); scope = f[n]
        if (scope != "compile" && scope != "runtime") next
        g = f[1]; a = f[2]; v = f[n - 1]; c = (n == 6 ? "-" f[4] : "")
        gsub(/\./, "/", g)
        p = repo "/" g "/" a "/" v "/" a "-" v c ".jar"
        if (!seen[p]++) print p
      }' >"$CP_FILE.tmp"
    while read -r jar; do [[ -f "$jar" ]] || { log "missing dependency $jar"; rm -f "$CP_FILE.tmp"; exit 1; }; done <"$CP_FILE.tmp"
    [[ -s "$CP_FILE.tmp" ]] || { log "could not list the runtime dependencies"; exit 1; }
    mv "$CP_FILE.tmp" "$CP_FILE"
  fi
  log "running target/classes with the runtime dependencies of $CP_FILE (no executable target/emboss.jar)"
  SERVER_LAUNCH=(-cp "$ROOT/target/classes:$(paste -sd: "$CP_FILE")" "${BENCH_MAIN_CLASS:-io.emboss.EmbossApplication}")
fi

# ---- a private PostgreSQL cluster on a free port
PGHOST=127.0.0.1
PGPORT=$(free_port)
PGUSER=postgres
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGHOST PGPORT PGUSER PGOPTIONS
unset PGPASSWORD PGDATABASE PGSERVICE

if [[ $(stat -f -c %T "$PGDIR") == tmpfs ]]; then
  log "warning: $PGDIR is on tmpfs: commits cost no disk flush there (set TMPDIR to a directory on disk)"
fi
((${#AS_PG[@]} == 0)) || chown postgres:postgres "$PGDIR"
log "PostgreSQL cluster in $PGDIR on 127.0.0.1:$PGPORT ($BENCH_PG_BIN)"
"${AS_PG[@]}" "$BENCH_PG_BIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
cat >>"$PGDIR/data/postgresql.conf" <<EOF

# emboss bench
port = $PGPORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDIR'
max_connections = 300
shared_buffers = 256MB
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
pg_stat_statements.track = top
fsync = on
synchronous_commit = on
log_min_messages = warning
$BENCH_PG_CONF
EOF
"${AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start >/dev/null \
  || { cat "$PGDIR/server.log" >&2; exit 1; }
PG_STARTED=1
PG_PID=$(head -n 1 "$PGDIR/data/postmaster.pid")
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE EXTENSION pg_stat_statements" -c "CREATE DATABASE $BENCH_DB" >/dev/null
PG_VERSION=$(psql -X -Atc 'show server_version' -d postgres | cut -d' ' -f1)

# ---- the server on a free loopback port
PORT=$(free_port)
ISO_PORT=$(free_port)
while [[ "$ISO_PORT" == "$PORT" || "$ISO_PORT" == "$PGPORT" ]]; do ISO_PORT=$(free_port); done
ADMIN_TOKEN="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

log "starting the server on 127.0.0.1:$PORT, ISO 8583 on 127.0.0.1:$ISO_PORT (log: $WORK/server.log)"
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
  export EMBOSS_DATA_DIR="$WORK/data"
  export EMBOSS_ISO8583_ENABLED=true EMBOSS_ISO8583_ADDRESS=127.0.0.1 EMBOSS_ISO8583_PORT="$ISO_PORT"
  export EMBOSS_ZPK; EMBOSS_ZPK=$(hex 16)
  exec java $BENCH_SERVER_OPTS "${SERVER_LAUNCH[@]}" --server.address=127.0.0.1 --server.port="$PORT"
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
# CPU accounting for the whole load phase (Linux /proc, in clock ticks): the machine, the server, the
# cluster's processes (the postmaster's own and its exited children's times, and the running ones');
# the load generator reports its own. The rest is everything else.
TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null || echo 0; }
cpu_total() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null || echo 0; }
# utime + stime (+ cutime + cstime with a second argument 1), counted after the command name, which may hold spaces
cpu_of() {
  awk -v c="${2:-0}" '{ sub(/.*\) /, ""); split($0, f, " "); s = f[12] + f[13] + (c ? f[14] + f[15] : 0) }
    END { print s + 0 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
cpu_pg() {
  local sum p
  sum=$(cpu_of "$PG_PID" 1)
  for p in $(pgrep -P "$PG_PID" 2>/dev/null || true); do sum=$((sum + $(cpu_of "$p"))); done
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
  --jit-warmup "$BENCH_JIT_WARMUP" --amount "$BENCH_AMOUNT" --http-client "$BENCH_HTTP_CLIENT" \
  --iso8583 "127.0.0.1:$ISO_PORT" --iso-client "$ROOT/tools/Iso8583Client.java" \
  --server-pid "$SERVER_PID" --pg-pid "$PG_PID" --pg-stats "$BENCH_DB" --settle "$BENCH_SETTLE" --clk-tck "$TICK" \
  --top-statements "$BENCH_TOP_STATEMENTS" \
  >"$WORK/loadgen.out" &
# in the background: a TERM or INT to this script interrupts the wait at once (the trap stops everything)
LG_PID=$!
wait "$LG_PID" || LG_RC=$?
LG_PID=""
C1_BUSY=$(cpu_busy); C1_TOTAL=$(cpu_total); C1_SERVER=$(cpu_of "$SERVER_PID"); C1_PG=$(cpu_pg)
SERVER_HWM=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')
LG_CPU=$(sed -nE 's/^CPU loadgen_seconds=([0-9.]+).*/\1/p' "$WORK/loadgen.out" | head -n 1)
CPU_LINE=$(awk -v t="$TICK" -v b=$((C1_BUSY - C0_BUSY)) -v a=$((C1_TOTAL - C0_TOTAL)) \
  -v s=$((C1_SERVER - C0_SERVER)) -v p=$((C1_PG - C0_PG)) -v l="${LG_CPU:-0}" 'BEGIN {
    o = b / t - s / t - p / t - l; if (o < 0) o = 0
    printf "CPU-seconds of the whole load phase (setup, warm-ups, settling included): %.0f of %.0f available (%.0f%% busy): server %.0f, load generator %.0f, PostgreSQL %.0f, everything else %.0f",
      b / t, a / t, (a > 0 ? 100 * b / a : 0), s / t, l, p / t, o }')
if ! grep -q '^RESULT ' "$WORK/loadgen.out"; then
  log "the load generator produced no result (exit $LG_RC)"; tail -n 40 "$WORK/server.log" >&2; exit 1
fi

# the database alone for pgbench: nothing else running on the machine
log "stopping the server"
stop_server

# ---- pgbench -N on the same PostgreSQL cluster
log "pgbench -i -s $BENCH_PGBENCH_SCALE"
pgbench -i -q -s "$BENCH_PGBENCH_SCALE" "$BENCH_DB" >"$WORK/pgbench-init.log" 2>&1 \
  || { cat "$WORK/pgbench-init.log" >&2; exit 1; }
: >"$WORK/pgbench.tps"
# CPU during the pgbench runs: pgbench's own (this shell's waited-for children, from the times builtin,
# which must run in this shell, not in a subshell), the cluster's, everything else's
children_cpu() {
  times >"$WORK/times"
  CHILDREN_CPU=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s + 0 }' "$WORK/times")
}
children_cpu; P0_CHILDREN=$CHILDREN_CPU
P0_BUSY=$(cpu_busy); P0_TOTAL=$(cpu_total); P0_PG=$(cpu_pg)
# pgbench opens one connection per client: beyond what the server has free (max_connections less
# the connections open now, less a margin) it runs at the most it can open
PG_MAX_CLIENTS=$(psql -X -Atq -d postgres -c "SELECT current_setting('max_connections')::int
  - (SELECT count(*) FROM pg_stat_activity) - 10")
for c in $ALL_CLIENTS; do
  pc=$((c > PG_MAX_CLIENTS ? PG_MAX_CLIENTS : c))
  j=$((pc < 2 ? pc : 2))
  ((pc == c)) || log "only $pc connections free for pgbench: its row for $c clients is measured at $pc"
  log "pgbench -N -c $pc -j $j -T $BENCH_PGBENCH_SECONDS"
  # a pgbench that fails (or, on a saturated machine, spends its whole -T opening connections) leaves
  # its rows without a ratio rather than losing the table
  out=$(pgbench -N -c "$pc" -j "$j" -T "$BENCH_PGBENCH_SECONDS" -n "$BENCH_DB" 2>&1) || true
  tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | head -n 1)
  if [[ -z "$tps" ]] || ! awk -v t="$tps" 'BEGIN { exit !(t > 0) }'; then
    tail -n 5 <<<"$out" >&2; log "pgbench at $pc clients measured nothing: its rows show n/a"; tps=0
  fi
  echo "$c $tps" >>"$WORK/pgbench.tps"
done
P1_BUSY=$(cpu_busy); P1_TOTAL=$(cpu_total); P1_PG=$(cpu_pg); children_cpu; P1_CHILDREN=$CHILDREN_CPU
PGBENCH_CPU_LINE=$(awk -v t="$TICK" -v b=$((P1_BUSY - P0_BUSY)) -v a=$((P1_TOTAL - P0_TOTAL)) -v p=$((P1_PG - P0_PG)) \
  -v c0="$P0_CHILDREN" -v c1="$P1_CHILDREN" 'BEGIN {
    g = c1 - c0; o = b / t - p / t - g; if (o < 0) o = 0
    printf "CPU-seconds during the pgbench -N runs: %.0f of %.0f available (%.0f%% busy): pgbench %.0f, PostgreSQL %.0f, everything else %.0f",
      b / t, a / t, (a > 0 ? 100 * b / a : 0), g, p / t, o }')

if [[ -n "$BENCH_RESULTS_DIR" ]]; then
  cp "$WORK/loadgen.out" "$BENCH_RESULTS_DIR/loadgen.out"
  cp "$WORK/pgbench.tps" "$BENCH_RESULTS_DIR/pgbench.tps"
fi

# ---- the table
echo
echo "Emboss ${BENCH_TITLE:-via HTTP} vs pgbench -N, PostgreSQL $PG_VERSION (private cluster: fsync and synchronous_commit on," \
     "shared_buffers 256MB), $(nproc) cores, $BENCH_SECONDS s per run (+${BENCH_WARMUP} s warm-up each, ${BENCH_JIT_WARMUP} s JIT" \
     "warm-up once), pgbench -s $BENCH_PGBENCH_SCALE -T $BENCH_PGBENCH_SECONDS, load generator: $BENCH_HTTP_CLIENT"
awk '
  function per(v, n) { return (v == "na" || n <= 0) ? "n/a" : sprintf("%.2f", v / n) }
  function cpu(v) { return v == "na" ? "n/a" : sprintf("%.1f", v) }
  function tpsof(t) { return t > 0 ? sprintf("%.1f", t) : "n/a" }
  NR == FNR { tps[$1] = $2; next }
  /^RESULT / {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    if (!header++) {
      printf "%-18s %7s %8s %8s %7s %7s %6s %9s %5s %9s %8s %6s %6s %7s %7s %7s\n", "scenario", "clients", "requests", "ops/s",
        "p50 ms", "p99 ms", "errors", "pgbench-N", "ratio", "commit/ok", "stmt/ok", "batch", "RSS MB", "srv cpu", "gen cpu", "pg cpu"
    }
    t = tps[f["clients"]]
    batch = (f["batches"] == "" || f["batches"] == "na") ? "n/a" : per(f["batch_sum"], f["batches"])
    printf "%-18s %7d %8d %8.1f %7.2f %7.2f %6d %9s %5s %9s %8s %6s %6s %7s %7s %7s\n", f["scenario"], f["clients"],
      f["requests"], f["ops"], f["p50"], f["p99"], f["errors"], tpsof(t), (t > 0 ? sprintf("%.2f", f["ops"] / t) : "n/a"),
      per(f["commits"], f["window_ok"]), per(f["statements"], f["window_ok"]), batch,
      (f["rss_mb"] == "na" || f["rss_mb"] == "" ? "n/a" : f["rss_mb"]), cpu(f["server_cpu"]), cpu(f["gen_cpu"]), cpu(f["pg_cpu"])
    if (f["dealloc"] != "" && f["dealloc"] != "na" && f["dealloc"] > 0) dealloc = 1
    rows[++nrows] = sprintf("%-18s %7d", f["scenario"], f["clients"]); le[nrows] = f["batch_le"]; nb[nrows] = f["batches"]
  }
  END {
    if (dealloc) print "  (pg_stat_statements evicted entries during a row: its stmt/ok is a lower bound; raise pg_stat_statements.max)"
    print ""
    print "  batch sizes the server saw (emboss_pipeline_batch_size: batches per size bucket, over each row'"'"'s warm-up and measured run)"
    for (r = 1; r <= nrows; r++) {
      if (le[r] == "" || le[r] == "na") { printf "  %s  n/a (no emboss_pipeline_batch_size histogram at /actuator/prometheus)\n", rows[r]; continue }
      # per-bucket counts as size ranges: 1, 2, 3-4, 5-8, ..., >256
      n = split(le[r], b, ","); line = ""; lo = 1
      for (i = 1; i <= n; i++) {
        split(b[i], kv, ":")
        label = kv[1] == "+Inf" ? ">" (lo - 1) : (lo == kv[1] ? kv[1] : lo "-" kv[1])
        line = line sprintf(" %s:%s", label, kv[2]); if (kv[1] != "+Inf") lo = kv[1] + 1
      }
      printf "  %s  %s batches:%s\n", rows[r], nb[r], line
    }
  }
' "$WORK/pgbench.tps" "$WORK/loadgen.out"
echo
echo "  $CPU_LINE"
echo "  $PGBENCH_CPU_LINE"
echo "  (server, load generator and PostgreSQL share $(nproc) cores; 1-min load average before the run: $LOAD_BEFORE;" \
     "server peak RSS (VmHWM) ${SERVER_HWM} MB; the whole run took $((SECONDS / 60)) min $((SECONDS % 60)) s)"
if grep -q '^STATEMENT ' "$WORK/loadgen.out"; then
  echo
  echo "  most frequent statements per approval (pg_stat_statements, each row's warm-up and measured run):"
  awk '/^STATEMENT / { row = sprintf("%-18s %7d", $2, $3); if (row != last) print "  " row; last = row
    q = $0; sub(/^STATEMENT [^ ]+ [^ ]+ [^ ]+ /, "", q); printf "      %6.2f  %s\n", $4, q }' "$WORK/loadgen.out"
fi
echo
grep -E '^(CHECK|PROBLEM|LEDGER) ' "$WORK/loadgen.out" | sed -E 's/^PROBLEM /    /; s/^/  /'

if grep -q '^LEDGER balanced=true' "$WORK/loadgen.out"; then
  echo "  ledger verification: balanced"
else
  echo "  ledger verification: NOT BALANCED" ; exit 2
fi
if ((LG_RC != 0)); then
  log "the load generator failed (exit $LG_RC)"; exit "$LG_RC"
fi
