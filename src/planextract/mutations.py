"""Mutation tests for the checks: damage a correct extraction one way at a time and see
whether a check (or the schema) notices, naming the damaged table.

A check that passes on a correct extraction proves little; one that fails on every damaged
one proves it guards the data. :func:`mutants` makes the damage an extraction can suffer —
a row dropped, a column lost, a cell blanked, a digit changed, a table cut short, a list item
moved under another heading — and :func:`kill_rates` runs the host's own validation and
checks (:func:`planextract.api.check_tables`) on each, per kind. Plugin authors run it on
their samples: ``kill_rates(open_document(pdf), extractor)``.
"""

from __future__ import annotations

import numbers
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from .api import check_tables, read_tables
from .document import Document
from .errors import SchemaViolation
from .extractor import Extraction, Extractor
from .schema import validate_table

#: Columns that say where a value came from, not what it is: not mutated.
PROVENANCE = frozenset({"page", "top"})
KINDS = ("drop_row", "drop_column", "truncate", "blank_cell", "change_digit", "move_item")


@dataclass(frozen=True)
class Mutant:
    """One damaged copy of the tables: what was done, to which table."""

    kind: str
    table: str
    description: str
    tables: dict[str, pd.DataFrame]


@dataclass
class KillReport:
    """Per kind: how many mutants, how many a check or the schema caught, and the survivors."""

    total: Counter[str] = field(default_factory=Counter)
    killed: Counter[str] = field(default_factory=Counter)
    survivors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def rate(self, kind: str) -> float:
        return self.killed[kind] / self.total[kind] if self.total[kind] else 1.0

    def lines(self) -> list[str]:
        return [f"{kind:<13} {self.killed[kind]:>5} / {self.total[kind]:<5} killed ({100 * self.rate(kind):.1f} %)"
                for kind in KINDS if self.total[kind]]


def mutants(tables: dict[str, pd.DataFrame], *, cells: int = 200, seed: int = 0) -> Iterator[Mutant]:
    """Every row drop, column loss and truncation of every table; ``cells`` sampled cells per
    table for the single-cell kinds (all when fewer); every list item moved."""
    rng = random.Random(seed)
    for name, frame in tables.items():
        content = [c for c in frame.columns if c not in PROVENANCE]
        for k in range(len(frame)):
            yield Mutant("drop_row", name, f"row {k} dropped", _with(tables, name, frame.drop(index=frame.index[k])))
            if k:
                yield Mutant("truncate", name, f"cut after row {k - 1}", _with(tables, name, frame.iloc[:k]))
        for column in content:
            if frame[column].notna().any():
                yield Mutant("drop_column", name, f"column {column} lost", _with(tables, name, _blank(frame, column)))
        filled = [(k, c) for k in range(len(frame)) for c in content if pd.notna(frame[c].iloc[k])]
        for k, column in rng.sample(filled, min(cells, len(filled))):
            yield Mutant("blank_cell", name, f"row {k} {column} blanked",
                         _with(tables, name, _blank(frame, column, k)))
        numeric = [(k, c) for k, c in filled if _is_number(frame[c].iloc[k])]
        for k, column in rng.sample(numeric, min(cells, len(numeric))):
            changed = _change_digit(frame[column].iloc[k])
            yield Mutant("change_digit", name, f"row {k} {column}: {frame[column].iloc[k]} -> {changed}",
                         _with(tables, name, _set(frame, column, k, changed)))
        if {"heading_path", "list_heading", "item"} <= set(frame.columns):
            yield from _moves(tables, name, frame)


def _moves(tables: dict[str, pd.DataFrame], name: str, frame: pd.DataFrame) -> Iterator[Mutant]:
    """Each item moved under the next list's heading (or the previous one's, for the last)."""
    keys = list(zip(frame["heading_path"], frame["list_heading"]))
    lists = list(dict.fromkeys(keys))
    for k, key in enumerate(keys):
        index = lists.index(key)
        other = lists[index + 1] if index + 1 < len(lists) else lists[index - 1] if index else None
        if other is None:
            continue
        moved = frame.copy()
        moved.loc[moved.index[k], ["heading_path", "list_heading"]] = list(other)
        yield Mutant("move_item", name, f"item {k} moved under {other[0]!r}", _with(tables, name, moved))


def kill_rates(document: Document, extractor: Extractor, *, cells: int = 200, seed: int = 0) -> KillReport:
    """Extract once, then damage the validated tables every way :func:`mutants` knows."""
    extraction, tables, missing = read_tables(document, extractor)
    specs = {spec.name: spec for spec in extractor.tables}
    clean = check_tables(document, extractor, tables, extraction.evidence, missing)
    if (clean["status"] == "fail").any():
        raise AssertionError(f"{document.path}: checks fail before any damage:\n{clean[clean.status == 'fail']}")
    report = KillReport()
    for mutant in mutants(tables, cells=cells, seed=seed):
        report.total[mutant.kind] += 1
        if caught(document, extractor, specs, mutant, extraction):
            report.killed[mutant.kind] += 1
        else:
            report.survivors[mutant.kind].append(f"{mutant.table}: {mutant.description}")
    return report


def caught(document: Document, extractor: Extractor, specs: dict, mutant: Mutant, extraction: Extraction) -> bool:
    """The schema rejects the damaged table, or a failed check names it."""
    try:
        damaged = validate_table(mutant.table, mutant.tables[mutant.table], specs[mutant.table].schema)
    except SchemaViolation:
        return True
    tables = {**mutant.tables, mutant.table: damaged}
    checks = check_tables(document, extractor, tables, extraction.evidence, extraction.missing)
    failed = checks[checks["status"] == "fail"]
    return bool((failed["location"].str.contains(mutant.table, regex=False)
                 | failed["rule"].str.contains(mutant.table, regex=False)).any())


# --------------------------------------------------------------------------- damage
def _with(tables: dict[str, pd.DataFrame], name: str, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {**tables, name: frame.reset_index(drop=True)}


def _blank(frame: pd.DataFrame, column: str, row: int | None = None) -> pd.DataFrame:
    """The column (or one of its cells) empty, as a reader that lost it would leave it."""
    out = frame.copy()
    dtype = str(out[column].dtype)
    if dtype in ("Int64", "Float64", "boolean", "string"):
        value = pd.NA
    elif dtype.startswith("float"):
        value = float("nan")
    else:
        out[column], value = out[column].astype(object), None
    out.loc[out.index if row is None else [out.index[row]], column] = value
    return out


def _set(frame: pd.DataFrame, column: str, row: int, value) -> pd.DataFrame:
    out = frame.copy()
    out.loc[out.index[row], column] = value
    return out


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _change_digit(value):
    """The value with its last non-zero printed digit raised by one (9 becomes 8), or 0 → 1."""
    text = repr(float(value)) if isinstance(value, float) else str(int(value))
    digits = [k for k, ch in enumerate(text) if ch.isdigit() and ch != "0"]
    if not digits:
        return type(value)(1)
    k = digits[-1]
    new = str(int(text[k]) + 1) if text[k] != "9" else "8"
    changed = text[:k] + new + text[k + 1:]
    return float(changed) if isinstance(value, float) else int(changed)
