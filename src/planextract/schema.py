"""Schema building blocks shared by every plugin's tables, and lazy validation.

Each plugin declares its tables as pandera ``DataFrameModel`` classes deriving from
:class:`ProvenanceModel`, so every row says where on which page it came from. Validation is
lazy: every failure is collected and reported naming table, column, row and page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .errors import SchemaViolation

#: How many failures a SchemaViolation message spells out before summarising the rest.
SHOWN_FAILURES = 5


class ProvenanceModel(pa.DataFrameModel):
    """Columns every extracted row carries: 1-based page and the row's top edge in points."""

    page: Series[int] = pa.Field(ge=1)
    top: Series[float] = pa.Field(ge=0)

    class Config:
        strict = True
        coerce = True


def validate_table(
    name: str,
    frame: pd.DataFrame,
    schema: type[pa.DataFrameModel],
    path: str | Path | None = None,
    *,
    provenance: bool = True,
) -> pd.DataFrame:
    """Validate ``frame`` against ``schema``; raise :class:`SchemaViolation` listing every failure."""
    try:
        validated = schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        failures = [_describe(name, frame, case) for case in errors.failure_cases.itertuples()]
        shown = "; ".join(failures[:SHOWN_FAILURES])
        more = f" (and {len(failures) - SHOWN_FAILURES} more)" if len(failures) > SHOWN_FAILURES else ""
        raise SchemaViolation(f"schema violation: {shown}{more}", failures, path) from None
    return validated[_ordered(schema, provenance)].reset_index(drop=True)


def _ordered(schema: type[pa.DataFrameModel], provenance: bool = True) -> list[str]:
    """The schema's columns: content first, then where it came from."""
    columns = list(schema.to_schema().columns)
    if provenance:
        trailing = list(ProvenanceModel.to_schema().columns)
        columns = [c for c in columns if c not in trailing] + trailing
    return columns


def empty_frame(schema: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A frame with the schema's columns and no rows: the stand-in for a table not read."""
    columns = schema.to_schema().columns
    return pd.DataFrame({name: pd.Series(dtype=str(columns[name].dtype)) for name in _ordered(schema)})


def _describe(table: str, frame: pd.DataFrame, case) -> str:
    index = case.index
    where = f"table {table}, column {case.column}"
    if index is not None and not pd.isna(index) and index in frame.index:
        page = frame.loc[index, "page"] if "page" in frame.columns else "?"
        where += f", row {index} (page {page})"
    return f"{where}: {case.check} failed for {case.failure_case!r}"


class StatedFiguresModel(ProvenanceModel):
    """Figures the prose states ("30,9 miljoner kronor"), with the sentence stating them.

    Shared by every era: ``subject`` is a stable key of what the figure describes
    ("fee_income", "fee_rate", …; "other" when no table figure applies).
    """

    document_year: Series[int] = pa.Field(ge=1900, le=2200)
    subject: Series[str] = pa.Field(str_length={"min_value": 1})
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series[float]
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    decimals: Series[int] = pa.Field(ge=0)
    approximate: Series[pd.BooleanDtype] = pa.Field(nullable=False)  # a lost flag is no False
    value_base: Series[float]
    sentence: Series[str] = pa.Field(str_length={"min_value": 1})


def stated_figure_row(year: int, subject: str, printed: str, quantity, sentence: str,
                      page: int, top: float) -> dict:
    """One row of a ``stated_figures`` table from a parsed :class:`~.numbers.Quantity`."""
    return {
        "document_year": year,
        "subject": subject,
        "text": printed,
        "value": float(quantity.value),
        "unit": quantity.unit,
        "decimals": quantity.decimals,
        "approximate": quantity.approximate,
        "value_base": float(quantity.base_value),
        "sentence": sentence,
        "page": page,
        "top": top,
    }
