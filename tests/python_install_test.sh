#!/usr/bin/env bash
# Installs the build into a temporary prefix and uses the Python package from
# there, outside the build tree and without LD_LIBRARY_PATH (the extension
# finds libisms.so through its RPATH): the README's promise that
#   python3 -c "import isms; print(isms.Engine(isms.load('acme.json')).evaluate())"
# prints what `isms assess acme.json` prints.
# Usage: python_install_test.sh BUILD_DIR SOURCE_DIR PYTHON PYTHON_INSTALL_DIR
set -euo pipefail
build=$1
src=$2
python=$3
pydir=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
register=$src/examples/registers/acme.json
cd "$tmp"
unset LD_LIBRARY_PATH
export PYTHONPATH=$prefix/$pydir PYTHONDONTWRITEBYTECODE=1

where=$("$python" -c "import isms; print(isms.__file__)")
echo "imported $where"
[[ $where == "$prefix/$pydir/isms/__init__.py" ]]

# Today's date on both sides, as a user would run them.
from_python=$("$python" -c "import isms; print(isms.Engine(isms.load('$register')).evaluate())")
from_cli=$(LD_LIBRARY_PATH=$prefix/lib:$prefix/lib/x86_64-linux-gnu "$prefix/bin/isms" assess "$register")
if [[ "$from_python" != "$from_cli" ]]; then
  diff <(echo "$from_python") <(echo "$from_cli") || true
  echo "FAIL: the installed package does not print what isms assess prints"
  exit 1
fi
echo "isms.Engine(...).evaluate() matches isms assess ($(wc -l <<<"$from_python") lines)"

out=$("$python" "$src/examples/python/top_risks.py" "$register" --as-of 2026-11-22)
[[ $out == *"current exposure 95 -> 91"* ]]
echo "examples/python/top_risks.py works from the installed package"
echo "1 passed, 0 failed"
