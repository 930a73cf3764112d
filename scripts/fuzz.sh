#!/usr/bin/env bash
# Fuzzes every target of tests/fuzz/ for SECONDS each (default 60), one at a
# time: installs what is missing, configures and builds the `fuzz` preset
# (clang, libFuzzer, ASan + UBSan), then runs each target over its seed
# corpus with the dictionary. New inputs go to
# build/fuzz/tests/fuzz/work/<target>/ (kept from one run to the next, never
# in the source tree). Exits non-zero and names the crashing input if any
# target finds something; then reproduce with
#   build/fuzz/tests/fuzz/<target>_fuzzer <input>
# fix it and copy the input to tests/fuzz/regressions/<target>/.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")

./scripts/setup.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

# The targets, the inputs of each (seed corpus, regressions) and the
# libFuzzer options, as tests/fuzz/CMakeLists.txt lists them.
build_dir=$PWD/build/fuzz/tests/fuzz
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets <"$build_dir/targets"
fi
mapfile -t options <"$build_dir/options"
failed=()
for target in "${targets[@]}"; do
  work=$build_dir/work/$target
  mkdir -p "$work/corpus" "$work/artifacts"
  mapfile -t inputs <"$build_dir/$target.inputs"
  echo "== $target: ${seconds}s (log: $work/fuzz.log)"
  status=0
  (cd "$work" && "$build_dir/${target}_fuzzer" \
    -max_total_time="$seconds" "${options[@]}" \
    -artifact_prefix="$work/artifacts/" "$work/corpus" "${inputs[@]}") \
    >"$work/fuzz.log" 2>&1 || status=$?
  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' \
    "$work/fuzz.log" || true
  if [[ $status -ne 0 ]]; then
    echo "!! $target failed (exit $status); the end of its log:"
    tail -n 40 "$work/fuzz.log"
    found=$(ls -t "$work/artifacts/" 2>/dev/null | head -n 1)
    if [[ -n $found ]]; then
      echo "!! crashing input: $work/artifacts/$found"
    fi
    failed+=("$target")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no finding"
