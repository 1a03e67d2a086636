#!/usr/bin/env bash
# Sets up, builds and starts the server: https://localhost:8081/ with the Cosmos DB Emulator's key and a self-signed
# certificate, data in ./cosmolite-data. Extra arguments go to `cosmolite serve` (see `--help`).
set -euo pipefail
cd "$(dirname "$0")/.."
Tools/setup.sh
swift build -c release --product cosmolite
exec .build/release/cosmolite serve "$@"
