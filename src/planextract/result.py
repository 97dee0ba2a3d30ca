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


@dataclass
class ExtractionResult:
    """One document's extraction. ``tables`` maps table name to a validated DataFrame."""

    path: Path
    plugin: str
    tables: dict[str, pd.DataFrame]
    checks: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)
    canonical: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def failed_checks(self) -> pd.DataFrame:
        return self.checks[self.checks["status"] == Status.FAIL.value]

    @property
    def ok(self) -> bool:
        """True when no check failed (``rounding`` and ``skipped`` are not failures)."""
        return self.failed_checks.empty


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
