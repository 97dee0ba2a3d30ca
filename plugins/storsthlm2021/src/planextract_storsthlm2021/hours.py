"""The planned hours: a chart legend ("■ Social välfärd 13 542") under financing sub-headings.

Not drawn as a table (PITFALLS 9): after the "Antal planerade timmar …" heading come bold
sub-headings (the financing group) and label–number lines, whose legend square may be a
glyph or only a drawing. The legend ends at the first line that is neither.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

from planextract.document import Line, Word
from planextract.errors import TableNotFound
from planextract.numbers import is_number, parse_int
from planextract.tables import cells
from planextract.text import strip_bullet

from .layout import Layout, Placed

_HEADING = re.compile(r"planerade\s+timmar", re.IGNORECASE)


def read_hours(layout: Layout, year: int, used: Collection[Word]) -> tuple[pd.DataFrame, frozenset[Word]]:
    """The hours table and the words it was read from (under the first heading that has one)."""
    reading = [p for p in layout.reading if not any(w in used for w in p.line.words)]
    starts = [i for i, p in enumerate(reading) if _HEADING.search(p.text) and p.bold]
    for start in starts:
        records, words = _legend(reading, start, year)
        if records:
            return pd.DataFrame.from_records(records), words
    if starts:
        raise TableNotFound(f"storsthlm2021: no planned hours under the heading on page {reading[starts[0]].page}")
    raise TableNotFound("storsthlm2021: no planned hours: no heading 'Antal planerade timmar …' found")


def _legend(reading: list[Placed], start: int, year: int) -> tuple[list[dict], frozenset[Word]]:
    heading = reading[start]
    records, words = [], set(heading.line.words)
    financing = None
    for placed in reading[start + 1:]:
        label, number = split_trailing_number(placed.line)
        if number is None and _subheading(placed, heading):
            financing = placed.text
        elif number is not None and financing is not None and label and _entry(placed, heading):
            records.append({"document_year": year, "financing": financing, "area": label,
                            "hours": parse_int(number), "page": placed.page, "top": placed.top})
        else:
            break
        words.update(placed.line.words)
    return records, frozenset(words)


def _subheading(placed: Placed, heading: Placed) -> bool:
    return placed.bold and placed.size <= heading.size and not _HEADING.search(placed.text)


def _entry(placed: Placed, heading: Placed) -> bool:
    return not placed.bold and placed.size < heading.size


def split_trailing_number(line: Line) -> tuple[str, str | None]:
    """("Social välfärd", "13 542") from a legend line; (text, None) when none ends it.

    The number is the last cell when the layout sets it apart; otherwise the longest run of
    trailing words that reads as one number.
    """
    parts = cells(line)
    if len(parts) > 1 and parts[-1].numeric:
        return _label(" ".join(c.text for c in parts[:-1])), parts[-1].text
    words = [w.text for w in line.words]
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        if is_number(tail):
            return _label(" ".join(words[:k])), tail
    return line.text, None


def _label(text: str) -> str:
    return strip_bullet(text.strip())
