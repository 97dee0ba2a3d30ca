"""Writing results to disk without ever leaving a half-written result behind.

A document's outputs are written into a temporary directory beside the target and moved into
place only when complete; an older result is replaced in one rename, never edited in place.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from .result import ExtractionResult


def write_result(result: ExtractionResult, target: Path) -> Path:
    """Write every table as CSV, ``checks.csv`` and ``manifest.json`` into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        for name, frame in result.tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False)
        result.checks.to_csv(staging / "checks.csv", index=False)
        write_json(staging / "manifest.json", result.manifest)
        replace_directory(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def replace_directory(staging: Path, target: Path) -> None:
    """Swap ``staging`` in for ``target``: the old result stays whole until the new one is."""
    if target.exists():
        retired = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, retired)
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, target)


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temp file in the same directory, then rename)."""
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def atomic_write_text(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
