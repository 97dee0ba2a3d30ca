#!/usr/bin/env bash
# Set up, then extract the bundled sample plans into out/ and show what came out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
.venv/bin/planextract extract samples/*.pdf -o out || status=$?
echo
.venv/bin/planextract check samples/*.pdf || true
echo
for dir in out/*/; do
    echo "== $dir"
    ls "$dir"
done
exit $status
