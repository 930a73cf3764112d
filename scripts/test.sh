#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds and runs the whole test
# suite with ctest, then again under AddressSanitizer + UBSan, and the
# concurrency and I/O tests under ThreadSanitizer (the tsan presets build only
# those).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
for preset in dev asan tsan; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
