"""A table of contents, read as evidence of the plan's structure (never required).

Contents pages differ by producer: dot leaders or none, the page number right-aligned after
a gap, an entry wrapped over two lines with the number on the last, levels by indentation or
by weight. An entry is a line ending in a page number set apart from its text; a run of at
least :data:`MIN_ENTRIES` such lines (with their wrapped first lines) is a contents. Levels
come from indentation (and weight, where all entries start at one x).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..text import join_wrapped
from .blocks import split_number
from .columns import Placed

MIN_ENTRIES = 4
#: Wrapped entry lines and entries are at most this many ems apart.
ENTRY_GAP_EM = 1.6
_ENTRY = re.compile(r"^(?P<text>.*?\S)\s*(?:[.\u2026·_]\s*){3,}\s*(?P<page>\d{1,4})$|^(?P<text2>.*\S)\s+(?P<page2>\d{1,4})$")
_SIMILARITY = 0.9


@dataclass(frozen=True)
class TocEntry:
    text: str
    page_label: str
    level: int  # 1 = outermost
    bold: bool
    lines: tuple[Placed, ...]


def read_toc(lines: Sequence[Placed]) -> list[TocEntry]:
    """The first run of contents entries among ``lines`` (reading order), or ``[]``."""
    run: list[tuple[list[Placed], str, str]] = []
    pending: list[Placed] = []  # a wrapped entry's first lines, waiting for its number
    for placed in lines:
        entry = _entry(placed)
        last = pending[-1] if pending else (run[-1][0][-1] if run else None)
        if entry is not None:
            if last is not None and not _near(last, placed):
                if len(run) >= MIN_ENTRIES:
                    break
                run, pending = [], []
            text, page = entry
            pending = [p for p in pending if abs(p.size - placed.size) <= 0.08 * placed.size]
            run.append(([*pending, placed], split_number(join_wrapped([p.text for p in pending] + [text]))[1], page))
            pending = []
        elif len(pending) < 2 and len(placed.text) < 80 and (last is None or _near(last, placed)):
            pending.append(placed)
        else:
            if len(run) >= MIN_ENTRIES:
                break
            run, pending = [], ([placed] if len(placed.text) < 80 else [])
    return _levels(run) if len(run) >= MIN_ENTRIES else []


def _entry(placed: Placed) -> tuple[str, str] | None:
    """(text, page number) of a contents line: dot leaders, or a gap of two ems before the number."""
    text = placed.text
    match = _ENTRY.match(text)
    if match is None:
        return None
    if match["text"] is not None:
        return match["text"].strip(" ."), match["page"]
    last = placed.words[-1]
    before = [w for w in placed.words if w.x1 <= last.x0]
    if not before or last.x0 - before[-1].x1 < 2 * last.size or not any(ch.isalpha() for ch in match["text2"]):
        return None
    return match["text2"].strip(), match["page2"]


def _near(previous: Placed, placed: Placed) -> bool:
    """The next entry: just below, or the contents going on at the next page or column."""
    if placed.page == previous.page + 1 or (placed.page == previous.page and placed.left != previous.left):
        return True
    return placed.page == previous.page and 0 <= placed.top - previous.bottom <= ENTRY_GAP_EM * placed.size


def _levels(raw: list[tuple[list[Placed], str, str]]) -> list[TocEntry]:
    indents = sorted({round(lines[0].indent / 3) for lines, _, _ in raw})
    entries = []
    for lines, text, page in raw:
        bold = all(w.bold for w in lines[0].words if any(ch.isalpha() for ch in w.text))
        level = indents.index(round(lines[0].indent / 3)) + 1
        entries.append(TocEntry(text, page, level, bold, tuple(lines)))
    if len(indents) == 1 and any(e.bold for e in entries) and not all(e.bold for e in entries):
        entries = [TocEntry(e.text, e.page_label, 1 if e.bold else 2, e.bold, e.lines) for e in entries]
    return entries


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'”“’«»]", "", text)
    text = re.sub(r"\s*[-–—]\s*", "-", text)
    return " ".join(text.split()).strip(" .:")


def same_heading(heading: str, entry: str) -> bool:
    """Whether a body heading is a contents entry: equal, a typo apart, or one containing the other."""
    a, b = normalise(heading), normalise(entry)
    if not a or not b:
        return False
    if a == b or SequenceMatcher(None, a, b).ratio() >= _SIMILARITY:
        return True
    shorter, longer = sorted((a, b), key=len)
    return f" {shorter} " in f" {longer} " and len(shorter) >= 4
