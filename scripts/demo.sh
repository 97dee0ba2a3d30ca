#!/usr/bin/env bash
# Set up, then extract the bundled sample plans into out/ (CSV files and a DuckDB database)
# and show what came out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
.venv/bin/planextract extract samples/*.pdf -o out --db out/plans.duckdb || status=$?
echo
.venv/bin/planextract check samples/*.pdf || true
echo
.venv/bin/planextract db info out/plans.duckdb
echo
for dir in out/*/; do
    echo "== $dir"
    (cd "$dir" && find . -type f | sort | sed 's|^\./|  |')
done
exit $status
