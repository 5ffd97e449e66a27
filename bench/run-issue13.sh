#!/usr/bin/env bash
# Issue 13's targets in one table: authorizations over many cards at 64 and 256 clients, on one hot
# card at 64, over ISO 8583 at 64 and 256, top-ups over many cards at 64, each beside pgbench -N
# at the same client count on the same private PostgreSQL cluster, with commits and statements per
# approval, the server's batch sizes, RSS and CPU. Same harness and options as bench.sh (see
# bench/README.md). About 5 minutes at the defaults.
set -euo pipefail
export BENCH_SCENARIOS=${BENCH_SCENARIOS:-authorize-many:64:256,authorize-hot:64,iso8583-authorize:64:256,topup-many:64}
export BENCH_AMOUNT=${BENCH_AMOUNT:-1.00}
export BENCH_TITLE=${BENCH_TITLE:-"authorizations (HTTP simulator, ISO 8583) and top-ups"}
exec "$(dirname "$0")/bench.sh" "$@"
