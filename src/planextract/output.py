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
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from .numbers import json_number
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
    if result.ocr_flags is not None:
        frames["ocr_flags"] = with_checksum(result.ocr_flags, sha)
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
             "checks", *(["ocr_flags"] if manifest.get("ocr") else [])]
    return all((folder / f"{name}.{fmt}").is_file() for name in names)


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8")


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def json_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a check's exact figures (``Decimal``) as JSON numbers, not strings."""
    return frame.assign(**{c: pd.Series([json_number(v) if isinstance(v, Decimal) else v for v in frame[c]],
                                        index=frame.index, dtype=object)
                           for c in frame.columns if frame[c].dtype == object})


def _json(frame: pd.DataFrame, path: Path) -> None:
    path.write_text(json_ready(frame).to_json(orient="records", date_format="iso", force_ascii=False, indent=1)
                    + "\n", encoding="utf-8")


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {"csv": _csv, "parquet": _parquet, "json": _json}


def sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters and no '/'."""
    return name.replace("canonical/", "canonical_")[:31]


def write_workbook(path: Path, frames: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> None:
    """A workbook people can read: first a sheet that says what it holds (the document, its
    checksum, the checks), then one sheet per table (canonical ones prefixed ``canonical_``)
    and checks, then the manifest. Every table sheet has a frozen header with a filter, fitted
    columns, amounts with thousands separators and dates as dates."""
    rows = [{"key": key, "value": json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value}
            for key, value in manifest.items()]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        about_sheet(manifest, frames).to_excel(writer, sheet_name=ABOUT_SHEET, index=False, header=False)
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet_name(name), index=False)
            _readable(writer.sheets[sheet_name(name)], frame)
        pd.DataFrame(rows, columns=["key", "value"]).to_excel(writer, sheet_name="manifest", index=False)
        _readable(writer.sheets["manifest"], pd.DataFrame(rows, columns=["key", "value"]))
        _fit(writer.sheets[ABOUT_SHEET], max_width=100)


#: The workbook's first sheet, the one that explains the others.
ABOUT_SHEET = "about"
#: Integer columns that count or number things rather than amounts: no thousands separator.
_PLAIN_INTEGERS = re.compile(r"(^|_)(year|page|item|position|id)$")
#: Excel's locale-aware formats: "1 372 840" in a Swedish Excel, "1,372,840" in an English one.
AMOUNT_FORMAT, FRACTION_FORMAT, DATE_FORMAT = "#,##0", "#,##0.0#####", "yyyy-mm-dd"


def about_sheet(manifest: dict[str, Any], frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """What the workbook is: the document and its checksum, the checks, then each sheet."""
    checks = manifest.get("checks", {})
    lines = [
        ("planextract result", manifest.get("file_name")),
        ("document", manifest.get("path")),
        ("sha256", manifest.get("sha256")),
        ("pages", manifest.get("pages")),
        ("plan year", manifest.get("document_year")),
        ("read by", f"{manifest.get('plugin', {}).get('name')} {manifest.get('plugin', {}).get('version')}"),
        ("extracted at", manifest.get("extracted_at")),
        ("check results", ", ".join(f"{n} {status}" for status, n in checks.items())),
        ("tables not read", ", ".join(f"{t}: {why}" for t, why in manifest.get("incomplete", {}).items()) or "none"),
        ("", ""),
        ("sheet", "rows"),
        *((sheet_name(name), len(frame)) for name, frame in frames.items()),
        ("manifest", "the full provenance record"),
        ("", ""),
        ("note", "amounts are in kronor unless the column name says otherwise (_tkr); canonical_budget_lines "
                 "counts revenues positive and costs negative; every row carries the document's sha256"),
    ]
    return pd.DataFrame(lines)


def _readable(sheet, frame: pd.DataFrame) -> None:
    """Frozen header, a filter over the table, number formats by column, fitted widths."""
    sheet.freeze_panes = "A2"
    if len(frame):
        sheet.auto_filter.ref = sheet.dimensions
    for index, (name, column) in enumerate(frame.items(), start=1):
        fmt = _number_format(name, column)
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                whole = fmt == FRACTION_FORMAT and isinstance(cell.value, (int, float, Decimal)) \
                    and cell.value == int(cell.value)
                cell.number_format = AMOUNT_FORMAT if whole else fmt
    _fit(sheet)


def _number_format(name: str, column: pd.Series) -> str | None:
    values = column.dropna()
    if pd.api.types.is_integer_dtype(column):
        return None if _PLAIN_INTEGERS.search(name) else AMOUNT_FORMAT
    if pd.api.types.is_float_dtype(column) or (len(values) and values.map(lambda v: isinstance(v, Decimal)).all()):
        return FRACTION_FORMAT
    if len(values) and values.map(lambda v: isinstance(v, date)).all():
        return DATE_FORMAT
    return None


def _fit(sheet, max_width: int = 60) -> None:
    """Each column as wide as its longest cell (up to ``max_width`` characters)."""
    from openpyxl.utils import get_column_letter

    for index, cells in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(str(c.value)) for c in cells if c.value is not None), default=4)
        sheet.column_dimensions[get_column_letter(index)].width = min(max_width, longest + 2)


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
