#!/usr/bin/env bash
# Top-ups through the HTTP API at 1, 16 and 64 clients, on one card per client and on one hot card,
# beside pgbench -N on the same PostgreSQL. Same harness, options and table as bench/bench.sh (see
# bench/README.md); only the scenarios and the amount differ.
set -euo pipefail
export BENCH_SCENARIOS=${BENCH_SCENARIOS:-topup-many,topup-hot}
export BENCH_AMOUNT=${BENCH_AMOUNT:-10.00}
export BENCH_TITLE=${BENCH_TITLE:-"top-ups via HTTP"}
exec "$(dirname "$0")/bench.sh" "$@"
