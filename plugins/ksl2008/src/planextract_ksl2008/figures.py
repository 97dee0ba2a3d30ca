"""Figures the prose states ("30,9 miljoner kronor", "49,8 mnkr", "0,43 promille").

Every amount or rate with a unit in a paragraph or bullet is kept, with its sentence. What it
describes (its ``subject``) is read from the words around it: each rule is a pattern over
the sentence with the figure replaced by '§'. The rules follow the wording of the KSL plans'
"Finansiering" chapter; a figure no rule describes is ``other`` and is not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from planextract.numbers import Quantity, find_quantities
from planextract.schema import stated_figure_row
from planextract.text import sentences

from .blocks import Block
from .layout import line_text

COLUMNS = ["document_year", "subject", "text", "value", "unit", "decimals", "approximate", "value_base",
           "sentence", "page", "top"]
MARK = "§"
_NUMBER = re.compile(r"\d[\d,]*")
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
    records = []
    for block in blocks:
        if block.kind == "heading":
            continue
        line_index = 0
        for sentence in sentences(block.text):
            seen: Counter[str] = Counter()
            for text, quantity in find_quantities(sentence):
                subject = subject_of(sentence, text, quantity, seen[text])
                seen[text] += 1
                line_index = _line_of(block, text, line_index)
                line = block.lines[line_index]
                records.append(stated_figure_row(year, subject, text, quantity, sentence, line.page, line.top))
    return pd.DataFrame.from_records(records, columns=COLUMNS)



def subject_of(sentence: str, text: str, quantity: Quantity, occurrence: int = 0) -> str:
    """What the figure ``text`` (its ``occurrence``-th appearance) in ``sentence`` describes."""
    start = _nth(sentence, text, occurrence)
    marked = sentence[:start] + MARK + sentence[start + len(text):]
    for rule in SUBJECT_RULES:
        if quantity.unit in rule.units and re.search(rule.pattern, marked, re.IGNORECASE | re.DOTALL):
            return rule.subject
    return "other"


def _nth(text: str, part: str, n: int) -> int:
    start = -1
    for _ in range(n + 1):
        start = text.find(part, start + 1)
    return start


def _line_of(block: Block, text: str, start: int) -> int:
    """The block line the figure's number is printed on (searching on from ``start``)."""
    number = _NUMBER.search(text)[0].split()[0]
    for index in range(start, len(block.lines)):
        if number in line_text(block.lines[index]):
            return index
    return start
