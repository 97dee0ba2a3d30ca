"""The embedded DuckDB store for a collection of plans.

Canonical tables keep their plain names (``fees``, ``budget_lines``, ``activities``); each era
table is prefixed with its plugin (``ksl2008_fees``); ``checks`` and ``documents`` hold the
reconciliation results and one manifest row per document. Documents are keyed by SHA-256 and,
for one plan selected from a file that binds several (``--pages``), its pages
(``document_pages``, "38-74"; NULL for a whole file): loading a document again replaces its rows
in one transaction, so a run killed half-way leaves the database as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from .checks import AMOUNT_COLUMNS
from .output import PROVENANCE_COLUMN, with_checksum
from .result import ExtractionResult

DOCUMENTS_TABLE = "documents"
#: The version of the canonical model (signs, vocabularies, columns) a database holds; a
#: database of another model is refused, never misread.
MODEL_VERSION = 3
#: What each model version changed, for the message that refuses a database of an older one.
MODEL_CHANGES = {
    2: "one sign convention, municipality codes, closed vocabularies",
    3: "aims and goals as rows that activities point to, areas across eras, exact check figures",
}
META_TABLE = "planextract_meta"
#: The reference table of municipalities (SCB code and name), joined to by ``fees``.
MUNICIPALITIES_TABLE = "municipalities"
#: The on-disk format new databases are written in: readable by DuckDB 1.0 and every later
#: release (the command-line tool people have may be a release or two behind the library).
STORAGE_VERSION = "v1.0.0"
#: The pages of the file a document is, when it is not the whole file.
PAGES_COLUMN = "document_pages"
#: The ``documents`` table, one row per document, column by column.
DOCUMENT_COLUMNS = {
    PROVENANCE_COLUMN: "SHA-256 of the PDF: the key every other table joins on",
    "file_name": "the file's name when it was read",
    "path": "its path when it was read",
    "size_bytes": "its size",
    "pages": "its page count",
    "plugin": "the plugin (era) that read it",
    "plugin_version": "that plugin's version",
    "document_year": "the plan's year",
    "planextract_version": "the planextract that read it",
    "libraries": "MAP of library name → version (libraries['pdfplumber'])",
    "extracted_at": "when, UTC",
    "checks_ok": "how many checks were ok",
    "checks_rounding": "… within rounding",
    "checks_fail": "… failed",
    "checks_skipped": "… could not run (a figure not printed)",
    PAGES_COLUMN: "the pages of the file the plan is (--pages), else null",
}
#: Seconds a run waits for another run's lock on the database before it gives up.
LOCK_WAIT = 60.0


class DatabaseLocked(Exception):
    """Another process holds the database."""


class OtherModel(Exception):
    """The database holds another version of the canonical model."""


def database_frames(result: ExtractionResult) -> dict[str, pd.DataFrame]:
    """The tables one result contributes, by database table name."""
    sha, pages = result.manifest["sha256"], _pages(result)
    frames = {name: with_checksum(frame, sha) for name, frame in result.canonical.items()}
    frames |= {f"{result.plugin}_{name}": with_checksum(frame, sha) for name, frame in result.tables.items()}
    frames["checks"] = _exact_amounts(with_checksum(result.checks, sha).assign(plugin=result.plugin))
    if result.ocr_flags is not None:
        frames["ocr_flags"] = with_checksum(result.ocr_flags, sha)
    frames[DOCUMENTS_TABLE] = documents_row(result)
    return {name: frame.assign(**{PAGES_COLUMN: pd.Series([pages] * len(frame), index=frame.index, dtype="string")})
            for name, frame in frames.items()}


def _exact_amounts(checks: pd.DataFrame) -> pd.DataFrame:
    """Check figures as one fixed DECIMAL type, so no document's figures are cast to the
    precision another document's first load happened to have."""
    import pyarrow as pa

    kind = pd.ArrowDtype(pa.decimal128(38, 9))
    return checks.assign(**{c: pd.array(list(checks[c].map(lambda v: None if pd.isna(v) else v)), dtype=kind)
                            for c in AMOUNT_COLUMNS})


def _pages(result: ExtractionResult) -> str | None:
    """``document_pages`` of a document that is pages (first, last) of its file: "38-74"."""
    page_range = result.manifest.get("page_range")
    return f"{page_range[0]}-{page_range[1]}" if page_range else None


def documents_row(result: ExtractionResult) -> pd.DataFrame:
    m = result.manifest
    row: dict[str, Any] = {
        PROVENANCE_COLUMN: m["sha256"],
        "file_name": m["file_name"],
        "path": m["path"],
        "size_bytes": m["size_bytes"],
        "pages": m["pages"],
        "plugin": m["plugin"]["name"],
        "plugin_version": m["plugin"]["version"],
        "document_year": m.get("document_year"),
        "planextract_version": m.get("planextract_version"),
        "libraries": None,  # a MAP column, set below
        "extracted_at": pd.Timestamp(m["extracted_at"]),
        **{f"checks_{status}": n for status, n in m["checks"].items()},
    }
    return pd.DataFrame([row]).assign(libraries=_library_map(m["libraries"]))


def _library_map(libraries: dict[str, str]) -> pd.api.extensions.ExtensionArray:
    """The library versions as a MAP(VARCHAR, VARCHAR): ``libraries['pandas']`` in SQL, and
    a later release that records one library more still loads beside the older rows."""
    import pyarrow as pa

    return pd.array([list(libraries.items())], dtype=pd.ArrowDtype(pa.map_(pa.string(), pa.string())))


