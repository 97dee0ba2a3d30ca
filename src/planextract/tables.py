"""Finding table structure in words, the way a reader does: by alignment, not by rules.

Numbers in these plans are right-aligned, so a column is the set of numeric cells sharing a
right edge. Cells are runs of words separated by less than a column gap, which keeps
"5 445 555" (or "−5 945 555" with its minus set apart) together as one cell. Ruling lines,
where a PDF has them, are not needed; the same code reads ruled and unruled tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from .document import Line, Word, all_bold
from .numbers import is_number

#: Words closer than this many ems belong to one cell; table columns sit further apart.
CELL_GAP_EM = 0.8


@dataclass(frozen=True)
class Cell:
    """Adjacent words of one row that belong together: a label, a number, a unit."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

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
        return is_number(self.text)


def cells(line: Line, gap_em: float = CELL_GAP_EM) -> list[Cell]:
    """Split a line into cells at gaps wider than ``gap_em`` of the line's font size.

    A number whose groups are split over words stays one cell; so does a minus glyph set a
    little apart from its digits.
    """
    size = median(w.size for w in line.words)
    groups: list[list[Word]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:]):
        if word.x0 - previous.x1 > gap_em * size:
            groups.append([])
        groups[-1].append(word)
    return [Cell(tuple(group)) for group in groups]


def right_edges(rows: Sequence[Sequence[Cell]], tolerance: float = 4.0) -> list[float]:
    """Column positions: right edges of numeric cells, clustered within ``tolerance`` points."""
    edges = sorted(cell.x1 for row in rows for cell in row if cell.numeric)
    clusters: list[list[float]] = []
    for edge in edges:
        if clusters and edge - clusters[-1][-1] <= tolerance:
            clusters[-1].append(edge)
        else:
            clusters.append([edge])
    return [median(cluster) for cluster in clusters]


