"""The KSL tables in planextract's cross-era model (fees, budget_lines, activities, areas)."""

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

#: resources column → canonical measure.
MEASURES = {
    "personnel_kr": "personnel_costs",
    "consultants_grants_conferences_kr": "consultants_grants_conferences",
    "other_costs_kr": "other_costs",
    "revenues_kr": "revenues",
    "net_cost_kr": "result",
}

#: The board and each beredning (the chapters the activity lists sit in) → canonical area.
AREAS = (
    ("Styrelsen", "board"),
    ("Utbildningsberedningen", "education_labour"),
    ("Vård- och omsorgsberedningen", "welfare_health"),
    ("Samhällsbyggnadsberedningen", "planning_environment"),
    ("Övrig verksamhet", "joint_operations"),
)


def canonical_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    activities = activities_from_era(tables["activities"], "ksl", kinds=kind, areas=AREAS)
    return {
        "fees": fees_from_era(tables["fees"]),
        "budget_lines": budget_lines(tables["resources"]),
        "activities": activities,
        "areas": areas_from_activities(activities),
    }


def kind(row: pd.Series) -> str:
    """An "Inriktningsmål" list states the chapter's aims; an "Övergripande mål" list a
    section's goals."""
    if row["kind"] == "activity":
        return "activity"
    return "aim" if row["list_heading"].strip().casefold().startswith("inriktningsmål") else "goal"


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
