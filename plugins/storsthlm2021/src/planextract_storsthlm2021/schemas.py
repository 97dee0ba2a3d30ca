"""The tables a Storsthlm-era plan yields, as pandera models (strict, coerced, with provenance)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from planextract.schema import ProvenanceModel, StatedFiguresModel

from .declarations import LIST_HEADING

BUDGET_KINDS = ["unit", "line", "result", "sum", "total"]
FEE_KINDS = ["total", "municipality"]
#: A focus area's statement, a focus area's goal (a "Vi …" section heading), an activity.
ACTIVITY_KINDS = ["area_goal", "goal", "activity"]


class BudgetSchema(ProvenanceModel):
    """"Budget <year>" in tkr: one row per printed row, with its unit and kind."""

    document_year: Series[int] = pa.Field(ge=1990, le=2100)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    item: Series[str] = pa.Field(str_length={"min_value": 1})
    row_kind: Series[str] = pa.Field(isin=BUDGET_KINDS)
    fte: Series[float] = pa.Field(nullable=True, ge=0)
    budget_tkr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    budget_prev_tkr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    budget_prev2_tkr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


class FeesSchema(ProvenanceModel):
    """"Serviceavgift": the stated total and each member municipality's fee and its base."""

    document_year: Series[int] = pa.Field(ge=1990, le=2100)
    municipality: Series[str] = pa.Field(str_length={"min_value": 1})
    row_kind: Series[str] = pa.Field(isin=FEE_KINDS)
    population: Series[int] = pa.Field(ge=0)
    population_date: Series[str] = pa.Field(str_matches=r"^\d{4}-\d{2}-\d{2}$")
    taxes_and_grants_kr: Series[int] = pa.Field(ge=0)
    fee_kr: Series[int] = pa.Field(ge=0)
    base_year: Series[int] = pa.Field(ge=1990, le=2100)
    fee_year: Series[int] = pa.Field(ge=1990, le=2100)
    fee_rate_promille: Series[float] = pa.Field(gt=0, lt=10)


class HoursSchema(ProvenanceModel):
    """"Antal planerade timmar": planned hours per focus area, by financing group."""

    document_year: Series[int] = pa.Field(ge=1990, le=2100)
    financing: Series[str] = pa.Field(str_length={"min_value": 1})
    area: Series[str] = pa.Field(str_length={"min_value": 1})
    hours: Series[int] = pa.Field(ge=0)


class ActivitiesSchema(ProvenanceModel):
    """Every "Aktiviteter" bullet, every focus area's statement and goal headings, under
    their headings."""

    document_year: Series[int] = pa.Field(ge=1990, le=2100)
    heading_path: Series[str] = pa.Field(str_length={"min_value": 1})
    list_heading: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=ACTIVITY_KINDS)
    item: Series[int] = pa.Field(ge=1)
    text: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.dataframe_check(error="an activity sits in an 'Aktiviteter' list; a focus area's statement and goals "
                              "under the focus area, a goal heading at the end of its own path")
    def _lists(cls, frame: pd.DataFrame) -> pd.Series:
        area = frame["heading_path"].str.split(" > ").str[0]
        last = frame["heading_path"].str.split(" > ").str[-1]
        activity, goal = frame["kind"] == "activity", frame["kind"] == "goal"
        return (activity & (frame["list_heading"] == LIST_HEADING)) \
            | (~activity & (frame["list_heading"] == area) & (~goal | (last == frame["text"])))


#: Stated figures have one shape in every era.
StatedFiguresSchema = StatedFiguresModel
