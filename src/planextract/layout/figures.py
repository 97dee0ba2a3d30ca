"""Figures stated in running text ("30,9 miljoner kronor", "0,43 promille"), with their sentence.

Every amount or rate with a unit in a paragraph or list item is kept; what it describes (its
``subject``) is the plugin's call, made from the sentence around it — never from its value,
so a changed figure is still compared with the table it describes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from ..numbers import Quantity, find_quantities
from ..schema import stated_figure_row
from ..text import sentences
from .blocks import Block
from .columns import Placed

COLUMNS = ["document_year", "subject", "text", "value", "unit", "decimals", "approximate", "value_base",
           "sentence", "page", "top"]

#: (sentence, printed figure, its offset in the sentence, the parsed quantity) -> subject.
Subject = Callable[[str, str, int, Quantity], str]


def stated_figures(blocks: Iterable[Block], year: int, subject: Subject) -> pd.DataFrame:
    """Every stated figure of the paragraphs and list items, in document order."""
    records = []
    for block in blocks:
        if block.kind == "heading":
            continue
        for sentence in sentences(block.text):
            start = 0
            for printed, quantity in find_quantities(sentence):
                at = sentence.find(printed, start)
                start = at + len(printed)
                line = _line_with(block.lines, printed)
                records.append(stated_figure_row(year, subject(sentence, printed, at, quantity), printed,
                                                 quantity, sentence, line.page, line.top))
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def _line_with(lines: Sequence[Placed], printed: str) -> Placed:
    """The line the figure's number is printed on (its first digit group)."""
    number = printed.split()[0] if printed.split() else printed
    return next((p for p in lines if number in p.text), lines[0])
