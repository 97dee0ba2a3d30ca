"""The KSL 2008-format extractor: one pass from the document's lines to four tables.

Document → body lines (furniture dropped) → the two tables (their lines set aside) →
contents and text blocks → activities and stated figures. Nothing is parsed twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import version as _version

import pandas as pd

from planextract.detection import score
from planextract.document import Document
from planextract.errors import TableNotFound
from planextract.extractor import Detection, TableSpec
from planextract.text import vocabulary

from . import fees, resources
from .activities import read_activities
from .blocks import make_blocks
from .detect import SIGNALS, plan_year
from .figures import read_figures
from .headers import FEE_HEADERS, RESOURCE_HEADERS
from .layout import body_lines, body_size
from .outline import heading_roles, read_toc
from .reconcile import check_all
from .schemas import ActivitiesSchema, FeesSchema, ResourcesSchema, StatedFiguresSchema


class Ksl2008Extractor:
    name = "ksl2008"
    version = _version("planextract-ksl2008")
    tables = (
        TableSpec("resources", ResourcesSchema,
                  "Sammanställning över resurser per aktivitet: FTE and amounts per activity, group subtotals "
                  "and the KSL total, both pages stitched"),
        TableSpec("fees", FeesSchema,
                  "Avgift till KSL: population, tax rate, tax base, taxes and grants and the fee per "
                  "municipality, with the county total"),
        TableSpec("activities", ActivitiesSchema,
                  "Goals (Övergripande mål, Inriktningsmål) and activities (Vad ska uppnås …) with their "
                  "heading path"),
        TableSpec("stated_figures", StatedFiguresSchema,
                  "Amounts and rates stated in the running text, with their sentence"),
    )
    #: What marks the era (``planextract detect --explain`` lists each one, found or missing).
    signals = SIGNALS
    #: Column → header pattern of each table; a neighbouring year that renames a header
    #: subclasses the extractor and extends these (see docs/plugins.md).
    resource_headers = RESOURCE_HEADERS
    fee_headers = FEE_HEADERS

    def detect(self, document: Document) -> Detection | None:
        return score(document, self.signals, year=plan_year(document))

    def extract(self, document: Document) -> dict[str, pd.DataFrame]:
        year = plan_year(document)
        if year is None:
            raise TableNotFound("ksl2008: the plan's year is stated nowhere (looked for 'Verksamhetsplan … <year>' "
                                "and 'Vad ska uppnås under <year>')")
        lines = body_lines(document)
        resource_frame, resource_table = resources.read_resources(lines, year, stops=[fees.TITLE],
                                                                  headers=self.resource_headers)
        fee_frame, fee_lines = fees.read_fees(lines, year, stops=[resources.TITLE], headers=self.fee_headers)
        toc = read_toc(lines)
        if not toc:
            raise TableNotFound("activities: no table of contents (entries with dot leaders and page numbers) "
                                "to tell parts from sections")
        used = set(resource_table.consumed) | fee_lines | {entry.index for entry in toc}
        text_lines = [line for index, line in enumerate(lines) if index not in used]
        blocks = make_blocks(text_lines, body_size(text_lines), vocabulary(text_lines))
        headings = [block.text for block in blocks if block.kind == "heading"]
        return {
            "resources": resource_frame,
            "fees": fee_frame,
            "activities": read_activities(blocks, heading_roles(headings, toc), year),
            "stated_figures": read_figures(blocks, year),
        }

    def check(self, tables: Mapping[str, pd.DataFrame]):
        return check_all(tables)

    def canonical(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        from .canonical import canonical_tables

        return canonical_tables(dict(tables))

    def regions(self, document: Document) -> list:
        """The boxes of the lines each table was read from (``planextract debug``), see :mod:`.regions`."""
        from .regions import table_regions

        return table_regions(document, self.resource_headers, self.fee_headers)
