"""The three Storsthlm tables as frames: rows read by the core, kinds and terms by era rules.

* budget: "Totalt …" is the total, "Summa …" a sum, a row without amounts (only FTE or unit
  cells) a unit, a row that stands out or is labelled Resultat/Nettokostnad a result, the
  rest lines. A note in a year's column ("Budgetmodellen har ändrats …") stands for every
  amount of its unit missing in that year. The reconciliation confirms the kinds.
* fees: the headers state the population date, the base year, the fee year and the rate.
* hours: a legend; its label-only rows are the financing groups.
"""

from __future__ import annotations

import re

import pandas as pd

from planextract.errors import TableNotFound
from planextract.layout import TableReading, TableRow
from planextract.numbers import find_quantities, parse_int, parse_number
from planextract.text import strip_bullet

from .declarations import YEAR_COLUMNS

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"], 1)}
_DATE = re.compile(r"(\d{1,2})\s+(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\w*\.?\s+((?:19|20)\d\d)", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_FEE_TOTAL = re.compile(r"^(länets|summa|totalt)\b", re.IGNORECASE)
_RESULT = re.compile(r"^(resultat|nettokostnad|netto)\b", re.IGNORECASE)
BUDGET_COLUMNS = ["document_year", "unit", "item", "row_kind", "fte", *YEAR_COLUMNS, "note", "page", "top"]
FEE_COLUMNS = ["document_year", "municipality", "row_kind", "population", "population_date", "taxes_and_grants_kr",
               "fee_kr", "base_year", "fee_year", "fee_rate_promille", "page", "top"]
HOUR_COLUMNS = ["document_year", "financing", "area", "hours", "page", "top"]


# --------------------------------------------------------------------------- budget
def budget_frame(table: TableReading, year: int) -> pd.DataFrame:
    records = []
    unit = ""
    for row in table.rows:
        amounts = {name: parse_int(row.values[name]) if name in row.values else None for name in YEAR_COLUMNS}
        kind = budget_kind(row.label, bool(row.emphasis), any(v is not None for v in amounts.values()),
                           "fte" in row.values)
        if kind in ("unit", "sum", "total"):
            unit = row.label
        records.append({
            "document_year": year, "unit": unit or row.label, "item": row.label, "row_kind": kind,
            "fte": float(parse_number(row.values["fte"])) if "fte" in row.values else None,
            **amounts, "note": None, "page": row.page, "top": row.top,
            "_notes": {name: text for name, text in row.notes.items() if name in YEAR_COLUMNS},
        })
    _spread_notes(records)
    frame = pd.DataFrame.from_records(records, columns=[*BUDGET_COLUMNS, "_notes"]).drop(columns="_notes")
    for name in YEAR_COLUMNS:
        frame[name] = frame[name].astype("Int64")
    return frame


def budget_kind(label: str, emphasised: bool, has_amounts: bool, has_fte: bool = False) -> str:
    """total / sum by their label; a row without amounts that stands out (or has FTE) is a
    unit; one with amounts that stands out, or labelled Resultat / Nettokostnad, a result."""
    if re.match(r"totalt\b", label, re.IGNORECASE):
        return "total"
    if re.match(r"summa\b", label, re.IGNORECASE):
        return "sum"
    if not has_amounts and (emphasised or has_fte):
        return "unit"
    if emphasised or _RESULT.match(label):
        return "result"
    return "line"


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


# --------------------------------------------------------------------------- fees
def fees_frame(table: TableReading, year: int, stated_rate: float | None) -> pd.DataFrame:
    headers = table.headers
    date = _DATE.search(headers["population"])
    if date is None:
        raise TableNotFound(f"fees, page {table.page}: no date in the population header {headers['population']!r}")
    fee_year = re.search(r"avgift\D{0,20}?((?:19|20)\d\d)", headers["fee_kr"], re.IGNORECASE)
    base_years = _YEAR.findall(headers["taxes_and_grants_kr"])
    if fee_year is None or not base_years:
        raise TableNotFound(f"fees, page {table.page}: no years in the headers {list(headers.values())}")
    rates = [q for _, q in find_quantities(headers["fee_kr"]) if q.unit == "promille"]
    rate = float(rates[0].value) if rates else stated_rate
    if rate is None:
        raise TableNotFound(f"fees, page {table.page}: no fee rate: neither the fee header nor the text states "
                            "'<rate> promille' for the plan year")
    terms = {
        "population_date": f"{int(date[3]):04d}-{MONTHS[date[2][:3].casefold()]:02d}-{int(date[1]):02d}",
        "base_year": int(base_years[-1]), "fee_year": int(fee_year[1]), "fee_rate_promille": rate,
    }
    records = []
    for row in table.rows:
        missing = [c for c in ("population", "taxes_and_grants_kr", "fee_kr") if c not in row.values]
        if missing:
            raise TableNotFound(f"fees, page {row.page}: {row.label!r} has no {', '.join(missing)}")
        records.append({
            "document_year": year, "municipality": row.label,
            "row_kind": "total" if row.emphasis or _FEE_TOTAL.match(row.label) else "municipality",
            "population": parse_int(row.values["population"]),
            "taxes_and_grants_kr": parse_int(row.values["taxes_and_grants_kr"]),
            "fee_kr": parse_int(row.values["fee_kr"]), **terms, "page": row.page, "top": row.top,
        })
    return pd.DataFrame.from_records(records, columns=FEE_COLUMNS)


# --------------------------------------------------------------------------- hours
def is_hours_row(row: TableRow) -> bool:
    """A legend entry with its hours; a row without is the name of a financing group."""
    return "hours" in row.values


def hours_frame(table: TableReading, year: int) -> pd.DataFrame:
    """Legend entries under their financing group (the label-only rows above them)."""
    records = []
    financing = None
    for row in table.rows:
        label = strip_bullet(row.label)
        if not is_hours_row(row):
            financing = label
            continue
        if financing is None:
            raise TableNotFound(f"hours, page {row.page}: {label!r} stands under no financing heading")
        records.append({"document_year": year, "financing": financing, "area": label,
                        "hours": parse_int(row.values["hours"]), "page": row.page, "top": row.top})
    return pd.DataFrame.from_records(records, columns=HOUR_COLUMNS)
