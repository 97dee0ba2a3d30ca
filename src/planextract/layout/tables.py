"""Tables declared by a plugin, read by the core: title, header, rows, across pages.

A plugin says what a table is (:class:`TableDecl`: title and header words with alternatives,
column kinds); :func:`read_table` finds and reads it in any faithful typesetting:

1. **find** — every line matching the title (or, without one, a header naming the columns)
   is a candidate start; each is read, and the first reading that names every required
   column and has rows wins (a chapter heading "Budget 2021" over prose is not the table);
2. **segments** — the table's part on each page: header lines down to the first line with
   an amount, then rows until prose, a heading, a wide gap or another table; when the table
   runs to the end of its page it continues on the next, after a repeated title and header;
3. **grid** (:mod:`.grid`) — columns from vertical rules when the page draws them, else from
   where numbers line up; rows as vertical bands (rules, else the white space between
   amounts), so wrapped and vertically centred labels stay with their numbers.

Each segment is measured on its own page, so mirrored margins or a landscape page do not
matter; its columns are named by its own header, or, under no header, matched by position
with the segment before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..document import Word
from ..errors import TableNotFound
from ..text import join_wrapped
from .body import Body
from .cells import CELL_GAP_EM, Cell, cells
from .columns import Placed
from .grid import Grid, GridRow, emphasise, read_grid
from .styles import line_style

#: Header lines of one table are at most this many.
MAX_HEADER_LINES = 20
#: A vertical gap wider than this many times the row pitch ends a table.
GAP_PITCHES = 2.6
#: Words a number column may hold instead of a number ("tkr" under a budget header).
UNIT_WORDS = frozenset({"tkr", "kr", "mnkr", "mdkr", "%", "antal", "st", "timmar"})


@dataclass(frozen=True)
class ColumnDecl:
    """A column a table must (or may) have: its name and what its header says.

    ``header`` is a regex matched case-insensitively against the header text with line-end
    hyphens joined ("Års-/arbetare" reads "årsarbetare"); list alternatives with ``|``.
    """

    name: str
    header: str
    kind: str = "number"  # "number" or "text"
    required: bool = True


@dataclass(frozen=True)
class TableDecl:
    """What a plugin knows about one table: enough for the core to find and read it."""

    name: str
    columns: tuple[ColumnDecl, ...]
    title: str | None = None  # regex searched in a line (or two wrapped lines) above the header
    label: str = "label"  # the name of the row-label column
    min_rows: int = 1
    #: Titles of other tables: the rows stop at them.
    stops: tuple[str, ...] = ()
    #: No header over the numbers (a chart's legend): the value columns are the declared
    #: columns in order, and every line under the title is a row.
    headerless: bool = False


@dataclass(frozen=True)
class TableRow:
    """One row: its label, the printed text of its numbers by column, and how it stands out."""

    label: str
    values: dict[str, str]
    units: dict[str, str]
    notes: dict[str, str]
    emphasis: frozenset[str]  # "bold", "shaded", "inverted", "ruled"
    page: int
    top: float
    bottom: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class TableReading:
    """A table as read: title, each column's header text, rows in order, and what was used."""

    name: str
    title: str
    headers: dict[str, str]
    rows: tuple[TableRow, ...]
    pages: tuple[int, ...]
    words: frozenset[Word]
    how: str
    footnotes: tuple[str, ...] = ()
    leftovers: tuple[Cell, ...] = ()
    #: Words of the title, headers and footnotes (the rest of ``words`` are the rows').
    aside: frozenset[Word] = frozenset()

    @property
    def page(self) -> int:
        return self.pages[0]


@dataclass
class _Segment:
    page: int
    title: list[Placed] = field(default_factory=list)
    header: list[Placed] = field(default_factory=list)
    body: list[Placed] = field(default_factory=list)
    footnotes: list[Placed] = field(default_factory=list)


