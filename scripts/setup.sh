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
# The OCR engine for scanned plans (Tesseract with Swedish data): installed where we can (root
# with apt-get, as in CI); elsewhere say what to install. Born-digital plans need none of it.
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx swe; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing the OCR engine (tesseract-ocr, tesseract-ocr-swe)" >&2
        (DEBIAN_FRONTEND=noninteractive apt-get install -y -q tesseract-ocr tesseract-ocr-swe >/dev/null 2>&1 \
            || { apt-get update -q >/dev/null 2>&1 \
                 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q tesseract-ocr tesseract-ocr-swe >/dev/null 2>&1; }) \
            || echo "setup: could not install tesseract-ocr; scanned plans will say no-text-layer" >&2
    else
        echo "setup: no OCR engine; to read scanned plans install tesseract-ocr and tesseract-ocr-swe" \
             "(apt-get install tesseract-ocr tesseract-ocr-swe; macOS: brew install tesseract tesseract-lang)" >&2
    fi
fi
