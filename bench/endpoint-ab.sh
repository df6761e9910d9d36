#!/usr/bin/env bash
# Endpoint throughput and tail latency of two trees in ONE session, interleaved so that machine load hits both
# alike: each tree's `serve` command (mlops-examples.jar, the prod endpoint of the abalone project on a home made
# by that tree's quickstart) under wrk, one raw abalone CSV row per POST. Loopback only. Besides wrk's figures it
# reports the server's CPU time per request (user + system, from /proc over the measured run), which depends far
# less than throughput on what else the machine runs.
#
#   bench/endpoint-ab.sh BEFORE_DIR      e.g. git worktree add /tmp/before <commit>; bench/endpoint-ab.sh /tmp/before
#
# Environment: C wrk connections (default 8); DURATION seconds per measured run (default 15, after WARMUP 5);
# REPEATS runs per side (default 3); SKIP_BUILD=1 reuses both trees' jars (else `mvn -o -DskipTests package`
# in each). Needs wrk (apt-get install wrk) and python3.
set -euo pipefail
AFTER="$(cd "$(dirname "$0")/.." && pwd)"
BEFORE="$(cd "${1:?usage: bench/endpoint-ab.sh BEFORE_DIR}" && pwd)"
C="${C:-8}"; DURATION="${DURATION:-15}"; WARMUP="${WARMUP:-5}"; REPEATS="${REPEATS:-3}"
OUT="$AFTER/mlops-examples/target/bench-endpoint-ab"; mkdir -p "$OUT"; : > "$OUT/results.txt"
SERVE_OPTS="-Xms256m -Xmx256m -XX:+UseSerialGC"   # the serve command's documented flags (BENCHMARKS.md)
ROW='M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15'
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  for t in "$BEFORE" "$AFTER"; do (cd "$t" && mvn -q -B -o -DskipTests package); done
fi
echo "endpoint A/B: before=$BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD)) after=$AFTER ($(git -C "$AFTER" rev-parse --short HEAD));" \
  "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "wrk -t2 -c$C -d${DURATION}s --latency after ${WARMUP}s warm-up; serve: java $SERVE_OPTS -jar mlops-examples.jar serve --project abalone"

serve_home() { # tree -> a home with abalone in prod, made once by that tree's quickstart
  local home; home="$OUT/home-$(basename "$1")"
  if [[ ! -d "$home" ]]; then
    (cd "$1" && java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar mlops-examples/target/mlops-examples.jar \
      quickstart --home "$home" > "$OUT/quickstart-$(basename "$1").log" 2>&1)
  fi
  echo "$home"
}
printf 'wrk.method="POST"\nwrk.path="/invocations"\nwrk.body="%s"\nwrk.headers["Content-Type"]="text/csv"\n' "$ROW" > "$OUT/post.lua"
endpoint() { # side tree index port
  local home; home="$(serve_home "$2")"
  # shellcheck disable=SC2086
  (cd "$2" && exec java $SERVE_OPTS -jar mlops-examples/target/mlops-examples.jar serve --project abalone \
      --port "$4" --home "$home") > "$OUT/serve-$1-$3.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$4/ping" && break; sleep 0.1; done
  curl -sf -o /dev/null "http://127.0.0.1:$4/ping" || { echo "serve ($1) did not start" >&2; tail -20 "$OUT/serve-$1-$3.log" >&2; kill "$pid"; exit 1; }
  wrk -t2 -c"$C" -d"${WARMUP}s" -s "$OUT/post.lua" "http://127.0.0.1:$4/invocations" > /dev/null
  local cpu0 cpu1   # the server's CPU time (user + system clock ticks) over the measured run
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  wrk -t2 -c"$C" -d"${DURATION}s" --latency -s "$OUT/post.lua" "http://127.0.0.1:$4/invocations" > "$OUT/wrk-$1-$3.txt"
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local rps p50 p99 errors requests cpu_us
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1-$3.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-$1-$3.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$1-$3.txt")
  errors=$(awk '/Non-2xx|Socket errors/' "$OUT/wrk-$1-$3.txt" | tr ' ' '_' | tr '\n' ' ')
  requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$1-$3.txt")
  cpu_us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
  echo "$1 $3 $rps $p50 $p99 $cpu_us $(cut -d' ' -f1 /proc/loadavg) ${errors:-no_errors}" | tee -a "$OUT/results.txt"
}
echo "side run requests/s p50 p99 server_cpu_us_per_request load_1min errors"
for i in $(seq "$REPEATS"); do endpoint before "$BEFORE" "$i" 18091; endpoint after "$AFTER" "$i" 18092; done

python3 - "$OUT/results.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def ms(t):
    return float(t[:-2]) / 1000 if t.endswith("us") else float(t[:-2]) if t.endswith("ms") else float(t[:-1]) * 1000
def col(side, i, f=float):
    return [f(r[i]) for r in rows if r[0] == side]
print("\nmedians [min-max]          before                      after                after/before")
for label, i, f, fmt in (("requests/s", 2, float, "%.0f"), ("p50 ms", 3, ms, "%.2f"), ("p99 ms", 4, ms, "%.2f"),
                         ("cpu us/req", 5, float, "%.2f")):
    b, a = col("before", i, f), col("after", i, f)
    mb, ma = statistics.median(b), statistics.median(a)
    print("%-12s %26s %26s %10.2f" % (label, (fmt + " [" + fmt + "-" + fmt + "]") % (mb, min(b), max(b)),
                                      (fmt + " [" + fmt + "-" + fmt + "]") % (ma, min(a), max(a)), ma / mb))
PY
echo "raw wrk output: $OUT/wrk-*.txt"
