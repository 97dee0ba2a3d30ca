"""Where the Storsthlm 2021 extractor finds its tables, for ``planextract debug`` images.

Each box surrounds exactly the words a table reader took (header, rows, units), per page; a
table that is not found has no box, which is what a debugging author needs to see.
"""

from __future__ import annotations

from planextract.debug import Region, bounding_regions
from planextract.document import Document
from planextract.errors import PlanextractError

from .budget import read_budget_grid
from .detect import plan_year
from .fees import read_fee_grid
from .hours import read_hours
from .layout import build_layout


def table_regions(document: Document) -> list[Region]:
    layout = build_layout(document)
    found: list[Region] = []
    used: frozenset = frozenset()
    for label, read in (("budget", read_budget_grid), ("fees", read_fee_grid)):
        try:
            grid = read(layout)
        except PlanextractError:
            continue
        used |= grid.words
        found += bounding_regions(grid.words, label)
    year = plan_year(document)
    if year is not None:
        try:
            _, words = read_hours(layout, year, used)
        except PlanextractError:
            words = frozenset()
        found += bounding_regions(words, "hours")
    return found