def header_key(text: str) -> str:
    """Header text as declarations match it: NFKC, case-folded, line-end hyphens joined."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(?<=\w)-\s+(?=\w)", "", text)
    return " ".join(text.split())


def read_table(body: Body, decl: TableDecl, exclude: frozenset[Word] = frozenset(),
               accept: Callable[[TableReading], bool] = lambda reading: True) -> TableReading:
    """The declared table, or :class:`TableNotFound` saying where it looked and what it saw."""
    lines = list(body.lines(exclude))
    starts = _starts(lines, decl)
    if not starts:
        where = f"a line matching /{decl.title}/" if decl.title else "a header naming its columns"
        raise TableNotFound(f"{decl.name}: no {where} in {len(lines)} body lines")
    problems: list[str] = []
    for start in starts:
        try:
            reading = _read_from(lines, start, decl, body)
        except TableNotFound as error:
            where = "" if error.message.startswith("page ") else f"page {lines[start].page}: "
            problems.append(where + error.message)
            continue
        if len(reading.rows) >= decl.min_rows and accept(reading):
            return reading
        problems.append(f"page {reading.page}: {len(reading.rows)} rows, not accepted")
    raise TableNotFound(f"{decl.name}: " + "; ".join(dict.fromkeys(problems)))


def _starts(lines: Sequence[Placed], decl: TableDecl) -> list[int]:
    """Lines where the table may start: its title (on one line or wrapped over two)."""
    if decl.title is None:
        return [i for i, line in enumerate(lines) if _names_columns(line.text, decl) >= 2]
    pattern = re.compile(decl.title, re.IGNORECASE)
    found = []
    for i, line in enumerate(lines):
        if pattern.search(header_key(line.text)) or (
            i + 1 < len(lines) and lines[i + 1].page == line.page
            and pattern.search(header_key(f"{line.text} {lines[i + 1].text}"))
            and not pattern.search(header_key(lines[i + 1].text))
        ):
            found.append(i)
    return found


def _names_columns(text: str, decl: TableDecl) -> int:
    key = header_key(text)
    return sum(bool(re.search(c.header, key)) for c in decl.columns)


def _read_from(lines: Sequence[Placed], start: int, decl: TableDecl, body: Body) -> TableReading:
    segments = _segments(lines, start, decl)
    if not segments:
        raise TableNotFound("the title has no rows of amounts under it")
    grids: list[Grid] = []
    for k, segment in enumerate(segments):
        grid = read_grid(segment.header, segment.body, body.document.page(segment.page), UNIT_WORDS,
                         previous=grids[-1] if grids else None)
        if grids and not segment.header and len(grid.edges) != len(grids[-1].edges):
            segments = segments[:k]  # the next page holds something else, not the table's rows
            break
        grids.append(grid)
    headers, names = _column_names(grids, decl)
    emphasise([r for grid in grids for r in grid.rows])
    rows = [_row(r, grid, names[k], decl) for k, grid in enumerate(grids) for r in grid.rows]
    used = frozenset(w for s in segments for p in (*s.title, *s.header, *s.body, *s.footnotes) for w in p.words)
    title = join_wrapped([p.text for p in segments[0].title])
    return TableReading(
        decl.name, title, headers, tuple(rows), tuple(s.page for s in segments), used,
        "; ".join(dict.fromkeys(g.how for g in grids)),
        tuple(join_wrapped([p.text for p in s.footnotes]) for s in segments if s.footnotes),
        tuple(c for g in grids for c in g.leftovers),
        frozenset(w for s in segments for p in (*s.title, *s.header, *s.footnotes) for w in p.words),
    )


def _segments(lines: Sequence[Placed], start: int, decl: TableDecl) -> list[_Segment]:
    """The table's part on each page, following it over page breaks."""
    segments: list[_Segment] = []
    i = start
    while i < len(lines):
        segment, following = _segment(lines, i, decl, first=not segments, previous=segments[-1] if segments else None)
        if segment is None:
            if segments and i < len(lines) and lines[i].page != segments[-1].page:
                _overflowing_notes(lines, i, segments[-1])
            break
        segments.append(segment)
        i = following
        if i < len(lines) and lines[i].page == segment.page and not _repeats_title(lines, i, decl):
            break  # something else follows on the same page: the table ended
    return segments


