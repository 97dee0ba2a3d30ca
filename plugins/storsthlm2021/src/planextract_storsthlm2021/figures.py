"""Figures stated in the prose ("46,9 miljoner kronor", "0,39 promille"), with their sentence.

Paragraphs are rebuilt from the reading order (joined across a column or page break when a
sentence runs on), split into sentences, and every amount with a unit is kept. Its subject
comes from the sentence, not from its value, so a changed figure is still compared with the
table it describes: the fee income of the plan year, the previous year's fee income, the
fee rate of the plan year, the project income of the plan year; anything else is "other".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from planextract.layout import Block, stated_figures
from planextract.numbers import Quantity

AMOUNT_UNITS = {"kr", "kronor", "tkr", "mnkr", "miljoner kronor", "mdkr", "miljarder kronor"}
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_PREVIOUS_YEAR = re.compile(r"^\W*(föregående|förra)\s+år", re.IGNORECASE)


def read_figures(blocks: Sequence[Block], year: int) -> pd.DataFrame:
    """Every stated amount or rate of the paragraphs and list items, with its subject."""
    return stated_figures(blocks, year, lambda sentence, printed, at, quantity: subject(
        sentence, at, at + len(printed), quantity, year))


def subject(sentence: str, start: int, end: int, quantity: Quantity, year: int) -> str:
    """What a stated figure is about, from its sentence and the year it refers to."""
    years = _YEAR.findall(sentence[:start])
    refers_to = int(years[-1]) if years else None
    previous = bool(_PREVIOUS_YEAR.match(sentence[end:])) or refers_to == year - 1
    lowered = sentence.casefold()
    if quantity.unit in AMOUNT_UNITS:
        if "serviceavgift" in lowered:
            if previous:
                return "fee_income_prev"
            if refers_to == year:
                return "fee_income"
        if "projekt" in lowered and refers_to == year:
            return "project_income"
    if quantity.unit == "promille" and "avgift" in lowered and refers_to == year and "högst" not in lowered:
        return "fee_rate"
    return "other"
