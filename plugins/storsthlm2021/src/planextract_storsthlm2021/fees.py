"""The "Serviceavgift" table: the stated total and each municipality's fee and its base.

The three number columns are told apart by their headers' meaning ("Avgift …" the fee,
"… invånare …" the population, "… skatter och statsbidrag …" the base), and the header
also gives the years, the population date and the fee rate ("0,39 promille").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from planextract.errors import TableNotFound
from planextract.numbers import find_quantities, parse_int

from .grid import Grid, find_grid
from .layout import Layout

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"], 1)}
_DATE = re.compile(r"(\d{1,2})\s+(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\w*\.?\s+((?:19|20)\d\d)", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_TOTAL = re.compile(r"^(länets|summa|totalt)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FeeColumns:
    population: int
    base: int
    fee: int
    population_date: str
    base_year: int
    fee_year: int
    rate_promille: float | None  # None when the header does not state it


def is_fee_header(line) -> bool:
    text = line.text.casefold()
    return "invånare" in text or ("avgift" in text and "promille" in text)


def _has_fee_columns(grid: Grid) -> bool:
    texts = " ".join(grid.headers.values()).casefold()
    return "avgift" in texts and ("invånare" in texts or "befolkning" in texts)


def read_fee_grid(layout: Layout) -> Grid:
    grid = find_grid(layout.pages, is_fee_header, _has_fee_columns, layout.vocabulary)
    if grid is None:
        raise TableNotFound(
            f"storsthlm2021: no fee table: looked on pages 1–{len(layout.pages)} for a header "
            "naming 'invånare' or 'Avgift … promille' with rows of numbers below it"
        )
    return grid


def fee_columns(grid: Grid) -> FeeColumns:
    """Which column is which, and what the headers say about dates, years and the rate."""
    headers = grid.headers
    fee = _column(headers, r"avgift", grid)
    population = _column(headers, r"invånare|befolkning", grid, exclude={fee})
    base = _column(headers, r"skatt|bidrag", grid, exclude={fee, population})
    date = _DATE.search(headers[population])
    if date is None:
        raise TableNotFound(f"storsthlm2021: no date in the population header {headers[population]!r}")
    day, month, year = int(date[1]), MONTHS[date[2][:3].casefold()], int(date[3])
    fee_year = re.search(r"avgift\D{0,20}?((?:19|20)\d\d)", headers[fee], re.IGNORECASE)
    base_years = _YEAR.findall(headers[base])
    if fee_year is None or not base_years:
        raise TableNotFound(f"storsthlm2021: no years in the fee table headers {list(headers.values())}")
    rates = [q for _, q in find_quantities(headers[fee]) if q.unit == "promille"]
    return FeeColumns(
        population=population,
        base=base,
        fee=fee,
        population_date=f"{year:04d}-{month:02d}-{day:02d}",
        base_year=int(base_years[-1]),
        fee_year=int(fee_year[1]),
        rate_promille=float(rates[0].value) if rates else None,
    )


def _column(headers: dict[int, str], pattern: str, grid: Grid, exclude: Collection[int] = ()) -> int:
    for column, text in sorted(headers.items()):
        if column not in exclude and re.search(pattern, text, re.IGNORECASE):
            return column
    raise TableNotFound(
        f"storsthlm2021: the fee table on page {grid.pages[0]} has no column matching {pattern!r} "
        f"(headers: {'; '.join(headers.values())})"
    )


def fee_frame(
    grid: Grid, columns: FeeColumns, year: int, rate_promille: float, vocabulary: frozenset[str]
) -> pd.DataFrame:
    records = []
    for row in grid.rows:
        label = row.label_text(vocabulary)
        records.append({
            "document_year": year,
            "municipality": label,
            "row_kind": "total" if row.bold or _TOTAL.match(label) else "municipality",
            "population": _int(row.values.get(columns.population)),
            "population_date": columns.population_date,
            "taxes_and_grants": _int(row.values.get(columns.base)),
            "fee": _int(row.values.get(columns.fee)),
            "base_year": columns.base_year,
            "fee_year": columns.fee_year,
            "fee_rate_promille": rate_promille,
            "page": row.page,
            "top": row.top,
        })
    return pd.DataFrame.from_records(records)


def _int(text: str | None) -> int | None:
    return None if text is None else parse_int(text)
