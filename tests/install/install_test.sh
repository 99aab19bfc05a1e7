#!/usr/bin/env bash
# Installs the build tree BUILD_DIR into a temporary prefix, then builds and runs a consumer
# through find_package(tessera) and through pkg-config (the .pc must point into that prefix, not
# the configure-time one). With the tool installed, its man pages and completion must be too.
# usage: tests/install/install_test.sh BUILD_DIR
set -euo pipefail
build_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

cmake --install "$build_dir" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name tessera.pc)
[ -n "$pc" ] || { echo "install: no tessera.pc under $prefix" >&2; exit 1; }

# 1. find_package
cmake -S "$here" -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/cmake-build" >/dev/null
LD_LIBRARY_PATH="$(dirname "$(dirname "$pc")")" "$work/cmake-build/consumer" | grep -q "verified consumer"
echo "install: find_package consumer ok"

# 2. pkg-config, with the installed .pc alone on the search path
includedir=$(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --variable=includedir tessera)
case "$(realpath -m "$includedir")" in
  "$(realpath "$prefix")"/*) ;;
  *) echo "install: tessera.pc points at $includedir, outside $prefix" >&2; exit 1 ;;
esac
flags=$(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --cflags --libs tessera)
# shellcheck disable=SC2086
c++ -o "$work/pc-consumer" "$here/consumer.cpp" $flags
LD_LIBRARY_PATH="$(dirname "$(dirname "$pc")")" "$work/pc-consumer" | grep -q "verified consumer"
echo "install: pkg-config consumer ok"

# 3. The tool's man pages and bash completion script (cmake/TesseraManPages.cmake), when the
#    tool is built
if [ -x "$prefix/bin/tessera" ]; then
  for file in share/man/man1/tessera.1 share/man/man1/tessera-encode.1 \
      share/man/man8/tessera-serve.8 share/man/man5/tessera.toml.5 \
      share/bash-completion/completions/tessera; do
    [ -s "$prefix/$file" ] || { echo "install: no $file under $prefix" >&2; exit 1; }
  done
  echo "install: man pages and bash completion ok"
fi
