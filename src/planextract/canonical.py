"""One data model across eras: fees, budget lines and activities, whatever the year's layout.

Era plugins keep their own era-shaped tables and, in addition, fill these canonical tables
(:meth:`Extractor.canonical`), so analysts can put 2008 beside 2021. The models are defined
here, once, and validated by the host like any other table.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .extractor import TableSpec

ERAS = ("ksl", "storsthlm")
#: The 26 municipalities of Stockholm County, as they spell themselves.
MUNICIPALITIES = (
    "Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka",
    "Norrtälje", "Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna", "Stockholm",
    "Sundbyberg", "Södertälje", "Tyresö", "Täby", "Upplands-Bro", "Upplands Väsby", "Vallentuna",
    "Vaxholm", "Värmdö", "Österåker",
)
#: The name canonical tables give a stated total row ("Länets Kommuner").
COUNTY_TOTAL = "Länets kommuner"


def _key(name: str) -> str:
    """Letters only, case-folded: "UPPLANDS-VÄSBY", "Upplands Väsby" → "upplandsväsby"."""
    text = unicodedata.normalize("NFC", name).casefold()
    return re.sub(r"[^\w]|_|\d", "", text)


_BY_KEY = {_key(name): name for name in MUNICIPALITIES}


def municipality_name(printed: str) -> str:
    """The one spelling of a municipality across eras; unknown names title-cased as printed."""
    key = _key(printed)
    if key in _BY_KEY:
        return _BY_KEY[key]
    if key.startswith("länetskommun"):
        return COUNTY_TOTAL
    return " ".join(printed.split()).title()


class _Canonical(pa.DataFrameModel):
    document_year: Series[int] = pa.Field(ge=1900, le=2200)
    page: Series[int] = pa.Field(ge=1)

    class Config:
        strict = True
        coerce = True


class Fees(_Canonical):
    """The service fee each municipality pays, with what it is computed from."""

    fee_year: Series[int] = pa.Field(ge=1900, le=2200)
    municipality: Series[str]
    municipality_as_printed: Series[str]
    is_total: Series[bool]
    population: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    population_date: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}-\d{2}-\d{2}$")
    fee_base_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    fee_rate_promille: Series[float] = pa.Field(nullable=True, ge=0)
    fee_kr: Series[int] = pa.Field(ge=0)


class BudgetLines(_Canonical):
    """Budget and resource figures in long format: one amount per row, always in kronor."""

    budget_year: Series[int] = pa.Field(ge=1900, le=2200)
    unit: Series[str]
    item: Series[str]
    measure: Series[str]
    row_kind: Series[str]
    amount_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    source_unit: Series[str] = pa.Field(isin=["kr", "tkr", "mnkr"])
    fte: Series[float] = pa.Field(nullable=True, ge=0)
    note: Series[str] = pa.Field(nullable=True)


class Activities(_Canonical):
    """Every goal and promised activity, under the headings it sits beneath."""

    era: Series[str] = pa.Field(isin=list(ERAS))
    heading_path: Series[str]
    kind: Series[str] = pa.Field(isin=["goal", "activity"])
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    position: Series[int] = pa.Field(ge=1)


CANONICAL_TABLES = (
    TableSpec("fees", Fees, "service fee per municipality and the stated total, every era"),
    TableSpec("budget_lines", BudgetLines, "budget and resource amounts in kr, long format, every era"),
    TableSpec("activities", Activities, "goals and activities with heading paths, every era"),
)


def fees_from_era(fees: pd.DataFrame) -> pd.DataFrame:
    """Canonical fees from an era fee table using the shared era column names
    (municipality, row_kind, population, population_date, taxes_and_grants, fee,
    fee_rate_promille, fee_year, document_year, page)."""
    return pd.DataFrame({
        "document_year": fees["document_year"],
        "fee_year": fees["fee_year"],
        "municipality": fees["municipality"].map(municipality_name),
        "municipality_as_printed": fees["municipality"],
        "is_total": fees["row_kind"] == "total",
        "population": fees["population"],
        "population_date": fees["population_date"],
        "fee_base_kr": fees["taxes_and_grants"],
        "fee_rate_promille": fees["fee_rate_promille"],
        "fee_kr": fees["fee"],
        "page": fees["page"],
    })


def activities_from_era(activities: pd.DataFrame, era: str) -> pd.DataFrame:
    """Canonical activities from an era activity table (heading_path, kind, item, text, page)."""
    return pd.DataFrame({
        "document_year": activities["document_year"],
        "era": era,
        "heading_path": activities["heading_path"],
        "kind": activities["kind"],
        "text": activities["text"],
        "position": activities["item"],
        "page": activities["page"],
    })


def budget_line(row: pd.Series | dict, *, budget_year: int, unit: str, item: str, measure: str,
                amount, source_unit: str, fte=None, note=None) -> dict:
    """One canonical budget line; ``amount`` in ``source_unit``, stored in kronor."""
    factor = {"kr": 1, "tkr": 1_000, "mnkr": 1_000_000}[source_unit]
    missing = amount is None or pd.isna(amount)
    return {
        "document_year": int(row["document_year"]),
        "budget_year": budget_year,
        "unit": unit,
        "item": item,
        "measure": measure,
        "row_kind": row["row_kind"],
        "amount_kr": None if missing else int(amount) * factor,
        "source_unit": source_unit,
        "fte": None if fte is None or pd.isna(fte) else float(fte),
        "note": None if note is None or pd.isna(note) else note,
        "page": int(row["page"]),
    }


def budget_lines_frame(lines: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(lines, columns=list(BudgetLines.to_schema().columns))
    frame["amount_kr"] = frame["amount_kr"].astype("Int64")
    return frame
