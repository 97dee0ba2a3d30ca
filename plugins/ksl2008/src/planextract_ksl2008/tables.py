"""The two KSL tables as frames: rows read by the core, kinds and terms by the era's rules.

* resources: a row that stands out (bold, shaded, inverted, ruled) is a group subtotal, the
  "… TOTALT" row the total; every row carries the group it sits in. The checks confirm it.
* fees: the county total and the municipalities; the table states its own terms — fee year
  (title), base year (title or headers), population date (header) and fee rate in promille
  (fee header, else a footnote).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import pandas as pd

from planextract.errors import TableNotFound
from planextract.layout import TableReading
from planextract.numbers import find_quantities, parse_int, parse_number

from .declarations import FEES_TITLE

_TOTAL = re.compile(r"\btotal(?:t|a|en)?\b", re.IGNORECASE)
_FEE_TOTAL = re.compile(r"\b(?:länets|summa|totalt?)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d,])(?:19|20|1 9|2 0)\s?\d{2}(?![\d,])")
_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(_MONTHS)})[a-zåäö]*\.?\s+(?P<year>\d\s?\d{{3}})", re.IGNORECASE
)
RESOURCE_AMOUNTS = ("personnel_kr", "consultants_grants_conferences_kr", "other_costs_kr", "revenues_kr", "net_cost_kr")
RESOURCE_COLUMNS = ["document_year", "group", "activity", "row_kind", "fte", *RESOURCE_AMOUNTS, "page", "top"]
FEE_AMOUNTS = ("tax_base_kr", "own_tax_income_kr", "total_grants_kr", "taxes_and_grants_kr", "fee_kr")
FEE_COLUMNS = ["document_year", "municipality", "row_kind", "population", "population_date", "tax_rate",
               *FEE_AMOUNTS, "base_year", "fee_year", "fee_rate_promille", "page", "top"]


def resources_frame(table: TableReading, year: int) -> pd.DataFrame:
    """One row per table row in document order, with its group and kind."""
    records = []
    group = ""
    for row in table.rows:
        kind = resource_kind(row.label, bool(row.emphasis))
        if kind != "line":
            group = row.label
        fte = row.values.get("fte")
        records.append({
            "document_year": year, "group": group, "activity": row.label, "row_kind": kind,
            "fte": float(parse_number(fte)) if fte is not None else float("nan"),
            **{c: parse_int(row.values[c]) if c in row.values else pd.NA for c in RESOURCE_AMOUNTS},
            "page": row.page, "top": row.top,
        })
    frame = pd.DataFrame.from_records(records, columns=RESOURCE_COLUMNS)
    for column in RESOURCE_AMOUNTS:
        frame[column] = frame[column].astype("Int64")
    frame["fte"] = frame["fte"].astype("float64")
    return frame


def resource_kind(label: str, emphasised: bool) -> str:
    """``total`` for the emphasised "… TOTALT" row, ``subtotal`` for other emphasised rows."""
    if emphasised and _TOTAL.search(label):
        return "total"
    return "subtotal" if emphasised else "line"


def fees_frame(table: TableReading, year: int) -> pd.DataFrame:
    terms = {
        "base_year": base_year(table),
        "fee_year": int(re.search(FEES_TITLE, table.title, re.IGNORECASE)["year"]),
        "population_date": population_date(table.headers["population"]),
        "fee_rate_promille": float(fee_rate(table.headers["fee_kr"], table.footnotes)),
    }
    records = []
    for row in table.rows:
        kind = "total" if row.emphasis or _FEE_TOTAL.search(row.label) else "municipality"
        missing = [c for c in ("population", "tax_rate", *FEE_AMOUNTS) if c not in row.values]
        if missing:
            raise TableNotFound(f"fees, page {row.page}: {row.label!r} has no {', '.join(missing)}")
        records.append({
            "document_year": year, "municipality": row.label, "row_kind": kind,
            "population": parse_int(row.values["population"]),
            "tax_rate": float(parse_number(row.values["tax_rate"])),
            **{c: parse_int(row.values[c]) for c in FEE_AMOUNTS},
            **terms, "page": row.page, "top": row.top,
        })
    return pd.DataFrame.from_records(records, columns=FEE_COLUMNS)


def base_year(table: TableReading) -> int:
    """The year of the taxes and grants: "… under 2007" in the title, else the amount headers."""
    match = re.search(r"\bunder\s+(\d{4})\b", table.title)
    if match:
        return int(match[1])
    for column in ("own_tax_income_kr", "taxes_and_grants_kr", "total_grants_kr"):
        years = _YEAR.findall(table.headers.get(column, ""))
        if years:
            return int(years[-1].replace(" ", ""))
    raise TableNotFound(f"fees: neither the title {table.title!r} nor the headers state the base year")


def population_date(header: str) -> str:
    """"Antal invånare den 1 nov 2006" → "2006-11-01"."""
    match = _DATE.search(header)
    if match is None:
        raise TableNotFound(f"fees: the population header {header!r} states no date")
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    return f"{int(match['year'].replace(' ', ''))}-{month:02d}-{int(match['day']):02d}"


def fee_rate(header: str, notes: Sequence[str]) -> Decimal:
    """The fee rate in promille, as the fee column's header or the table's footnotes state it."""
    for text in (header, *notes):
        rates = [q for _, q in find_quantities(text) if q.unit == "promille"]
        if rates:
            return rates[0].value
    raise TableNotFound(f"fees: no rate in promille in the fee header {header!r} or its footnotes")
