#!/usr/bin/env bash
# Builds an AppCDS archive for mlops-examples.jar, so that a cold JVM maps the ~5,700 classes the quickstart
# loads (SDK, Jackson, SQLite, Netty, javac...) instead of reading, parsing and verifying them:
#
#   bench/cds.sh            # after mvn package; writes mlops-examples/target/mlops-examples.jsa
#   java -XX:SharedArchiveFile=mlops-examples/target/mlops-examples.jsa -jar mlops-examples/target/mlops-examples.jar ...
#
# Run from anywhere; the archive records the class path as seen from the repository root, so use it from there
# (as the README's commands are). A missing or stale archive (the jar rebuilt since) is ignored by the JVM:
# it then runs without class data sharing, so rebuild the archive after each build. Does nothing if the
# archive is newer than the jar, unless FORCE=1.
#
# How: a training run of the quickstart (in a temporary home) with -XX:DumpLoadedClassList, then a static
# dump (-Xshare:dump). Not the one-step dynamic archive (-XX:ArchiveClassesAtExit): on Debian's OpenJDK
# 17.0.15 both it and a static dump of a class list with lambda proxies crash the JVM in
# SystemDictionaryShared::adjust_lambda_proxy_class_dictionary (SIGSEGV), so the @lambda-proxy lines are
# dropped from the list; lambdas are then spun at run time as without CDS. JGit's classes are not archived
# either: its jar is signed, and CDS skips signed jars.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAR=mlops-examples/target/mlops-examples.jar
ARCHIVE=mlops-examples/target/mlops-examples.jsa
[[ -f "$JAR" ]] || { echo "no $JAR: run mvn -DskipTests package first" >&2; exit 2; }
if [[ "${FORCE:-}" != 1 && -f "$ARCHIVE" && "$ARCHIVE" -nt "$JAR" ]]; then
  newer=$(find mlops-examples/target/lib -newer "$ARCHIVE" -name '*.jar' | head -1)
  [[ -z "$newer" ]] && exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "cds: training run of the quickstart to list the classes it loads"
java -XX:DumpLoadedClassList="$work/classes.lst" -jar "$JAR" quickstart --home "$work/home" > "$work/training.log" 2>&1 \
  || { tail -20 "$work/training.log" >&2; exit 1; }
grep -v '^@lambda-proxy' "$work/classes.lst" > "$work/classes-no-lambda.lst"
rm -f "$ARCHIVE"
java -Xshare:dump -XX:SharedClassListFile="$work/classes-no-lambda.lst" -XX:SharedArchiveFile="$ARCHIVE" -jar "$JAR" \
  > "$work/dump.log" 2>&1 || { tail -20 "$work/dump.log" >&2; exit 1; }
echo "cds: wrote $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1), $(grep -vc '^@' "$work/classes-no-lambda.lst") classes listed)"
