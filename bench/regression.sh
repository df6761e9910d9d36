#!/usr/bin/env bash
# Before/after regression run in ONE session, interleaved so that machine load hits both sides alike:
# the quickstart (cold JVM, fresh home), the prod endpoint under wrk (the serve command, one raw abalone row per
# POST) and the data-quality benchmark, each measured on this tree ("after") and on another checkout ("before").
#
#   bench/regression.sh BEFORE_DIR            e.g. git worktree add /tmp/before <commit>; bench/regression.sh /tmp/before
#
# Environment: N quickstart runs per side (default 5); C wrk connections (default 8); DURATION seconds per wrk run
# (default 15, after a 5 s warm-up); REPEATS wrk runs per side (default 3); DQ_MB size of the data-quality CSV
# (default 1024); SKIP_BUILD=1 reuses both trees' jars. Needs wrk (apt-get install wrk). Loopback only.
set -euo pipefail
AFTER="$(cd "$(dirname "$0")/.." && pwd)"
BEFORE="$(cd "${1:?usage: bench/regression.sh BEFORE_DIR}" && pwd)"
N="${N:-5}"; C="${C:-8}"; DURATION="${DURATION:-15}"; REPEATS="${REPEATS:-3}"; DQ_MB="${DQ_MB:-1024}"
OUT="$AFTER/mlops-examples/target/bench-regression"; mkdir -p "$OUT"; : > "$OUT/results.txt"
JOPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
ROW='M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15'
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  for t in "$BEFORE" "$AFTER"; do (cd "$t" && mvn -q -B -o -DskipTests package); done
fi
echo "regression: before=$BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD)) after=$AFTER ($(git -C "$AFTER" rev-parse --short HEAD));" \
  "$(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"

quick() { # side tree index
  local home; home="$(mktemp -d)"; local log="$OUT/quick-$1-$3.log" start end
  start=$(date +%s%N)
  (cd "$2" && java $JOPTS -jar mlops-examples/target/mlops-examples.jar quickstart --home "$home") > "$log" 2>&1
  end=$(date +%s%N); rm -rf "$home"
  local wall=$(( (end - start) / 1000000 )) model
  model=$(awk '/of which model compute/ { printf "%d", $(NF-1) * 1000 }' "$log")
  echo "quickstart $1 $wall $model $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/results.txt"
}
for i in $(seq "$N"); do quick before "$BEFORE" "$i"; quick after "$AFTER" "$i"; done

serve_home() { # tree -> a home with abalone in prod
  local home="$OUT/home-$(basename "$1")"
  [[ -d "$home" ]] || (cd "$1" && java $JOPTS -jar mlops-examples/target/mlops-examples.jar quickstart --home "$home" > /dev/null 2>&1)
  echo "$home"
}
endpoint() { # side tree index port
  local home; home="$(serve_home "$2")"
  (cd "$2" && exec java -Xms256m -Xmx256m -XX:+UseSerialGC -jar mlops-examples/target/mlops-examples.jar serve --project abalone \
      --port "$4" --home "$home") > "$OUT/serve-$1-$3.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$4/ping" && break; sleep 0.1; done
  printf 'wrk.method="POST"\nwrk.body="%s"\nwrk.headers["Content-Type"]="text/csv"\n' "$ROW" > "$OUT/post.lua"
  wrk -t2 -c"$C" -d5s -s "$OUT/post.lua" "http://127.0.0.1:$4/invocations" > /dev/null
  wrk -t2 -c"$C" -d"${DURATION}s" --latency -s "$OUT/post.lua" "http://127.0.0.1:$4/invocations" > "$OUT/wrk-$1-$3.txt"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1-$3.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$1-$3.txt")
  echo "endpoint $1 $rps $p99 $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/results.txt"
}
for i in $(seq "$REPEATS"); do endpoint before "$BEFORE" "$i" 18081; endpoint after "$AFTER" "$i" 18082; done

for side in before after; do
  tree="$BEFORE"; [[ $side == after ]] && tree="$AFTER"
  (cd "$tree" && RUNS=1 bash bench/monitor-dq.sh "${TMPDIR:-/tmp}/mlops-monitor-bench/dq.csv" "$DQ_MB") > "$OUT/dq-$side.txt" 2>&1
  awk -v s="$side" '/threads=/ { for (i = 1; i <= NF; i++) if ($i == "MB/s,") print "dq " s " " $1 " " $(i-1) }' "$OUT/dq-$side.txt" \
    | tee -a "$OUT/results.txt"
done

python3 - "$OUT/results.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def med(kind, side, col):
    v = [float(r[col]) for r in rows if r[0] == kind and r[1] == side]
    return statistics.median(v) if v else float("nan")
print("\nmedians                      before      after   after/before")
for label, kind, col in (("quickstart total ms", "quickstart", 2), ("quickstart model ms", "quickstart", 3),
                         ("endpoint req/s", "endpoint", 2)):
    b, a = med(kind, "before", col), med(kind, "after", col)
    print("%-24s %10.0f %10.0f %10.2f" % (label, b, a, a / b))
def p99(side):
    v = []
    for r in rows:
        if r[0] == "endpoint" and r[1] == side:
            t = r[3]
            v.append(float(t[:-2]) / 1000 if t.endswith("us") else float(t[:-2]) if t.endswith("ms") else float(t[:-1]) * 1000)
    return statistics.median(v)
print("%-24s %10.2f %10.2f %10.2f" % ("endpoint p99 ms", p99("before"), p99("after"), p99("after") / p99("before")))
for r in rows:
    if r[0] == "dq":
        print("%-24s %s %s MB/s" % ("data quality " + r[2], r[1], r[3]))
PY
