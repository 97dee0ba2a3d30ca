"""Reading order: text columns found from the words, read left column before right.

A gutter is an x position that no word crosses over a run of lines, with running text
(letters, not a table's numbers) on both sides of it. Each page is searched on its own
(mirrored margins move the columns from page to page); a page with two or three columns gets
one or two gutters. The columns apply over the vertical run of lines they separate; there the
page is read in horizontal bands: a line crossing a gutter (a full-width title, a lead
paragraph) is read where it comes; between such lines each column is read top to bottom,
left to right. Outside the run (a wide table below two columns of text) lines are read whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..document import Line, Word, group_lines
from .glyphs import DASHES, is_bullet_glyph

#: The gutter is looked for in this middle share of the text block's width.
GUTTER_ZONE = (0.25, 0.75)
#: Step of the gutter search, in points.
GUTTER_STEP = 0.5
#: At most this many positions are tried (a damaged page a million points wide stays cheap).
MAX_CANDIDATES = 2000
#: Lines of text a column needs on each side of its gutter.
MIN_LINES = 4
#: A column of text is at least this share of the text block wide (a table's header cells are narrower).
MIN_WIDTH = 0.3
#: Lines of a text column start within this many points of its left edge.
ALIGNED = 1.5
#: A page is checked this many points either side of another page's gutter (mirrored margins).
NEAR = 24.0


@dataclass(frozen=True)
class Placed:
    """A body line in reading order: the column it sits in and that column's edges on its page."""

    line: Line
    column: int  # 0 for the left column or a full-width line
    left: float
    right: float

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def words(self) -> tuple[Word, ...]:
        return self.line.words

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
    def x0(self) -> float:
        return self.line.x0

    @property
    def x1(self) -> float:
        return self.line.x1

    @property
    def size(self) -> float:
        return self.line.size

    @property
    def indent(self) -> float:
        """How far the line starts right of its column's left edge, in points."""
        return self.line.x0 - self.left


def page_gutters(pages: Sequence[Sequence[Line]]) -> list[list[float]]:
    """Each page's gutters. Pages with clear columns show where the document's gutters lie;
    a page whose column holds only a line or two (the end of a list) is checked near there."""
    found = [find_gutters(lines) for lines in pages]
    usual = sorted({round(g) for gutters in found for g in gutters})
    for index, lines in enumerate(pages):
        if not found[index] and usual:
            near = [g for x in usual if (g := find_gutter(lines, near=float(x), min_right=1)) is not None]
            found[index] = sorted(set(near))[:1]
    return found


def reading_order(lines: Sequence[Line], gutters: Sequence[float] | None = None) -> list[Placed]:
    """A page's body lines in reading order, each placed in its column."""
    lines = [line for line in lines if line.words]
    if not lines:
        return []
    gutters = find_gutters(lines) if gutters is None else list(gutters)
    if not gutters:
        left, right = min(l.x0 for l in lines), max(l.x1 for l in lines)
        return [Placed(line, 0, left, right) for line in lines]
    table = table_band(lines)
    start, stop = _column_run(lines, gutters, table)
    placed: list[Placed] = []
    pending: list[Word] = []

    def flush() -> None:
        placed.extend(_split(pending, gutters))
        pending.clear()

    full_left, full_right = min(l.x0 for l in lines), max(l.x1 for l in lines)
    for index, line in enumerate(lines):
        if start <= index < stop and index not in table and not any(crosses(line, g) for g in gutters):
            pending.extend(line.words)
            continue
        flush()
        placed.append(Placed(line, 0, full_left, full_right))
    flush()
    return placed


def _split(words: Sequence[Word], gutters: Sequence[float]) -> list[Placed]:
    """Words of one band, column by column, each column's lines top to bottom."""
    bounds = [-np.inf, *gutters, np.inf]
    where = _columns_of(words, bounds)
    out: list[Placed] = []
    for column in range(len(bounds) - 1):
        inside = [w for w, k in zip(words, where) if k == column]
        column_lines = group_lines(inside)
        if column_lines:
            left = min(l.x0 for l in column_lines)
            right = max(l.x1 for l in column_lines)
            out.extend(Placed(line, column, left, right) for line in column_lines)
    return out


