"""The four tables of a KSL-era plan as pandera models: the single source of truth for columns."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from planextract.schema import ProvenanceModel, StatedFiguresModel

_YEAR = {"ge": 1990, "le": 2100}


class ResourcesSchema(ProvenanceModel):
    """"Sammanställning över resurser per aktivitet": one row per table row, both pages."""

    document_year: Series[int] = pa.Field(**_YEAR)
    group: Series[str]
    activity: Series[str] = pa.Field(str_length={"min_value": 1})
    row_kind: Series[str] = pa.Field(isin=["line", "subtotal", "total"])
    fte: Series[float] = pa.Field(nullable=True, ge=0)
    personnel_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    consultants_grants_conferences_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    other_costs_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    revenues_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    net_cost_kr: Series[pd.Int64Dtype] = pa.Field(nullable=True)


class FeesSchema(ProvenanceModel):
    """"Avgift till KSL <year>": the county total row and one row per municipality."""

    document_year: Series[int] = pa.Field(**_YEAR)
    municipality: Series[str] = pa.Field(str_length={"min_value": 1})
    row_kind: Series[str] = pa.Field(isin=["total", "municipality"])
    population: Series[int] = pa.Field(ge=0)
    population_date: Series[str] = pa.Field(str_matches=r"^\d{4}-\d{2}-\d{2}$")
    tax_rate: Series[float] = pa.Field(gt=0, lt=1)
    tax_base_kr: Series[int]
    own_tax_income_kr: Series[int]
    total_grants_kr: Series[int]
    taxes_and_grants_kr: Series[int]
    fee_kr: Series[int]
    base_year: Series[int] = pa.Field(**_YEAR)
    fee_year: Series[int] = pa.Field(**_YEAR)
    fee_rate_promille: Series[float] = pa.Field(gt=0)


class ActivitiesSchema(ProvenanceModel):
    """Every goal ("Övergripande mål", "Inriktningsmål") and every "Vad ska uppnås" bullet."""

    document_year: Series[int] = pa.Field(**_YEAR)
    heading_path: Series[str] = pa.Field(str_length={"min_value": 1})
    list_heading: Series[str]
    kind: Series[str] = pa.Field(isin=["goal", "activity"])
    item: Series[int] = pa.Field(ge=1)
    text: Series[str] = pa.Field(str_length={"min_value": 1})


#: Stated figures have one shape in every era.
StatedFiguresSchema = StatedFiguresModel
