#!/usr/bin/env bash
# The quickstart's time on two trees, interleaved in one session so that the machine's load hits both alike:
# N rounds of `bench/quickstart.sh 1` (one cold run, one second run) on the other tree ("before"), then on this
# one ("after").
#
#   git worktree add /tmp/before <commit>; bench/quickstart-ab.sh /tmp/before
#
# Environment: N rounds (default 5); SKIP_BUILD=1 reuses both trees' jars (else each is built once with
# mvn -DskipTests package, MVN_FLAGS as in bench/quickstart.sh); JAVA_OPTS as in bench/quickstart.sh.
# Before the measured rounds, one unmeasured quickstart runs on each tree (it makes the child JVMs' class-data
# archive of a tree that has one, see docs/backend-local.md). Prints every run, then median [min-max] per side.
set -euo pipefail
AFTER="$(cd "$(dirname "$0")/.." && pwd)"
BEFORE="$(cd "${1:?usage: bench/quickstart-ab.sh BEFORE_DIR}" && pwd)"
N="${N:-5}"
OUT="$AFTER/mlops-examples/target/bench-quickstart-ab"; mkdir -p "$OUT"; RESULTS="$OUT/results.txt"; : > "$RESULTS"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  for t in "$BEFORE" "$AFTER"; do (cd "$t" && mvn -q -B ${MVN_FLAGS:-} -DskipTests package); done
fi
for t in "$BEFORE" "$AFTER"; do (cd "$t" && SKIP_BUILD=1 N=1 bash bench/quickstart.sh 1 > /dev/null); done   # unmeasured
echo "quickstart A/B: before=$BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD)) after=$AFTER ($(git -C "$AFTER" rev-parse --short HEAD));" \
  "$(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-7s %3s %9s %9s %9s  %s\n' side case run total_ms model_ms other_ms load_1min
for i in $(seq "$N"); do
  for side in before after; do
    tree="$BEFORE"; [[ $side == after ]] && tree="$AFTER"
    (cd "$tree" && SKIP_BUILD=1 bash bench/quickstart.sh 1 > /dev/null)
    while read -r c _ total model other load; do
      echo "$side $c $i $total $model $other $load" >> "$RESULTS"
      printf '%-7s %-7s %3s %9s %9s %9s  %s\n' "$side" "$c" "$i" "$total" "$model" "$other" "$load"
    done < "$tree/mlops-examples/target/bench-quickstart/results.txt"
  done
done
echo "end $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "median [min-max] over $N runs, milliseconds"
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print("%-7s %-7s %22s %22s %22s %10s" % ("side", "case", "total", "model compute", "everything else", "load"))
med = {}
for case in ("cold", "second"):
    for side in ("before", "after"):
        sel = [r for r in rows if r[0] == side and r[1] == case]
        if not sel:
            continue
        cols = [[float(r[i]) for r in sel] for i in (3, 4, 5, 6)]
        med[(side, case)] = statistics.median(cols[0])
        f = lambda v: "%d [%d-%d]" % (statistics.median(v), min(v), max(v))
        print("%-7s %-7s %22s %22s %22s %10s" % (side, case, f(cols[0]), f(cols[1]), f(cols[2]),
                                                 "%.1f-%.1f" % (min(cols[3]), max(cols[3]))))
for case in ("cold", "second"):
    if ("before", case) in med and ("after", case) in med:
        print("%s: after - before = %+d ms (medians)" % (case, med[("after", case)] - med[("before", case)]))
EOF
