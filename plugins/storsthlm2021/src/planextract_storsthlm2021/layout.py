"""The brochure's page layout: furniture dropped, text columns found, lines in reading order.

Columns are found from the words themselves, never from fixed coordinates: a gutter is an
x position in the middle of the page that no word crosses over a run of lines, with running
text (not numbers) on its right. A page is read in horizontal bands: lines that cross the
gutter (a full-width title, a lead paragraph) are read as they come; between them, the left
column is read before the right one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planextract.document import Document, Line, Word, group_lines
from planextract.text import furniture_lines, is_furniture, vocabulary

#: The gutter is looked for in this middle share of the text block's width.
GUTTER_ZONE = (0.3, 0.7)
#: Step of the gutter search, in points.
GUTTER_STEP = 0.5
#: At most this many gutter positions are tried: a damaged page a million points wide must
#: not make the search allocate gigabytes.
MAX_CANDIDATES = 2000
#: A page checked at the document's usual gutter is searched this many points either side.
NEAR = 4.0


@dataclass(frozen=True)
class Placed:
    """A line in reading order, with the column it sits in and that column's left edge."""

    line: Line
    column: int  # 0: left column or full width, 1: right column
    left: float

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def page(self) -> int:
        return self.line.page

    @property
    def top(self) -> float:
        return self.line.top

    @property
    def bottom(self) -> float:
        return self.line.bottom

    @property
    def size(self) -> float:
        return self.line.size

    @property
    def bold(self) -> bool:
        return self.line.bold

    @property
    def indent(self) -> float:
        """How far the line starts right of its column's left edge, in points."""
        return self.line.x0 - self.left


@dataclass(frozen=True)
class Layout:
    """Everything the table and text readers share, computed once per document."""

    pages: tuple[tuple[Line, ...], ...]  # body lines per page, furniture dropped, top to bottom
    reading: tuple[Placed, ...]  # every body line in reading order
    body_size: float  # the running text's font size
    vocabulary: frozenset[str]


def build_layout(document: Document) -> Layout:
    furniture = furniture_lines(document)
    pages = tuple(
        tuple(line for line in page.lines if not is_furniture(line, page.height, furniture))
        for page in document.pages
    )
    split = [split_columns(lines, gutter) for lines, gutter in zip(pages, page_gutters(pages))]
    lefts = _column_lefts(split)
    reading = tuple(
        Placed(line, column, lefts[column]) for page in split for line, column in page
    )
    return Layout(pages, reading, body_size(pages), vocabulary(p.line for p in reading))


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The most common font size, counted by words: the size of the running text."""
    counts = Counter(round(w.size, 1) for lines in pages for line in lines for w in line.words)
    return counts.most_common(1)[0][0] if counts else 10.0


def page_gutters(pages: Sequence[Sequence[Line]]) -> list[float | None]:
    """Each page's gutter. Pages with clear columns fix the document's gutter; a page whose
    right column holds only a line or two (the end of a list) is checked at that position."""
    gutters = [find_gutter(lines) for lines in pages]
    found = [g for g in gutters if g is not None]
    if not found:
        return gutters
    usual = float(np.median(found))
    return [g if g is not None else find_gutter(lines, near=usual) for g, lines in zip(gutters, pages)]


def split_columns(lines: Sequence[Line], gutter: float | None) -> list[tuple[Line, int]]:
    """The page's lines in reading order, each with its column (0 left/full, 1 right)."""
    if gutter is None:
        return [(line, 0) for line in lines]
    out: list[tuple[Line, int]] = []
    left: list[Word] = []
    right: list[Word] = []

    def flush() -> None:
        out.extend((line, 0) for line in group_lines(left))
        out.extend((line, 1) for line in group_lines(right))
        left.clear()
        right.clear()

    for line in lines:
        if crosses(line, gutter):
            flush()
            out.append((line, 0))
            continue
        for word in line.words:
            (left if word.x1 <= gutter else right).append(word)
    flush()
    return out


def crosses(line: Line, x: float) -> bool:
    return any(word.x0 < x < word.x1 for word in line.words)


