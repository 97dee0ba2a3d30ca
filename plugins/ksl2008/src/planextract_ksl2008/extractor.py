"""The KSL 2008-format extractor: declarations in, frames out; the core does the reading.

Document → body (furniture, reading order) → the two declared tables → contents and text
blocks (the tables' words set aside) → activities and stated figures. A table that cannot be
read is reported missing with the reason; the rest still comes out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib.metadata import version as _version

import pandas as pd

from planextract.completeness import FigureEvidence, ReadingEvidence, TableEvidence, coverage
from planextract.detection import score
from planextract.document import Document, Word
from planextract.errors import TableNotFound
from planextract.extractor import Detection, Extraction, TableSpec
from planextract.layout import Body, TableDecl, TableReading, read_blocks, read_body, read_table, read_toc

from .activities import heading_roles, list_evidence, read_activities
from .declarations import FEES, RESOURCES, SIGNALS, plan_year
from .figures import read_figures
from .reconcile import check_all
from .schemas import ActivitiesSchema, FeesSchema, ResourcesSchema, StatedFiguresSchema
from .tables import fees_frame, resources_frame


class Ksl2008Extractor:
    name = "ksl2008"
    version = _version("planextract-ksl2008")
    tables = (
        TableSpec("resources", ResourcesSchema,
                  "Sammanställning över resurser per aktivitet: FTE and amounts per activity, group subtotals "
                  "and the KSL total, both pages stitched"),
        TableSpec("fees", FeesSchema,
                  "Avgift till KSL: population, tax rate, tax base, taxes and grants and the fee per "
                  "municipality, with the county total",
                  terms=("population_date", "base_year", "fee_year", "fee_rate_promille")),
        TableSpec("activities", ActivitiesSchema,
                  "Goals (Övergripande mål, Inriktningsmål) and activities (Vad ska uppnås …) with their "
                  "heading path"),
        TableSpec("stated_figures", StatedFiguresSchema,
                  "Amounts and rates stated in the running text, with their sentence"),
    )
    #: What marks the era (``planextract detect --explain`` lists each one, found or missing).
    signals = SIGNALS
    #: The tables as declared; a neighbouring year that renames a header or title subclasses
    #: the extractor and replaces a declaration (see docs/plugins.md).
    resources_table: TableDecl = RESOURCES
    fees_table: TableDecl = FEES

    def detect(self, document: Document) -> Detection | None:
        return score(document, self.signals, year=plan_year(document))

    def extract(self, document: Document) -> Extraction:
        year = plan_year(document)
        if year is None:
            raise TableNotFound("ksl2008: the plan's year is stated nowhere (looked for 'Verksamhetsplan … <year>' "
                                "and 'Vad ska uppnås under <year>')")
        body = read_body(document)
        extraction = Extraction({})
        used: set[Word] = set()
        for decl, frame_of in ((self.resources_table, resources_frame), (self.fees_table, fees_frame)):
            _read(extraction, body, decl, lambda reading, f=frame_of: f(reading, year), used)
        tables = frozenset(used)
        toc = read_toc(list(body.lines(used)))
        contents = {w for entry in toc for line in entry.lines for w in line.words}
        blocks = read_blocks(body, used | contents)
        roles = heading_roles(blocks, toc)
        extraction.tables["activities"] = read_activities(blocks, roles, year)
        extraction.evidence["activities"] = list_evidence(body, blocks, roles)
        extraction.tables["stated_figures"] = read_figures(blocks, year)
        extraction.evidence["stated_figures"] = FigureEvidence.of(blocks)
        extraction.evidence["reading"] = ReadingEvidence.of(blocks, "activities")
        extraction.coverage = coverage(body, tables, blocks, contents)
        return extraction

    def check(self, tables: Mapping[str, pd.DataFrame]):
        return check_all(tables)

    def canonical(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        from .canonical import canonical_tables

        return canonical_tables(dict(tables))

    def regions(self, document: Document) -> list:
        """The boxes of the words each table was read from (``planextract debug``)."""
        from planextract.debug import bounding_regions

        body = read_body(document)
        found = []
        for decl in (self.resources_table, self.fees_table):
            try:
                found += bounding_regions(read_table(body, decl).words, decl.name)
            except TableNotFound:
                continue
        return found


def _read(extraction: Extraction, body: Body, decl: TableDecl,
          frame_of: Callable[[TableReading], pd.DataFrame], used: set[Word]) -> None:
    """Read one declared table into ``extraction``, or record why it could not be read."""
    try:
        reading = read_table(body, decl, frozenset(used))
        extraction.tables[decl.name] = frame_of(reading)
    except TableNotFound as error:
        extraction.missing[decl.name] = error.message
        return
    extraction.readings[decl.name] = f"pages {', '.join(map(str, reading.pages))}: {reading.how}"
    extraction.evidence[decl.name] = TableEvidence.of(reading, decl.label, body)
    used |= reading.words
