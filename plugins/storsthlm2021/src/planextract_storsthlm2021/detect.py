"""What marks a Storsthlm-era plan, and which year it is for."""

from planextract.detection import Signal
from planextract.document import Document
from planextract.text import document_year

SIGNALS = (
    Signal("the name 'Storsthlm'", r"\bStorsthlm", 0.3),
    Signal("a 'Verksamhetsplan och budget' title", r"Verksamhetsplan och budget \d{4}", 0.2),
    Signal("'Fokusområde' sections", r"\bFokusområde\b", 0.15),
    Signal("'Aktiviteter' lists", r"\bAktiviteter\b", 0.15),
    Signal("the 'Serviceavgift' table", r"\bServiceavgift\b(?!er)", 0.2),
)

YEAR_PATTERNS = (r"Verksamhetsplan och budget (\d{4})", r"Budget (\d{4})")


def plan_year(document: Document) -> int | None:
    """The year the plan is for, as its title states it."""
    return document_year(document, YEAR_PATTERNS)