def find_gutter(
    lines: Sequence[Line], *, min_lines: int = 3, min_gap_em: float = 1.0, near: float | None = None
) -> float | None:
    """The x of a column gutter, or ``None`` for a single-column page.

    A candidate x in the middle of the text block qualifies when at least ``min_lines``
    lines lie on each side of it without a word crossing it, the words on its right are
    mostly text (a table's number columns do not make a text column), few lines cross it
    between the first and the last line it separates, and those lines leave a channel at
    least ``min_gap_em`` wide (word spaces lining up over a few lines of running text are
    not a gutter). The best candidate separates the most lines; the gutter is the middle
    of the widest run of best candidates. With ``near`` (the document's usual gutter) only
    x within a few points of it are tried, and one line on the right suffices.
    """
    lines = [line for line in lines if line.words]
    if len(lines) < min_lines:
        return None
    x_min = min(line.x0 for line in lines)
    x_max = max(line.x1 for line in lines)
    width = x_max - x_min
    if near is None:
        zone = (GUTTER_ZONE[1] - GUTTER_ZONE[0]) * width
        step = max(GUTTER_STEP, zone / MAX_CANDIDATES)
        xs = np.arange(x_min + GUTTER_ZONE[0] * width, x_min + GUTTER_ZONE[1] * width, step)
    else:
        xs = np.arange(near - NEAR, near + NEAR, GUTTER_STEP)
    min_right = min_lines if near is None else 1
    if width <= 0 or not len(xs):
        return None
    n = len(lines)
    crossing = np.zeros((n, len(xs)), dtype=bool)
    has_left = np.zeros((n, len(xs)), dtype=bool)
    right_words = np.zeros((n, len(xs)))
    right_text = np.zeros((n, len(xs)))
    left_end = np.full((n, len(xs)), -np.inf)
    right_start = np.full((n, len(xs)), np.inf)
    for i, line in enumerate(lines):
        x0 = np.array([w.x0 for w in line.words])[:, None]
        x1 = np.array([w.x1 for w in line.words])[:, None]
        lettered = np.array([any(ch.isalpha() for ch in w.text) for w in line.words])[:, None]
        crossing[i] = ((x0 < xs) & (xs < x1)).any(axis=0)
        has_left[i] = (x1 <= xs).any(axis=0)
        on_right = x0 >= xs
        right_words[i] = on_right.sum(axis=0)
        right_text[i] = (on_right & lettered).sum(axis=0)
        left_end[i] = np.where(x1 <= xs, x1, -np.inf).max(axis=0)
        right_start[i] = np.where(on_right, x0, np.inf).min(axis=0)
    separated = ~crossing & has_left & (right_words > 0)
    right_only = ~crossing & ~has_left & (right_words > 0)
    left_only = ~crossing & has_left & (right_words == 0)
    support = separated | right_only
    n_right = support.sum(axis=0)
    n_left = (separated | left_only).sum(axis=0)
    words_right = np.where(support, right_words, 0).sum(axis=0)
    text_right = np.where(support, right_text, 0).sum(axis=0)
    crossing_inside = _crossing_inside(crossing, support)
    gap = np.where(support, right_start, np.inf).min(axis=0) - np.where(support, left_end, -np.inf).max(axis=0)
    valid = (
        (gap >= min_gap_em * _median_size(lines))
        & (n_right >= min_right)
        & (n_left >= min_lines)
        & (text_right >= 0.5 * np.maximum(words_right, 1))
        & (crossing_inside <= 0.25 * n_right)
    )
    if not valid.any():
        return None
    score = np.where(valid, n_right - 4 * crossing_inside, -np.inf)
    crossed = np.where(score == score.max(), crossing.sum(axis=0), np.iinfo(np.int64).max)
    best = crossed == crossed.min()  # ties: the x fewest lines cross anywhere on the page
    start, stop = _widest_run(best)
    return float((xs[start] + xs[stop - 1]) / 2)


def _median_size(lines: Sequence[Line]) -> float:
    return float(np.median([w.size for line in lines for w in line.words]))


def _crossing_inside(crossing: np.ndarray, support: np.ndarray) -> np.ndarray:
    """Per candidate x: lines crossing it between its first and last supporting line."""
    n = crossing.shape[0]
    index = np.arange(n)[:, None]
    first = np.where(support, index, n).min(axis=0)
    last = np.where(support, index, -1).max(axis=0)
    inside = (index >= first) & (index <= last)
    return (crossing & inside).sum(axis=0)


def _widest_run(mask: np.ndarray) -> tuple[int, int]:
    """Start and stop index of the longest run of True values."""
    best = (0, 0)
    start = None
    for i, value in enumerate([*mask.tolist(), False]):
        if value and start is None:
            start = i
        elif not value and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


def _column_lefts(pages: Sequence[Sequence[tuple[Line, int]]]) -> dict[int, float]:
    """Each column's left edge: the most common leftmost x0 of that column over the pages.

    Taken over the document so that a page whose column holds only indented bullet
    continuations still measures indentation from the true column edge.
    """
    lefts: dict[int, Counter[float]] = {0: Counter(), 1: Counter()}
    for page in pages:
        for column in (0, 1):
            x0s = [line.x0 for line, c in page if c == column]
            if x0s:
                lefts[column][round(min(x0s), 1)] += 1
    return {c: (counts.most_common(1)[0][0] if counts else 0.0) for c, counts in lefts.items()}
