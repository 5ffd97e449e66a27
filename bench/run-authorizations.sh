#!/usr/bin/env bash
# Authorizations through the sandbox simulator (POST /v1/simulate/authorizations) at 1, 16 and 64
# clients, over many cards and over one hot card, beside pgbench -N on the same PostgreSQL.
# Same harness, options and table as bench.sh (see bench/README.md); only the scenarios and
# the amount differ.
set -euo pipefail
export BENCH_SCENARIOS=${BENCH_SCENARIOS:-authorize-many,authorize-hot}
export BENCH_AMOUNT=${BENCH_AMOUNT:-1.00}
exec "$(dirname "$0")/bench.sh" "$@"
