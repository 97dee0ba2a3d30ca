"""One data model across eras: fees, budget lines and activities, whatever the year's layout.

Era plugins keep their own era-shaped tables and, in addition, fill these canonical tables
(:meth:`Extractor.canonical`), so analysts can put 2008 beside 2021. The models are defined
here, once, and validated by the host like any other table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .extractor import TableSpec

#: The federation a plan is from: Kommunförbundet Stockholms Län, and its successor Storsthlm.
ERAS = {"ksl": "Kommunförbundet Stockholms Län (KSL)", "storsthlm": "Storsthlm, KSL's successor"}
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
    document_year: Series[int] = pa.Field(ge=1900, le=2200, description="the year of the plan the row is from")
    page: Series[int] = pa.Field(ge=1, description="the page of the file it is printed on (1-based)")

    class Config:
        strict = True
        coerce = True


class Fees(_Canonical):
    """The service fee each municipality pays, with what it is computed from. Municipalities
    by SCB code and one spelling (:data:`MUNICIPALITY_CODES`); the county total row has no code."""

    fee_year: Series[int] = pa.Field(ge=1900, le=2200, description="the year the fee is paid for")
    municipality_code: Series[str] = pa.Field(nullable=True, isin=list(MUNICIPALITY_CODES),
                                              description="SCB kommunkod; none on the county total row")
    municipality: Series[str] = pa.Field(isin=[*MUNICIPALITIES, COUNTY_TOTAL],
                                         description="one spelling across eras (municipalities table)")
    municipality_as_printed: Series[str] = pa.Field(description="the name as the plan prints it")
    is_total: Series[bool] = pa.Field(description="the county total row the plan states")
    population: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="inhabitants")
    population_date: Series[pa.Date] = pa.Field(nullable=True, description="the date the population is counted at")
    fee_base_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True,
                                                  description="what the fee is a rate of (taxes and grants), kr")
    fee_rate_promille: Series[float] = pa.Field(nullable=True, ge=0, description="the fee rate, per mille of the base")
    fee_kr: Series[int] = pa.Field(ge=0, description="the fee, kr")

    @pa.dataframe_check(error="a municipality row has its SCB code, the total row none")
    def _codes(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["municipality_code"].isna() == frame["is_total"]


#: What a budget line measures. Amounts follow one sign convention in every era, the income
#: statement's: revenues (and allocations received) positive, costs negative, and ``result``
#: the sum of a unit's lines — negative when the unit costs more than it earns. Storsthlm
#: prints its budget so; KSL printed costs positive and revenues negative, and its plugin turns
#: them round. So ``SUM(amount_kr)`` over a unit's lines is its result in every year.
MEASURES = {
    "revenues": "revenues and allocations received (+)",
    "personnel_costs": "salaries and personnel costs (−)",
    "operating_costs": "operating costs (−; Storsthlm's rörelsekostnader)",
    "consultants_grants_conferences": "consultants, grants and conferences (−; KSL)",
    "other_costs": "other costs (−; KSL)",
    "depreciation_and_financial_items": "depreciation and financial items (−)",
    "allocated_costs": "costs allocated between units (either sign)",
    "result": "the sum of a unit's lines: its result, or a group's or the organisation's (− for a net cost)",
    "fte": "staff in full-time equivalents (no amount; unit fte)",
}
#: Aggregation level of a budget line.
ROW_KINDS = {
    "line": "a unit's or activity's own figures, its result included",
    "subtotal": "a group of units (a printed Summa or group row)",
    "total": "the whole organisation",
}
#: The unit an amount was printed in (amounts are stored in kronor), or ``fte`` for staff.
SOURCE_UNITS = {"kr": "kronor", "tkr": "thousands of kronor", "mnkr": "millions of kronor",
                "fte": "full-time equivalents"}

class BudgetLines(_Canonical):
    """Budget and resource figures in long format: one amount per row, in kronor, in one sign
    convention (:data:`MEASURES`); staff as the measure ``fte`` with its own unit."""

    budget_year: Series[int] = pa.Field(ge=1900, le=2200, description="the year the amount budgets (or records)")
    org_unit: Series[str] = pa.Field(description="the organisational unit or group, as printed")
    item: Series[str] = pa.Field(description="the row's label (activity, unit line), as printed")
    measure: Series[str] = pa.Field(isin=list(MEASURES), description="what the amount is (MEASURES)")
    row_kind: Series[str] = pa.Field(isin=list(ROW_KINDS), description="aggregation level (ROW_KINDS)")
    amount_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True, description=(
        "kronor, income-statement signs (revenues +, costs −); none for staff or a figure not printed"))
    source_unit: Series[str] = pa.Field(isin=list(SOURCE_UNITS), description="the unit the plan printed it in")
    fte: Series[float] = pa.Field(nullable=True, ge=0, description="staff, full-time equivalents (measure fte only)")
    note: Series[str] = pa.Field(nullable=True, description="what the plan prints instead of a figure")

    @pa.dataframe_check(error="staff lines (measure fte, unit fte) carry an FTE and no amount; others no FTE")
    def _fte_apart(cls, frame: pd.DataFrame) -> pd.Series:
        staff = frame["measure"] == "fte"
        return (staff == (frame["source_unit"] == "fte")) & (staff == frame["fte"].notna()) \
            & ~(staff & frame["amount_kr"].notna())


#: The areas a plan's work falls in, the same in every era, so activities can be grouped by
#: area across years. Each plugin maps its chapters — the committee or focus area a list sits
#: in (KSL's beredningar, Storsthlm's fokusområden), not a sub-section's theme — onto these
#: (:func:`area_of`); the ``areas`` table records the mapping.
AREAS = {
    "board": "the board's own and cross-cutting work (KSL: Styrelsen; Storsthlm: Förutsättningar "
             "och fokusområden: economy, skills supply, digitalisation)",
    "education_labour": "education and the labour market (Utbildningsberedningen; Utbildning och arbetsmarknad)",
    "welfare_health": "social welfare, care and health (Vård- och omsorgsberedningen; Social välfärd och hälsa)",
    "planning_environment": "community planning and environment (Samhällsbyggnadsberedningen; "
                            "Samhällsbyggnad och miljö)",
    "joint_operations": "operations run jointly for the members (KSL: Övrig verksamhet)",
    "support": "the office's support functions (Storsthlm: Stödjande funktioner)",
}
#: What an activity-list row is.
KINDS = {
    "aim": "an area's aim (KSL: Inriktningsmål; Storsthlm: a focus area's statement)",
    "goal": "a goal activities serve (KSL: Övergripande mål; Storsthlm: a focus area's \"Vi …\" heading)",
    "activity": "a promised activity (KSL: Vad ska uppnås under <year>; Storsthlm: Aktiviteter)",
}

class Activities(_Canonical):
    """Every aim, goal and promised activity, under the headings it sits beneath. An activity
    points at what it serves through ``goal_path``: the heading path of the goals (or, where
    its headings state none, the aims) nearest above it — several when the plan lists several
    for one heading, none when it states none."""

    era: Series[str] = pa.Field(isin=list(ERAS), description="the federation's era (ERAS)")
    area: Series[str] = pa.Field(isin=list(AREAS), description="the area of its top heading, the same across eras")
    heading_path: Series[str] = pa.Field(str_length={"min_value": 1},
                                         description='the headings above it, " > "-joined (a goal heading: itself)')
    kind: Series[str] = pa.Field(isin=list(KINDS), description="aim, goal or activity (KINDS)")
    item_id: Series[int] = pa.Field(ge=1, unique=True, description="its number in the document, in reading order")
    goal_path: Series[str] = pa.Field(nullable=True, description=(
        "an activity's: the heading_path of the goal (else aim) rows it serves; none when none is stated"))
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description=(
        'as printed; a lead-in and the bullets completing it as one text, the bullets on "- " lines'))
    position: Series[int] = pa.Field(ge=1, description="its number in its printed list")

    @pa.dataframe_check(error="an activity's goal_path names a heading with goals or aims; other rows have none")
    def _goals_exist(cls, frame: pd.DataFrame) -> pd.Series:
        stated = set(frame.loc[frame["kind"] != "activity", "heading_path"])
        activity = frame["kind"] == "activity"
        return (activity & (frame["goal_path"].isna() | frame["goal_path"].isin(stated))) \
            | (~activity & frame["goal_path"].isna())


class Areas(_Canonical):
    """How a plan's top headings map onto :data:`AREAS`: one row per heading its activity
    lists sit under, at the page of its first row."""

    era: Series[str] = pa.Field(isin=list(ERAS), description="the federation's era (ERAS)")
    heading: Series[str] = pa.Field(str_length={"min_value": 1}, description="a top heading, as printed")
    area: Series[str] = pa.Field(isin=list(AREAS), description="its area (AREAS)")


CANONICAL_TABLES = (
    TableSpec("fees", Fees, "service fee per municipality and the stated total, every era"),
    TableSpec("budget_lines", BudgetLines, "budget and resource amounts in kr, long format, every era"),
    TableSpec("activities", Activities, "aims, goals and activities with heading paths and areas, every era"),
    TableSpec("areas", Areas, "each top heading's area (beredning, fokusområde), every era"),
)


def fees_from_era(fees: pd.DataFrame) -> pd.DataFrame:
    """Canonical fees from an era fee table using the shared era column names
    (municipality, row_kind, population, population_date, taxes_and_grants_kr, fee_kr,
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
        "fee_base_kr": fees["taxes_and_grants_kr"],
        "fee_rate_promille": fees["fee_rate_promille"],
        "fee_kr": fees["fee_kr"],
        "page": fees["page"],
    })


