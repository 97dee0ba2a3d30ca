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
#: The 26 municipalities of Stockholm County by SCB municipality code (kommunkod), with the
#: name each spells itself by. Codes join the plans with every other Swedish statistic.
MUNICIPALITY_CODES = {
    "0114": "Upplands Väsby", "0115": "Vallentuna", "0117": "Österåker", "0120": "Värmdö",
    "0123": "Järfälla", "0125": "Ekerö", "0126": "Huddinge", "0127": "Botkyrka", "0128": "Salem",
    "0136": "Haninge", "0138": "Tyresö", "0139": "Upplands-Bro", "0140": "Nykvarn", "0160": "Täby",
    "0162": "Danderyd", "0163": "Sollentuna", "0180": "Stockholm", "0181": "Södertälje",
    "0182": "Nacka", "0183": "Sundbyberg", "0184": "Solna", "0186": "Lidingö", "0187": "Vaxholm",
    "0188": "Norrtälje", "0191": "Sigtuna", "0192": "Nynäshamn",
}
MUNICIPALITIES = tuple(sorted(MUNICIPALITY_CODES.values()))
#: The name canonical tables give a stated total row ("Länets Kommuner").
COUNTY_TOTAL = "Länets kommuner"
#: Words after a municipality's name that are no part of it ("Stockholms stad", "Nacka kommun").
_SUFFIXES = ("kommun", "stad")


def _key(name: str) -> str:
    """Letters only, case-folded: "UPPLANDS-VÄSBY", "Upplands Väsby" → "upplandsväsby"."""
    text = unicodedata.normalize("NFC", name).casefold()
    return re.sub(r"[^\w]|_|\d", "", text)


_BY_KEY = {_key(name): name for name in MUNICIPALITIES}
_CODE_BY_NAME = {name: code for code, name in MUNICIPALITY_CODES.items()}


def municipality_name(printed: str) -> str:
    """The one spelling of a municipality across eras, through its name variants (case,
    hyphens, a trailing "kommun"/"stad", the genitive s before it); the county total as
    :data:`COUNTY_TOTAL`. A name that is none of them comes back as printed, so the schema's
    closed vocabulary fails naming it: an unknown name is never a new municipality."""
    key = _key(printed)
    if key.startswith("länetskommun"):
        return COUNTY_TOTAL
    for suffix in ("", *_SUFFIXES):
        stem = key.removesuffix(suffix) if suffix else key
        for candidate in (stem, stem.removesuffix("s")):
            if candidate in _BY_KEY:
                return _BY_KEY[candidate]
    return " ".join(printed.split())


def municipality_code(name: str) -> str | None:
    """SCB's four-digit code of a canonical municipality name; None for the county total."""
    return _CODE_BY_NAME.get(name)


def municipalities_frame() -> pd.DataFrame:
    """The reference table, code and name (the variants a plan printed are its fees'
    ``municipality_as_printed``)."""
    return pd.DataFrame({"municipality_code": list(MUNICIPALITY_CODES),
                         "municipality": list(MUNICIPALITY_CODES.values())})


class _Canonical(pa.DataFrameModel):
    document_year: Series[int] = pa.Field(ge=1900, le=2200)
    page: Series[int] = pa.Field(ge=1)

    class Config:
        strict = True
        coerce = True


