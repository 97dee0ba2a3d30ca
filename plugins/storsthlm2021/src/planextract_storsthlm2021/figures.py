"""Figures stated in the prose ("46,9 miljoner kronor", "0,39 promille"), with their sentence.

Paragraphs are rebuilt from the reading order (joined across a column or page break when a
sentence runs on), split into sentences, and every amount with a unit is kept. Its subject
comes from the sentence, not from its value, so a changed figure is still compared with the
table it describes: the fee income of the plan year, the previous year's fee income, the
fee rate of the plan year, the project income of the plan year; anything else is "other".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

import pandas as pd

from planextract.document import Line, Word
from planextract.numbers import Quantity, find_quantities
from planextract.schema import stated_figure_row
from planextract.text import join_wrapped, sentences

from .activities import Block, blocks_of
from .layout import Layout, Placed

AMOUNT_UNITS = {"kr", "kronor", "tkr", "mnkr", "miljoner kronor", "mdkr", "miljarder kronor"}
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_PREVIOUS_YEAR = re.compile(r"^\W*(föregående|förra)\s+år", re.IGNORECASE)
COLUMNS = ["document_year", "subject", "text", "value", "unit", "decimals", "approximate",
           "value_base", "sentence", "page", "top"]


def read_figures(layout: Layout, year: int, used: Collection[Word] = frozenset()) -> pd.DataFrame:
    lines = [p for p in layout.reading if not any(w in used for w in p.line.words)]
    records = []
    for paragraph in paragraphs(blocks_of(lines, layout.body_size)):
        text = join_wrapped([p.text for p in paragraph], layout.vocabulary)
        for sentence in sentences(text):
            start = 0
            for printed, quantity in find_quantities(sentence):
                at = sentence.find(printed, start)
                start = at + len(printed)
                line = _line_with(paragraph, printed)
                records.append(stated_figure_row(
                    year, subject(sentence, at, start, quantity, year), printed, quantity, sentence,
                    line.page, line.top))
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def paragraphs(blocks: Iterator[Block]) -> Iterator[list[Placed]]:
    """Runs of body text lines (a sentence running on into the next column joins them); bullets."""
    current: list[Placed] = []
    for block in blocks:
        if block.kind == "text" and (not current or _continues(current[-1], block.lines[0])):
            current.extend(block.lines)
            continue
        if current:
            yield current
        current = list(block.lines) if block.kind == "text" else []
        if block.kind == "bullet":
            first = block.lines[0]
            yield [Placed(_without_bullet(first), first.column, first.left), *block.lines[1:]]
    if current:
        yield current


def _without_bullet(placed: Placed) -> Line:
    return Line(placed.line.words[1:]) if len(placed.line.words) > 1 else placed.line


def _continues(previous: Placed, line: Placed) -> bool:
    """Same paragraph: the next line below in the same column, or a run-on sentence."""
    if previous.page == line.page and previous.column == line.column:
        if 0 <= line.top - previous.bottom < 0.8 * line.size and abs(previous.size - line.size) < 0.5:
            return True
    return not previous.text.rstrip().endswith((".", "!", "?", ":")) and line.text[:1].islower()



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


def _line_with(paragraph: Sequence[Placed], printed: str) -> Placed:
    number = printed.split()[0] if printed.split() else printed
    return next((p for p in paragraph if number in p.text), paragraph[0])
