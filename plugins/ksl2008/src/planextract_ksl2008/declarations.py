"""What a KSL-era plan is made of, declared: its marks, its year, its tables and its lists.

The core reads the document (:mod:`planextract.layout`); this module only says what to look
for. A neighbouring year that renames a header or a title changes a declaration here.
"""

from __future__ import annotations

from planextract.detection import Signal
from planextract.document import Document
from planextract.layout import ColumnDecl, TableDecl
from planextract.text import document_year

SIGNALS = (
    Signal("the federation's name 'Kommunförbundet Stockholms Län'", r"Kommunförbundet\s+Stockholms\s+Län", 0.3),
    Signal("a 'Verksamhetsplan' title", r"Verksamhetsplan\s+(?:för\s+\S+.{0,60}?)?\d{4}", 0.15),
    Signal("'Vad ska uppnås under' lists", r"Vad ska uppnås under \d{4}", 0.2),
    Signal("the resource table 'Sammanställning över resurser per aktivitet'",
           r"Sammanställning över resurser per aktivitet", 0.2),
    Signal("the fee table 'Avgift till KSL'", r"Avgift till KSL", 0.15),
)

YEAR_PATTERNS = (
    r"Verksamhetsplan för Kommunförbundet Stockholms Län (\d{4})",
    r"Vad ska uppnås under (\d{4})",
    r"Verksamhetsplan (\d{4})",
)

RESOURCES_TITLE = r"sammanställning\s+över\s+resurser\s+per\s+aktivitet"
FEES_TITLE = r"avgift\s+till\s+ksl\s+(?P<year>\d{4})"

#: "Sammanställning över resurser per aktivitet": FTE and amounts per activity.
RESOURCES = TableDecl(
    name="resources",
    title=RESOURCES_TITLE,
    label="activity",
    columns=(
        ColumnDecl("fte", r"årsarbetare|års-arbetare|\bfte\b"),
        ColumnDecl("personnel_kr", r"personal"),
        ColumnDecl("consultants_grants_conferences_kr", r"konsult"),
        ColumnDecl("other_costs_kr", r"övriga"),
        ColumnDecl("revenues_kr", r"intäkt"),
        ColumnDecl("net_cost_kr", r"netto"),
    ),
    min_rows=3,
    stops=(FEES_TITLE,),
)

#: "Avgift till KSL <year>": the county total and every municipality.
FEES = TableDecl(
    name="fees",
    title=FEES_TITLE,
    label="municipality",
    columns=(
        ColumnDecl("population", r"invånare|folkmängd|befolkning"),
        ColumnDecl("tax_rate", r"utbetering|utdebitering|\butbe\b|skattesats"),
        ColumnDecl("tax_base_kr", r"\btx\b|skatteunderlag"),
        ColumnDecl("own_tax_income_kr", r"egna\s*skatte"),
        ColumnDecl("total_grants_kr", r"bidrag"),
        ColumnDecl("taxes_and_grants_kr", r"\bsumma\b"),
        ColumnDecl("fee_kr", r"avgift"),
    ),
    min_rows=3,
    stops=(RESOURCES_TITLE,),
)

#: List headings: "Övergripande mål" and "Inriktningsmål" head goals, "Vad ska uppnås under
#: <year>" the activities.
GOAL_LIST = r"^(?:övergripande\s+mål|inriktningsmål)$"
ACTIVITY_LIST = r"^vad\s+ska\s+uppnås\s+under\s+\d{4}$"
#: Municipalities the fee table lists in the KSL era (the federation's members).
MEMBERS = 26
#: Parts of the plan whose activities the resource table groups under another name than
#: "Verksamheter under <part>": part → that group.
GROUP_OF_PART = {"Övrig verksamhet": "Externfinansierade enheter"}


def plan_year(document: Document) -> int | None:
    """The year the plan is for, as the document states it (title first, then its lists)."""
    return document_year(document, YEAR_PATTERNS)
