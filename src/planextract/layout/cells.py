"""Cells and numbers in a line of words, and the columns numbers line up in.

A number in these plans is printed in digit groups ("5 445 555", "−5 945 555", "0,1861"),
so one number may be several words, and in a condensed table the gap between two numbers may
be barely wider than the gap inside one. Numbers are therefore read from their digits: digit
groups join while the next word is a three-digit group set close by, and a number ends where
the table's columns say one ends (:func:`split_at_edges`). Columns are where numbers line up:
right edges for right-aligned columns (the usual case), left edges or centres otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from ..document import Word, all_bold, words_text
from ..numbers import MINUS_SIGNS, is_number

#: Words closer than this many ems belong to one cell; table columns sit further apart.
CELL_GAP_EM = 0.8
#: Digit groups of one number are at most this many ems apart.
GROUP_GAP_EM = 0.6
#: Numbers line up in a column within this many ems.
ALIGN_EM = 0.35

_LEAD = re.compile(rf"^[{MINUS_SIGNS}]?\d{{1,3}}$|^[{MINUS_SIGNS}]?\d+(?:,\d+)?$")
_GROUP = re.compile(r"^\d{3}(?:,\d+)?$")
_SIGN = re.compile(rf"^[{MINUS_SIGNS}]$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Cell:
    """Adjacent words of one row that belong together: a label, a number, a unit, a note."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return words_text(self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bold(self) -> bool:
        return all_bold(self.words)

    @property
    def numeric(self) -> bool:
        return is_number(self.number_text)

    @property
    def number_text(self) -> str:
        """The text with digit groups joined by one space, as :mod:`planextract.numbers` reads it."""
        return " ".join(w.text for w in self.words)

    @property
    def year(self) -> bool:
        """A bare year (a header's "2021", "2 007"), not an amount."""
        return bool(_YEAR.match(self.number_text.replace(" ", ""))) and self.numeric


def cells(words: Sequence[Word], gap_em: float = CELL_GAP_EM) -> list[Cell]:
    """Split a line's words into cells at gaps wider than ``gap_em`` of the font size; the
    numbers ending a cell stand apart from its text ("Intäkter 46 958" set close together is
    a label and a number — the table decides whether a label's own "2010" is one)."""
    return [part for cell in gap_cells(words, gap_em) for part in split_trailing_numbers(cell.words)]


def gap_cells(words: Sequence[Word], gap_em: float = CELL_GAP_EM) -> list[Cell]:
    """Runs of words split only where the gap between them exceeds ``gap_em`` of their size."""
    if not words:
        return []
    size = median(w.size for w in words)
    groups: list[list[Word]] = [[words[0]]]
    for previous, word in zip(words, words[1:]):
        if word.x0 - previous.x1 > gap_em * size:
            groups.append([])
        groups[-1].append(word)
    return [Cell(tuple(group)) for group in groups]


def split_trailing_numbers(words: Sequence[Word]) -> list[Cell]:
    """The words as one text cell followed by the numbers that end them (each its own cell).
    Numbers that begin a run of text stand apart too: in a tight table "-3 217" set close to
    a note beside it ("Budgetmodellen har ändrats …") is still an amount."""
    lead: list[Cell] = []
    i = 0
    while i < len(words) and (end := number_end(words, i)) > i and end < len(words) \
            and words[end].text[:1].isalpha():
        lead.append(Cell(tuple(words[i:end])))
        i = end
    if lead:
        return lead + split_trailing_numbers(words[i:])
    for start in range(len(words)):
        if start and _glued(words[start - 1], words[start]):
            continue
        numbers = _numbers_from(words, start)
        if numbers is not None:
            head = [Cell(tuple(words[:start]))] if start else []
            return head + numbers
    return [Cell(tuple(words))]


def _numbers_from(words: Sequence[Word], start: int) -> list[Cell] | None:
    """``words[start:]`` read as consecutive numbers, or ``None`` when they are not all numbers."""
    found: list[Cell] = []
    i = start
    while i < len(words):
        end = number_end(words, i)
        if end == i:
            return None
        found.append(Cell(tuple(words[i:end])))
        i = end
    return found or None


def _glued(previous: Word, word: Word) -> bool:
    """No visible space: the digits are part of a word ("Mål2" split by a font change)."""
    return word.x0 - previous.x1 <= 0.1 * word.size


def number_end(words: Sequence[Word], start: int) -> int:
    """Index after the number starting at ``words[start]`` (``start`` when none starts there).

    A lone minus may stand a little apart; then a lead group of 1–3 digits (or any digits with
    decimals), then three-digit groups set within :data:`GROUP_GAP_EM` of each other.
    """
    i = start
    if _SIGN.match(words[i].text) and i + 1 < len(words) \
            and words[i + 1].x0 - words[i].x1 <= GROUP_GAP_EM * words[i].size:
        i += 1
        if words[i].text[:1] in MINUS_SIGNS:
            return start
    if i >= len(words) or not _LEAD.match(words[i].text):
        return start
    i += 1
    while i < len(words) and "," not in words[i - 1].text and _GROUP.match(words[i].text) \
            and words[i].x0 - words[i - 1].x1 <= GROUP_GAP_EM * words[i].size:
        i += 1
    return i if is_number(" ".join(w.text for w in words[start:i])) else start


def split_at_edges(cell: Cell, edges: Sequence[float], align: str, tolerance: float) -> list[Cell]:
    """A number cell cut where the columns say numbers end: in a condensed table "5 445 555
    500 000" is two numbers when a column edge falls after "555". ``align`` is the columns'
    alignment ("right" or "left"); other alignments are not cut."""
    if len(cell.words) < 2 or align not in ("right", "left"):
        return [cell]
    parts: list[list[Word]] = [[]]
    for k, word in enumerate(cell.words):
        if align == "left" and parts[-1] and _near(word.x0, edges, tolerance) and _GROUP.match(word.text) is None:
            parts.append([])
        parts[-1].append(word)
        last = k == len(cell.words) - 1
        if align == "right" and not last and _near(word.x1, edges, tolerance):
            parts.append([])
    if align == "left":  # a group starting a column is a lead group only if it can be one
        parts = _merge_invalid(parts)
    cells_ = [Cell(tuple(p)) for p in parts if p]
    return cells_ if all(c.numeric for c in cells_) else [cell]


def _merge_invalid(parts: list[list[Word]]) -> list[list[Word]]:
    merged: list[list[Word]] = []
    for part in parts:
        if merged and not is_number(" ".join(w.text for w in part)):
            merged[-1].extend(part)
        else:
            merged.append(part)
    return merged


def _near(x: float, edges: Iterable[float], tolerance: float) -> bool:
    return any(abs(x - edge) <= tolerance for edge in edges)


def cluster(values: Iterable[float], tolerance: float) -> list[list[float]]:
    """Sorted values in runs whose neighbours lie within ``tolerance``."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return clusters


def alignment(numbers: Sequence[Cell], tolerance: float) -> tuple[str, list[float]]:
    """How a table's numbers line up ("right", "left" or "centre") and the column positions:
    the alignment whose positions fall into the fewest clusters (ties: right)."""
    best: tuple[int, int, str, list[float]] | None = None
    for rank, (mode, key) in enumerate((("right", "x1"), ("left", "x0"), ("centre", "centre"))):
        groups = cluster((getattr(c, key) for c in numbers), tolerance)
        candidate = (len(groups), rank, mode, [median(g) for g in groups])
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    assert best is not None
    return best[2], best[3]