def _columns_of(words: Sequence[Word], bounds: Sequence[float]) -> list[int]:
    """Each word's column by its centre; a bullet or dash hung out into the gutter goes with
    the text it marks (the next word on its line, nearer than any word to its left)."""
    where = [int(np.searchsorted(bounds, w.centre, side="right")) - 1 for w in words]
    for k, word in enumerate(words):
        if not (is_bullet_glyph(word.text) or word.text in DASHES):
            continue
        row = [(w.x0, j) for j, w in enumerate(words) if abs(w.top - word.top) <= 0.3 * word.size and j != k]
        after = min(((x, j) for x, j in row if x >= word.x1), default=None)
        before = max((words[j].x1 for x, j in row if words[j].x1 <= word.x0), default=-np.inf)
        if after is not None and where[after[1]] == where[k] + 1 \
                and after[0] - word.x1 < min(word.x0 - before, 4 * word.size):
            where[k] = where[after[1]]
    return where


def crosses(line: Line, x: float) -> bool:
    return any(word.x0 < x < word.x1 for word in line.words)


def _lettered(words: Sequence[Word]) -> bool:
    """Holds a word of text (a legend's "■ Gymnasieantagningen 19 775" does; "46 958" does not)."""
    return any(sum(ch.isalpha() for ch in w.text) >= 2 for w in words)


def table_band(lines: Sequence[Line]) -> set[int]:
    """Lines of a wide table: rows with three or more numbers, with the header lines stacked
    right above them (short cells, no running text). A table is read whole, not in columns."""
    from .cells import cells  # numbers are read from their digits there

    def row(line: Line) -> bool:
        return sum(c.numeric and len(c.words) <= 6 for c in cells(line.words)) >= 3

    def header(line: Line) -> bool:
        return all(len(c.words) <= 4 for c in cells(line.words, 0.8))

    band: set[int] = set()
    for index, line in enumerate(lines):
        if not row(line):
            continue
        band.add(index)
        above = index - 1
        while above >= 0 and above not in band and header(lines[above]) \
                and lines[above + 1].top - lines[above].bottom <= 1.5 * line.size:
            band.add(above)
            above -= 1
    return band


def _column_run(lines: Sequence[Line], gutters: Sequence[float], table: set[int] = frozenset()) -> tuple[int, int]:
    """The index range of lines the columns apply to: from the first to the last line with
    text on two sides of a gutter, extended over neighbouring lines that sit on one side only."""
    def two_sided(line: Line) -> bool:
        sides = _sides(line, gutters)
        return sum(_lettered(side) for side in sides if side) >= 2

    support = [i for i, line in enumerate(lines)
               if two_sided(line) and i not in table and not any(crosses(line, g) for g in gutters)]
    if not support:
        support = _one_sided_run(lines, gutters, table)
    if not support:
        return 0, 0
    start, stop = support[0], support[-1] + 1
    clear = [i for i, line in enumerate(lines) if i not in table and not any(crosses(line, g) for g in gutters)]
    edges = [_usual_start([side[0].x0 for i in clear if (side := _sides(lines[i], gutters)[k])])
             for k in range(len(gutters) + 1)]

    def in_columns(line: Line) -> bool:
        """Not across a gutter, not a table's row (numbers right of the gutter), and each part
        starting at its column's edge or a hanging indent from it."""
        if any(crosses(line, g) for g in gutters):
            return False
        sides = _sides(line, gutters)
        filled = [k for k, side in enumerate(sides) if side]
        numeric = sum(not any(ch.isalpha() for ch in w.text) for k in filled[1:] for w in sides[k])
        if len(filled) > 1 and numeric >= 2 and not any(_lettered(sides[k]) for k in filled[1:]):
            return False
        return all(edges[k] is None or -_hang(sides[k]) <= min(w.x0 for w in sides[k]) - edges[k] <= 6 * line.size
                   for k in filled)
    while start > 0 and start - 1 not in table and in_columns(lines[start - 1]):
        start -= 1
    while stop < len(lines) and stop not in table and in_columns(lines[stop]):
        stop += 1
    return start, stop


def _hang(words: Sequence[Word]) -> float:
    """How far left of its column's edge a line may start: a bullet hangs out by up to a
    few ems (its text sits at the edge); a heading may stand left of indented bullets, when
    these are what the edge was read from."""
    first = min(words, key=lambda w: w.x0)
    marked = is_bullet_glyph(first.text) or first.text in DASHES
    return (6.0 if marked else 2.5) * first.size


