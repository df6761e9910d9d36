#!/usr/bin/env bash
# Load benchmark of the project's real prod endpoint (the `serve` command of mlops-examples: EndpointServer
# applying the model version's inference pipeline, preprocessor then XGBoost) against the reduced SageMaker
# XGBoost serving stack (gunicorn + Flask + Python xgboost from Debian's packages) serving the SAME model
# version's artifacts, both on loopback, loaded by wrk with one raw abalone CSV row per POST.
#
#   bench/endpoint.sh
#
# Environment:
#   CONNECTIONS  wrk connection counts to measure, each in turn (default "4 8 16")
#   WRK_THREADS  wrk threads (default 2)
#   DURATION     seconds measured per run (default 15); WARMUP seconds of load before each (default 5)
#   REPEATS      measured runs per server and connection count, interleaved java/python (default 1);
#                with more than one, the medians are printed too
#   BENCH_HOME   the embedded backend's home (default mlops-examples/target/bench-home); the quickstart runs
#                into it first if it has no abalone project deployed to prod
#   JAVA_OPTS    JVM flags of the serve command (default: the documented ones below)
#   MVN_FLAGS    extra Maven flags for the build, e.g. -o
#   SKIP_BUILD=1 reuse mlops-examples/target/mlops-examples.jar
# Installs wrk, gunicorn, Flask, gevent, numpy and xgboost from Debian's packages if missing (needs root),
# and runs the Python side with Debian's /usr/bin/python3.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONNECTIONS="${CONNECTIONS:-4 8 16}"
WRK_THREADS="${WRK_THREADS:-2}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
REPEATS="${REPEATS:-1}"
BENCH_HOME="${BENCH_HOME:-$ROOT/mlops-examples/target/bench-home}"
# The serve command's documented flags: a fixed heap (no resizing) and SerialGC. The endpoint's garbage is
# short-lived request state, so young collections copy almost nothing and take about a millisecond on one
# thread; ParallelGC's two GC threads, preempted on 2 shared cores, stretched some pauses to 45-55 ms
# (p99 at -c8), and G1's concurrent threads compete with the event loops.
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}"
PY=/usr/bin/python3   # Debian's python, where the Debian packages install; not a pyenv python on PATH
JAR="$ROOT/mlops-examples/target/mlops-examples.jar"
OUT="$ROOT/mlops-examples/target/bench"
ROW='M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15'   # the first abalone row, raw: sex as text and 7 numbers
mkdir -p "$OUT"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
[[ -x "$PY" ]] || need+=(python3)
if [[ -x "$PY" ]]; then
  "$PY" -c 'import gunicorn' 2>/dev/null || need+=(gunicorn)
  "$PY" -c 'import flask' 2>/dev/null || need+=(python3-flask)
  "$PY" -c 'import gevent' 2>/dev/null || need+=(python3-gevent)
  "$PY" -c 'import xgboost, numpy' 2>/dev/null || need+=(python3-xgboost python3-numpy)
else
  need+=(gunicorn python3-flask python3-gevent python3-xgboost python3-numpy)
fi
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  echo "building (mvn -DskipTests package)"
  (cd "$ROOT" && mvn -q -B ${MVN_FLAGS:-} -DskipTests package)
fi

# The prod endpoint's model version and its container artifacts, from the state store (read-only).
prod_artifacts() {
  "$PY" - "$BENCH_HOME/state.db" <<'EOF'
import json, sqlite3, sys
from urllib.parse import urlparse, unquote
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
row = db.execute("SELECT e.model_arn, v.version, v.containers_json FROM endpoints e JOIN model_versions v ON v.arn = e.model_arn"
                 " WHERE e.project = 'abalone' AND e.environment = 'prod' AND e.status = 'InService'").fetchone()
if row is None:
    sys.exit(1)
containers = json.loads(row[2])
print(row[0], row[1], unquote(urlparse(containers["xgboost"]).path), unquote(urlparse(containers["preprocessor"]).path))
EOF
}
if [[ ! -f "$BENCH_HOME/state.db" ]] || ! prod_artifacts >/dev/null 2>&1; then
  echo "no abalone project in prod under $BENCH_HOME: running the quickstart into it"
  java -jar "$JAR" quickstart --home "$BENCH_HOME" > "$OUT/quickstart.log" 2>&1 \
    || { tail -30 "$OUT/quickstart.log" >&2; exit 1; }
