"""The Storsthlm 2021-format extractor: declarations in, frames out; the core does the reading.

Document → body (furniture, columns, reading order) → the declared tables (budget, fees,
planned hours) → the text blocks (the tables' words set aside) → activities and the figures
stated in the prose. A table that cannot be read is reported missing with the reason; the
rest still comes out.
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

from .activities import read_activities
from .declarations import FEES, HOURS, SIGNALS, budget_table, plan_year
from .figures import read_figures
from .reconcile import check_all
from .schemas import ActivitiesSchema, BudgetSchema, FeesSchema, HoursSchema, StatedFiguresSchema
from .tables import budget_frame, fees_frame, hours_frame, is_hours_row


class Storsthlm2021Extractor:
    name = "storsthlm2021"
    version = _version("planextract-storsthlm2021")
    tables = (
        TableSpec("budget", BudgetSchema, "Budget <year> in tkr: units, lines, results, sums, total; FTE"),
        TableSpec("fees", FeesSchema, "Serviceavgift: fee per municipality and the stated total",
                  terms=("population_date", "base_year", "fee_year", "fee_rate_promille")),
        TableSpec("hours", HoursSchema, "Planned hours per focus area and financing group"),
        TableSpec("activities", ActivitiesSchema, "Activity bullets and goal statements under their headings"),
        TableSpec("stated_figures", StatedFiguresSchema, "Figures stated in the prose, with their sentence"),
    )
    #: What marks the era (``planextract detect --explain`` lists each one, found or missing).
    signals = SIGNALS
    fees_table: TableDecl = FEES
    hours_table: TableDecl = HOURS

    def detect(self, document: Document) -> Detection | None:
        return score(document, self.signals, year=plan_year(document))

    def extract(self, document: Document) -> Extraction:
        year = plan_year(document)
        if year is None:
            raise TableNotFound("storsthlm2021: no plan year: no 'Verksamhetsplan och budget <year>' title")
        body = read_body(document)
        extraction = Extraction({})
        used: set[Word] = set()
        readings = {decl.name: _read(extraction, body, decl, used)
                    for decl in (budget_table(year), self.fees_table, self.hours_table)}
        tables = frozenset(used)
        toc = read_toc(list(body.lines(used)))
        contents = {w for entry in toc for line in entry.lines for w in line.words}
        blocks = read_blocks(body, used | contents)
        figures = read_figures(blocks, year)
        frames: dict[str, Callable[[TableReading], pd.DataFrame]] = {
            "budget": lambda r: budget_frame(r, year),
            "fees": lambda r: fees_frame(r, year, _stated_rate(figures)),
            "hours": lambda r: hours_frame(r, year),
        }
        for name, reading in readings.items():
            if reading is not None:
                _frame(extraction, name, lambda r=reading, f=frames[name]: f(r))
        try:
            extraction.tables["activities"], evidence = read_activities(body, blocks, year, toc)
            extraction.evidence |= evidence
        except TableNotFound as error:
            extraction.missing["activities"] = error.message
        extraction.tables["stated_figures"] = figures
        extraction.evidence["stated_figures"] = FigureEvidence.of(blocks)
        extraction.evidence["reading"] = ReadingEvidence.of(blocks, "activities")
        extraction.coverage = coverage(body, tables, blocks, contents)
        return extraction

    def check(self, tables: Mapping[str, pd.DataFrame]):
        return check_all(tables)

    def canonical(self, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The cross-era tables (fees, budget_lines, activities), see :mod:`.canonical`."""
        from .canonical import canonical_tables

        return canonical_tables(dict(tables))

    def regions(self, document: Document) -> list:
        """The boxes of the words each table was read from (``planextract debug``)."""
        from planextract.debug import bounding_regions

        body = read_body(document)
        year = plan_year(document) or 0
        found = []
        for decl in (budget_table(year), self.fees_table, self.hours_table):
            try:
                found += bounding_regions(read_table(body, decl).words, decl.name)
            except TableNotFound:
                continue
        return found


#: How each table's page shows its rows (for the completeness checks): the hours legend's
#: group names are no rows; the budget prints notes in its amount columns.
EVIDENCE: dict[str, dict] = {"hours": {"is_row": is_hours_row}, "budget": {"note_column": "note"}}


def _read(extraction: Extraction, body: Body, decl: TableDecl, used: set[Word]) -> TableReading | None:
    """Read one declared table, or record in ``extraction`` why it could not be read."""
    try:
        reading = read_table(body, decl, frozenset(used))
    except TableNotFound as error:
        extraction.missing[decl.name] = error.message
        return None
    extraction.readings[decl.name] = f"pages {', '.join(map(str, reading.pages))}: {reading.how}"
    extraction.evidence[decl.name] = TableEvidence.of(reading, decl.label, body, **EVIDENCE.get(decl.name, {}))
    used |= reading.words
    return reading


def _frame(extraction: Extraction, name: str, build: Callable[[], pd.DataFrame]) -> None:
    try:
        extraction.tables[name] = build()
    except TableNotFound as error:
        extraction.missing[name] = error.message


def _stated_rate(figures: pd.DataFrame) -> float | None:
    """The fee rate stated in the prose, for a fee table whose header does not state it."""
    rates = figures[figures["subject"] == "fee_rate"]
    return float(rates["value"].iloc[0]) if len(rates) else None
