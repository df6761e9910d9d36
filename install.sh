#!/usr/bin/env bash
# Installs the mlops command line from this checkout: builds mlops-cli with Maven, copies the jar and its lib/ to
# PREFIX/lib/mlops, writes the launcher PREFIX/bin/mlops and the bash completion
# PREFIX/share/bash-completion/completions/mlops.   Usage: ./install.sh [--prefix DIR] (default ~/.local)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$HOME/.local"
build=1
while (($#)); do
  case "$1" in
    --prefix) [[ $# -ge 2 ]] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --no-build) build=0; shift ;;  # install what mlops-cli/target holds (after a build of your own)
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (usage: ./install.sh [--prefix DIR] [--no-build])" >&2; exit 2 ;;
  esac
done
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

missing=()
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java="$JAVA_HOME/bin/java"; else java="$(command -v java || true)"; fi
[[ -n "$java" ]] || missing+=("a Java 17+ JDK")
((build == 0)) || command -v mvn >/dev/null 2>&1 || missing+=("Maven 3.6+ (mvn)")
if ((${#missing[@]})); then
  echo "install.sh needs ${missing[*]} (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven)" >&2
  exit 1
fi

target="$root/mlops-cli/target"
if ((build)); then
  echo "Building mlops-cli and the modules it uses with Maven (-DskipTests; a first build downloads the"
  echo "dependencies and takes a few minutes, a rebuild about one) ..."
  start=$SECONDS
  # package, never install: nothing is written to ~/.m2 but what Maven downloads.
  (cd "$root" && mvn -q -B -ntp -Dstyle.color=never -pl mlops-cli -am -DskipTests package)
  echo "Built in $((SECONDS - start)) s."
fi
[[ -f "$target/mlops-cli.jar" && -d "$target/lib" ]] || {
  echo "install.sh: $target/mlops-cli.jar and lib/ are missing; run without --no-build" >&2; exit 1; }

dest="$prefix/lib/mlops"
rm -rf "$dest.new"
mkdir -p "$dest.new" "$prefix/bin"
cp "$target/mlops-cli.jar" "$dest.new/"
cp -r "$target/lib" "$dest.new/lib"
rm -rf "$dest"
mv "$dest.new" "$dest"
install -m 0755 "$root/mlops-cli/src/main/sh/mlops" "$prefix/bin/mlops"
echo "Installed $prefix/bin/mlops (jars in $dest)."

completions="$prefix/share/bash-completion/completions"
mkdir -p "$completions"
if "$prefix/bin/mlops" completion >"$completions/mlops.new" 2>/dev/null && [[ -s "$completions/mlops.new" ]]; then
  mv "$completions/mlops.new" "$completions/mlops"
  echo "Installed bash completion in $completions/mlops."
elif "$java" -Dpicocli.autocomplete.systemExitOnError -cp "$dest/mlops-cli.jar" picocli.AutoComplete -f -n mlops \
       -o "$completions/mlops.new" dev.mlops.cli.Mlops >/dev/null 2>&1 && [[ -s "$completions/mlops.new" ]]; then
  # No `mlops completion` command in this build: picocli generates the same script from the command class.
  mv "$completions/mlops.new" "$completions/mlops"
  echo "Installed bash completion in $completions/mlops."
else
  rm -f "$completions/mlops.new"
  echo "Bash completion not installed: this build has no runnable dev.mlops.cli.Mlops command yet."
fi

case ":$PATH:" in
  *":$prefix/bin:"*) echo "$prefix/bin is on your PATH: run mlops --help" ;;
  *) echo "$prefix/bin is not on your PATH: add  export PATH=\"$prefix/bin:\$PATH\"  to ~/.bashrc, then run mlops --help" ;;
esac
