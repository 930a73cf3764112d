#!/usr/bin/env bash
# The C ABI exports exactly what isms_c.h declares: every dynamic symbol
# libisms_c.so defines starts with isms_ and is declared in the header, every
# function of the header is exported under the version node ISMS_C_1, and the
# SONAME carries the ABI major version.
# Usage: capi_symbols_test.sh LIBISMS_C_SO [HEADER]
set -u
lib=$1
header=${2:-$(cd "$(dirname "$0")/.." && pwd)/capi/include/isms/isms_c.h}
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

for f in "$lib" "$header"; do
  if [[ ! -r $f ]]; then
    echo "FAIL cannot read $f"
    echo "0 passed, 1 failed"
    exit 1
  fi
done

# Functions of the header: `ISMS_EXPORT <type> isms_name(`, the declaration
# possibly spread over several lines.
declared=$(tr '\n' ' ' < "$header" | grep -o 'ISMS_EXPORT[^;(]*(' |
           grep -o 'isms_[A-Za-z0-9_]*[[:space:]]*($' | tr -d ' (' | sort -u)
if [[ -n $declared ]]; then pass; else fail "no ISMS_EXPORT function in $header"; fi

# Defined dynamic symbols, without their version suffix (name@@ISMS_C_1); the
# version node itself appears as an absolute symbol and is not a function.
nm_out=$(nm -D --defined-only "$lib") || { fail "nm -D $lib"; nm_out=; }
exported=$(awk 'NF >= 2 { print $NF }' <<< "$nm_out" | sed 's/@.*//' |
           grep -vx 'ISMS_C_1' | sort -u)

# 1. Nothing but isms_* is exported.
stray=$(grep -v '^isms_' <<< "$exported")
if [[ -z $stray ]]; then
  pass
else
  fail "exported symbols outside isms_*: $(echo $stray | head -c 2000)"
fi

# 2. Every exported isms_* symbol is declared in the header.
undeclared=$(comm -23 <(grep '^isms_' <<< "$exported") <(echo "$declared"))
if [[ -z $undeclared ]]; then
  pass
else
  fail "exported but not declared in isms_c.h: $(echo $undeclared)"
fi

# 3. Every function of the header is exported (one check each).
for name in $declared; do
  if grep -qx "$name" <<< "$exported"; then
    pass
  else
    fail "declared in isms_c.h but not exported: $name"
  fi
done

# 4. Every isms_* symbol carries the version node ISMS_C_1.
unversioned=$(awk 'NF >= 2 { print $NF }' <<< "$nm_out" | grep '^isms_' |
              grep -v '@@\?ISMS_C_1$')
if [[ -z $unversioned ]]; then
  pass
else
  fail "symbols without the version ISMS_C_1: $(echo $unversioned)"
fi

# 5. SONAME libisms_c.so.1 (the ABI major, ISMS_C_API_VERSION).
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
api=$(sed -n 's/^#define ISMS_C_API_VERSION \([0-9]*\).*/\1/p' "$header")
if [[ $soname == "libisms_c.so.$api" && $soname == libisms_c.so.1 ]]; then
  pass
else
  fail "SONAME is '$soname', expected libisms_c.so.$api (ISMS_C_API_VERSION)"
fi

echo "$(wc -w <<< "$declared") functions declared, $(wc -l <<< "$exported") symbols exported"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