def _one_sided_run(lines: Sequence[Line], gutters: Sequence[float], table: set[int]) -> list[int]:
    """Columns whose texts never stand side by side (the left one ends high, the right one
    starts low, or holds only the end of a list): the lines clear of the gutters, when each
    column holds text and no line between the first and the last crosses a gutter."""
    clear = [i for i, line in enumerate(lines) if i not in table and not any(crosses(line, g) for g in gutters)]
    if not clear or any(any(crosses(lines[i], g) for g in gutters) for i in range(clear[0], clear[-1] + 1)):
        return []
    counts = [sum(_lettered(_sides(lines[i], gutters)[k]) for i in clear) for k in range(len(gutters) + 1)]
    return clear if min(counts) >= 1 and sum(counts) >= 2 * MIN_LINES else []


def _usual_start(starts: Sequence[float]) -> float | None:
    """A column's left edge: the leftmost place where several of its lines start (a stray
    word of a line crossing into it is no edge; bullets and continuations both count)."""
    if not starts:
        return None
    repeated = [x for x in starts if sum(abs(y - x) <= ALIGNED for y in starts) >= 2]
    return min(repeated or starts)


def _sides(line: Line, gutters: Sequence[float]) -> list[list[Word]]:
    bounds = [-np.inf, *gutters, np.inf]
    where = _columns_of(line.words, bounds)
    return [[w for w, c in zip(line.words, where) if c == k] for k in range(len(bounds) - 1)]


def find_gutters(lines: Sequence[Line]) -> list[float]:
    """The page's gutters, left to right: none, one (two columns) or two (three columns)."""
    gutter = find_gutter(lines)
    if gutter is None:
        return []
    found = [gutter]
    for side in (
        [Line(tuple(w for w in l.words if w.x1 <= gutter)) for l in lines],
        [Line(tuple(w for w in l.words if w.x0 >= gutter)) for l in lines],
    ):
        side = [l for l in side if l.words]
        inner = find_gutter(side) if len(side) >= 2 * MIN_LINES else None
        if inner is not None and sum(crosses(l, inner) for l in side) <= 0.5 * len(side):
            found.append(inner)  # not where most of the side's lines run across: an indent, no gutter
    return sorted(found)


def find_gutter(
    lines: Sequence[Line], *, min_lines: int = MIN_LINES, min_gap_em: float = 1.0,
    near: float | None = None, min_right: int | None = None,
) -> float | None:
    """The x of a column gutter among ``lines``, or ``None`` for one column.

    A candidate x in the middle of the text block qualifies when at least ``min_lines``
    lines lie on each side of it without a word crossing it, the words on its right are
    mostly text (a table's number columns do not make a text column), few lines cross it
    between the first and the last line it separates, and those lines leave a channel at
    least ``min_gap_em`` wide (word spaces lining up over a few lines of running text are
    not a gutter). The best candidate separates the most lines; the gutter is the middle of
    the widest run of best candidates. With ``near`` (a gutter of other pages) only x within
    :data:`NEAR` points of it are tried, and ``min_right`` lines on the right suffice.
    """
    lines = [line for line in lines if line.words]
    if len(lines) < min_lines:
        return None
    x_min = min(line.x0 for line in lines)
    x_max = max(line.x1 for line in lines)
    width = x_max - x_min
    if width <= 0:
        return None
    if near is None:
        zone = (GUTTER_ZONE[1] - GUTTER_ZONE[0]) * width
        step = max(GUTTER_STEP, zone / MAX_CANDIDATES)
        xs = np.arange(x_min + GUTTER_ZONE[0] * width, x_min + GUTTER_ZONE[1] * width, step)
    else:
        xs = np.arange(near - NEAR, near + NEAR, GUTTER_STEP)
    min_right = min_lines if min_right is None else min_right
    if not len(xs):
        return None
    stats = _candidate_stats(lines, xs)
    separated = ~stats["crossing"] & stats["has_left"] & (stats["right_words"] > 0)
    right_only = ~stats["crossing"] & ~stats["has_left"] & (stats["right_words"] > 0)
    left_only = ~stats["crossing"] & stats["has_left"] & (stats["right_words"] == 0)
    support = separated | right_only
    n_right = support.sum(axis=0)
    n_left = (separated | left_only).sum(axis=0)
    words_right = np.where(support, stats["right_words"], 0).sum(axis=0)
    text_right = np.where(support, stats["right_text"], 0).sum(axis=0)
    text_left = np.where(separated | left_only, stats["left_text"], 0).sum(axis=0)
    words_left = np.where(separated | left_only, stats["left_words"], 0).sum(axis=0)
    crossing_inside = _crossing_inside(stats["crossing"], support)
    gap = np.where(support, stats["right_start"], np.inf).min(axis=0) - np.where(
        support, stats["left_end"], -np.inf
    ).max(axis=0)
    valid = (
        (gap >= min_gap_em * float(np.median([w.size for line in lines for w in line.words])))
        & (n_right >= min_right)
        & (n_left >= min_lines)
        & (text_right >= 0.5 * np.maximum(words_right, 1))
        & (text_left >= 0.5 * np.maximum(words_left, 1))
        & (crossing_inside <= 0.25 * n_right)
    )
    if not valid.any():
        return None
    score = np.where(valid, n_right - 4 * crossing_inside, -np.inf)
    crossed = np.where(score == score.max(), stats["crossing"].sum(axis=0), np.iinfo(np.int64).max)
    best = crossed == crossed.min()  # ties: the x fewest lines cross anywhere on the page
    start, stop = _widest_run(best)
    middle = (start + stop - 1) // 2
    chosen = support[:, middle]
    numeric_right = _numeric_right(chosen, stats["right_text"][:, middle], min_lines)
    widest = float(np.max(stats["right_end"][chosen, middle] - stats["right_start"][chosen, middle]))
    vouched = near is not None  # other pages of the document have columns here
    if numeric_right.sum() > 0.2 * chosen.sum() or not vouched and (
            not _left_aligned(stats["right_start"][chosen, middle]) or widest < MIN_WIDTH * width):
        return None  # a table: header cells, rows of numbers; not columns of running text
    return float((xs[start] + xs[stop - 1]) / 2)


