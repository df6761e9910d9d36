#!/usr/bin/env bash
# Cost of data capture on the serving hot path: the local endpoint server (abalone model, one CSV row per POST)
# under wrk with capture off, then on at 100 % sampling (JSON Lines in SageMaker's layout, written by the same
# CaptureWriter the local backend installs), on loopback.
#
#   bench/capture.sh [abalone.csv]
#
# Environment: DURATION (seconds, default 15), WARMUP (5), CONNECTIONS (16), WRK_THREADS (1), JAVA_THREADS (0 =
# one per core), SAMPLING (100), MVN_FLAGS (e.g. -o). Needs wrk.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-15}"; WARMUP="${WARMUP:-5}"; CONNECTIONS="${CONNECTIONS:-16}"
WRK_THREADS="${WRK_THREADS:-1}"; JAVA_THREADS="${JAVA_THREADS:-0}"; SAMPLING="${SAMPLING:-100}"
OUT="$ROOT/mlops-local/target/bench-capture"
DATA="${1:-$ROOT/mlops-core/src/main/resources/dev/mlops/seed/data/abalone.csv}"
command -v wrk >/dev/null || { echo "wrk is needed" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"

# The bench server is a test class of mlops-local (the embedded backend); -am resolves mlops-core and mlops-testkit
# from this tree rather than from ~/.m2, and the last module built (mlops-local) writes the class path.
(cd "$ROOT" && mvn -q ${MVN_FLAGS:-} -pl mlops-local -am test-compile \
  && mvn -q ${MVN_FLAGS:-} -pl mlops-local -am dependency:build-classpath -Dmdep.includeScope=test \
       -Dmdep.outputFile="$OUT/classpath.txt")

JAVA_PID=""
cleanup() { [[ -n "$JAVA_PID" ]] && kill "$JAVA_PID" 2>/dev/null && wait "$JAVA_PID" 2>/dev/null || true; }
trap cleanup EXIT

measure() { # name [extra server args...] -> prints "rps p50 p99 errors"
  local name=$1; shift
  rm -f "$OUT/port"
  java -Xms512m -Xmx512m -XX:+UseParallelGC \
    -cp "$ROOT/mlops-local/target/classes:$ROOT/mlops-local/target/test-classes:$(cat "$OUT/classpath.txt")" \
    dev.mlops.local.internal.serving.bench.EndpointBenchServer --data "$DATA" --model "$OUT/model.json" \
    --port-file "$OUT/port" --sample "$OUT/row.csv" --threads "$JAVA_THREADS" "$@" > "$OUT/java-$name.log" 2>&1 &
  JAVA_PID=$!
  for _ in $(seq 120); do [[ -s "$OUT/port" ]] && break; sleep 0.5; done
  [[ -s "$OUT/port" ]] || { echo "bench server did not start:" >&2; cat "$OUT/java-$name.log" >&2; exit 1; }
  local port; port=$(cat "$OUT/port")
  ROW_FILE="$OUT/row.csv" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/bench/post-row.lua" \
    "http://127.0.0.1:$port/" > /dev/null
  ROW_FILE="$OUT/row.csv" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s "$ROOT/bench/post-row.lua" "http://127.0.0.1:$port/" > "$OUT/wrk-$name.txt"
  kill "$JAVA_PID"; wait "$JAVA_PID" 2>/dev/null || true; JAVA_PID=""
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$name.txt") $(awk '$1 == "50%" {print $2}' "$OUT/wrk-$name.txt")" \
       "$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$name.txt")" \
       "$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$name.txt" | tr '\n' ' ' | tr ' ' '_')"
}

echo "wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up), one CSV row per POST, $(nproc) cores shared"
read -r off_rps off_p50 off_p99 off_err <<<"$(measure off)"
read -r on_rps on_p50 on_p99 on_err <<<"$(measure on --capture "$OUT/datacapture" --sampling "$SAMPLING")"
records=$(find "$OUT/datacapture" -name '*.jsonl' -exec cat {} + | wc -l)
bytes=$(find "$OUT/datacapture" -name '*.jsonl' -exec cat {} + | wc -c)
printf '%-24s %12s %10s %10s  %s\n' capture requests/s p50 p99 errors
printf '%-24s %12s %10s %10s  %s\n' "off" "$off_rps" "$off_p50" "$off_p99" "${off_err:-none}"
printf '%-24s %12s %10s %10s  %s\n' "on ($SAMPLING %)" "$on_rps" "$on_p50" "$on_p99" "${on_err:-none}"
awk -v a="$off_rps" -v b="$on_rps" 'BEGIN { if (a > 0) printf "capture on / off: %.3f\n", b / a }'
grep -h "records dropped" "$OUT/java-on.log" || true
echo "captured $records records, $bytes bytes, in $(find "$OUT/datacapture" -name '*.jsonl' | wc -l) files under $OUT/datacapture"
