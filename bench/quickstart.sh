#!/usr/bin/env bash
# Wall time of the quickstart with a cold JVM, split into model compute (the preprocess, train and evaluate
# steps, as the quickstart's own summary reports them) and everything else.
#
#   bench/quickstart.sh [N]
#
# Builds once (mvn -DskipTests package), then runs `java -jar mlops-examples.jar quickstart` N times (default 5):
#   cold:   each run in a fresh JVM and a fresh home (no project, no compiled-code cache);
#   second: each run in a fresh JVM reusing one home that already holds the project (a second quickstart
#           builds, approves and deploys a new version).
# Wall time is measured outside the JVM (date +%s%N around the java command). Prints every run, then
# median [min-max] of total, model compute and everything else for each case.
#
# Environment:
#   JAVA_OPTS    JVM flags of the quickstart command (default: the documented ones, see below)
#   MVN_FLAGS    extra Maven flags for the build, e.g. -o;  SKIP_BUILD=1 reuses the built jar
#   KEEP=1       keep the homes (under mlops-examples/target/bench-quickstart)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"   # the CDS archive records the class path relative to the repository root
N="${1:-${N:-5}}"
JAR=mlops-examples/target/mlops-examples.jar
OUT="$ROOT/mlops-examples/target/bench-quickstart"
# The documented quickstart flags (set JAVA_OPTS to compare others, JAVA_OPTS= for none):
#   -XX:+UseSerialGC          no concurrent GC threads competing for 2 cores; the heap stays small
#   -XX:TieredStopAtLevel=1   C1 only: a short run never pays back C2's compile time (model compute is
#                             faster too, as C2 no longer competes with it for the cores)
#   -XX:SharedArchiveFile=... the AppCDS archive of bench/cds.sh (ignored by the JVM when missing or stale)
JAVA_OPTS="${JAVA_OPTS--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=mlops-examples/target/mlops-examples.jsa}"
mkdir -p "$OUT"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  echo "building (mvn -DskipTests package)"
  mvn -q -B ${MVN_FLAGS:-} -DskipTests package
fi
if [[ "$JAVA_OPTS" == *SharedArchiveFile=mlops-examples/target/mlops-examples.jsa* ]]; then
  bash bench/cds.sh   # (re)builds the archive if the jar is newer
fi

RESULTS="$OUT/results.txt"
: > "$RESULTS"

one_run() { # case home index
  local log="$OUT/$1-$3.log" start end wall model
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" quickstart --home "$2" > "$log" 2>&1 || { echo "quickstart failed:" >&2; tail -30 "$log" >&2; exit 1; }
  end=$(date +%s%N)
  wall=$(( (end - start) / 1000000 ))
  model=$(awk '/of which model compute/ { printf "%d", $(NF-1) * 1000 }' "$log")
  [[ -n "$model" ]] || { echo "no model compute line in $log" >&2; exit 1; }
  echo "$1 $3 $wall $model $((wall - model)) $(cut -d' ' -f1 /proc/loadavg)" >> "$RESULTS"
  printf '%-7s %3s %9s %9s %9s  %s\n' "$1" "$3" "$wall" "$model" "$((wall - model))" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "quickstart: java ${JAVA_OPTS:+$JAVA_OPTS }-jar mlops-examples.jar quickstart --home DIR; $(nproc) cores shared;" \
  "$(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-7s %3s %9s %9s %9s  %s\n' case run total_ms model_ms other_ms load_1min
for i in $(seq "$N"); do
  home="$OUT/cold-$i"
  rm -rf "$home"
  one_run cold "$home" "$i"
  [[ "${KEEP:-}" == 1 ]] || rm -rf "$home"
done
home="$OUT/second"
rm -rf "$home"
java $JAVA_OPTS -jar "$JAR" quickstart --home "$home" > "$OUT/second-0.log" 2>&1   # the first run, not measured
for i in $(seq "$N"); do
  one_run second "$home" "$i"
done
[[ "${KEEP:-}" == 1 ]] || rm -rf "$home"

echo
echo "median [min-max] over $N runs, milliseconds"
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print("%-7s %22s %22s %22s %10s" % ("case", "total", "model compute", "everything else", "load"))
for case in ("cold", "second"):
    sel = [r for r in rows if r[0] == case]
    if not sel:
        continue
    cols = [[float(r[i]) for r in sel] for i in (2, 3, 4, 5)]
    f = lambda v: "%d [%d-%d]" % (statistics.median(v), min(v), max(v))
    print("%-7s %22s %22s %22s %10s" % (case, f(cols[0]), f(cols[1]), f(cols[2]), "%.1f-%.1f" % (min(cols[3]), max(cols[3]))))
EOF