def _numeric_right(chosen: np.ndarray, right_text: np.ndarray, min_lines: int) -> np.ndarray:
    """Lines with only numbers right of the gutter, among the lines with text there (a table
    above or below two columns of text lies outside them and does not count)."""
    numeric = chosen & (right_text == 0)
    lettered = np.flatnonzero(chosen & (right_text > 0))
    if len(lettered) < min_lines:
        return numeric
    index = np.arange(len(chosen))
    return numeric & (index >= lettered[0]) & (index <= lettered[-1])


def _left_aligned(starts: np.ndarray) -> bool:
    """Many lines right of a gutter start at one x: the left edge of a column of text (a
    table's centred header cells each start somewhere else)."""
    if not len(starts):
        return False
    best = max(int(np.sum(np.abs(starts - x) <= ALIGNED)) for x in starts)
    return best >= min(len(starts), max(3, 0.3 * len(starts)))


def _candidate_stats(lines: Sequence[Line], xs: np.ndarray) -> dict[str, np.ndarray]:
    """Per line and candidate x: crossing, words and lettered words on each side, edges."""
    n = len(lines)
    stats = {
        "crossing": np.zeros((n, len(xs)), dtype=bool),
        "has_left": np.zeros((n, len(xs)), dtype=bool),
        "right_words": np.zeros((n, len(xs))),
        "right_text": np.zeros((n, len(xs))),
        "left_words": np.zeros((n, len(xs))),
        "left_text": np.zeros((n, len(xs))),
        "left_end": np.full((n, len(xs)), -np.inf),
        "right_start": np.full((n, len(xs)), np.inf),
        "right_end": np.full((n, len(xs)), -np.inf),
    }
    for i, line in enumerate(lines):
        x0 = np.array([w.x0 for w in line.words])[:, None]
        x1 = np.array([w.x1 for w in line.words])[:, None]
        # a lone letter is no text: an "o" bullet column left of its items is no column
        lettered = np.array([sum(ch.isalpha() for ch in w.text) >= 2 for w in line.words])[:, None]
        on_left, on_right = x1 <= xs, x0 >= xs
        stats["crossing"][i] = ((x0 < xs) & (xs < x1)).any(axis=0)
        stats["has_left"][i] = on_left.any(axis=0)
        stats["right_words"][i] = on_right.sum(axis=0)
        stats["right_text"][i] = (on_right & lettered).sum(axis=0)
        stats["left_words"][i] = on_left.sum(axis=0)
        stats["left_text"][i] = (on_left & lettered).sum(axis=0)
        stats["left_end"][i] = np.where(on_left, x1, -np.inf).max(axis=0)
        stats["right_start"][i] = np.where(on_right, x0, np.inf).min(axis=0)
        stats["right_end"][i] = np.where(on_right, x1, -np.inf).max(axis=0)
    return stats


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