def _overflowing_notes(lines: Sequence[Placed], i: int, segment: _Segment) -> None:
    """A table's footnotes that ran over onto the next page ("* 0,43 promille …" at its top)."""
    while i < len(lines) and lines[i].text.lstrip().startswith("*") and not is_data_line(lines[i]):
        segment.footnotes.append(lines[i])
        i += 1
        while i < len(lines) and _continues_footnote(lines[i], segment.footnotes[-1]) \
                and not lines[i].text.lstrip().startswith("*"):
            segment.footnotes.append(lines[i])
            i += 1


def _repeats_title(lines: Sequence[Placed], i: int, decl: TableDecl) -> bool:
    """The table's title again (a table printed in parts, each under its title)."""
    return decl.title is not None and bool(re.search(decl.title, header_key(lines[i].text), re.IGNORECASE))


def _segment(lines: Sequence[Placed], i: int, decl: TableDecl, *, first: bool,
             previous: _Segment | None) -> tuple[_Segment | None, int]:
    page = lines[i].page
    segment = _Segment(page)
    title = re.compile(decl.title, re.IGNORECASE) if decl.title else None
    if first and title is not None:
        segment.title.append(lines[i])
        i += 1
        while i < len(lines) and (not title.search(header_key(segment.title[0].text))
                                  or (_continues_title(segment.title[-1], lines[i]) and not _group_heading(lines, i))):
            segment.title.append(lines[i])
            i += 1
        if i < len(lines) and lines[i].page != page and title.search(header_key(segment.title[0].text)):
            page = segment.page = lines[i].page  # the title was left at the foot of its page
    else:
        start = i
        i = _skip_repeated(lines, i, previous, title, decl)
        if i >= len(lines) or lines[i].page != page or not _starts_rows(lines, i):
            return None, start  # the next page holds something else
        repeated = [p for p in lines[start:i] if title and title.search(header_key(p.text))]
        segment.title, segment.header = repeated, [p for p in lines[start:i] if p not in repeated]
        return segment, _rows(lines, i, segment, decl)
    header_start = i
    while not decl.headerless and i < len(lines) and lines[i].page == page and not _first_row(lines, i):
        if i - header_start >= MAX_HEADER_LINES or _stops(lines[i].text, decl) \
                or (i > header_start and lines[i].top - lines[i - 1].bottom > 2.5 * lines[i].size):
            return None, i
        i += 1
    if i >= len(lines) or lines[i].page != page:
        return None, i
    segment.header = list(lines[header_start:i])
    while segment.header and abs(segment.header[0].size - lines[i].size) > 0.15 * lines[i].size:
        segment.title.append(segment.header.pop(0))  # a subtitle in the text's size, not a header
    moved = _wrapped_first_label(segment.header, lines[i])
    if moved:  # the first row's label wrapped above its numbers is no header
        segment.header, i = segment.header[:-moved], i - moved
    return segment, _rows(lines, i, segment, decl)


def _wrapped_first_label(header: Sequence[Placed], first: Placed) -> int:
    """How many of the header's last lines are the first row's label wrapped above its
    numbers (bottom-aligned cells): text only in the label column, set at the row's leading."""
    value_left = _value_left(first)
    count = 0
    below = first
    for line in reversed(header):
        if any(w.x1 > value_left for w in line.words) or below.top - line.bottom > 0.5 * first.size \
                or abs(line.size - first.size) > 0.05 * first.size:
            break
        count += 1
        below = line
    return count if count < len(header) else 0


def _starts_rows(lines: Sequence[Placed], i: int) -> bool:
    """A continuation page goes on with rows: a line with amounts, a label wrapped above one,
    or a legend's group heading with entries under it."""
    size = lines[i].size
    if is_data_line(lines[i]) or _heads_rows(lines, i, size, 1.6 * size):
        return True
    for k in range(i + 1, min(i + 5, len(lines))):  # a label wrapped around its first amount
        if lines[k].page != lines[i].page or lines[k].top - lines[k - 1].bottom > 0.8 * size:
            return False
        if is_data_line(lines[k]):
            return True
    return False


