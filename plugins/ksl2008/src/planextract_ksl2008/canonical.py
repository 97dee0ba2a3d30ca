"""The KSL tables in planextract's cross-era model (fees, budget_lines, activities)."""

from __future__ import annotations

import pandas as pd

from planextract.canonical import (
    activities_from_era,
    budget_line,
    budget_lines_frame,
    fees_from_era,
)

#: resources column → canonical measure.
MEASURES = {
    "personnel": "personnel_costs",
    "consultants_grants_conferences": "consultants_grants_conferences",
    "other_costs": "other_costs",
    "revenues": "revenues",
    "net_cost": "net_cost",
}


def canonical_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {
        "fees": fees_from_era(tables["fees"]),
        "budget_lines": budget_lines(tables["resources"]),
        "activities": activities_from_era(tables["activities"], "ksl"),
    }


def budget_lines(resources: pd.DataFrame) -> pd.DataFrame:
    """Per resource row: one ``fte`` line carrying its FTE, then one line per amount column
    in kr (FTE only on the ``fte`` line, so summing FTE never counts a row twice)."""
    lines = []
    for _, row in resources.iterrows():
        common = dict(budget_year=int(row["document_year"]), unit=row["group"], item=row["activity"],
                      source_unit="kr")
        lines.append(budget_line(row, measure="fte", amount=None, fte=row["fte"], **common))
        lines += [budget_line(row, measure=measure, amount=row[column], **common)
                  for column, measure in MEASURES.items()]
    return budget_lines_frame(lines)
