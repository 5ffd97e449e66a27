#!/usr/bin/env bash
# 0100 authorizations over ISO 8583 (persistent connections, many requests in flight on each)
# beside the simulator's HTTP authorizations at the same concurrency and pgbench -N on the same
# PostgreSQL. At C clients the ISO 8583 load keeps C requests in flight over min(C, 4) connections:
# 256 is 4 connections x 64 in flight. Same harness, options and table as bench.sh (see
# bench/README.md).
set -euo pipefail
export BENCH_SCENARIOS=${BENCH_SCENARIOS:-authorize-many,iso8583-authorize}
export BENCH_CLIENTS=${BENCH_CLIENTS:-16,64,256}
export BENCH_AMOUNT=${BENCH_AMOUNT:-1.00}
export BENCH_TITLE=${BENCH_TITLE:-"authorizations via HTTP and ISO 8583"}
exec "$(dirname "$0")/bench.sh" "$@"
