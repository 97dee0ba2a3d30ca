"""Reading a titled table from lines of text, by alignment, with or without ruling lines.

A table here is: a title line, header lines, then rows whose numbers are right-aligned in
columns. The reader works from structure only:

* a *data line* starts with a text label and continues with two or more numbers;
* the header is whatever lies between the title and the first data line, and each header
  word belongs to the column its centre falls in;
* column positions are the right edges of the numbers (plus, for a column without a single
  number, the right edge of its header), never fixed coordinates;
* a label wrapped over several lines while the numbers sit on one is one row: the lines
  between two data lines split where the white space between them is widest;
* when the table runs off the bottom of a page, it continues on the next page if that page
  starts with the title again, a header in the table's type size, or rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planextract.document import Line
from planextract.errors import TableNotFound
from planextract.tables import Cell, cells, right_edges
from planextract.text import join_wrapped

from .headers import map_headers
from .layout import gap, words_text

#: Digit groups are one space apart (0.25–0.32 em in common faces); neighbouring columns are
#: at least the cell padding on both sides apart.
NUMBER_GAP_EM = 0.5
#: Header cells are separated by more than ordinary word spacing.
HEADER_GAP_EM = 0.8
#: Lines of one table share a type size within this many points.
SIZE_TOLERANCE = 0.6
#: A wrapped label line sits within this many ems of the table line above it.
LABEL_LEADING_EM = 1.5
MAX_HEADER_LINES = 16
#: A number whose right edge is further than this from every column is not in the table.
ALIGN_EM = 2.0


@dataclass(frozen=True)
class Row:
    """One table row: its label (wrapped lines joined), its numbers by column, where it is."""

    label: str
    numbers: Mapping[str, str]
    bold: bool
    page: int
    top: float


@dataclass(frozen=True)
class Table:
    """A table stitched from its segments (one per page), with the header of each."""

    title: str
    headers: tuple[Mapping[str, str], ...]
    rows: tuple[Row, ...]
    consumed: frozenset[int]
    end: int

    @property
    def header(self) -> Mapping[str, str]:
        return self.headers[0]


@dataclass
class _Segment:
    page: int
    title: list[int] = field(default_factory=list)
    header: list[int] = field(default_factory=list)
    data: list[int] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    end: int = 0


def data_cells(line: Line) -> tuple[Cell, list[Cell]] | None:
    """(label, numbers) when the line is a table row: a text label, then two or more numbers."""
    found = cells(line, NUMBER_GAP_EM)
    label, numbers = found[0], found[1:]
    if label.numeric or len(numbers) < 2 or not all(cell.numeric for cell in numbers):
        return None
    return label, numbers


def read_table(
    lines: Sequence[Line],
    title: re.Pattern[str],
    vocabulary: Mapping[str, str],
    *,
    name: str,
    stops: Sequence[re.Pattern[str]] = (),
) -> Table:
    """The table whose title matches ``title`` at the start of a line, over as many pages as it runs."""
    texts = [words_text(line.words) for line in lines]
    starts = [i for i, text in enumerate(texts) if title.match(text)]
    if not starts:
        raise TableNotFound(f"{name}: no line starts with the title /{title.pattern}/ in {len(lines)} body lines")
    for start in starts:  # the first mention of the title that has rows under it
        segments = _segments(lines, texts, start, title, stops)
        if segments:
            break
    else:
        raise TableNotFound(f"{name}: title on page {lines[starts[0]].page} but no rows of numbers under it")
    rows: list[Row] = []
    headers: list[Mapping[str, str]] = []
    for segment in segments:
        header, segment_rows = _rows(lines, texts, segment, vocabulary, name, headers[-1] if headers else None)
        headers.append(header)
        rows.extend(segment_rows)
    consumed = frozenset(i for s in segments for i in (*s.title, *s.header, *s.data, *s.labels))
    title_text = join_wrapped([texts[i] for i in segments[0].title])
    return Table(title_text, tuple(headers), tuple(rows), consumed, segments[-1].end)


def _segments(lines, texts, start: int, title, stops) -> list[_Segment]:
    """The table's part on each page: the next page continues it when it starts with the table."""
    segments: list[_Segment] = []
    position = start
    while position < len(lines):
        size = lines[segments[-1].data[0]].size if segments else None
        segment = _segment(lines, texts, position, title, stops, size_hint=size)
        if segment is None:
            break
        segments.append(segment)
        position = segment.end
        runs_off = position >= len(lines) or lines[position].page != segment.page
        if not runs_off and not title.match(texts[position]):
            break
    return segments


