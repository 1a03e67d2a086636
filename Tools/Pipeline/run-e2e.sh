#!/usr/bin/env bash
# Reproduces a streaming-at-scale run on one machine:
#   1. installs what the build needs (Tools/setup.sh) and builds (release) the server and the pipeline tools,
#   2. starts a fresh `cosmolite serve` (temporary data directory, durable commits, a free port),
#   3. streams RATE events/s for DURATION seconds into it with cosmolite-simulator (0.1 % re-deliveries),
#   4. checks the container with cosmolite-verifier (the streaming-at-scale rules),
#   5. stops the server and exits with the verifier's status.
#
# Usage: Tools/Pipeline/run-e2e.sh RATE DURATION
#
# Environment (all optional):
#   SINK=rest|batch          how the simulator writes (default rest: one upsert per event)
#   CONCURRENCY=N            requests in flight (default 32 for rest, 64 for batch)
#   BATCH_WINDOW_MS=N        batch sink: longest wait for a batch to fill (default 1000)
#   DEVICES=N                devices (default 1000)
#   DUPLICATE_EVERY=N        re-deliver every n-th event (default 1000, i.e. 0.1 %)
#   DURABILITY=durable|relaxed   server durability (default durable)
#   TLS=self-signed|off      server TLS (default self-signed, as the emulator)
#   OUT=DIR                  where to keep the summary, report, metrics and server log (default: a new temporary dir)
#   SKIP_BUILD=1             use the binaries already built
#   COSMOLITE_BINARY=PATH    the server binary (default .build/release/cosmolite)
#   PIPELINE_BIN=DIR         where cosmolite-simulator and cosmolite-verifier are (default Tools/Pipeline/.build/release)
#
# The simulator starts on a wall-clock boundary of the verification window (a full minute when DURATION >= 60), so
# that whole windows of _ts hold a whole window of sending; with DURATION < 60 the window is DURATION seconds long.
# Besides the verifier's report the script prints where the CPU went during the sending phase (server, simulator,
# everything else on the machine) and the server's group-commit counters.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 RATE DURATION   (events per second, seconds)" >&2
    exit 64
fi
RATE=$1
DURATION=$2
case "$RATE$DURATION" in *[!0-9]*) echo "RATE and DURATION must be whole numbers" >&2; exit 64;; esac

PIPELINE=$(cd "$(dirname "$0")" && pwd)
MAIN=$(cd "$PIPELINE/../.." && pwd)
SINK=${SINK:-rest}
if [ "$SINK" = batch ]; then CONCURRENCY=${CONCURRENCY:-64}; else CONCURRENCY=${CONCURRENCY:-32}; fi
BATCH_WINDOW_MS=${BATCH_WINDOW_MS:-1000}
DEVICES=${DEVICES:-1000}
DUPLICATE_EVERY=${DUPLICATE_EVERY:-1000}
DURABILITY=${DURABILITY:-durable}
TLS=${TLS:-self-signed}
WINDOW=$(( DURATION >= 60 ? 60 : DURATION ))
OUT=${OUT:-$(mktemp -d -t cosmolite-e2e.XXXXXX)}
mkdir -p "$OUT"

