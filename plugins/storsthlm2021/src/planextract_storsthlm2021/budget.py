"""The "Budget <year>" table (tkr): units, their lines and results, sums and the total.

Columns are recognised by their header's meaning: "Årsarbetare" (or a hyphenated variant)
is the FTE column, "Budget <year>" an amount column for that year. Row kinds come from the
label and the weight: "Totalt …" total, "Summa …" sum, a row without amounts (only FTE and
unit cells) a unit, a bold row with amounts a result, anything else a line. The reconciliation
then confirms the kinds: a result equals the sum of its lines.
"""

from __future__ import annotations

import re

import pandas as pd

from planextract.errors import TableNotFound
from planextract.numbers import parse_int, parse_number

from .grid import Grid, GridRow, find_grid
from .layout import Layout

YEAR_COLUMNS = {0: "budget_tkr", 1: "budget_prev_tkr", 2: "budget_prev2_tkr"}
_FTE = re.compile(r"arbetare|årsarb|heltid|\bFTE\b", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_RESULT = re.compile(r"^(resultat|nettokostnad|netto)\b", re.IGNORECASE)


def is_budget_header(line) -> bool:
    """A header line names at least two "Budget" columns."""
    return sum(word.text.casefold() == "budget" for word in line.words) >= 2


def _has_year_columns(grid: Grid) -> bool:
    return sum(bool(_YEAR.search(text)) for text in grid.headers.values()) >= 2


def read_budget_grid(layout: Layout) -> Grid:
    grid = find_grid(layout.pages, is_budget_header, _has_year_columns, layout.vocabulary)
    if grid is None:
        raise TableNotFound(
            f"storsthlm2021: no budget table: looked on pages 1–{len(layout.pages)} for a header "
            "with two or more 'Budget <year>' columns and rows of amounts below it"
        )
    return grid


def budget_frame(grid: Grid, year: int, vocabulary: frozenset[str]) -> pd.DataFrame:
    fte_column, year_columns = _columns(grid, year)
    records = []
    unit = ""
    for row in grid.rows:
        label = row.label_text(vocabulary)
        amounts = {name: _amount(row, column) for column, name in year_columns.items()}
        kind = row_kind(label, row.bold, any(v is not None for v in amounts.values()), fte_column in row.values)
        if kind == "unit" or kind in ("sum", "total"):
            unit = label
        records.append({
            "document_year": year,
            "unit": unit or label,
            "item": label,
            "row_kind": kind,
            "fte": float(parse_number(row.values[fte_column])) if fte_column in row.values else None,
            **{name: amounts.get(name) for name in YEAR_COLUMNS.values()},
            "note": None,
            "page": row.page,
            "top": row.top,
            "_notes": {year_columns[c]: text for c, text in row.notes.items() if c in year_columns},
        })
    _spread_notes(records)
    frame = pd.DataFrame.from_records(records).drop(columns="_notes")
    for name in YEAR_COLUMNS.values():
        frame[name] = frame[name].astype("Int64")
    return frame


def row_kind(label: str, bold: bool, has_amounts: bool, has_fte: bool = False) -> str:
    """total / sum by their label; a bold row (or one with FTE) without amounts is a unit;
    a bold row with amounts, or one labelled Resultat / Nettokostnad, a result; else a line."""
    if re.match(r"totalt\b", label, re.IGNORECASE):
        return "total"
    if re.match(r"summa\b", label, re.IGNORECASE):
        return "sum"
    if not has_amounts and (bold or has_fte):
        return "unit"
    if bold or _RESULT.match(label):
        return "result"
    return "line"


def _columns(grid: Grid, year: int) -> tuple[int | None, dict[int, str]]:
    """The FTE column and the amount columns by year (this year, the two before)."""
    fte = next((c for c, text in grid.headers.items() if _FTE.search(text)), None)
    years: dict[int, str] = {}
    for column, text in grid.headers.items():
        found = _YEAR.findall(text)
        if column != fte and found and year - int(found[-1]) in YEAR_COLUMNS:
            years[column] = YEAR_COLUMNS[year - int(found[-1])]
    if "budget_tkr" not in years.values():
        raise TableNotFound(
            f"storsthlm2021: the budget table on page {grid.pages[0]} has no 'Budget {year}' column "
            f"(headers: {'; '.join(grid.headers.values())})"
        )
    return fte, years


def _amount(row: GridRow, column: int) -> int | None:
    return parse_int(row.values[column]) if column in row.values else None


def _spread_notes(records: list[dict]) -> None:
    """A note in a year's column stands for every amount of its unit missing in that year."""
    groups: list[list[dict]] = []
    for record in records:
        if record["row_kind"] in ("unit", "sum", "total") or not groups:
            groups.append([])
        groups[-1].append(record)
    for group in groups:
        notes: dict[str, list[str]] = {}
        for record in group:
            for name, text in record["_notes"].items():
                notes.setdefault(name, []).append(text)
        for record in group:
            if record["row_kind"] == "unit":
                continue
            missing = [" ".join(notes[name]) for name in notes if record[name] is None]
            record["note"] = " ".join(missing) if missing else None
