#!/usr/bin/env bash
# Cold start of the installed mlops command: N runs (default 5) of `PREFIX/bin/mlops --help`, each a fresh JVM, wall
# time measured outside it; prints the median and the range. BUILD=1 also times the whole ./install.sh (the Maven
# build included); otherwise the layout in mlops-cli/target is installed as it is (built first if missing).
#   N=5 bench/cli-start.sh        BUILD=1 N=5 bench/cli-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n="${N:-5}"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
if [[ "${BUILD:-0}" == 1 || ! -f mlops-cli/target/mlops-cli.jar ]]; then
  t0=$(date +%s%N)
  ./install.sh --prefix "$prefix" >/dev/null
  echo "install.sh (Maven build included): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
else
  ./install.sh --prefix "$prefix" --no-build >/dev/null
fi
times=()
for ((i = 0; i < n; i++)); do
  t0=$(date +%s%N)
  "$prefix/bin/mlops" --help >/dev/null
  times+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "mlops --help, cold JVM, $n runs: median ${sorted[$((n / 2))]} ms [${sorted[0]}–${sorted[$((n - 1))]}]," \
     "load $(cut -d' ' -f1 /proc/loadavg), $(java -version 2>&1 | sed -n 1p)"
