#!/usr/bin/env bash
# Replays recorded project events into the mlops command line's progress display, so that a person can watch it.
#   bench/progress-demo.sh                      # both recordings (an AWS stack, the embedded quickstart), live
#   bench/progress-demo.sh --speed 4            # four times faster
#   bench/progress-demo.sh --mode always 2>log  # plain lines into a file (AUTO would draw nothing there)
#   PTY=1 bench/progress-demo.sh --speed 20     # under a pseudo-terminal (util-linux script), bytes shown by cat -v
# SKIP_BUILD=1 reuses mlops-cli/target/test-classes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -o -q -pl mlops-cli -am test-compile >&2
fi
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
mvn -o -q -pl mlops-cli dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >&2
# The reactor's own modules from their target directories, not from ~/.m2.
cp="$(tr ':' '\n' <"$cpfile" | grep -v '/dev/mlops/' | paste -sd: -)"
for m in mlops-core mlops-testkit mlops-local mlops-aws mlops-git mlops-jenkins mlops-container; do
  cp="$cp:$PWD/$m/target/classes"
done
cp="$cp:$PWD/mlops-cli/target/classes:$PWD/mlops-cli/target/test-classes"
cmd=(java -cp "$cp" dev.mlops.cli.progress.ProgressDemo "$@")
if [[ -n "${PTY:-}" ]]; then
  script -qec "stty cols ${COLUMNS:-100} rows 30; $(printf '%q ' "${cmd[@]}")" /dev/null | cat -v
else
  exec "${cmd[@]}"
fi
