#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds the release preset and runs
# the main job on the bundled sample register: validation, then the risk
# assessment (summary on the terminal, full report as HTML).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target isms_cli
isms=build/release/tools/isms
register=examples/registers/acme.json
report=build/acme-report.html

echo
echo "== isms validate $register"
"$isms" validate "$register"
echo
echo "== isms assess $register"
"$isms" assess "$register"
"$isms" assess "$register" --format html -o "$report"
echo
echo "The full report (heatmaps, risk register, findings, what-if) is in $report"
