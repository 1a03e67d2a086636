#!/usr/bin/env bash
# Runs every test: the Swift suites (storage, JSON, SQL, query engine, gateway routes, the crash test), then the
# integration suite, which starts a real `cosmolite serve` and drives it with the official azure-cosmos Python SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh --python
swift build --build-tests
swift test --skip-build
COSMOLITE_BINARY="$PWD/.build/debug/cosmolite" .build/venv/bin/python -m pytest -q Tests/IntegrationTests
