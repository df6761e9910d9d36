#!/bin/sh
# Installs the mlops command line from this clone: builds mlops-cli (and the modules it needs) and links
# PREFIX/bin/mlops to it (PREFIX defaults to ~/.local). Needs a JDK 17 and Maven 3.8+.
#
#   ./install.sh              # ~/.local/bin/mlops
#   ./install.sh /usr/local   # /usr/local/bin/mlops
set -eu
prefix="${1:-$HOME/.local}"
root=$(cd "$(dirname "$0")" && pwd)
mvn -q -B -f "$root/pom.xml" -pl mlops-cli -am -DskipTests package
chmod +x "$root/mlops-cli/target/mlops"
mkdir -p "$prefix/bin"
ln -sf "$root/mlops-cli/target/mlops" "$prefix/bin/mlops"
echo "Installed $prefix/bin/mlops -> $root/mlops-cli/target/mlops"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "Add $prefix/bin to PATH, e.g.: export PATH=\"$prefix/bin:\$PATH\"" ;; esac
echo "Try: mlops --help, mlops quickstart; completion: source <(mlops completion)"
