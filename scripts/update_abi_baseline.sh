#!/usr/bin/env bash
# Records the ABI of libisms_c (the C ABI, capi/include/isms/isms_c.h) as the
# baseline abi/isms_c.abi that tests/abi_test.sh (ctest -R abi_test) compares
# every debug build with.
#
# Run it deliberately, and commit the new baseline with the change, when the
# ABI changes on purpose:
#   - additions (new functions, new enumerators at the end): just record them;
#   - anything incompatible (a removed function, a changed parameter, return
#     or struct layout): bump ISMS_C_API_VERSION in isms_c.h and the SONAME
#     (libisms_c.so.N) in the same change, then record the new baseline.
# Never run it merely to make a failing abi_test pass.
#
# Usage: scripts/update_abi_baseline.sh [LIB]
#   LIB defaults to libisms_c.so of the dev preset's build, built first.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"

if ! command -v abidw >/dev/null 2>&1; then
  echo "update_abi_baseline: abidw not found; install abigail-tools (scripts/setup.sh does)" >&2
  exit 1
fi

if [[ $# -ge 1 ]]; then
  lib=$1
else
  cmake --preset dev >/dev/null
  cmake --build --preset dev --target isms_c
  lib=$(find build/dev -name 'libisms_c.so*' -type f | head -1)
  if [[ -z $lib ]]; then
    echo "update_abi_baseline: no libisms_c.so under build/dev" >&2
    exit 1
  fi
fi

mkdir -p abi
# --exported-interfaces-only keeps just the isms_* functions and the types
# they reach (the opaque handles stay declaration-only), not every type of
# the C++ implementation.
abidw --headers-dir capi/include/isms --drop-private-types --no-corpus-path \
  --exported-interfaces-only --out-file abi/isms_c.abi "$lib"
echo "update_abi_baseline: wrote abi/isms_c.abi from $lib"
git --no-pager diff --stat -- abi/isms_c.abi 2>/dev/null || true