class Fees(_Canonical):
    """The service fee each municipality pays, with what it is computed from. Municipalities
    by SCB code and one spelling (:data:`MUNICIPALITY_CODES`); the county total row has no code."""

    fee_year: Series[int] = pa.Field(ge=1900, le=2200)
    municipality_code: Series[str] = pa.Field(nullable=True, isin=list(MUNICIPALITY_CODES))
    municipality: Series[str] = pa.Field(isin=[*MUNICIPALITIES, COUNTY_TOTAL])
    municipality_as_printed: Series[str]
    is_total: Series[bool]
    population: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    population_date: Series[pa.Date] = pa.Field(nullable=True)
    fee_base_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    fee_rate_promille: Series[float] = pa.Field(nullable=True, ge=0)
    fee_kr: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check(error="a municipality row has its SCB code, the total row none")
    def _codes(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["municipality_code"].isna() == frame["is_total"]


#: What a budget line measures. Amounts follow one sign convention in every era, the income
#: statement's: revenues (and allocations received) positive, costs negative, and ``result``
#: the sum of a unit's lines — negative when the unit costs more than it earns. Storsthlm
#: prints its budget so; KSL printed costs positive and revenues negative, and its plugin turns
#: them round. So ``SUM(amount_kr)`` over a unit's lines is its result in every year.
MEASURES = ("revenues", "personnel_costs", "operating_costs", "consultants_grants_conferences",
            "other_costs", "depreciation_and_financial_items", "allocated_costs", "result", "fte")
#: Aggregation level: a unit's or activity's own line, a group's subtotal, the organisation's total.
ROW_KINDS = ("line", "subtotal", "total")
#: The unit an amount was printed in (amounts are stored in kronor), or ``fte`` for staff.
SOURCE_UNITS = ("kr", "tkr", "mnkr", "fte")


class BudgetLines(_Canonical):
    """Budget and resource figures in long format: one amount per row, in kronor, in one sign
    convention (:data:`MEASURES`); staff as the measure ``fte`` with its own unit."""

    budget_year: Series[int] = pa.Field(ge=1900, le=2200)
    org_unit: Series[str]
    item: Series[str]
    measure: Series[str] = pa.Field(isin=list(MEASURES))
    row_kind: Series[str] = pa.Field(isin=list(ROW_KINDS))
    amount_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    source_unit: Series[str] = pa.Field(isin=list(SOURCE_UNITS))
    fte: Series[float] = pa.Field(nullable=True, ge=0)
    note: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(error="staff lines (measure fte, unit fte) carry an FTE and no amount; others no FTE")
    def _fte_apart(cls, frame: pd.DataFrame) -> pd.Series:
        staff = frame["measure"] == "fte"
        return (staff == (frame["source_unit"] == "fte")) & (staff == frame["fte"].notna()) \
            & ~(staff & frame["amount_kr"].notna())


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
    names = fees["municipality"].map(municipality_name)
    return pd.DataFrame({
        "document_year": fees["document_year"],
        "fee_year": fees["fee_year"],
        "municipality_code": names.map(municipality_code),
        "municipality": names,
        "municipality_as_printed": fees["municipality"],
        "is_total": fees["row_kind"] == "total",
        "population": fees["population"],
        "population_date": pd.to_datetime(fees["population_date"], format="%Y-%m-%d").dt.date,
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


def budget_line(row: pd.Series | dict, *, budget_year: int, org_unit: str, item: str, measure: str,
                amount, source_unit: str, row_kind: str, note=None) -> dict:
    """One canonical budget line; ``amount`` in ``source_unit`` and already in the income
    statement's signs (:data:`MEASURES`), stored in kronor."""
    factor = {"kr": 1, "tkr": 1_000, "mnkr": 1_000_000}[source_unit]
    missing = amount is None or pd.isna(amount)
    return {
        "document_year": int(row["document_year"]),
        "budget_year": budget_year,
        "org_unit": org_unit,
        "item": item,
        "measure": measure,
        "row_kind": row_kind,
        "amount_kr": None if missing else int(amount) * factor,
        "source_unit": source_unit,
        "fte": None,
        "note": None if note is None or pd.isna(note) else note,
        "page": int(row["page"]),
    }


def staff_line(row: pd.Series | dict, *, budget_year: int, org_unit: str, item: str, row_kind: str,
               fte) -> dict:
    """The staff of a unit or activity: the measure ``fte`` in the unit ``fte``, no amount."""
    line = budget_line(row, budget_year=budget_year, org_unit=org_unit, item=item, measure="fte", amount=None,
                       source_unit="kr", row_kind=row_kind)
    return line | {"source_unit": "fte", "fte": float(fte)}


def budget_lines_frame(lines: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(lines, columns=list(BudgetLines.to_schema().columns))
    frame["amount_kr"] = frame["amount_kr"].astype("Int64")
    frame["fte"] = frame["fte"].astype("float64")
    return frame
