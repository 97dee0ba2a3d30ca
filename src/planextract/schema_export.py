"""Exporting every table's schema, from the pandera models (never hand-edited).

``schemas/`` holds, for the canonical tables and for each installed extractor's tables, a JSON
Schema describing the JSON output (an array of records) and pandera's own YAML. The tests
regenerate them and fail on drift.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .canonical import CANONICAL_TABLES
from .extractor import Extractor, TableSpec
from .output import PROVENANCE_COLUMN, atomic_write_text

_TYPES = (("int", "integer"), ("float", "number"), ("bool", "boolean"), ("str", "string"), ("date", "string"))


def column_schema(column) -> dict[str, Any]:
    """JSON Schema of one column's values, with its checks as far as JSON Schema can say them."""
    dtype = str(column.dtype).lower()
    kind = next((json_type for prefix, json_type in _TYPES if dtype.startswith(prefix)), "string")
    schema: dict[str, Any] = {"type": [kind, "null"] if column.nullable else kind}
    if column.description:
        schema["description"] = column.description
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "greater_than_or_equal_to":
            schema["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            schema["maximum"] = stats["max_value"]
        elif check.name == "isin":
            schema["enum"] = list(stats["allowed_values"]) + ([None] if column.nullable else [])
        elif check.name == "str_matches":
            schema["pattern"] = stats["pattern"]
        elif check.name == "str_length" and stats.get("min_value") is not None:
            schema["minLength"] = stats["min_value"]
    return schema


def records_schema(spec: TableSpec, title: str) -> dict[str, Any]:
    """JSON Schema for a table written as JSON records (``--format json``)."""
    columns = spec.schema.to_schema().columns
    properties = {name: column_schema(column) for name, column in columns.items()}
    properties[PROVENANCE_COLUMN] = {"type": "string", "pattern": "^[0-9a-f]{64}$",
                                     "description": "SHA-256 of the source PDF (added on output)"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": spec.description,
        "type": "array",
        "items": {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        },
    }


def schema_files(extractors: Mapping[str, Extractor]) -> dict[str, str]:
    """Relative path → file text for every schema file ``schemas/`` should hold."""
    import json

    groups = {"canonical": CANONICAL_TABLES} | {name: ex.tables for name, ex in sorted(extractors.items())}
    files = {}
    for group, specs in groups.items():
        for spec in specs:
            title = f"{group}.{spec.name}"
            files[f"{group}/{spec.name}.schema.json"] = json.dumps(
                records_schema(spec, title), indent=2, ensure_ascii=False) + "\n"
            files[f"{group}/{spec.name}.yaml"] = _stable_yaml(_yaml(spec.schema))
    return files


def _stable_yaml(text: str) -> str:
    """pandera's YAML, without the library version line that would make every upgrade drift."""
    return re.sub(r"^version: .*\n", "", text, flags=re.MULTILINE)


def export(directory: Path, extractors: Mapping[str, Extractor]) -> list[Path]:
    """Write every schema file under ``directory``; returns the paths written."""
    written = []
    for relative, text in schema_files(extractors).items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
        written.append(path)
    return written


def _yaml(model) -> str:
    """pandera's YAML of a model. Row-level checks written as methods (``Fees._codes``) have no
    YAML form; pandera skips them with a warning, and they stay in the model, the one source."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Only registered checks may be serialized")
        return model.to_schema().to_yaml()


def data_dictionary() -> str:
    """``docs/data-dictionary.md``: every canonical table column by column, the vocabularies
    and the tables only the database holds, written from the models (the one source)."""
    from . import canonical
    from .checks import CHECK_COLUMNS, CHECK_UNITS
    from .database import DOCUMENT_COLUMNS, MODEL_VERSION, PAGES_COLUMN

    lines = ["# Data dictionary", "",
             "Generated from the pandera models in `src/planextract/canonical.py` by "
             "`planextract schemas --dictionary docs/data-dictionary.md`; the tests fail when it is out of "
             f"date. Canonical model version {MODEL_VERSION}.", ""]
    for spec in CANONICAL_TABLES:
        lines += [f"## `{spec.name}`: {spec.description}", "", _paragraph(spec.schema.__doc__), "",
                  "| column | type | null | values | meaning |", "| --- | --- | --- | --- | --- |"]
        for name, column in spec.schema.to_schema().columns.items():
            lines.append(f"| `{name}` | {_dtype(column)} | {'yes' if column.nullable else 'no'} | "
                         f"{_values(column)} | {column.description or ''} |")
        lines.append("")
    lines += [f"Every written table adds `{PROVENANCE_COLUMN}` (the SHA-256 of the PDF); in the database every "
              f"table also has `{PAGES_COLUMN}` (\"38-74\" for a plan read from pages of a file, else null).", "",
              "## Vocabularies", ""]
    for title, vocabulary in (("ERAS (`era`)", canonical.ERAS), ("AREAS (`area`)", canonical.AREAS),
                              ("KINDS (`activities.kind`)", canonical.KINDS),
                              ("MEASURES (`budget_lines.measure`)", canonical.MEASURES),
                              ("ROW_KINDS (`budget_lines.row_kind`)", canonical.ROW_KINDS),
                              ("SOURCE_UNITS (`budget_lines.source_unit`)", canonical.SOURCE_UNITS)):
        lines += [f"### {title}", "", *(f"- `{key}`: {meaning}" for key, meaning in vocabulary.items()), ""]
    spellings: dict[str, list[str]] = {}
    for spelled, unit in CHECK_UNITS.items():
        spellings.setdefault(unit, []).append(spelled)
    lines += ["### CHECK_UNITS (`checks.unit`)", "",
              *(f"- `{unit}` (from {', '.join(repr(s) for s in spelled)})" for unit, spelled in spellings.items()),
              "", "## Tables only the database holds", "",
              "### `municipalities`", "", "| municipality_code | municipality |", "| --- | --- |",
              *(f"| {code} | {name} |" for code, name in canonical.MUNICIPALITY_CODES.items()), "",
              "### `checks`", "", "| column | meaning |", "| --- | --- |",
              *(f"| `{name}` | {meaning} |" for name, meaning in CHECK_COLUMNS.items()),
              "| `plugin` | the plugin that ran the check |", "",
              "`check` is an SQL keyword: quote it in a query (`SELECT \"check\" FROM checks`). "
              "`expected`, `actual`, `difference` and `tolerance` are exact decimals (DECIMAL(38, 9) in the "
              "database, plain decimal text in CSV, numbers in JSON).", "",
              "### `documents`", "", "| column | meaning |", "| --- | --- |",
              *(f"| `{name}` | {meaning} |" for name, meaning in DOCUMENT_COLUMNS.items()), ""]
    return "\n".join(lines)


def _paragraph(doc: str | None) -> str:
    return " ".join((doc or "").split()).replace(":data:", "").replace(":func:", "").replace("``", "`")


def _dtype(column) -> str:
    if str(column.dtype).startswith("str"):
        return "text"
    return {"int64": "integer", "Int64": "integer", "float64": "number", "bool": "boolean", "str": "text",
            "date": "date"}.get(str(column.dtype), str(column.dtype))


def _values(column) -> str:
    """What the column's checks allow, read from its JSON Schema (one reading of the checks)."""
    schema = column_schema(column)
    allowed = [v for v in schema.get("enum", []) if v is not None]
    said = [", ".join(f"`{v}`" for v in allowed) if len(allowed) <= 10 else f"one of {len(allowed)}"] if allowed else []
    said += [f"≥ {schema['minimum']}"] if "minimum" in schema else []
    said += [f"≤ {schema['maximum']}"] if "maximum" in schema else []
    said += ["not empty"] if schema.get("minLength") else []
    said += ["unique"] if column.unique else []
    return "; ".join(said)
