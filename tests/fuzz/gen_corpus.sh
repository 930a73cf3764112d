#!/usr/bin/env bash
# Regenerates the derived seed files of tests/fuzz/corpus/ from their
# sources:
# - examples/registers/*.json are copied to register_json/ and converted to
#   register_binary/ (isms convert);
# - the small registers of register_text/*.txtpb (taken from the C++ tests)
#   are converted to register_json/ and register_binary/;
# - catalog/: the built-in 2013 catalog under another id (a built-in id is
#   refused as a duplicate), and user_catalog.txtpb encoded as binary.
# The hand-written seeds (register_text/*.txtpb, catalog/user_catalog.*) are
# kept as they are.
#
# Usage: tests/fuzz/gen_corpus.sh PATH_TO_ISMS_TOOL   (e.g. build/dev/tools/isms)
set -euo pipefail
isms=$(realpath "${1:?usage: $0 PATH_TO_ISMS_TOOL}")
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus

for json in examples/registers/*.json; do
  name=$(basename "$json" .json)
  cp "$json" "$corpus/register_json/$name.json"
  "$isms" convert "$json" "$corpus/register_binary/$name.binpb"
done
for text in "$corpus"/register_text/*.txtpb; do
  name=$(basename "$text" .txtpb)
  "$isms" convert "$text" "$corpus/register_json/$name.json"
  "$isms" convert "$text" "$corpus/register_binary/$name.binpb"
done

sed 's/"id": "iso27001:2013"/"id": "user:2013"/' lib/catalogs/iso27001_2013.json \
  >"$corpus/catalog/user_2013.json"
grep -v '^#' "$corpus/catalog/user_catalog.txtpb" |
  protoc -Iproto --encode=isms.v1.Catalog proto/isms/v1/catalog.proto \
    >"$corpus/catalog/user_catalog.binpb"
