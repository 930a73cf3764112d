#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds a consumer against it
# twice: with find_package(isms CONFIG) and with pkg-config.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
register=$src/examples/registers/acme.json

cmake -S "$src/tests/consumer" -B "$tmp/cmake" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/cmake" >/dev/null
out=$(LD_LIBRARY_PATH=$prefix/lib:$prefix/lib/x86_64-linux-gnu "$tmp/cmake/consumer" "$register")
echo "find_package: $out"
[[ $out == *"0 errors, 93 controls in iso27001:2022"* ]]

pcdir=$(dirname "$(find "$prefix" -name isms.pc | head -1)")
# shellcheck disable=SC2046
c++ -std=c++17 -o "$tmp/pc_consumer" "$src/tests/consumer/main.cc" \
  $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs isms)
out=$(LD_LIBRARY_PATH=$(dirname "$pcdir") "$tmp/pc_consumer" "$register")
echo "pkg-config: $out"
[[ $out == *"0 errors, 93 controls in iso27001:2022"* ]]
echo "1 passed, 0 failed"
