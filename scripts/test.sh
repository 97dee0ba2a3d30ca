#!/usr/bin/env bash
# Set up, then run the whole test suite (core and both plugins).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
