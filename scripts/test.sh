#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds and runs the whole test
# suite with ctest, then again under AddressSanitizer + UBSan, the
# concurrency and I/O tests under ThreadSanitizer, and each libFuzzer target
# for 20 seconds (the tsan and fuzz presets build only what they run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
for preset in dev asan tsan fuzz; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
