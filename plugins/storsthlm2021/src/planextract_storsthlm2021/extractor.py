"""The Storsthlm 2021-format extractor: one pass over the document, tables first, then text.

Data flows one way: Document → layout (furniture, columns, reading order) → the two number
tables (budget, fees) → the planned hours → the activity lists → the figures stated in the
remaining prose. Each reader gets the words the previous ones used, so no text is read twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import version as _version

import pandas as pd

from planextract.detection import score
from planextract.document import Document
from planextract.errors import TableNotFound
from planextract.extractor import Detection, TableSpec

from .activities import read_activities
from .budget import budget_frame, read_budget_grid
from .detect import SIGNALS, plan_year
from .fees import fee_columns, fee_frame, read_fee_grid
from .figures import read_figures
from .hours import read_hours
from .layout import build_layout
from .reconcile import check_all
from .schemas import (
    ActivitiesSchema,
    BudgetSchema,
    FeesSchema,
    HoursSchema,
    StatedFiguresSchema,
)


class Storsthlm2021Extractor:
    name = "storsthlm2021"
    version = _version("planextract-storsthlm2021")
    tables = (
        TableSpec("budget", BudgetSchema, "Budget <year> in tkr: units, lines, results, sums, total; FTE"),
        TableSpec("fees", FeesSchema, "Serviceavgift: fee per municipality and the stated total"),
        TableSpec("hours", HoursSchema, "Planned hours per focus area and financing group"),
        TableSpec("activities", ActivitiesSchema, "Activity bullets and goal statements under their headings"),
        TableSpec("stated_figures", StatedFiguresSchema, "Figures stated in the prose, with their sentence"),
    )
    #: What marks the era (``planextract detect --explain`` lists each one, found or missing).
    signals = SIGNALS

    def detect(self, document: Document) -> Detection | None:
        return score(document, self.signals, year=plan_year(document))

    def extract(self, document: Document) -> dict[str, pd.DataFrame]:
        year = plan_year(document)
        if year is None:
            raise TableNotFound("storsthlm2021: no plan year: no 'Verksamhetsplan och budget <year>' title")
        layout = build_layout(document)
        budget_grid = read_budget_grid(layout)
        fee_grid = read_fee_grid(layout)
        used = budget_grid.words | fee_grid.words
        hours, hour_words = read_hours(layout, year, used)
        used |= hour_words
        figures = read_figures(layout, year, used)
        columns = fee_columns(fee_grid)
        rate = columns.rate_promille if columns.rate_promille is not None else _stated_rate(figures, fee_grid)
        return {
            "budget": budget_frame(budget_grid, year, layout.vocabulary),
            "fees": fee_frame(fee_grid, columns, year, rate, layout.vocabulary),
            "hours": hours,
            "activities": read_activities(layout, year, used),
            "stated_figures": figures,
        }

    def check(self, tables: Mapping[str, pd.DataFrame]):
        return check_all(tables)

    def canonical(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The cross-era tables (fees, budget_lines, activities), see :mod:`.canonical`."""
        from .canonical import canonical_tables

        return canonical_tables(dict(tables))

    def regions(self, document: Document) -> list:
        """The boxes of the words each table was read from (``planextract debug``), see :mod:`.regions`."""
        from .regions import table_regions

        return table_regions(document)


def _stated_rate(figures: pd.DataFrame, grid) -> float:
    """The fee rate from the prose, when the fee column's header does not state it."""
    rates = figures[figures["subject"] == "fee_rate"]
    if rates.empty:
        raise TableNotFound(
            f"storsthlm2021: no fee rate: neither the fee column header on page {grid.pages[0]} "
            "nor the text states '<rate> promille' for the plan year"
        )
    return float(rates["value"].iloc[0])
