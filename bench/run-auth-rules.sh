#!/usr/bin/env bash
# Issue 16's performance requirement: authorizations/s over many cards with 10 active rules on the
# tenant (8 conditional blocks that do not match the load, 1 card-scope velocity limit far above
# what the run reaches, 1 merchant lock that admits the load's merchant) >= 0.9 x the same load
# without rules. One run, one server, one private PostgreSQL cluster, the same cards: the row
# authorize-norules (no active rule), then authorize-rules (the 10 rules created first), then
# pgbench -N on the same database. Prints bench.sh's table and, below it, the comparison with a
# PASS/FAIL line. Exit 0 on PASS, 3 on FAIL, bench.sh's code when the run itself failed.
#
#   bench/run-auth-rules.sh
#   BENCH_AUTH_RULES_ROWS=norules,rules,norules bench/run-auth-rules.sh   # A-B-A: the drift shows
#
# Same harness and options as bench.sh (see bench/README.md); defaults here: 64 clients, 25 s per
# row after a 5 s warm-up, amount 1.00.
set -euo pipefail

CLIENTS=${BENCH_AUTH_RULES_CLIENTS:-64}
ROWS=${BENCH_AUTH_RULES_ROWS:-norules,rules}
MIN_RATIO=${BENCH_AUTH_RULES_MIN_RATIO:-0.9}

scenarios=""
for r in ${ROWS//,/ }; do
  case "$r" in
    norules | rules) scenarios+="${scenarios:+,}authorize-$r:$CLIENTS" ;;
    *) echo "BENCH_AUTH_RULES_ROWS: norules or rules, comma-separated (got $r)" >&2; exit 1 ;;
  esac
done
export BENCH_SCENARIOS="$scenarios"
export BENCH_AMOUNT=${BENCH_AMOUNT:-1.00}
export BENCH_SECONDS=${BENCH_SECONDS:-25}
export BENCH_WARMUP=${BENCH_WARMUP:-5}
export BENCH_TITLE=${BENCH_TITLE:-"authorizations over many cards without and with 10 authorization rules"}

RESULTS=$(mktemp -d "${TMPDIR:-/tmp}/emboss-auth-rules.XXXXXX")
trap 'rm -rf "$RESULTS"' EXIT
rc=0
BENCH_RESULTS_DIR="$RESULTS" "$(dirname "$0")/bench.sh" "$@" || rc=$?
if [[ ! -s "$RESULTS/loadgen.out" ]]; then
  exit $((rc == 0 ? 1 : rc))
fi

echo
echo "Authorization rules (issue 16): authorize-many at $CLIENTS clients on the same $CLIENTS cards," \
     "without rules and with 10 active rules"
echo "  active rules at each JIT warm-up and row, in order: $(sed -n 's/^RULES active=//p' "$RESULTS/loadgen.out" | paste -sd, | sed 's/,/, /g')"
awk -v min="$MIN_RATIO" '
  # CPU milliseconds of the measured run per approval
  function perok(v, n) { return (v == "" || v == "na" || n <= 0) ? "n/a" : sprintf("%.2f", 1000 * v / n) }
  NR == FNR { tps[$1] = $2; next }
  /^RESULT / {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    if (f["scenario"] !~ /^authorize-(no)?rules$/) next
    if (!header++) {
      printf "  %-14s %7s %8s %7s %7s %8s %8s %6s %9s %10s %9s %9s\n", "run", "clients", "ops/s", "p50 ms", "p99 ms",
        "approved", "declined", "other", "pgbench-N", "vs pgbench", "srv ms/ok", "pg ms/ok"
    }
    with = f["scenario"] == "authorize-rules"
    t = tps[f["clients"]]
    other = f["errors"] - f["declined"]
    printf "  %-14s %7d %8.1f %7.2f %7.2f %8d %8d %6d %9s %10s %9s %9s\n", with ? "with 10 rules" : "without rules",
      f["clients"], f["ops"], f["p50"], f["p99"], f["ok"], f["declined"], other,
      (t > 0 ? sprintf("%.1f", t) : "n/a"), (t > 0 ? sprintf("%.2f", f["ops"] / t) : "n/a"),
      perok(f["server_cpu"], f["ok"]), perok(f["pg_cpu"], f["ok"])
    if (with) { sw += f["ops"]; nw++ } else { so += f["ops"]; no++ }
    if (f["server_cpu"] != "na" && f["pg_cpu"] != "na" && f["ok"] > 0) {
      c = (f["server_cpu"] + f["pg_cpu"]) / f["ok"]; if (with) { cw += c; ncw++ } else { co += c; nco++ }
    }
    if (f["ok"] <= 0) noapprovals++
    declined += f["declined"]; others += other
  }
  END {
    if (!nw || !no) { print "  FAIL: the run has no row with rules or none without"; exit 3 }
    ratio = (sw / nw) / (so / no)
    printf "  with / without rules: %.1f / %.1f ops/s = %.3f%s (required: >= %s)\n", sw / nw, so / no, ratio,
      (nw > 1 || no > 1 ? sprintf(" (means of %d and %d rows)", nw, no) : ""), min
    # on a machine that other work keeps busy, the rows get different shares of the CPU: the CPU each
    # approval cost (server + PostgreSQL) is the steadier comparison, printed beside the requirement
    if (ncw && nco) printf "  server + PostgreSQL CPU per approval, without / with rules: %.2f / %.2f ms (throughput ratio if CPU-bound: %.3f)\n",
      1000 * co / nco, 1000 * cw / ncw, (co / nco) / (cw / ncw)
    like = (declined == 0 && noapprovals == 0)
    if (!like) printf "  not like for like: %d declined, %d rows without approvals\n", declined, noapprovals
    if (others > 0) printf "  (%d requests failed otherwise: transport errors or non-2xx; see the log above)\n", others
    if (ratio >= min && like) { print "  PASS: authorizations/s with 10 rules >= " min " x without"; exit 0 }
    print "  FAIL: authorizations/s with 10 rules " (like ? "< " min " x without" : "not compared like for like")
    exit 3
  }
' "$RESULTS/pgbench.tps" "$RESULTS/loadgen.out" || { r=$?; exit $((rc == 0 ? r : rc)); }
exit "$rc"
