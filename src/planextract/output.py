"""Writing results to disk without ever leaving a half-written result behind.

A document's outputs are written into a temporary directory beside the target and moved into
place only when complete; an older result is replaced by a rename, never edited in place.
Every written row carries the document's SHA-256 (``document_sha256``) besides its page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .result import ExtractionResult

FORMATS = ("csv", "parquet", "xlsx", "json")
PROVENANCE_COLUMN = "document_sha256"


def with_checksum(frame: pd.DataFrame, sha256: str) -> pd.DataFrame:
    """The frame with ``document_sha256`` as its last column, so a row knows its file."""
    return frame.assign(**{PROVENANCE_COLUMN: sha256})


def result_frames(result: ExtractionResult) -> dict[str, pd.DataFrame]:
    """Every frame a result writes, keyed by its output name (canonical ones under canonical/)."""
    sha = result.manifest["sha256"]
    frames = {name: with_checksum(frame, sha) for name, frame in result.tables.items()}
    frames |= {f"canonical/{name}": with_checksum(frame, sha) for name, frame in result.canonical.items()}
    frames["checks"] = with_checksum(result.checks, sha)
    return frames


def write_result(result: ExtractionResult, target: Path, fmt: str = "csv") -> Path:
    """Write every table, the canonical tables, checks and ``manifest.json`` into ``target``."""
    with staged_result(result, target, fmt) as publish:
        publish()
    return target


@contextmanager
def staged_result(result: ExtractionResult, target: Path, fmt: str = "csv") -> Iterator[Callable[[], None]]:
    """Write the result into a staging folder beside ``target`` and yield ``publish``, which
    swaps it in. Whatever fails before (a database load, say), the staging folder goes and
    ``target`` stays as it was."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent))
    try:
        frames = result_frames(result)
        if fmt == "xlsx":
            write_workbook(staging / f"{target.name}.xlsx", frames, result.manifest)
        else:
            for name, frame in frames.items():
                path = staging / f"{name}.{fmt}"
                path.parent.mkdir(exist_ok=True)
                WRITERS[fmt](frame, path)
        write_json(staging / "manifest.json", result.manifest)
        publish_permissions(staging)
        yield lambda: replace_directory(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone once published: renamed to target


def is_complete(folder: Path, fmt: str, manifest: dict) -> bool:
    """The folder holds a whole result in ``fmt``: every table its ``manifest`` lists."""
    if fmt == "xlsx":
        return (folder / f"{folder.name}.xlsx").is_file()
    names = [*manifest.get("row_counts", {}), *(f"canonical/{n}" for n in manifest.get("canonical_row_counts", {})),
             "checks"]
    return all((folder / f"{name}.{fmt}").is_file() for name in names)


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8")


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def _json(frame: pd.DataFrame, path: Path) -> None:
    path.write_text(frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=1) + "\n",
                    encoding="utf-8")


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {"csv": _csv, "parquet": _parquet, "json": _json}


def sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters and no '/'."""
    return name.replace("canonical/", "canonical_")[:31]


def write_workbook(path: Path, frames: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> None:
    """One sheet per table (canonical ones prefixed ``canonical_``), checks, and the manifest."""
    rows = [{"key": key, "value": json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value}
            for key, value in manifest.items()]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet_name(name), index=False)
        pd.DataFrame(rows, columns=["key", "value"]).to_excel(writer, sheet_name="manifest", index=False)


def replace_directory(staging: Path, target: Path) -> None:
    """Swap ``staging`` in for ``target``: the old result stays whole until the new one is."""
    if target.exists():
        retired = target.with_name(f".{target.name}.{os.getpid()}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, retired)
        try:
            os.replace(staging, target)
        except BaseException:
            os.replace(retired, target)  # put the old result back
            raise
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, target)


def publish_permissions(folder: Path) -> None:
    """Temp folders and files are private (0700/0600); results get the usual umask modes."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    for path in folder.rglob("*"):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temp file in the same directory, then rename)."""
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def atomic_write_text(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


_LEFTOVER = re.compile(r"^\..+\.(?P<pid>\d+)\.(?:.+\.tmp|old-[0-9a-f]{8})$")


def sweep_leftovers(outdir: Path) -> list[str]:
    """Remove what a killed run left in ``outdir``: staging folders, retired results and temp
    files of processes that no longer run (their names carry the writer's process id)."""
    removed = []
    for entry in outdir.iterdir() if outdir.is_dir() else ():
        match = _LEFTOVER.match(entry.name)
        if match is None or _alive(int(match["pid"])):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True  # running (PermissionError too: someone else's)


@dataclass(frozen=True)
class Existing:
    """A result folder an earlier run left in OUTDIR, with its manifest (read once)."""

    folder: Path
    manifest: dict


def existing_results(outdir: Path) -> dict[str, Existing]:
    """Document key (SHA-256, and pages when a file's plan was selected) → its result, for
    every result folder under ``outdir`` with a readable manifest (for --skip-existing and
    placement)."""
    found: dict[str, Existing] = {}
    for path in outdir.glob("*/manifest.json"):
        if path.parent.name.startswith("."):
            continue  # staging or retired folders of another run
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            found[manifest.get("document_key") or manifest["sha256"]] = Existing(path.parent, manifest)
        except (OSError, ValueError, KeyError):
            continue
    return found