def area_of(heading: str, areas: Sequence[tuple[str, str]]) -> str:
    """The area of a top heading by the first of ``areas`` (letters-only, case-folded prefix →
    area) it starts with; an unknown heading comes back as printed, so the schema's closed
    vocabulary fails naming it."""
    key = _key(heading)
    return next((area for prefix, area in areas if key.startswith(_key(prefix))), heading)


def activities_from_era(activities: pd.DataFrame, era: str, *, kinds: Callable[[pd.Series], str],
                        areas: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Canonical activities from an era activity table (heading_path, list_heading, kind, item,
    text, page): ``kinds`` gives each row's canonical kind, ``areas`` its top heading's area.
    A lead-in and the bullets that complete its sentence are one aim or goal."""
    frame = activities.assign(kind=[kinds(row) for _, row in activities.iterrows()])
    frame = _join_lead_ins(frame.reset_index(drop=True))
    paths = frame["heading_path"]
    return pd.DataFrame({
        "document_year": frame["document_year"],
        "era": era,
        "area": paths.str.split(" > ").str[0].map(lambda h: area_of(h, areas)),
        "heading_path": paths,
        "kind": frame["kind"],
        "item_id": range(1, len(frame) + 1),
        "goal_path": _goal_paths(frame),
        "text": frame["text"],
        "position": frame["item"],
        "page": frame["page"],
    })


def areas_from_activities(activities: pd.DataFrame) -> pd.DataFrame:
    """The ``areas`` table of a canonical activity table: each top heading, its area."""
    top = activities.assign(heading=activities["heading_path"].str.split(" > ").str[0])
    first = top.drop_duplicates("heading")
    return first[["document_year", "era", "heading", "area", "page"]].reset_index(drop=True)


#: The last words of a sentence its bullets complete ("… stimulerar kommunerna till").
LEAD_WORDS = frozenset({"till", "att", "för", "genom", "med", "av", "om", "som", "och", "på", "i", "inom", "mot"})


def _join_lead_ins(frame: pd.DataFrame) -> pd.DataFrame:
    """An aim or goal that leads in (ending in a colon or a word its bullets complete: "… för
    att:", "… stimulerar kommunerna till") takes the bullets after it that continue its sentence
    (they start in lower case) as its own lines."""
    keep, texts = [], list(frame["text"])
    for index in range(len(frame)):
        row = frame.iloc[index]
        if keep and row["kind"] != "activity" and _continues(frame, keep[-1], index):
            texts[keep[-1]] += "\n- " + row["text"]
            continue
        keep.append(index)
    return frame.assign(text=texts).iloc[keep].reset_index(drop=True)


def _continues(frame: pd.DataFrame, lead: int, index: int) -> bool:
    first, row = frame.iloc[lead], frame.iloc[index]
    same_list = (first["kind"], first["heading_path"], first["list_heading"]) == \
        (row["kind"], row["heading_path"], row["list_heading"])
    lead_text = first["text"].split("\n")[0].rstrip()
    words = lead_text.split()
    leads = lead_text.endswith(":") or bool(words) and words[-1].casefold() in LEAD_WORDS
    return same_list and lead_text[:1].isupper() and leads and row["text"][:1].islower()


def _goal_paths(frame: pd.DataFrame) -> list[str | None]:
    """For each activity, the nearest heading on its path (itself first) with goals, else with
    aims; None for every other row."""
    stated = {kind: set(frame.loc[frame["kind"] == kind, "heading_path"]) for kind in ("goal", "aim")}
    out: list[str | None] = []
    for path, kind in zip(frame["heading_path"], frame["kind"]):
        parts = path.split(" > ")
        ancestors = [" > ".join(parts[:n]) for n in range(len(parts), 0, -1)]
        found = next((a for k in ("goal", "aim") for a in ancestors if a in stated[k]), None)
        out.append(found if kind == "activity" else None)
    return out


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
