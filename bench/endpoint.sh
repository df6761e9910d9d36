#!/usr/bin/env bash
# Load benchmark of the local endpoint host (EndpointServer, Java) against the reduced SageMaker XGBoost
# serving stack (gunicorn + Flask + Python xgboost), both serving the same abalone model on loopback.
#
#   bench/endpoint.sh [abalone.csv]
#
# Environment: DURATION (seconds, default 15), WARMUP (default 5), CONNECTIONS (16), WRK_THREADS (2),
# JAVA_THREADS (event-loop threads, default 0 = one per core), MVN_FLAGS (e.g. -o).
# Installs wrk, gunicorn, Flask, gevent and xgboost from Debian's packages if missing (needs root).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
WRK_THREADS="${WRK_THREADS:-2}"
JAVA_THREADS="${JAVA_THREADS:-0}"
PY=/usr/bin/python3   # Debian's python, where the Debian packages install; not a pyenv python on PATH
OUT="$ROOT/mlops-core/target/bench"
mkdir -p "$OUT"

DATA="${1:-$ROOT/mlops-core/src/main/resources/dev/mlops/seed/data/abalone.csv}"
if [[ ! -f "$DATA" ]]; then
  echo "abalone data not found at $DATA; pass its path as the first argument" >&2
  exit 2
fi

need=()
command -v wrk >/dev/null || need+=(wrk)
"$PY" -c 'import gunicorn' 2>/dev/null || need+=(gunicorn)
"$PY" -c 'import flask' 2>/dev/null || need+=(python3-flask)
"$PY" -c 'import gevent' 2>/dev/null || need+=(python3-gevent)
"$PY" -c 'import xgboost, numpy' 2>/dev/null || need+=(python3-xgboost python3-numpy)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "building the bench server"
(cd "$ROOT" && mvn -q ${MVN_FLAGS:-} -pl mlops-core test-compile \
  && mvn -q ${MVN_FLAGS:-} -pl mlops-core dependency:build-classpath -Dmdep.includeScope=test \
       -Dmdep.outputFile="$OUT/classpath.txt")

JAVA_PID=""; PY_PID=""
cleanup() {
  [[ -n "$JAVA_PID" ]] && kill "$JAVA_PID" 2>/dev/null && wait "$JAVA_PID" 2>/dev/null || true
  [[ -n "$PY_PID" ]] && kill "$PY_PID" 2>/dev/null && wait "$PY_PID" 2>/dev/null || true
}
trap cleanup EXIT

rm -f "$OUT/port"
java -Xms512m -Xmx512m -XX:+UseParallelGC \
  -cp "$ROOT/mlops-core/target/classes:$ROOT/mlops-core/target/test-classes:$(cat "$OUT/classpath.txt")" \
  dev.mlops.local.internal.serving.bench.EndpointBenchServer --data "$DATA" --model "$OUT/model.json" \
  --port-file "$OUT/port" --sample "$OUT/row.csv" --threads "$JAVA_THREADS" > "$OUT/java.log" 2>&1 &
JAVA_PID=$!
for _ in $(seq 120); do [[ -s "$OUT/port" ]] && break; sleep 0.5; done
[[ -s "$OUT/port" ]] || { echo "Java bench server did not start:" >&2; cat "$OUT/java.log" >&2; exit 1; }
JAVA_PORT=$(cat "$OUT/port")
cat "$OUT/java.log"

PY_PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# As the SageMaker XGBoost container runs it: gunicorn, gevent workers, one per core, keep-alive.
# OMP_NUM_THREADS=1: the container sets nthread=1 per worker; this keeps OpenMP from spinning extra threads.
OMP_NUM_THREADS=1 MODEL_PATH="$OUT/model.json" "$PY" -m gunicorn --chdir "$ROOT/bench" \
  -c "$ROOT/bench/gunicorn_conf.py" -w "$(nproc)" -k gevent --keep-alive 60 -b "127.0.0.1:$PY_PORT" \
  xgboost_serve:app > "$OUT/python.log" 2>&1 &
PY_PID=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PY_PORT/ping" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PY_PORT/ping" >/dev/null \
  || { echo "gunicorn did not start:" >&2; tail -20 "$OUT/python.log" >&2; exit 1; }

java_answer=$(curl -sf -H 'Content-Type: text/csv' --data-binary @"$OUT/row.csv" "http://127.0.0.1:$JAVA_PORT/invocations")
py_answer=$(curl -sf -H 'Content-Type: text/csv' --data-binary @"$OUT/row.csv" "http://127.0.0.1:$PY_PORT/invocations")
echo "row: $(cat "$OUT/row.csv")"
echo "java answers $java_answer; python answers $py_answer"
[[ "$java_answer" == "$py_answer" ]] || { echo "the two servers disagree" >&2; exit 1; }

run() { # name port -> prints "rps p50 p99 non2xx"
  ROW_FILE="$OUT/row.csv" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/bench/post-row.lua" \
    "http://127.0.0.1:$2/" > /dev/null
  ROW_FILE="$OUT/row.csv" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s "$ROOT/bench/post-row.lua" "http://127.0.0.1:$2/" > "$OUT/wrk-$1.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$1.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$1.txt" | tr '\n' ' ')
  echo "$rps $p50 $p99 ${errors:-none}"
}

echo "wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s (after ${WARMUP}s warm-up), one CSV row per POST, $(nproc) cores shared"
read -r j_rps j_p50 j_p99 j_err <<<"$(run java "$JAVA_PORT")"
read -r p_rps p_p50 p_p99 p_err <<<"$(run python "$PY_PORT")"
printf '%-28s %12s %10s %10s  %s\n' server requests/s p50 p99 errors
printf '%-28s %12s %10s %10s  %s\n' "java EndpointServer" "$j_rps" "$j_p50" "$j_p99" "$j_err"
printf '%-28s %12s %10s %10s  %s\n' "gunicorn+flask+xgboost" "$p_rps" "$p_p50" "$p_p99" "$p_err"
awk -v j="$j_rps" -v p="$p_rps" 'BEGIN { if (p > 0) printf "throughput ratio java/python: %.1fx\n", j / p }'
echo "raw wrk output: $OUT/wrk-java.txt, $OUT/wrk-python.txt"
