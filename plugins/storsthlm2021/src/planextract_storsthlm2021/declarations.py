"""What a Storsthlm-era plan is made of, declared: its marks, its year, its tables and lists.

The core reads the document (:mod:`planextract.layout`); this module only says what to look
for. The budget's columns are named by year, so its declaration is made for the plan's year.
"""

from __future__ import annotations

from planextract.detection import Signal
from planextract.document import Document
from planextract.layout import ColumnDecl, TableDecl
from planextract.text import document_year

SIGNALS = (
    Signal("the name 'Storsthlm'", r"\bStorsthlm", 0.3),
    Signal("a 'Verksamhetsplan och budget' title", r"Verksamhetsplan och budget \d{4}", 0.2),
    Signal("'Fokusområde' sections", r"\bFokusområde\b", 0.15),
    Signal("'Aktiviteter' lists", r"\bAktiviteter\b", 0.15),
    Signal("the 'Serviceavgift' table", r"\bServiceavgift\b(?!er)", 0.2),
)

YEAR_PATTERNS = (r"Verksamhetsplan och budget (\d{4})", r"Budget (\d{4})")

#: The budget's year columns: this year, the year before, the one before that.
YEAR_COLUMNS = ("budget_tkr", "budget_prev_tkr", "budget_prev2_tkr")
FEES_TITLE = r"^serviceavgift\b"
HOURS_TITLE = r"planerade\s+timmar"
#: The list heading every activity sits under.
LIST_HEADING = "Aktiviteter"
#: The small label set above a focus area's title.
KICKER = r"^fokusområde$"
#: Municipalities the fee table lists (the federation's members).
MEMBERS = 26


def budget_table(year: int) -> TableDecl:
    """"Budget <year>" in tkr: FTE and the budgets of the plan year and the two before."""
    return TableDecl(
        name="budget",
        title=rf"^budget\s+{year}$",
        label="item",
        columns=(
            ColumnDecl("fte", r"årsarbetare|års-arbetare|heltid|\bfte\b"),
            *(ColumnDecl(name, rf"budget\s*{year - k}") for k, name in enumerate(YEAR_COLUMNS)),
        ),
        min_rows=3,
        stops=(FEES_TITLE, HOURS_TITLE),
    )


#: "Serviceavgift": each member's population, taxes and grants, and fee, with the total.
FEES = TableDecl(
    name="fees",
    title=FEES_TITLE,
    label="municipality",
    columns=(
        ColumnDecl("population", r"invånare|befolkning|folkmängd"),
        ColumnDecl("taxes_and_grants_kr", r"skatt|bidrag"),
        ColumnDecl("fee_kr", r"avgift"),
    ),
    min_rows=3,
    stops=(HOURS_TITLE,),
)

#: "Antal planerade timmar …": a chart's legend, label and hours, under financing headings.
HOURS = TableDecl(
    name="hours",
    title=HOURS_TITLE,
    label="area",
    columns=(ColumnDecl("hours", r"timmar"),),
    headerless=True,
    min_rows=2,
    stops=(FEES_TITLE,),
)


def plan_year(document: Document) -> int | None:
    """The year the plan is for, as its title states it."""
    return document_year(document, YEAR_PATTERNS)