def load_result(connection, result: ExtractionResult) -> None:
    """Replace this document's rows in every table, all in one transaction."""
    with loading(connection, result):
        pass


@contextmanager
def loading(connection, result: ExtractionResult) -> Iterator[None]:
    """Replace this document's rows in one transaction, committed when the block completes
    (the caller publishes the result folder inside it) and rolled back when it fails."""
    frames = database_frames(result)
    key = [result.manifest["sha256"], _pages(result)]
    connection.execute("BEGIN TRANSACTION")
    try:
        _claim(connection)
        for table in _document_tables(connection):  # every table: an earlier reading may have had others
            connection.execute(f'DELETE FROM "{table}" WHERE {PROVENANCE_COLUMN} = ? '
                               f'AND {PAGES_COLUMN} IS NOT DISTINCT FROM ?', key)
        for table, frame in frames.items():
            _ensure_table(connection, table, frame)
            connection.register("incoming", frame)
            connection.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM incoming')
            connection.unregister("incoming")
        yield
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _document_tables(connection) -> list[str]:
    """The tables whose rows belong to a document (they carry its checksum and pages)."""
    rows = connection.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name IN (?, ?) "
        "GROUP BY table_name HAVING count(*) = 2", [PROVENANCE_COLUMN, PAGES_COLUMN]).fetchall()
    return [row[0] for row in rows]


def check_model(connection) -> int | None:
    """The model version the database holds (None: an empty database); raises OtherModel
    for another version, or for a database of planextract tables with no version (model 1)."""
    tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    if META_TABLE in tables:
        found = connection.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'model_version'").fetchall()
        version = int(found[0][0]) if found else 1
    else:
        version = 1 if DOCUMENTS_TABLE in tables else None
    if version not in (None, MODEL_VERSION):
        if version > MODEL_VERSION:
            raise OtherModel(f"it holds canonical model {version}, newer than this planextract's "
                             f"{MODEL_VERSION}: upgrade planextract to read it")
        since = "; ".join(f"{v}: {MODEL_CHANGES[v]}" for v in sorted(MODEL_CHANGES) if v > version)
        raise OtherModel(f"it holds canonical model {version}, this planextract writes model {MODEL_VERSION} "
                         f"(since then {since}): load into a new database; the old one stays as it was")
    return version


def _claim(connection) -> None:
    """Refuse a database of another model version; mark a new one with this version and its
    reference table of municipalities (the version fixes the reference)."""
    from .canonical import municipalities_frame

    if check_model(connection) is not None:
        return
    connection.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
    connection.execute(f"INSERT INTO {META_TABLE} VALUES ('model_version', ?)", [str(MODEL_VERSION)])
    connection.register("reference", municipalities_frame())
    connection.execute(f"CREATE TABLE {MUNICIPALITIES_TABLE} AS SELECT * FROM reference")
    connection.unregister("reference")


def held_keys(connection) -> set[str]:
    """The document keys (:func:`~.document.document_key`) of every document the database holds."""
    from .document import document_key

    if DOCUMENTS_TABLE not in {row[0] for row in connection.execute("SHOW TABLES").fetchall()}:
        return set()
    rows = connection.execute(f"SELECT {PROVENANCE_COLUMN}, {PAGES_COLUMN} FROM {DOCUMENTS_TABLE}").fetchall()
    return {document_key(sha, tuple(map(int, pages.split("-"))) if pages else None) for sha, pages in rows}


def _ensure_table(connection, table: str, frame: pd.DataFrame) -> None:
    """Create the table from the frame's columns, or add columns a newer plugin brings."""
    connection.register("shape", frame)
    connection.execute(f'CREATE TABLE IF NOT EXISTS "{table}" AS SELECT * FROM shape LIMIT 0')
    existing = {row[0] for row in connection.execute(f'DESCRIBE "{table}"').fetchall()}
    for name, kind, *_ in connection.execute("DESCRIBE shape").fetchall():
        if name not in existing:
            connection.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')
    connection.unregister("shape")


def connect(path: str | Path, *, read_only: bool = False, wait: float | None = None):
    """Open the database; while another run holds its lock, retry for up to ``wait`` seconds
    (``PLANEXTRACT_DB_LOCK_WAIT``, else :data:`LOCK_WAIT`) and then say it is locked."""
    import duckdb

    if wait is None:
        wait = float(os.environ.get("PLANEXTRACT_DB_LOCK_WAIT", LOCK_WAIT))
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            if read_only:
                return duckdb.connect(str(path), read_only=True)
            return duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(f"{path}: locked by another process; waited {wait:g} s") from None
            time.sleep(delay)
            delay = min(1.0, delay * 2)


def describe(path: str | Path) -> dict[str, Any]:
    """What a database holds: its documents and each table's row count."""
    with connect(path, read_only=True) as connection:
        tables = [row[0] for row in connection.execute("SHOW TABLES").fetchall()]
        counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in sorted(tables)}
        documents = []
        if DOCUMENTS_TABLE in tables:
            documents = connection.execute(
                f"SELECT file_name, {PROVENANCE_COLUMN}, plugin, document_year, pages, checks_fail "
                f"FROM {DOCUMENTS_TABLE} ORDER BY document_year, file_name"
            ).df().to_dict("records")
    return {"tables": counts, "documents": documents}


def query(path: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of ``sql`` run on the database, opened read-only."""
    with connect(path, read_only=True) as connection:
        check_model(connection)
        cursor = connection.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
