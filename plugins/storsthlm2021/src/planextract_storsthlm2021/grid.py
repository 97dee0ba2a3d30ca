"""Tables without ruling lines, read from alignment: header meaning, right edges, bold.

A table is found by its header text. Below the header, every line up to the end of the
table is split at the header's left edge into label words and value words. Number columns
are the right edges of the numbers; a value word belongs to the first column whose right
edge lies right of its centre. A number counts only where it is right-aligned on its column
edge, so a sentence set in a number column ("Budgetmodellen har ändrats, ...", even its
"2019.") is a note, never an amount. A line with numbers anchors a row; a label-only line
close to a row is that row's wrapped label. The table may continue on the next page, where a
repeated title and header are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from statistics import median

from planextract.document import Line, Word
from planextract.numbers import is_number
from planextract.tables import Cell, cells, right_edges
from planextract.text import join_wrapped

#: Words that state a unit in a number column ("tkr" under each budget header).
UNIT_WORDS = frozenset({"tkr", "kr", "mnkr", "mdkr", "%", "antal"})
#: Header lines are stacked closer than this (in ems of the table font).
STACK_GAP_EM = 0.9
#: A label-only line closer than this share of the row pitch to a row is its wrapped label.
WRAP_SHARE = 0.9
#: A number is right-aligned when its right edge is this close (ems) to its column edge.
ALIGN_EM = 0.6


@dataclass(frozen=True)
class Fragment(Cell):
    """Words of one line that belong to one column (or to the label, column -1)."""

    column: int = -1


@dataclass
class GridRow:
    """One table row: its label lines, numbers and unit cells by column, and notes."""

    page: int
    top: float
    label: list[Fragment] = field(default_factory=list)
    values: dict[int, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)

    def label_text(self, vocabulary: frozenset[str] = frozenset()) -> str:
        return join_wrapped([f.text for f in self.label], vocabulary)

    @property
    def bold(self) -> bool:
        return bool(self.label) and all(f.bold for f in self.label)


@dataclass(frozen=True)
class Grid:
    """A table read from alignment: header text per column, rows, and every word it used."""

    headers: dict[int, str]
    edges: tuple[float, ...]
    rows: tuple[GridRow, ...]
    words: frozenset[Word]
    pages: tuple[int, ...]


def find_grid(
    pages: Sequence[Sequence[Line]],
    is_header: Callable[[Line], bool],
    accept: Callable[[Grid], bool] = lambda grid: True,
    vocabulary: frozenset[str] = frozenset(),
) -> Grid | None:
    """The first table whose header has a line satisfying ``is_header`` and that ``accept``s
    (its column headers mean what the caller needs: a phrase in running text is no header)."""
    for page_index, lines in enumerate(pages):
        for index, line in enumerate(lines):
            if is_header(line):
                grid = read_grid(pages, page_index, index, vocabulary)
                if grid is not None and accept(grid):
                    return grid
    return None


def read_grid(
    pages: Sequence[Sequence[Line]], page_index: int, index: int, vocabulary: frozenset[str] = frozenset()
) -> Grid | None:
    lines = pages[page_index]
    header, first = header_block(lines, index)
    if not header:
        return None
    if first is None:  # the header closes the page: the rows begin on the next one
        if header[-1] is not lines[-1] or page_index + 1 >= len(pages):
            return None
        page_index, first = page_index + 1, 0
    header_left = min(line.x0 for line in header)
    title = _title_above(lines, header)
    repeated = _Repeated(header, title, header_left)
    start = repeated.skip(list(pages[page_index][first:]))
    if not start:
        return None
    label_left = min(line.x0 for line in start[:5])
    header_words = [w for line in header for w in line.words if w.x0 > label_left + _size(line)]
    if not header_words:
        return None
    value_left = min(w.x0 for w in header_words)
    body = list(_table_lines(pages, page_index, start, repeated, value_left))
    if not body:
        return None
    edges = column_edges(body, value_left)
    if not edges:
        return None
    rows = assemble_rows(body, edges, value_left)
    headers = header_texts(header, edges, value_left, vocabulary)
    used = frozenset(w for line in (*header, *repeated.skipped, *body) for w in line.words)
    return Grid(headers, tuple(edges), tuple(rows), used, tuple(sorted({line.page for line in body})))


def header_block(lines: Sequence[Line], index: int) -> tuple[list[Line], int | None]:
    """The stacked header lines around ``lines[index]`` and the index of the first row.

    Header lines hold words and years but no amounts; they are stacked tightly. The first
    line below them holding an amount (or a unit cell) starts the rows. Lines above join the
    header only while stacked and starting right of the row labels.
    """
    if is_data_row(lines[index]):
        return [], None
    size = _size(lines[index])
    k = index + 1
    while k < len(lines) and _stacked(lines[k - 1], lines[k], size) and not is_data_row(lines[k]):
        k += 1
    if k >= len(lines):
        return list(lines[index:k]), None
    label_left = min(line.x0 for line in lines[k:k + 5])
    j = index
    while j > 0 and _stacked(lines[j - 1], lines[j], size) and not is_data_row(lines[j - 1]) \
            and lines[j - 1].x0 > label_left + size:
        j -= 1
    return list(lines[j:k]), k


def is_data_row(line: Line) -> bool:
    """A line holding an amount or a unit cell (a header holds only words and years)."""
    for cell in cells(line):
        text = cell.text
        if cell.numeric and not re.fullmatch(r"(19|20)\d\d", text):
            return True
        if text.casefold() in UNIT_WORDS:
            return True
    return False


def _size(line: Line) -> float:
    return median(w.size for w in line.words)


def _stacked(upper: Line, lower: Line, size: float) -> bool:
    return upper.page == lower.page and lower.top - upper.bottom < STACK_GAP_EM * size


def _title_above(lines: Sequence[Line], header: Sequence[Line]) -> str | None:
    """The heading just above the header, in a larger font (repeated on continuation pages)."""
    above = [line for line in lines if line.bottom <= header[0].top]
    if above and above[-1].size > 1.1 * _size(header[0]):
        return _norm(above[-1].text)
    return None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Repeated:
    """The title and header a continued table repeats at the top of the next page."""

    def __init__(self, header: Sequence[Line], title: str | None, header_left: float) -> None:
        self.texts = {_norm(line.text) for line in header} | ({title} if title else set())
        self.words = {w.text.casefold() for line in header for w in line.words}
        self.left = header_left
        self.skipped: list[Line] = []

    def skip(self, lines: list[Line]) -> list[Line]:
        k = 0
        while k < len(lines) and (_norm(lines[k].text) in self.texts or self._like_header(lines[k])):
            k += 1
        self.skipped.extend(lines[:k])
        return lines[k:]

    def _like_header(self, line: Line) -> bool:
        """Header text over the number columns sharing most words with the original header."""
        if line.x0 < self.left - _size(line) or is_data_row(line):
            return False
        words = [w.text.casefold() for w in line.words]
        return sum(w in self.words for w in words) >= 0.6 * len(words)


def _table_lines(
    pages: Sequence[Sequence[Line]], page_index: int, start: list[Line], repeated: _Repeated, value_left: float
) -> Iterator[Line]:
    """The table's body lines from its first row to its end, across page breaks."""
    label_size: float | None = None
    previous: Line | None = None
    for p in range(page_index, len(pages)):
        lines = start if p == page_index else repeated.skip(list(pages[p]))
        for line in lines:
            if _ends_table(line, previous, value_left, label_size):
                return
            labels = [w for w in line.words if _centre(w) < value_left]
            if labels and label_size is None:
                label_size = median(w.size for w in labels)
            previous = line
            yield line


