#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds a C99 consumer of the
# C ABI (libisms_c) against it twice: with find_package(isms CONFIG) and
# isms::isms_c, and with plain cc and pkg-config isms_c.
# Usage: capi_install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
register=$src/examples/registers/acme.json
expected="43 risks, current exposure 95"
passed=0
failed=0

# check NAME OUTPUT: the consumer's output line must hold $expected.
check() {
  echo "$1: $2"
  if [[ $2 == *"$expected"* ]]; then
    passed=$((passed + 1))
  else
    echo "FAIL $1: expected \"$expected\"" >&2
    failed=$((failed + 1))
  fi
}

pcfile=$(find "$prefix" -name isms_c.pc | head -1)
if [[ -z $pcfile ]]; then
  echo "FAIL: no isms_c.pc installed under $prefix" >&2
  echo "0 passed, 2 failed"
  exit 1
fi
pcdir=$(dirname "$pcfile")
libdir=$(dirname "$pcdir")

# 1. CMake: find_package(isms CONFIG) + isms::isms_c.
out=""
if cmake -S "$src/tests/consumer_c" -B "$tmp/cmake" -G Ninja \
     -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 &&
   cmake --build "$tmp/cmake" >>"$tmp/cmake.log" 2>&1; then
  out=$(LD_LIBRARY_PATH=$libdir "$tmp/cmake/consumer_c" "$register" 2>&1) || true
else
  cat "$tmp/cmake.log" >&2
fi
check find_package "$out"

# 2. Plain cc + pkg-config isms_c.
out=""
# shellcheck disable=SC2046
if cc -std=c99 -Wall -Wextra -pedantic -Werror -o "$tmp/pc_consumer_c" \
     "$src/tests/consumer_c/main.c" \
     $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs isms_c); then
  out=$(LD_LIBRARY_PATH=$libdir "$tmp/pc_consumer_c" "$register" 2>&1) || true
fi
check pkg-config "$out"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
