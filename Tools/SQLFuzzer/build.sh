#!/usr/bin/env bash
# Builds the libFuzzer harness for the CosmosSQL parser and a seed corpus from the golden fixture queries.
#
#   Tools/SQLFuzzer/build.sh       # -> Tools/SQLFuzzer/build/SQLFuzzer and the seed corpus Tools/SQLFuzzer/seeds/
#   Tools/SQLFuzzer/run.sh 600     # fuzz for 600 seconds; new inputs go to corpus/, crashes to artifacts/
#
# Paths are relative to this script, so it works from any directory and after the package moves.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$(cd "$here/../.." && pwd)"
sources="$package/Sources/CosmosSQL"
fixture="$package/Tests/CosmosSQLTests/Fixtures/parse.sql"

rm -rf "$here/seeds"
mkdir -p "$here/build" "$here/seeds"

# The library and the harness compile as one module named CosmosSQL, so the harness calls the parser directly.
swiftc \
    -sanitize=fuzzer,address \
    -parse-as-library \
    -O \
    -use-ld=lld \
    -swift-version 6 \
    -enable-upcoming-feature ExistentialAny \
    -enable-upcoming-feature MemberImportVisibility \
    -enable-upcoming-feature InternalImportsByDefault \
    -module-name CosmosSQL \
    $(find "$sources" -name '*.swift' | sort) \
    "$here/SQLFuzzer.swift" \
    -o "$here/build/SQLFuzzer"

# Seed corpus: every fixture query and both of its printed forms, one file each.
awk -v dir="$here/seeds" '
    function flush() { if (query != "") { n++; printf "%s", query > (dir "/seed-" n ".sql"); close(dir "/seed-" n ".sql") } query = "" }
    /^#/ { next }
    /^=> / || /^~> / { flush(); n++; f = dir "/seed-" n ".sql"; printf "%s", substr($0, 4) > f; close(f); next }
    /^$/ { flush(); next }
    { query = (query == "" ? $0 : query "\n" $0) }
    END { flush() }
' "$fixture"

echo "built $here/build/SQLFuzzer; seed corpus: $(ls "$here/seeds" | wc -l | tr -d ' ') files in $here/seeds"