fi
read -r MODEL_ARN MODEL_VERSION MODEL_TAR PREPROCESSOR <<<"$(prod_artifacts)"
echo "prod serves $MODEL_ARN (version $MODEL_VERSION)"
echo "  xgboost container:      $MODEL_TAR"
echo "  preprocessor container: $PREPROCESSOR"

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
JAVA_PID=""; PY_PID=""
cleanup() {
  if [[ -n "$JAVA_PID" ]]; then kill "$JAVA_PID" 2>/dev/null || true; wait "$JAVA_PID" 2>/dev/null || true; fi
  if [[ -n "$PY_PID" ]]; then kill "$PY_PID" 2>/dev/null || true; wait "$PY_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

JAVA_PORT=$(free_port)
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" serve --project abalone --port "$JAVA_PORT" --home "$BENCH_HOME" > "$OUT/java.log" 2>&1 &
JAVA_PID=$!
for _ in $(seq 240); do curl -sf "http://127.0.0.1:$JAVA_PORT/ping" >/dev/null && break; sleep 0.25; done
curl -sf "http://127.0.0.1:$JAVA_PORT/ping" >/dev/null \
  || { echo "serve did not start:" >&2; tail -30 "$OUT/java.log" >&2; exit 1; }
echo "java:   java $JAVA_OPTS -jar mlops-examples.jar serve --project abalone --port $JAVA_PORT"

PY_PORT=$(free_port)
# As the SageMaker XGBoost container runs it: gunicorn, gevent workers, one per core, keep-alive.
# OMP_NUM_THREADS=1: the container sets nthread=1 per worker; this keeps OpenMP from spinning extra threads.
OMP_NUM_THREADS=1 MODEL_TAR="$MODEL_TAR" PREPROCESSOR="$PREPROCESSOR" "$PY" -m gunicorn --chdir "$ROOT/bench" \
  -c "$ROOT/bench/gunicorn_conf.py" -w "$(nproc)" -k gevent --keep-alive 60 -b "127.0.0.1:$PY_PORT" \
  xgboost_serve:app > "$OUT/python.log" 2>&1 &
PY_PID=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PY_PORT/ping" >/dev/null && break; sleep 0.25; done
curl -sf "http://127.0.0.1:$PY_PORT/ping" >/dev/null \
  || { echo "gunicorn did not start:" >&2; tail -20 "$OUT/python.log" >&2; exit 1; }
echo "python: gunicorn -w $(nproc) -k gevent xgboost_serve:app on port $PY_PORT ($("$PY" -c 'import xgboost; print("xgboost", xgboost.__version__)'))"

printf '%s' "$ROW" > "$OUT/row.csv"
java_answer=$(curl -sf -H 'Content-Type: text/csv' --data-binary @"$OUT/row.csv" "http://127.0.0.1:$JAVA_PORT/invocations")
py_answer=$(curl -sf -H 'Content-Type: text/csv' --data-binary @"$OUT/row.csv" "http://127.0.0.1:$PY_PORT/invocations")
echo "row: $ROW"
echo "java answers $java_answer; python answers $py_answer"
awk -v j="$java_answer" -v p="$py_answer" 'BEGIN { d = j - p; if (d < 0) d = -d; s = (j < 0 ? -j : j);
  exit !(j != "" && p != "" && d <= 1e-5 * (s > 1 ? s : 1)) }' \
  || { echo "the two servers disagree on the sample row" >&2; exit 1; }

to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
  else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' <<<"$1"; }

run() { # name port connections rep -> prints "rps p50 p99 errors"
  local file="$OUT/wrk-$1-c$3-r$4.txt"
  ROW_FILE="$OUT/row.csv" wrk -t"$WRK_THREADS" -c"$3" -d"${WARMUP}s" -s "$ROOT/bench/post-row.lua" \
    "http://127.0.0.1:$2/" > /dev/null
  ROW_FILE="$OUT/row.csv" wrk -t"$WRK_THREADS" -c"$3" -d"${DURATION}s" --latency \
    -s "$ROOT/bench/post-row.lua" "http://127.0.0.1:$2/" > "$file"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$file")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$file" | tr ' ' '_' | tr '\n' ' ')
  echo "$rps $p50 $p99 ${errors:-none}"
}

RESULTS="$OUT/results.txt"
: > "$RESULTS"
echo
echo "wrk -t$WRK_THREADS -c{$CONNECTIONS} -d${DURATION}s --latency after ${WARMUP}s warm-up, one raw CSV row per POST;" \
  "$(nproc) cores shared; $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-8s %5s %4s %12s %9s %9s  %-22s %s\n' server conns run requests/s p50_ms p99_ms load_1min errors
for c in $CONNECTIONS; do
  for rep in $(seq "$REPEATS"); do
    for side in java python; do
      port=$JAVA_PORT; [[ $side == python ]] && port=$PY_PORT
      read -r rps p50 p99 err <<<"$(run "$side" "$port" "$c" "$rep")"
      load=$(cut -d' ' -f1 /proc/loadavg)
      echo "$side $c $rep $rps $p50 $p99 $load $err" >> "$RESULTS"
      printf '%-8s %5s %4s %12s %9s %9s  %-22s %s\n' "$side" "$c" "$rep" "$rps" "$p50" "$p99" "$load" "$err"
    done
  done
done

echo
echo "medians over $REPEATS run(s), spread min-max in brackets"
"$PY" - "$RESULTS" "$CONNECTIONS" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def stat(values, fmt):
    return "%s [%s-%s]" % (fmt % statistics.median(values), fmt % min(values), fmt % max(values))
print("%-8s %5s %26s %22s %22s" % ("server", "conns", "requests/s", "p50 ms", "p99 ms"))
for c in sys.argv[2].split():
    medians = {}
    for side in ("java", "python"):
        sel = [r for r in rows if r[0] == side and r[1] == c]
        if not sel:
            continue
        rps, p50, p99 = ([float(r[i]) for r in sel] for i in (3, 4, 5))
        medians[side] = statistics.median(rps)
        print("%-8s %5s %26s %22s %22s" % (side, c, stat(rps, "%.0f"), stat(p50, "%.2f"), stat(p99, "%.2f")))
    if medians.get("python"):
        print("%-8s %5s %26s" % ("ratio", c, "%.1fx" % (medians["java"] / medians["python"])))
EOF
echo "raw wrk output: $OUT/wrk-*.txt; table: $RESULTS"
