"""Figures the prose states ("30,9 miljoner kronor", "49,8 mnkr", "0,43 promille").

Every amount or rate with a unit in a paragraph or bullet is kept, with its sentence. What it
describes (its ``subject``) is read from the words around it: each rule is a pattern over
the sentence with the figure replaced by '§'. The rules follow the wording of the KSL plans'
"Finansiering" chapter; a figure no rule describes is ``other`` and is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from planextract.layout import Block, stated_figures
from planextract.numbers import Quantity

MARK = "§"
_AMOUNT_UNITS = frozenset({"kr", "kronor", "tkr", "mnkr", "miljoner kronor", "mdkr", "miljarder kronor"})


@dataclass(frozen=True)
class SubjectRule:
    subject: str
    units: frozenset[str]
    pattern: str


RATE = frozenset({"promille"})
SUBJECT_RULES: tuple[SubjectRule, ...] = (
    # "… till 0,43 promille av kommunernas samlade skatter …": the last rate of a sentence on fees
    SubjectRule("fee_rate", RATE, rf"serviceavgift.*{MARK}(?!.*promille)"),
    SubjectRule("fee_income", _AMOUNT_UNITS, rf"intäkter\w*\b[^{MARK}]*\bserviceavgift\w*[^{MARK}]*{MARK}"),
    SubjectRule("net_interest", _AMOUNT_UNITS, rf"räntenetto\w*\s+(?:på\s+)?{MARK}"),
    SubjectRule("adult_education_income", _AMOUNT_UNITS, rf"vuxenutbildning\w*\s+om\s+{MARK}"),
    SubjectRule("other_income", _AMOUNT_UNITS, rf"^utöver\s+externfinansierade\b.*\bintäkter\w*\s+till\s+{MARK}"),
    SubjectRule("total_income", _AMOUNT_UNITS, rf"\bintäkter\b[^{MARK}]*\btotalt\s+till\s+{MARK}"),
    SubjectRule("total_costs", _AMOUNT_UNITS, rf"\bkostnader\b[^{MARK}]*\bberäknas\s+till\s+{MARK}"),
    SubjectRule("board_and_committees_costs", _AMOUNT_UNITS, rf"{MARK}\s+på\s+de\s+olika\s+uppdragen"),
    SubjectRule("management_costs", _AMOUNT_UNITS, rf"{MARK}\s+på\s+ledningen"),
    SubjectRule("other_organisations_costs", _AMOUNT_UNITS, rf"andra\s+organisationer\s+på\s+totalt\s+{MARK}"),
    SubjectRule("seu_grant", _AMOUNT_UNITS, rf"bidraget\s+till\s+SEU\s+uppgår\s+till\s+{MARK}"),
    SubjectRule("external_costs", _AMOUNT_UNITS, rf"externfinansierade\s+delarna\s+kostar\s+totalt\s+{MARK}"),
)


def read_figures(blocks: Sequence[Block], year: int) -> pd.DataFrame:
    """Every stated amount or rate in the running text, in document order."""
    return stated_figures(blocks, year, subject_of)


def subject_of(sentence: str, text: str, at: int, quantity: Quantity) -> str:
    """What the figure ``text`` printed at offset ``at`` of ``sentence`` describes."""
    marked = sentence[:at] + MARK + sentence[at + len(text):]
    for rule in SUBJECT_RULES:
        if quantity.unit in rule.units and re.search(rule.pattern, marked, re.IGNORECASE | re.DOTALL):
            return rule.subject
    return "other"
