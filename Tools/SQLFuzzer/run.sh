#!/usr/bin/env bash
# Runs the CosmosSQL parser fuzzer (build it first with build.sh).
#
#   Tools/SQLFuzzer/run.sh [seconds] [extra libFuzzer flags...]
#
# Reads the seeds from seeds/, keeps the inputs it finds interesting in corpus/ (reused by later runs) and writes any
# crashing input to artifacts/. Add every crash input as a regression case in Tests/CosmosSQLTests/FuzzRegressionTests.swift.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-600}"
shift || true
mkdir -p "$here/corpus" "$here/artifacts"
# Swift's own crash backtracer can stall inside a sanitizer build; let libFuzzer and ASan report crashes instead.
export SWIFT_BACKTRACE=enable=no
exec "$here/build/SQLFuzzer" \
    -dict="$here/sql.dict" \
    -max_total_time="$seconds" \
    -max_len=4096 \
    -timeout=10 \
    -rss_limit_mb=4096 \
    -print_final_stats=1 \
    -artifact_prefix="$here/artifacts/" \
    "$@" \
    "$here/corpus" "$here/seeds"
