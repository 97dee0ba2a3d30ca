#!/usr/bin/env bash
# Create .venv and install planextract with its two era plugins (editable) and the dev tools.
# Re-running is cheap: it reinstalls only when a pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.planextract-installed
want=$(cat pyproject.toml plugins/*/pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        -e ".[dev]" -e plugins/ksl2008 -e plugins/storsthlm2021
    echo "$want" > "$stamp"
fi