command -v curl >/dev/null || { echo "e2e: curl is needed (apt-get install -y curl)" >&2; exit 2; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    "$MAIN/Tools/setup.sh"
    echo "e2e: building cosmolite (release)" >&2
    (cd "$MAIN" && swift build -c release --product cosmolite >&2)
    echo "e2e: building the pipeline tools (release)" >&2
    swift build -c release --package-path "$PIPELINE" >&2
fi
SERVER_BINARY=${COSMOLITE_BINARY:-$MAIN/.build/release/cosmolite}
BIN=${PIPELINE_BIN:-$PIPELINE/.build/release}
for binary in "$SERVER_BINARY" "$BIN/cosmolite-simulator" "$BIN/cosmolite-verifier"; do
    [ -x "$binary" ] || { echo "e2e: $binary is missing (run without SKIP_BUILD=1)" >&2; exit 2; }
done

DATA=$(mktemp -d -t cosmolite-e2e-data.XXXXXX)
SERVER_LOG=$OUT/server.log
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

"$SERVER_BINARY" serve --host 127.0.0.1 --port 0 --data-path "$DATA" --durability "$DURABILITY" --tls "$TLS" \
    --log-level info >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
PORT=
for _ in $(seq 1 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "e2e: the server exited at start-up:" >&2; cat "$SERVER_LOG" >&2; exit 2; }
    PORT=$(sed -n 's/.*endpoint=https\{0,1\}:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$SERVER_LOG" | head -n 1)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "e2e: the server did not report its port:" >&2; cat "$SERVER_LOG" >&2; exit 2; }
SCHEME=https; [ "$TLS" = off ] && SCHEME=http
ENDPOINT=$SCHEME://127.0.0.1:$PORT/
for _ in $(seq 1 100); do
    curl -ks -o /dev/null "${ENDPOINT}health" && break
    sleep 0.1
done
echo "e2e: server pid $SERVER_PID at $ENDPOINT ($DURABILITY, data in $DATA); artifacts in $OUT" >&2

# CPU accounting: clock ticks of a process (user + system, children included) and of the whole machine.
TICK=$(getconf CLK_TCK)
process_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine_busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
metric() { curl -ks "${ENDPOINT}metrics" | awk -v name="$1" '$1 == name {print $2}' | head -n 1; }

COMMITS_BEFORE=$(metric cosmolite_commits_total); COMMITS_BEFORE=${COMMITS_BEFORE:-0}
WRITES_BEFORE=$(metric cosmolite_commit_requests_sum); WRITES_BEFORE=${WRITES_BEFORE:-0}

"$BIN/cosmolite-simulator" --endpoint "$ENDPOINT" --rate "$RATE" --duration "$DURATION" --devices "$DEVICES" \
    --duplicate-every "$DUPLICATE_EVERY" --sink "$SINK" --concurrency "$CONCURRENCY" --batch-window-ms "$BATCH_WINDOW_MS" \
    --database streaming --container rawdata --align-start "$WINDOW" --summary-json "$OUT/simulator.json" \
    >"$OUT/simulator.txt" 2>"$OUT/simulator-progress.log" &
SIMULATOR_PID=$!
tail -n +1 -f "$OUT/simulator-progress.log" >&2 &
TAIL_PID=$!
# The CPU counters start when the simulator starts sending (after its wait for the window boundary).
while kill -0 "$SIMULATOR_PID" 2>/dev/null && ! grep -q "^cosmolite-simulator: sending" "$OUT/simulator-progress.log"; do
    sleep 0.02
done
SERVER_TICKS0=$(process_ticks "$SERVER_PID"); MACHINE_TICKS0=$(machine_busy_ticks); WALL0=$(date +%s.%N)
SIMULATOR_TICKS0=$(process_ticks "$SIMULATOR_PID"); SIMULATOR_TICKS=$SIMULATOR_TICKS0
while kill -0 "$SIMULATOR_PID" 2>/dev/null; do
    TICKS=$(process_ticks "$SIMULATOR_PID"); [ "$TICKS" -gt 0 ] && SIMULATOR_TICKS=$TICKS
    sleep 0.1
done
set +e
wait "$SIMULATOR_PID"
SIMULATOR_STATUS=$?
set -e
SERVER_TICKS1=$(process_ticks "$SERVER_PID"); MACHINE_TICKS1=$(machine_busy_ticks); WALL1=$(date +%s.%N)
sleep 0.2
kill "$TAIL_PID" 2>/dev/null || true
cat "$OUT/simulator.txt"
SIMULATOR_TICKS=$((SIMULATOR_TICKS - SIMULATOR_TICKS0))

COMMITS_AFTER=$(metric cosmolite_commits_total); COMMITS_AFTER=${COMMITS_AFTER:-$COMMITS_BEFORE}
WRITES_AFTER=$(metric cosmolite_commit_requests_sum); WRITES_AFTER=${WRITES_AFTER:-$WRITES_BEFORE}
curl -ks "${ENDPOINT}metrics" >"$OUT/server-metrics.txt" || true
awk -v s=$((SERVER_TICKS1 - SERVER_TICKS0)) -v c="$SIMULATOR_TICKS" -v m=$((MACHINE_TICKS1 - MACHINE_TICKS0)) \
    -v w0="$WALL0" -v w1="$WALL1" -v k="$TICK" -v cores="$(nproc)" \
    -v commits="$(( ${COMMITS_AFTER%.*} - ${COMMITS_BEFORE%.*} ))" -v writes="$(( ${WRITES_AFTER%.*} - ${WRITES_BEFORE%.*} ))" 'BEGIN {
    w = w1 - w0; if (w <= 0) w = 1
    printf "\ne2e: CPU while sending (%.1f s wall, %d cores): server %.1f s (%.0f %% of a core), simulator %.1f s (%.0f %%), ", w, cores, s / k, 100 * s / k / w, c / k, 100 * c / k / w
    printf "everything else %.1f s (%.0f %%); machine %.0f %% busy\n", (m - s - c) / k, 100 * (m - s - c) / k / w, 100 * m / k / w / cores
    if (commits > 0) printf "e2e: server group commits: %d commits for %d writes (%.1f writes per commit, %.0f commits/s)\n", commits, writes, writes / commits, commits / w
}' | tee "$OUT/cpu.txt" >&2
echo "e2e: simulator exit status $SIMULATOR_STATUS" >&2

set +e
"$BIN/cosmolite-verifier" --endpoint "$ENDPOINT" --database streaming --container rawdata --expected-rate "$RATE" \
    --window "$WINDOW" --report-json "$OUT/verifier.json" | tee "$OUT/verifier.txt"
VERIFIER_STATUS=${PIPESTATUS[0]}
set -e

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
echo "e2e: verifier exit status $VERIFIER_STATUS; artifacts in $OUT" >&2
exit "$VERIFIER_STATUS"
