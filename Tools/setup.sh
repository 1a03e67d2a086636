#!/usr/bin/env bash
# Installs what building and testing Cosmolite needs and is not part of the Swift toolchain:
#   - LMDB's headers and library (Debian's liblmdb-dev), found through pkg-config, and curl (Tools/Pipeline/run-e2e.sh);
#   - with --tests: SQLite's headers (libsqlite3-dev: GRDB, the SQLite peer of the benchmark in Tools/Benchmark, which
#     the tests run, links it) and a Python virtual environment in .build/venv with the official azure-cosmos SDK and
#     the other packages the integration and tool tests use (Tests/IntegrationTests/requirements.txt).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=false
[ "${1:-}" = "--tests" ] && for_tests=true

# Debian packages: LMDB for the build, curl for Tools/Pipeline/run-e2e.sh (and its test), SQLite for the benchmark.
missing=()
pkg-config --exists lmdb 2>/dev/null || missing+=(liblmdb-dev)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if $for_tests; then
    pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    if [ "$(id -u)" = "0" ]; then
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi

if $for_tests; then
    requirements=Tests/IntegrationTests/requirements.txt
    stamp=.build/venv/.requirements
    if [ ! -x .build/venv/bin/python ] || ! cmp -s "$requirements" "$stamp"; then
        echo "setup: creating the Python environment in .build/venv" >&2
        mkdir -p .build
        python3 -m venv .build/venv
        .build/venv/bin/pip install -q --upgrade pip
        .build/venv/bin/pip install -q -r "$requirements"
        cp "$requirements" "$stamp"
    fi
fi
