"""What marks a KSL-era plan, and which year it is for."""

from planextract.detection import Signal
from planextract.document import Document
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


def plan_year(document: Document) -> int | None:
    """The year the plan is for, as the document states it (title first, then its lists)."""
    return document_year(document, YEAR_PATTERNS)
