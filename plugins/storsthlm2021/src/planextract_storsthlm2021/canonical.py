"""The Storsthlm tables in planextract's cross-era model (fees, budget_lines, activities)."""

from __future__ import annotations

import re

import pandas as pd

from planextract.canonical import (
    activities_from_era,
    budget_line,
    budget_lines_frame,
    fees_from_era,
)

#: Budget columns and how many years before the document year each holds.
YEARS = {"budget_tkr": 0, "budget_prev_tkr": 1, "budget_prev2_tkr": 2}
#: Row label (its start, lower case) → canonical measure.
MEASURES = (
    ("intäkter", "revenues"),
    ("rörelsekostnader", "operating_costs"),
    ("personalkostnader", "personnel_costs"),
    ("avskrivningar", "depreciation_and_financial_items"),
    ("fördelade", "allocated_costs"),
    ("resultat", "result"),
    ("nettokostnad", "net_cost"),
    ("summa", "result"),
    ("totalt", "result"),
)


def canonical_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {
        "fees": fees_from_era(tables["fees"]),
        "budget_lines": budget_lines(tables["budget"]),
        "activities": activities_from_era(tables["activities"], "storsthlm"),
    }


def measure(item: str) -> str:
    label = item.strip().lower()
    for prefix, name in MEASURES:
        if label.startswith(prefix):
            return name
    return re.sub(r"\W+", "_", label).strip("_")


def budget_lines(budget: pd.DataFrame) -> pd.DataFrame:
    """A row with an FTE gives one ``fte`` line (the document year); every row but the unit
    rows gives one line per budget year, tkr → kr. FTE sits only on ``fte`` lines, so
    summing it never counts a row twice."""
    lines = []
    for _, row in budget.iterrows():
        year = int(row["document_year"])
        if not pd.isna(row["fte"]):
            lines.append(budget_line(row, budget_year=year, unit=row["unit"], item=row["item"],
                                     measure="fte", amount=None, source_unit="tkr", fte=row["fte"]))
        if row["row_kind"] == "unit":
            continue
        for column, back in YEARS.items():
            amount = row[column]
            lines.append(budget_line(row, budget_year=year - back, unit=row["unit"], item=row["item"],
                                     measure=measure(row["item"]), amount=amount, source_unit="tkr",
                                     note=row["note"] if pd.isna(amount) else None))
    return budget_lines_frame(lines)
