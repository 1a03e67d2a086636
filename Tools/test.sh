#!/usr/bin/env bash
# Runs every test: the Swift suites (storage, JSON, SQL, query engine, gateway routes, the crash test), the pipeline
# tools' own suites (Tools/Pipeline, a package of its own), then the integration suite, which starts a real
# `cosmolite serve` and drives it with the official azure-cosmos Python SDK, with the pipeline tools and with the
# benchmark programs of Tools/Benchmark (at small sizes, checking that they work, not how fast).
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh --tests
swift build --build-tests
swift test --skip-build
swift build --package-path Tools/Pipeline --build-tests
swift test --package-path Tools/Pipeline --skip-build
swift build --package-path Tools/Benchmark
COSMOLITE_BINARY="$PWD/.build/debug/cosmolite" COSMOLITE_PIPELINE_BIN="$PWD/Tools/Pipeline/.build/debug" \
    COSMOLITE_BENCHMARK_BIN="$PWD/Tools/Benchmark/.build/debug" \
    .build/venv/bin/python -m pytest -q Tests/IntegrationTests
