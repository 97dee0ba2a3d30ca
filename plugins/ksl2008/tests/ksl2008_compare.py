"""Turning extracted frames into plain values to compare with the oracle."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

RESOURCE_FIELDS = ["group", "activity", "row_kind", "fte", "personnel_kr", "consultants_grants_conferences_kr",
                   "other_costs_kr", "revenues_kr", "net_cost_kr"]
FEE_FIELDS = ["municipality", "row_kind", "population", "tax_rate", "tax_base_kr", "own_tax_income_kr", "total_grants_kr",
              "taxes_and_grants_kr", "fee_kr"]
ACTIVITY_FIELDS = ["heading_path", "list_heading", "kind", "item", "text"]


def exact(value):
    """A cell as an exact value: Decimal for numbers, None for missing, else as is."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float):
        return Decimal(repr(float(value)))
    if isinstance(value, (int,)) or hasattr(value, "__index__"):
        return Decimal(int(value))
    return value


def records(frame: pd.DataFrame, fields: list[str]) -> list[dict]:
    return [{f: exact(row[f]) for f in fields} for row in frame.to_dict("records")]


def normalised(rows: list[dict]) -> list[dict]:
    """Numbers normalised so 3.00 == 3.0 == 3."""
    return [{k: v.normalize() if isinstance(v, Decimal) else v for k, v in row.items()} for row in rows]
