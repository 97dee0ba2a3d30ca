"""The pipeline: PDF → Document → extractor → frames → schema validation → checks → result."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pluggy

from .backends import REPAIRED_KEY
from .canonical import CANONICAL_TABLES
from .checks import checks_frame, failed
from .completeness import completeness_checks, terms_check
from .document import Document, PageRange
from .errors import PlanextractError, PluginError
from .extractor import Extraction, Extractor
from .host import choose, collect_extractors, get_plugin_manager
from .ocr import OCR_KEY
from .ocr_flags import flag_checks, flags_frame
from .result import ExtractionResult, build_manifest
from .schema import empty_frame, validate_table


def open_document(
    path: str | Path, *, password: str | None = None, max_pages: int | None = None, backend: str = "pdfplumber",
    pages: PageRange | None = None, ocr: str = "auto",
) -> Document:
    """Parse ``path`` once into planextract's document model (``backend``: pdfplumber or pdfium;
    ``pages``: (first, last) of a file that binds several plans together; ``ocr``: auto reads
    the pages without a text layer from their images, always every page, never none)."""
    return Document.open(path, password=password, max_pages=max_pages, backend=backend, pages=pages, ocr=ocr)


def extract(
    path: str | Path,
    plugin: str | None = None,
    *,
    password: str | None = None,
    pm: pluggy.PluginManager | None = None,
    document: Document | None = None,
    max_pages: int | None = None,
    backend: str = "pdfplumber",
    pages: PageRange | None = None,
    ocr: str = "auto",
) -> ExtractionResult:
    """Extract, validate and check one plan. ``plugin`` names an extractor and skips detection;
    ``pages`` selects one plan's pages in a file that holds several."""
    document = document or open_document(path, password=password, max_pages=max_pages, backend=backend, pages=pages,
                                         ocr=ocr)
    extractors = collect_extractors(pm or get_plugin_manager())
    try:
        extractor, _ = choose(document, extractors, plugin)
        return run_extractor(document, extractor)
    except PlanextractError as error:
        if REPAIRED_KEY in document.metadata:  # say the file was damaged: it explains a lot
            error.message += f" (the file is damaged: {document.metadata[REPAIRED_KEY]})"
        raise


def run_extractor(document: Document, extractor: Extractor) -> ExtractionResult:
    """Run one extractor over a parsed document; plugin bugs become a one-line PluginError.

    A table the extractor could not read stands as an empty frame, with a failed
    ``completeness.table`` check saying why: the other tables and checks still come out.
    """
    extraction, tables, missing = read_tables(document, extractor)
    checks = check_tables(document, extractor, tables, extraction.evidence, missing)
    flags = None
    if OCR_KEY in document.metadata:  # right or flagged: the doubtful figures, and the checks on them
        flags = flags_frame(document, tables)
        checks = pd.concat([checks, checks_frame(flag_checks(flags, checks))], ignore_index=True)
    canonical = canonical_tables(document, extractor, tables)
    manifest = build_manifest(document, extractor, tables, checks, canonical, readings=extraction.readings,
                              coverage=extraction.coverage)
    return ExtractionResult(document.path, extractor.name, tables, checks, manifest, canonical, flags)


def read_tables(document: Document, extractor: Extractor) -> tuple[Extraction, dict, dict[str, str]]:
    """Run the extractor and validate each table it declares: (its extraction, the validated
    tables — an empty frame for one not read — and why each missing one is missing)."""
    try:
        extraction = Extraction.of(extractor.extract(document))
    except PlanextractError as error:
        error.path = error.path or str(document.path)
        raise
    except MemoryError:
        raise  # a resource limit, reported as such by the batch runner
    except Exception as error:
        raise PluginError(_plugin_failure(extractor, "extract", error), document.path) from error
    tables, missing = {}, dict(extraction.missing)
    for spec in extractor.tables:
        if spec.name in extraction.tables and spec.name not in missing:
            tables[spec.name] = validate_table(spec.name, extraction.tables[spec.name], spec.schema, document.path)
        else:
            missing.setdefault(spec.name, f"{extractor.name} produced no table {spec.name!r}")
            tables[spec.name] = empty_frame(spec.schema)
    return extraction, tables, missing


def check_tables(document: Document, extractor: Extractor, tables: dict, evidence: dict,
                 missing: dict[str, str] | None = None):
    """Every check of validated tables: tables not read, completeness against the evidence of
    the page, then the extractor's reconciliation. The mutation tests call this on damaged
    tables."""
    terms = {spec.name: spec.terms for spec in extractor.tables}
    try:
        own = list(extractor.check(tables))
    except Exception as error:
        raise PluginError(_plugin_failure(extractor, "check", error), document.path) from error
    return checks_frame([*_missing_checks(missing or {}), *completeness_checks(tables, evidence),
                         *terms_check(tables, terms), *own])


def _missing_checks(missing: dict[str, str]) -> list:
    return [failed("completeness.table", f"{name}: not read", reason) for name, reason in missing.items()]


def canonical_tables(document: Document, extractor: Extractor, tables: dict) -> dict:
    """The extractor's cross-era tables, validated against the core's canonical models."""
    fill = getattr(extractor, "canonical", None)
    if fill is None:
        return {}
    try:
        raw = dict(fill(tables))
    except Exception as error:
        raise PluginError(_plugin_failure(extractor, "canonical", error), document.path) from error
    return {
        spec.name: validate_table(f"canonical {spec.name}", raw[spec.name], spec.schema, document.path,
                                  provenance=False)
        for spec in CANONICAL_TABLES
        if spec.name in raw
    }


def _plugin_failure(extractor: Extractor, stage: str, error: Exception) -> str:
    return f"plugin {extractor.name} {extractor.version} failed in {stage}: {type(error).__name__}: {error}"
