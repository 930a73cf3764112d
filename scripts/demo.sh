#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds the release preset and runs
# the main job on the bundled sample register.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target isms_cli
isms=build/release/tools/isms
register=examples/registers/acme.json

echo
echo "== isms validate $register"
"$isms" validate "$register"
echo
echo "== isms catalog list"
"$isms" catalog list
