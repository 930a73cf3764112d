#!/usr/bin/env bash
# Compares the ABI of a built libisms_c with the recorded baseline
# abi/isms_c.abi (libabigail's abidiff).
#   - a removed or changed function, variable or public type fails the test:
#     restore compatibility, or, if the change is deliberate, bump
#     ISMS_C_API_VERSION and the SONAME and run scripts/update_abi_baseline.sh;
#   - pure additions (new functions or variables) pass, and are listed, until
#     the baseline is updated with scripts/update_abi_baseline.sh.
# Usage: abi_test.sh LIB SOURCE_DIR
# ABIDIFF names the abidiff to run (default: abidiff on PATH).
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 LIB SOURCE_DIR" >&2
  exit 2
fi
lib=$1
src=$2
headers=$src/capi/include/isms
baseline=$src/abi/isms_c.abi

# fail LINE...: prints the lines as the reason and the summary, exits 1.
fail() {
  printf 'FAIL abi_test: %s\n' "$1" >&2
  shift
  if [[ $# -gt 0 ]]; then
    printf '  %s\n' "$@" >&2
  fi
  echo "0 passed, 1 failed"
  exit 1
}

abidiff=${ABIDIFF:-abidiff}
if ! command -v "$abidiff" >/dev/null 2>&1; then
  fail "abidiff not found ($abidiff); install abigail-tools (scripts/setup.sh does) and reconfigure"
fi
[[ -f $lib ]] || fail "no library at $lib"
[[ -f $baseline ]] || fail "no baseline at $baseline; run scripts/update_abi_baseline.sh"

# abidiff's exit status is a bit field: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible ABI change (removed symbols).
rc=0
report=$("$abidiff" --exported-interfaces-only --headers-dir2 "$headers" "$baseline" "$lib" 2>&1) || rc=$?
if ((rc & 3)); then
  fail "abidiff could not compare (exit status $rc):" "$report"
fi
if ((rc == 0)); then
  echo "abi: libisms_c matches $baseline"
  echo "1 passed, 0 failed"
  exit 0
fi

# Bit 3 only covers removals; a changed parameter or struct sets only bit 2.
# So the change is compatible only if it vanishes once additions are ignored.
rc_changed=0
if ((rc & 8)); then
  rc_changed=$rc
else
  "$abidiff" --exported-interfaces-only --no-added-syms --headers-dir2 "$headers" "$baseline" "$lib" \
    >/dev/null 2>&1 || rc_changed=$?
fi
if ((rc_changed != 0)); then
  printf '%s\n' "$report"
  fail "incompatible ABI change in libisms_c against $baseline (above)." \
    "Restore compatibility, or, if the break is deliberate, bump" \
    "ISMS_C_API_VERSION and the SONAME and run scripts/update_abi_baseline.sh."
fi
printf '%s\n' "$report"
echo "abi: compatible additions only (above); record them with scripts/update_abi_baseline.sh"
echo "1 passed, 0 failed"
