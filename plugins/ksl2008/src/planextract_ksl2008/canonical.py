"""The KSL tables in planextract's cross-era model (fees, budget_lines, activities)."""

from __future__ import annotations

import pandas as pd

from planextract.canonical import (
    activities_from_era,
    budget_line,
    budget_lines_frame,
    fees_from_era,
    staff_line,
)

#: resources column → canonical measure.
MEASURES = {
    "personnel": "personnel_costs",
    "consultants_grants_conferences": "consultants_grants_conferences",
    "other_costs": "other_costs",
    "revenues": "revenues",
    "net_cost": "result",
}


def canonical_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {
        "fees": fees_from_era(tables["fees"]),
        "budget_lines": budget_lines(tables["resources"]),
        "activities": activities_from_era(tables["activities"], "ksl"),
    }


def budget_lines(resources: pd.DataFrame) -> pd.DataFrame:
    """Per resource row: one staff line (its FTE, where printed), then one line per amount
    column in kr.

    KSL printed costs positive, revenues negative and the net cost positive; the canonical
    model counts as an income statement does (revenues positive, costs negative, the result
    their sum), so every amount changes sign and the net cost becomes the ``result``.
    """
    lines = []
    for _, row in resources.iterrows():
        common = dict(budget_year=int(row["document_year"]), org_unit=row["group"], item=row["activity"],
                      row_kind=row["row_kind"])
        if not pd.isna(row["fte"]):
            lines.append(staff_line(row, fte=row["fte"], **common))
        lines += [budget_line(row, measure=measure, amount=-row[column], source_unit="kr", **common)
                  for column, measure in MEASURES.items()]
    return budget_lines_frame(lines)