def _segment(lines, texts, i, title, stops, *, size_hint: float | None) -> _Segment | None:
    """The lines of one page's part of the table, starting at line ``i``.

    ``size_hint`` is the type size of the part before, when this would continue it: a
    continuation must be set in that size, its header too unless the title is repeated.
    """
    n, page = len(lines), lines[i].page
    segment = _Segment(page)
    if title.match(texts[i]):
        segment.title.append(i)
        i += 1
        while i < n and _continues_title(lines[segment.title[-1]], lines[i]):
            segment.title.append(i)
            i += 1
    elif any(stop.match(texts[i]) for stop in stops):
        return None
    header_start = i
    while i < n and lines[i].page == page and data_cells(lines[i]) is None:
        i += 1
        if i - header_start > MAX_HEADER_LINES:
            return None
    if i >= n or lines[i].page != page:
        return None
    size = lines[i].size
    segment.header = list(range(header_start, i))
    if size_hint is not None and (
        abs(size - size_hint) > SIZE_TOLERANCE
        or (not segment.title and any(abs(lines[h].size - size) > SIZE_TOLERANCE for h in segment.header))
    ):
        return None
    label_limit = float("inf")
    previous = i
    while i < n and lines[i].page == page:
        if title.match(texts[i]) or any(stop.match(texts[i]) for stop in stops):
            break
        found = data_cells(lines[i])
        if found:
            segment.data.append(i)
            label_limit = min(label_limit, found[1][0].x0)
        elif _continues_label(lines[i], lines[previous], size, label_limit):
            segment.labels.append(i)
        else:
            break
        previous = i
        i += 1
    segment.end = i
    return segment


def _continues_title(title: Line, line: Line) -> bool:
    """A wrapped title line: same page, size and weight, just below, one cell starting under it."""
    return (
        line.page == title.page
        and abs(line.size - title.size) <= 0.3
        and line.bold == title.bold
        and 0 <= gap(title, line) <= 0.6 * title.size
        and abs(line.x0 - title.x0) <= title.size
        and len(cells(line, HEADER_GAP_EM)) == 1
        and data_cells(line) is None
    )


def _continues_label(line: Line, previous: Line, size: float, label_limit: float) -> bool:
    """A wrapped row label: in the table's size, close below the table, left of every number."""
    return (
        abs(line.size - size) <= SIZE_TOLERANCE
        and 0 <= gap(previous, line) <= LABEL_LEADING_EM * size
        and line.x1 < label_limit
        and not line.words[0].text.startswith("*")
    )


def _rows(lines, texts, segment: _Segment, vocabulary, name, previous_header):
    """The segment's rows, numbers assigned to the columns its header names."""
    data = {i: data_cells(lines[i]) for i in segment.data}
    size = lines[segment.data[0]].size
    label_right = max(
        [found[0].x1 for found in data.values()] + [lines[i].x1 for i in segment.labels]
    )
    number_rows = [found[1] for found in data.values()]
    header_lines = [lines[i] for i in segment.header]
    edges = _edges(number_rows, header_lines, label_right)
    header_texts = _header_texts(header_lines, edges, label_right)
    page = lines[segment.data[0]].page
    if any(header_texts):
        try:
            names = map_headers(header_texts, vocabulary)
        except ValueError as error:
            raise TableNotFound(f"{name}, page {page}: {error}") from None
        header = dict(zip(names, header_texts))
    elif previous_header is not None and len(previous_header) == len(edges):
        names, header = list(previous_header), previous_header
    else:
        raise TableNotFound(f"{name}, page {page}: no header over the numbers")
    missing = [column for column in vocabulary if column not in names]
    if missing:
        raise TableNotFound(f"{name}, page {page}: no column for {', '.join(missing)} (headers: {header_texts})")
    groups = group_rows([lines[i].top for i in segment.data], [lines[i].top for i in segment.labels],
                        [lines[i].bottom for i in segment.data], [lines[i].bottom for i in segment.labels])
    rows = []
    for index, label_indices in zip(segment.data, groups):
        label_cell, numbers = data[index]
        parts = sorted([(lines[index].top, words_text(label_cell.words))]
                       + [(lines[segment.labels[k]].top, texts[segment.labels[k]]) for k in label_indices])
        values = {}
        for cell in numbers:
            column = _column(cell, edges, size, name, page)
            values[names[column]] = " ".join(w.text for w in cell.words)
        rows.append(Row(join_wrapped([p for _, p in parts]), values, label_cell.bold, page,
                        min(top for top, _ in parts)))
    return header, rows