def _rows(lines: Sequence[Placed], i: int, segment: _Segment, decl: TableDecl) -> int:
    """Add the segment's row lines from ``lines[i]``; return where the table ends."""
    first = lines[i]
    data = next((line for line in lines[i:] if line.page == segment.page and is_data_line(line)), first)
    size = data.size
    value_left = _value_left(data)
    pitch = 1.6 * size
    previous = first
    while i < len(lines) and lines[i].page == segment.page:
        line = lines[i]
        note = line.text.lstrip().startswith("*") and not is_data_line(line) \
            and line.top - previous.bottom <= GAP_PITCHES * max(pitch, size)
        if segment.footnotes and not note and _continues_footnote(line, segment.footnotes[-1]):
            segment.footnotes.append(line)  # a footnote's next line, in the footnotes' size
            previous = line
            i += 1
            continue
        if line is not first and not note and _ends(line, previous, size, value_left, pitch, decl) \
                and not _heads_rows(lines, i, size, pitch):
            break
        if note:
            segment.footnotes.append(line)
        elif segment.footnotes:
            break
        else:
            segment.body.append(line)
            data = [p for p in segment.body if is_data_line(p)]
            if len(data) >= 2:
                steps = [b.top - a.top for a, b in zip(data, data[1:]) if b.top > a.top]
                pitch = sorted(steps)[len(steps) // 2] if steps else pitch
        previous = line
        i += 1
    return i


def _continues_title(title: Placed, line: Placed) -> bool:
    """A wrapped title line: same page, size and weight, just below, no amounts."""
    return (
        line.page == title.page
        and abs(line.size - title.size) <= 0.05 * title.size
        and line_style(line.line).bold == line_style(title.line).bold
        and 0 <= line.top - title.bottom <= 0.9 * title.size
        and abs(line.x0 - title.x0) <= title.size
        and title.right - title.x1 <= (line.words[0].x1 - line.words[0].x0) + title.size  # it wrapped
        and not is_data_line(line)
    )


def _group_heading(lines: Sequence[Placed], i: int) -> bool:
    """The line heads rows, and a line in its look and place heads rows further down (on this
    page or the next): the table's first group heading, not its title wrapped (both may be
    bold and fill the column)."""
    line = lines[i]
    size, look = line.size, line_style(line.line)
    if not _heads_rows(lines, i, size, 1.6 * size):
        return False
    rows = False
    for k in range(i + 1, len(lines)):
        other = lines[k]
        if other.page > line.page + 1:
            return False
        if is_data_line(other):
            rows = True
        elif rows and abs(other.indent - line.indent) <= 0.5 * size and line_style(other.line).same_as(look) \
                and _heads_rows(lines, k, size, 1.6 * size):
            return True
    return False


def _continues_footnote(line: Placed, note: Placed) -> bool:
    return abs(line.size - note.size) < 0.3 and 0 <= line.top - note.bottom < 0.6 * line.size


def _ends(line: Placed, previous: Placed, size: float, value_left: float, pitch: float, decl: TableDecl) -> bool:
    """Prose across the columns, a heading, a different type size, a wide gap or a stop."""
    if line.top - previous.bottom > GAP_PITCHES * max(pitch, size):
        return True
    if _stops(line.text, decl):
        return True
    if is_data_line(line):
        return False
    if line.size > 1.25 * size or line.size < 0.75 * size:
        return True
    return any(c.x0 < value_left - size < c.x1 - size and len(c.words) > 3 for c in cells(line.words))


def _heads_rows(lines: Sequence[Placed], i: int, size: float, pitch: float) -> bool:
    """A short line set apart in its look (a group heading inside a legend: bolder, larger,
    slanted or coloured) with rows right under it."""
    line = lines[i]
    if i + 1 >= len(lines) or len(line.words) > 6 or is_data_line(line):
        return False
    below = lines[i + 1]
    if below.page != line.page or not is_data_line(below) or below.top - line.bottom > 1.5 * max(pitch, size):
        return False
    return not line_style(line.line).same_as(line_style(below.line), size_tolerance=0.03)


def _stops(text: str, decl: TableDecl) -> bool:
    key = header_key(text)
    return any(re.search(stop, key) for stop in decl.stops)


def _value_left(line: Placed) -> float:
    """Where the first line's numbers begin: left of it lies the label column."""
    numbers = [c for c in cells(line.words) if c.numeric]
    return min(c.x0 for c in numbers) if numbers else line.x1


def is_data_line(line: Placed, first: bool = False) -> bool:
    """A line holding amounts or unit cells; a header holds only words, years and dates.

    The ``first`` row of a table must hold two amounts, or an amount and a unit, standing
    apart from any text and outnumbering the years: a header wrapped around numbers ("Totala
    bidrag 2" / "007", "den 1" / "nov 2006", "TX 06") is no row.
    """
    found = cells(line.words)
    amounts = [c for k, c in enumerate(found) if c.numeric and not c.year
               and not (first and k and not found[k - 1].numeric and _glued(found[k - 1], c))]
    units = [c for c in found if c.text.casefold() in UNIT_WORDS]
    if first and amounts and sum(c.year for c in found) >= len(amounts):
        return False
    if len(amounts) >= 2 or (amounts and units) or len(units) >= 2:
        return True
    return bool(amounts) and not first and not found[0].numeric


def _glued(text: Cell, number: Cell) -> bool:
    """A number a word space after text belongs to it ("den 1", "TX 06")."""
    return number.x0 - text.x1 <= CELL_GAP_EM * number.words[0].size


def _first_row(lines: Sequence[Placed], i: int) -> bool:
    """The table's first row: a data line not followed by more header text over the number
    columns (a header wrapped around numbers — "TX 06", "Totala bidrag 2" — is)."""
    if not is_data_line(lines[i], first=True):
        return False
    below = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page == lines[i].page else None
    if below is None or below.text.lstrip()[:1] in "*¹²³†" or below.top - lines[i].bottom > 0.8 * lines[i].size:
        return True  # the last row on its page, a footnote under it, or rows spaced apart
    value_left = _value_left(lines[i])
    over = [c for c in cells(below.words) if c.x1 > value_left]
    texts = [c for c in over if not c.numeric and c.text.casefold() not in UNIT_WORDS]
    words = [w for c in texts for w in c.words if any(ch.isalpha() for ch in w.text)]
    if texts and all(_continues_note(c, lines[i], value_left) for c in texts):
        return True  # a note in a column of the row, wrapped onto the next line
    return len(words) < 2 or len(words) < sum(c.numeric and not c.year for c in over)


def _continues_note(cell: Cell, line: Placed, value_left: float) -> bool:
    """``cell`` goes on from a text cell of ``line`` set among its numbers, at its left edge."""
    return any(not c.numeric and c.x0 > value_left and abs(c.x0 - cell.x0) <= 0.5 * line.size
               and any(ch.isalpha() for ch in c.text) for c in cells(line.words))


def _skip_repeated(lines: Sequence[Placed], i: int, previous: _Segment | None, title, decl: TableDecl) -> int:
    """Past the title and header a continuation page repeats (the header may be worded and
    broken otherwise there: "Antal års-arbetare" for "Årsarbetare"); a stray line above the
    title (a running head the furniture finder did not know) goes with them."""
    if previous is None:
        return i
    page = lines[i].page
    ahead = [k for k in range(i, min(i + 3, len(lines))) if lines[k].page == page and title is not None
             and title.search(header_key(lines[k].text))]
    if ahead:
        i = ahead[-1] + 1
    j = i
    while j < len(lines) and lines[j].page == page and not _first_row(lines, j) and j - i < MAX_HEADER_LINES:
        j += 1
    block = lines[i:j]
    if not block or j >= len(lines) or lines[j].page != page:
        return i
    words = {w.text.casefold() for p in previous.header for w in p.words}
    mine = [w.text.casefold() for p in block for w in p.words]
    if _names_columns(" ".join(p.text for p in block), decl) >= 2 or sum(w in words for w in mine) >= 0.5 * len(mine):
        k = len(block)
        while k > 0 and sum(w.text.casefold() in words for w in block[k - 1].words) < 0.5 * len(block[k - 1].words) \
                and not _names_columns(block[k - 1].text, decl):
            k -= 1
        if any(c.numeric and not c.year for p in block[k:] for c in cells(p.words)):
            j, block = i + k, block[:k]  # a row with one amount (a unit's FTE), its label wrapped around it
        return j - _wrapped_first_label(block, lines[j])
    return i


def _column_names(grids: Sequence[Grid], decl: TableDecl) -> tuple[dict[str, str], list[dict[int, str]]]:
    """Each segment's columns named by its header (or by the segment before): the headers of
    the first segment as printed, and per segment column index → declared name."""
    names: list[dict[int, str]] = []
    headers: dict[str, str] = {}
    for k, grid in enumerate(grids):
        if decl.headerless:
            if len(grid.edges) != len(decl.columns):
                raise TableNotFound(f"page {grid.page}: {len(grid.edges)} columns of numbers, "
                                    f"expected {len(decl.columns)}")
            mapping = {k: c.name for k, c in enumerate(decl.columns)}
        else:
            mapping = _segment_names(grid, decl, names[-1] if names else None,
                                     len(grids[k - 1].edges) if k else None)
        names.append(mapping)
        for column, name in mapping.items():
            headers.setdefault(name, grid.headers.get(column, ""))
    missing = [c.name for c in decl.columns if c.required and c.name not in headers]
    if missing:
        printed = "; ".join(t for t in grids[0].headers.values() if t)
        raise TableNotFound(f"page {grids[0].page}: no column for {', '.join(missing)} (headers: {printed})")
    return headers, names


def _segment_names(grid: Grid, decl: TableDecl, previous: dict[int, str] | None,
                   previous_columns: int | None) -> dict[int, str]:
    """A segment's columns named by its own header; a continuation whose header is missing or
    reads otherwise takes the names of the part before when it has as many columns."""
    try:
        if any(text for column, text in grid.headers.items() if column >= 0):
            return map_headers(grid.headers, decl, grid.page)
        raise TableNotFound(f"page {grid.page}: no header over the numbers")
    except TableNotFound:
        if previous is not None and previous_columns == len(grid.edges):
            return dict(previous)
        raise


def map_headers(texts: dict[int, str], decl: TableDecl, page: int) -> dict[int, str]:
    """Column index → declared name: each header means the column whose pattern matches it
    earliest ("Summa skatter och bidrag" is a sum, though it mentions "bidrag")."""
    mapping: dict[int, str] = {}
    for column, text in texts.items():
        if not text or column < 0:  # the label column's header ("Aktivitet", "Kommun")
            continue
        meaning = header_meaning(text, decl)
        if meaning is None:
            raise TableNotFound(f"page {page}: header {text!r} names none of the columns "
                                f"{', '.join(c.name for c in decl.columns)}")
        if meaning in mapping.values():
            other = next(texts[c] for c, n in mapping.items() if n == meaning)
            raise TableNotFound(f"page {page}: headers {other!r} and {text!r} both mean {meaning}")
        mapping[column] = meaning
    return mapping


def header_meaning(text: str, decl: TableDecl) -> str | None:
    key = header_key(text)
    best: tuple[int, int, str] | None = None
    for rank, column in enumerate(decl.columns):
        match = re.search(column.header, key)
        if match and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, column.name)
    return best[2] if best else None


def _row(row: GridRow, grid: Grid, names: dict[int, str], decl: TableDecl) -> TableRow:
    def named(values: dict[int, str]) -> dict[str, str]:
        return {names[c]: v for c, v in values.items() if c in names}

    return TableRow(
        label=row.label,
        values=named(row.values),
        units=named(row.units),
        notes=named(row.notes),
        emphasis=row.emphasis,
        page=grid.page,
        top=row.top,
        bottom=row.bottom,
        words=row.words,
    )