def _ends_table(line: Line, previous: Line | None, value_left: float, label_size: float | None) -> bool:
    """A heading, prose running across the columns, or a wide vertical gap ends the table."""
    size = _size(line)
    if previous is not None and line.top - previous.bottom > 2.5 * size:
        return True
    labels = [w for w in line.words if _centre(w) < value_left]
    if labels and label_size is not None and abs(median(w.size for w in labels) - label_size) > 0.08 * label_size:
        return True
    return any(cell.x0 < value_left < cell.x1 for cell in cells(line))


def _centre(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def column_edges(lines: Sequence[Line], value_left: float) -> list[float]:
    """Right edges of the number columns, from the numbers right of ``value_left``."""
    rows = []
    for line in lines:
        values = [w for w in line.words if _centre(w) >= value_left]
        if values:
            rows.append([c for c in cells(Line(tuple(values))) if c.numeric])
    return right_edges(rows)


def column_of(x: float, edges: Sequence[float], tolerance: float = 1.0) -> int:
    """The first column whose right edge lies right of ``x`` (the last one beyond them all)."""
    for index, edge in enumerate(edges):
        if x <= edge + tolerance:
            return index
    return len(edges) - 1


def split_line(line: Line, edges: Sequence[float], value_left: float) -> list[Fragment]:
    """The line's label (column -1) and its words per column, left to right."""
    parts: dict[int, list[Word]] = {}
    for word in line.words:
        column = -1 if _centre(word) < value_left else column_of(_centre(word), edges)
        parts.setdefault(column, []).append(word)
    return [Fragment(tuple(ws), c) for c, ws in sorted(parts.items())]


def assemble_rows(lines: Sequence[Line], edges: Sequence[float], value_left: float) -> list[GridRow]:
    """Group the body lines into rows: numbers anchor rows; labels wrap; notes attach."""
    anchors: list[GridRow] = []
    labels: list[tuple[Line, Fragment]] = []
    notes: list[tuple[Line, Fragment]] = []
    for line in lines:
        size = _size(line)
        row = GridRow(line.page, line.top)
        for fragment in split_line(line, edges, value_left):
            if fragment.column < 0:
                row.label.append(fragment)
            elif _is_aligned_number(fragment, edges, size):
                row.values[fragment.column] = fragment.text
            elif all(w.text.casefold() in UNIT_WORDS for w in fragment.words):
                row.units[fragment.column] = fragment.text
            else:
                notes.append((line, fragment))
        if row.values or row.units:
            anchors.append(row)
        elif row.label:
            labels.extend((line, f) for f in row.label)
    pitch = _pitch(anchors)
    rows = _attach_labels(anchors, labels, pitch)
    _attach_notes(rows, notes)
    return rows


def _is_aligned_number(fragment: Fragment, edges: Sequence[float], size: float) -> bool:
    return is_number(fragment.text) and abs(fragment.words[-1].x1 - edges[fragment.column]) <= ALIGN_EM * size


def _pitch(anchors: Sequence[GridRow]) -> float:
    steps = [b.top - a.top for a, b in zip(anchors, anchors[1:]) if a.page == b.page and b.top > a.top]
    return median(steps) if steps else float("inf")


def _attach_labels(anchors: list[GridRow], labels: list[tuple[Line, Fragment]], pitch: float) -> list[GridRow]:
    """Label-only lines join the row they wrap from or into: the row on their page whose
    nearest line lies within the wrap distance (chained, so a label may wrap over several
    lines). A label-only line further away is a row of its own."""
    rows = list(anchors)
    pending = sorted(labels, key=lambda item: (item[0].page, item[0].top))
    while pending:
        left = []
        for line, fragment in pending:
            row = _wrap_target(anchors, line, pitch)
            if row is None:
                left.append((line, fragment))
            else:
                row.label.append(fragment)
                row.label.sort(key=lambda f: f.top)
                row.top = min(row.top, fragment.top)
        if len(left) == len(pending):
            rows.extend(GridRow(line.page, line.top, [fragment]) for line, fragment in left)
            break
        pending = left
    rows.sort(key=lambda r: (r.page, r.top))
    return rows


def _wrap_target(anchors: list[GridRow], line: Line, pitch: float) -> GridRow | None:
    best, distance = None, WRAP_SHARE * pitch
    for row in anchors:
        if row.page != line.page:
            continue
        tops = [row.top, *(f.top for f in row.label)]
        d = min(abs(t - line.top) for t in tops)
        if d < distance:
            best, distance = row, d
    return best


def _attach_notes(rows: list[GridRow], notes: list[tuple[Line, Fragment]]) -> None:
    """Note fragments stacked in one column form a note, kept on the row where it starts."""
    blocks: list[tuple[int, list[Fragment], Line]] = []
    for line, fragment in notes:
        last = next((b for b in reversed(blocks) if b[0] == fragment.column), None)
        if last and last[2].page == line.page and fragment.top - last[1][-1].bottom < 1.0 * _size(line):
            last[1].append(fragment)
        else:
            blocks.append((fragment.column, [fragment], line))
    for column, fragments, line in blocks:
        start = fragments[0].top + 0.5 * _size(line)
        candidates = [r for r in rows if (r.page, r.top) <= (line.page, start)]
        row = candidates[-1] if candidates else rows[0]
        text = join_wrapped([f.text for f in fragments])
        row.notes[column] = f"{row.notes[column]} {text}" if column in row.notes else text


def header_texts(
    header: Sequence[Line], edges: Sequence[float], value_left: float, vocabulary: frozenset[str] = frozenset()
) -> dict[int, str]:
    """Each column's header, its stacked lines joined (and de-hyphenated) top to bottom."""
    parts: dict[int, list[str]] = {}
    for line in header:
        for fragment in split_line(line, edges, value_left):
            parts.setdefault(fragment.column, []).append(fragment.text)
    return {column: join_wrapped(texts, vocabulary) for column, texts in parts.items() if column >= 0}
