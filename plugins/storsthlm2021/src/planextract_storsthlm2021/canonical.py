"""The Storsthlm tables in planextract's cross-era model (fees, budget_lines, activities, areas)."""

from __future__ import annotations

import pandas as pd

from planextract.canonical import (
    activities_from_era,
    areas_from_activities,
    budget_line,
    budget_lines_frame,
    fees_from_era,
    staff_line,
)

#: Budget columns and how many years before the document year each holds.
YEARS = {"budget_tkr": 0, "budget_prev_tkr": 1, "budget_prev2_tkr": 2}
#: Row label (its start, lower case) → canonical measure; a label none starts is an error.
MEASURES = (
    ("intäkter", "revenues"),
    ("rörelsekostnader", "operating_costs"),
    ("personalkostnader", "personnel_costs"),
    ("avskrivningar", "depreciation_and_financial_items"),
    ("fördelade", "allocated_costs"),
    ("resultat", "result"),
    ("nettokostnad", "result"),
)
#: The era's row kinds as aggregation levels: a unit's lines and its result are its own
#: lines; a "Summa" row sums units; "Totalt" is the organisation.
ROW_KINDS = {"line": "line", "result": "line", "unit": "line", "sum": "subtotal", "total": "total"}

#: The chapters the activity lists sit in (the prerequisites, the focus areas, the support
#: functions) → canonical area.
AREAS = (
    ("Förutsättningar", "board"),
    ("Utbildning och arbetsmarknad", "education_labour"),
    ("Social välfärd", "welfare_health"),
    ("Samhällsbygg", "planning_environment"),
    ("Stödjande funktioner", "support"),
)
#: Era activity kinds → canonical kinds: a focus area's statement is its aim.
KINDS = {"area_goal": "aim", "goal": "goal", "activity": "activity"}


def canonical_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    activities = activities_from_era(tables["activities"], "storsthlm", kinds=lambda row: KINDS[row["kind"]],
                                     areas=AREAS)
    return {
        "fees": fees_from_era(tables["fees"]),
        "budget_lines": budget_lines(tables["budget"]),
        "activities": activities,
        "areas": areas_from_activities(activities),
    }


def measure(item: str, row_kind: str) -> str:
    """The canonical measure of a budget row: by its label, a sum or total row's is the result."""
    if row_kind in ("sum", "total"):
        return "result"
    label = item.strip().lower()
    for prefix, name in MEASURES:
        if label.startswith(prefix):
            return name
    raise ValueError(f"budget row {item!r}: no canonical measure for this label")


def budget_lines(budget: pd.DataFrame) -> pd.DataFrame:
    """A row with an FTE gives one staff line (the document year); every row but the unit
    rows gives one line per budget year, tkr → kr. Storsthlm prints the income statement's
    signs already (revenues positive, costs negative)."""
    lines = []
    for _, row in budget.iterrows():
        year = int(row["document_year"])
        common = dict(org_unit=row["unit"], item=row["item"], row_kind=ROW_KINDS[row["row_kind"]])
        if not pd.isna(row["fte"]):
            lines.append(staff_line(row, budget_year=year, fte=row["fte"], **common))
        if row["row_kind"] == "unit":
            continue
        for column, back in YEARS.items():
            amount = row[column]
            lines.append(budget_line(row, budget_year=year - back, measure=measure(row["item"], row["row_kind"]),
                                     amount=amount, source_unit="tkr",
                                     note=row["note"] if pd.isna(amount) else None, **common))
    return budget_lines_frame(lines)
