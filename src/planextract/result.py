"""What an extraction returns: validated tables, check results and a provenance manifest."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from .checks import Status, summarize
from .completeness import uncovered
from .paths import printable_path
from .visibility import ignored_text

#: Libraries whose versions the manifest records, so a result can be reproduced.
RECORDED_LIBRARIES = ("planextract", "pdfplumber", "pdfminer.six", "pandas", "pandera", "pluggy", "click")


@dataclass(repr=False)
class ExtractionResult:
    """One document's extraction. ``tables`` maps table name to a validated DataFrame."""

    path: Path
    plugin: str
    tables: dict[str, pd.DataFrame]
    checks: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)
    canonical: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: On a plan read by OCR: every doubtful figure (:mod:`planextract.ocr_flags`); else None.
    ocr_flags: pd.DataFrame | None = None

    @property
    def failed_checks(self) -> pd.DataFrame:
        return self.checks[self.checks["status"] == Status.FAIL.value]

    @property
    def ok(self) -> bool:
        """True when no check failed (``rounding`` and ``skipped`` are not failures)."""
        return self.failed_checks.empty

    def write(self, directory: str | Path, format: str = "csv") -> Path:  # noqa: A002  (the CLI's word)
        """Write this result as ``planextract extract -o directory`` would: its own folder in
        ``directory`` (tables, ``canonical/``, checks, manifest.json), swapped in whole.
        Returns the folder."""
        from .output import write_result
        from .placement import Placement

        directory = Path(directory)
        folder = Placement(directory, [self.path]).folder(self.path, self.manifest["document_key"])
        return write_result(self, folder, format)

    def to_duckdb(self, path: str | Path) -> None:
        """Load this result into the DuckDB database at ``path`` as ``--db`` does, replacing
        the document's earlier rows in one transaction. Raises ``OtherModel`` for a database
        of another canonical model and ``DatabaseLocked`` when another process holds it."""
        from .database import connect, load_result

        with connect(path) as connection:
            load_result(connection, self)

    def __repr__(self) -> str:
        tables = ", ".join(f"{name} {len(frame)}×{len(frame.columns)}" for name, frame in self.tables.items())
        counts = ", ".join(f"{n} {status}" for status, n in summarize(self.checks).items() if n)
        return f"<ExtractionResult {self.path.name} {self.plugin}: {tables}; checks {counts or 'none'}>"

    def _repr_html_(self) -> str:
        """For notebooks: what was read, the check summary and any failed check."""
        from html import escape

        def table(rows: list[list[Any]], head: list[str]) -> str:
            cells = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
            return "<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + f"</tr>{cells}</table>"

        frames = [[name, len(f), len(f.columns)] for name, f in self.tables.items()]
        frames += [[f"canonical/{name}", len(f), len(f.columns)] for name, f in self.canonical.items()]
        counts = ", ".join(f"{n} {status}" for status, n in summarize(self.checks).items())
        failed = self.failed_checks[["check", "location", "expected", "actual", "rule"]].head(10)
        return (f"<p><b>{escape(self.path.name)}</b> · {escape(self.plugin)} · sha256 "
                f"<code>{escape(str(self.manifest.get('sha256', '')))}</code></p>"
                + table(frames, ["table", "rows", "columns"]) + f"<p>checks: {counts}</p>"
                + (table(failed.values.tolist(), list(failed.columns)) if len(failed) else ""))


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in RECORDED_LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(
    document, extractor, tables: dict[str, pd.DataFrame], checks: pd.DataFrame,
    canonical: dict[str, pd.DataFrame] | None = None, *,
    readings: dict[str, str] | None = None, coverage: dict[int, dict[str, int]] | None = None,
) -> dict[str, Any]:
    """Everything an archivist needs to trace a result back to its file and tools."""
    return {
        "file_name": printable_path(document.path.name),
        "path": printable_path(document.path),
        "sha256": document.sha256,
        "size_bytes": document.size_bytes,
        "pages": document.page_count,
        "page_range": list(document.page_range) if document.page_range else None,
        "document_key": document.key,
        "backend": document.backend,
        "ignored_text": ignored_text(document.pages),
        "repaired": document.metadata.get("planextract:repaired"),
        "ocr": document.metadata.get("planextract:ocr"),
        "plugin": {"name": extractor.name, "version": extractor.version},
        "document_year": _document_year(tables),
        "libraries": library_versions(),
        "extracted_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "planextract_version": library_versions().get("planextract"),
        "row_counts": {name: int(len(frame)) for name, frame in tables.items()},
        "canonical_row_counts": {name: int(len(frame)) for name, frame in (canonical or {}).items()},
        "checks": summarize(checks),
        "readings": dict(readings or {}),
        "incomplete": incomplete(checks),
        "coverage": {str(page): counts for page, counts in (coverage or {}).items()},
        "pages_with_words_read_nowhere": uncovered(coverage or {}),
    }


def incomplete(checks: pd.DataFrame) -> dict[str, str]:
    """Tables not read or read incompletely (a failed ``completeness.*`` check: a table not
    read fails ``completeness.table``), with why."""
    out: dict[str, str] = {}
    failed = checks[(checks["status"] == Status.FAIL.value) & checks["check"].str.startswith("completeness.")]
    for row in failed.itertuples(index=False):
        name = row.location.split(":", 1)[0]
        out.setdefault(name, row.rule)
    return out


def _document_year(tables: dict[str, pd.DataFrame]) -> int | None:
    for frame in tables.values():
        if "document_year" in frame.columns and len(frame):
            return int(frame["document_year"].iloc[0])
    return None