def _edges(number_rows: list[list[Cell]], header_lines: list[Line], label_right: float) -> list[float]:
    """Column right edges: where the numbers end, plus any header standing over no numbers."""
    edges = right_edges(number_rows)
    spans = [(min((c.x0 for row in number_rows for c in row if abs(c.x1 - e) <= 4.0), default=e), e) for e in edges]
    for line in header_lines:
        for cell in cells(line, HEADER_GAP_EM):
            if cell.x0 > label_right and not any(cell.x0 <= right and cell.x1 >= left for left, right in spans):
                spans.append((cell.x0, cell.x1))
                edges.append(cell.x1)
    return sorted(edges)


def _header_texts(header_lines: list[Line], edges: list[float], label_right: float) -> list[str]:
    """Each column's header: its words (centre inside the column) read line by line."""
    lines_per_column: list[list[list[str]]] = [[] for _ in edges]
    for line in header_lines:
        current: list[list[str]] = [[] for _ in edges]
        for word in line.words:
            centre = (word.x0 + word.x1) / 2
            if centre <= label_right:
                continue
            column = next((k for k, edge in enumerate(edges) if centre <= edge), len(edges) - 1)
            current[column].append(word.text)
        for column, words in enumerate(current):
            if words:
                lines_per_column[column].append(" ".join(words))
    return [join_wrapped(parts) for parts in lines_per_column]


def _column(cell: Cell, edges: list[float], size: float, name: str, page: int) -> int:
    column = min(range(len(edges)), key=lambda k: abs(edges[k] - cell.x1))
    if abs(edges[column] - cell.x1) > ALIGN_EM * size:
        raise TableNotFound(f"{name}, page {page}: the number {cell.text!r} lines up with no column")
    return column


def group_rows(
    data_tops: Sequence[float],
    label_tops: Sequence[float],
    data_bottoms: Sequence[float] | None = None,
    label_bottoms: Sequence[float] | None = None,
) -> list[list[int]]:
    """For each data line, the indices of the label-only lines that belong to its row.

    Label-only lines between two data lines belong to the upper row down to the widest gap
    and to the lower row after it; lines above the first data line belong to it, lines below
    the last to it. Pure: tops and bottoms in, groups out.
    """
    data_bottoms = data_bottoms if data_bottoms is not None else data_tops
    label_bottoms = label_bottoms if label_bottoms is not None else label_tops
    groups: list[list[int]] = [[] for _ in data_tops]
    if not data_tops:
        return groups
    order = sorted(range(len(label_tops)), key=lambda k: label_tops[k])
    for k in order:
        top = label_tops[k]
        below = next((d for d in range(len(data_tops)) if data_tops[d] > top), None)
        above = below - 1 if below is not None else len(data_tops) - 1
        if below is None or above < 0:
            groups[above if above >= 0 else 0].append(k)
            continue
        run = [j for j in order if data_tops[above] < label_tops[j] < data_tops[below]]
        tops = [data_tops[above]] + [label_tops[j] for j in run] + [data_tops[below]]
        bottoms = [data_bottoms[above]] + [label_bottoms[j] for j in run] + [data_bottoms[below]]
        gaps = [tops[m + 1] - bottoms[m] for m in range(len(tops) - 1)]
        split = max(range(len(gaps)), key=lambda m: (gaps[m], m))
        position = run.index(k)
        groups[above if position < split else below].append(k)
    return groups
