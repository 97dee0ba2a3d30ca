"""One page's part of a table as a grid: columns, rows as vertical bands, row emphasis.

*Columns* come from the page's vertical rules when it draws them (a Word grid), else from
where the numbers line up (right edges, or left edges or centres when a producer aligned
them so); a column without a single number still gets its header's position. Numbers run
together in a condensed table are cut where the columns say numbers end.

*Rows* are vertical bands around the lines that hold amounts. Where horizontal rules
separate the rows, the rules are the bands. Otherwise a label-only line (a wrapped or
vertically centred label) joins the amount line nearer to it in white space; on a tie, an
amount line without a label of its own takes it, else the one above (the common top
alignment).

*Emphasis* is what sets a row apart from most rows: bold words, a shade other rows do not
have (zebra stripes are no emphasis), white text on a dark band, a rule of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from ..document import Page, Rule, Word, all_bold
from ..text import join_wrapped
from .cells import ALIGN_EM, CELL_GAP_EM, Cell, alignment, cells, gap_cells, split_at_edges
from .columns import Placed
from .glyphs import is_bullet_glyph
from .styles import line_style

#: Vertical rules covering this share of the body's height are column boundaries.
RULE_COVER = 0.6
#: A horizontal rule this wide (share of the table's width) separates rows.
RULE_WIDTH = 0.5
#: Header cells are split where words stand further apart than this many ems.
HEADER_GAP_EM = 0.5
#: A shade or rule on fewer than this share of rows marks them; on more it is the table's look.
MINORITY = 0.35


@dataclass
class GridRow:
    label_cells: list[Cell] = field(default_factory=list)
    values: dict[int, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    emphasis: frozenset[str] = frozenset()
    shade: str | None = None
    ruled: bool = False
    top: float = 0.0
    bottom: float = 0.0
    words: tuple[Word, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Grid:
    page: int
    headers: dict[int, str]  # value column index -> header text; -1 the label column
    edges: tuple[float, ...]  # each value column's aligned position
    rows: tuple[GridRow, ...]
    how: str
    leftovers: tuple[Cell, ...] = ()


@dataclass
class _Line:
    """A body line split into cells: free numbers, unit words and text (label or note)."""

    placed: Placed
    numbers: list[Cell]
    units: list[Cell]
    texts: list[Cell]
    label: list[Cell] = field(default_factory=list)
    values: dict[int, str] = field(default_factory=dict)
    unit_of: dict[int, str] = field(default_factory=dict)
    notes: list[tuple[int, Cell]] = field(default_factory=list)

    @property
    def anchor(self) -> bool:
        return bool(self.values or self.unit_of)


def read_grid(header: Sequence[Placed], body: Sequence[Placed], page: Page, unit_words: frozenset[str],
              previous: Grid | None = None) -> Grid:
    """The grid of one segment: its header lines above, its body lines, the page it is on."""
    size = median(w.size for p in body for w in p.words)
    lines = [_split(p, size, unit_words) for p in body]
    boundaries = _vertical_boundaries(page.rules, header, body)
    if len(boundaries) >= 3:
        mode, spans = "ruled", _value_intervals(lines, boundaries)
        edges = [b for _, b in spans]
        how = "columns from vertical rules"
    else:
        mode, edges = alignment([c for ln in lines for c in ln.numbers + ln.units], ALIGN_EM * size)
        edges = _merge_exclusive(edges, lines, mode, size)
        how = f"columns from {mode}-aligned numbers"
    lines = [_cut(ln, boundaries if mode == "ruled" else edges, mode, size) for ln in lines]
    if mode != "ruled":
        edges = _add_header_columns(edges, header, lines, mode, size)
        spans = _spans(lines, edges, mode, size)
    free = [c for ln in lines for c in ln.numbers + ln.units]
    label_right = min((c.x0 for c in free), default=spans[0][0] if spans else page.width)
    leftovers: list[Cell] = []
    for ln in lines:
        _assign(ln, spans, edges, mode, label_right, size, leftovers)
    rows, banding = _rows(lines, page.rules, size)
    _attach_notes(rows, lines, size)
    _look(rows, page)
    label_x1 = max((c.x1 for ln in lines for c in ln.label), default=label_right - size)
    cuts = [b for b in boundaries] if mode == "ruled" else ([e + 0.5 for e in edges] if mode == "right" else
                                                             [e - 0.5 for e in edges] if mode == "left" else [])
    headers = _header_texts(header, _header_spans(spans, label_x1), label_right, cuts, size)
    return Grid(page.number, headers, tuple(edges), tuple(rows), f"{how}, {banding}", tuple(leftovers))


# --------------------------------------------------------------------------- columns
def _vertical_boundaries(rules: Sequence[Rule], header: Sequence[Placed], body: Sequence[Placed]) -> list[float]:
    """x of vertical rules that run down most of the body (each cell's border counts)."""
    top, bottom = min(p.top for p in body), max(p.bottom for p in body)
    x0 = min(p.x0 for p in (*header, *body)) - 12
    x1 = max(p.x1 for p in (*header, *body)) + 12
    segments = [(r.x0, r.top, r.bottom) for r in rules if not r.horizontal and x0 <= r.x0 <= x1]
    return [x for x, length in _coverage(segments, top, bottom) if length >= RULE_COVER * (bottom - top)]


def _coverage(segments: Sequence[tuple[float, float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """Collinear segments (position, start, end) merged: each position and the length of
    ``lo..hi`` its segments cover (a grid drawn cell by cell is one line)."""
    found: list[tuple[float, list[tuple[float, float]]]] = []
    for position, start, end in sorted(segments):
        if found and position - found[-1][0] <= 1.5:
            found[-1][1].append((start, end))
        else:
            found.append((position, [(start, end)]))
    out = []
    for position, parts in found:
        covered, reach = 0.0, lo
        for start, end in sorted(parts):
            start, end = max(start, reach), min(end, hi)
            if end > start:
                covered += end - start
                reach = end
        out.append((position, covered))
    return out


def _value_intervals(lines: Sequence[_Line], boundaries: Sequence[float]) -> list[tuple[float, float]]:
    """Between the rules, the intervals holding numbers or units: the value columns."""
    intervals = list(zip(boundaries, boundaries[1:]))
    filled = [any(a <= c.centre <= b for ln in lines for c in ln.numbers + ln.units) for a, b in intervals]
    first = filled.index(True) if True in filled else len(intervals)
    return intervals[first:]


def _split(placed: Placed, size: float, unit_words: frozenset[str]) -> _Line:
    """A line's cells: free-standing numbers, unit words, and text (a number glued to text,
    like the "2010" of "Tillgänglighet 2010", is text; a unit word before the line's numbers,
    like a row labelled "Antal", is its label)."""
    line = _Line(placed, [], [], [])
    found = cells(placed.words)
    for k, cell in enumerate(found):
        glued = k > 0 and not found[k - 1].numeric and cell.x0 - found[k - 1].x1 <= CELL_GAP_EM * size
        label = k == 0 and any(c.numeric for c in found[1:])
        if cell.numeric and not glued:
            line.numbers.append(cell)
        elif cell.text.casefold() in unit_words and not label:
            line.units.append(cell)
        else:
            line.texts.append(cell)
    return line


def _cut(line: _Line, edges: Sequence[float], mode: str, size: float) -> _Line:
    """Numbers run together across a column edge, cut apart."""
    if mode == "ruled":
        line.numbers = [part for c in line.numbers for part in _cut_at_rules(c, edges)]
    else:
        line.numbers = [part for c in line.numbers for part in split_at_edges(c, edges, mode, ALIGN_EM * size)]
    return line


def _cut_at_rules(cell: Cell, boundaries: Sequence[float]) -> list[Cell]:
    parts: list[list[Word]] = [[]]
    for previous, word in zip((None, *cell.words), cell.words):
        if previous is not None and any(previous.x1 <= b <= word.x0 + 0.5 for b in boundaries):
            parts.append([])
        parts[-1].append(word)
    out = [Cell(tuple(p)) for p in parts]
    return out if all(c.numeric for c in out) else [cell]


def _merge_exclusive(edges: list[float], lines: Sequence[_Line], mode: str, size: float) -> list[float]:
    """Neighbouring positions no row fills both of, a few ems apart, are one column set
    slightly differently in two parts (a legend in two groups), not two columns."""
    def column(cell: Cell) -> int:
        return min(range(len(edges)), key=lambda k: abs(_position(cell, mode) - edges[k]))

    together = {(a, b) for ln in lines for a in map(column, ln.numbers + ln.units)
                for b in map(column, ln.numbers + ln.units) if a != b}
    merged = list(edges[:1])
    for k in range(1, len(edges)):
        if (k - 1, k) not in together and edges[k] - merged[-1] <= 3 * size:
            merged[-1] = edges[k]  # keep the outer position: the column's far edge
        else:
            merged.append(edges[k])
    return merged


def _position(cell: Cell, mode: str) -> float:
    return {"right": cell.x1, "left": cell.x0}.get(mode, cell.centre)


def _add_header_columns(edges: list[float], header: Sequence[Placed], lines: Sequence[_Line],
                        mode: str, size: float) -> list[float]:
    """A column whose header stands over no number at all still is a column. Headers are
    taken as stacks (a header's cells on all its lines together), so a wide centred header
    leaning out past its numbers adds nothing."""
    numbers = [c for ln in lines for c in ln.numbers + ln.units]
    if not numbers or not header:
        return edges
    left = min(ln.placed.x0 for ln in lines)
    labels_end = max((c.x1 for ln in lines for c in ln.texts if c.x0 <= left + 1.5 * size), default=left)
    spans = [(min(c.x0 for c in numbers if abs(_position(c, mode) - e) <= ALIGN_EM * size), e) for e in edges]
    intervals = [(c.x0, c.x1) for p in header for c in gap_cells(p.words, HEADER_GAP_EM) if c.x0 > labels_end]
    added = list(edges)
    for x0, x1 in _stacks(intervals):
        if not any(x0 <= b + 0.5 * size and x1 >= a - 0.5 * size for a, b in spans):
            added.append({"right": x1, "left": x0}.get(mode, (x0 + x1) / 2))
    return sorted(added)


def _stacks(intervals: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping intervals merged."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(intervals):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _spans(lines: Sequence[_Line], edges: Sequence[float], mode: str, size: float) -> list[tuple[float, float]]:
    """Each column's extent: from its numbers' left to right, widened to meet its neighbours."""
    tight: list[list[float]] = [[e, e] for e in edges]
    for ln in lines:
        for cell in ln.numbers + ln.units:
            k = min(range(len(edges)), key=lambda j: abs(_position(cell, mode) - edges[j]))
            if abs(_position(cell, mode) - edges[k]) <= ALIGN_EM * size:
                tight[k][0] = min(tight[k][0], cell.x0)
                tight[k][1] = max(tight[k][1], cell.x1)
    spans = []
    for k, (a, b) in enumerate(tight):
        lo = (tight[k - 1][1] + a) / 2 if k else a - size
        hi = (b + tight[k + 1][0]) / 2 if k + 1 < len(tight) else b + size
        spans.append((lo, hi))
    return spans


def _assign(line: _Line, spans: Sequence[tuple[float, float]], edges: Sequence[float], mode: str,
            label_right: float, size: float, leftovers: list[Cell]) -> None:
    """Numbers and units to their columns; text left of the columns is the label, text in a
    column a note; a number in no column is left over (and said so)."""
    for cell in line.numbers:
        column = _column_of(cell.centre, spans)
        if column is None or column in line.values:
            leftovers.append(cell)
        else:
            line.values[column] = cell.number_text
    for cell in line.units:
        column = _column_of(cell.centre, spans)
        if column is not None:
            line.unit_of[column] = cell.text
    for cell in line.texts:
        if cell.x0 < label_right - 0.5 * size:  # starts in the label column (a group row may span)
            line.label.append(cell)
        else:
            line.notes.append((_cell_column(cell, spans, edges, mode, size), cell))


def _cell_column(cell: Cell, spans: Sequence[tuple[float, float]], edges: Sequence[float], mode: str,
                 size: float) -> int:
    """The column a text cell (a note) stands in: a right-aligned column's cells reach from
    the edge of the column before to its own, so a note starting there is in it."""
    if mode == "right":
        return next((k for k, edge in enumerate(edges) if edge >= cell.x0 + 0.5 * size), len(edges) - 1)
    column = _column_of(cell.x0 + 1, spans)
    return column if column is not None else 0


def _column_of(x: float, spans: Sequence[tuple[float, float]]) -> int | None:
    for k, (a, b) in enumerate(spans):
        if a <= x <= b:
            return k
    return None


# --------------------------------------------------------------------------- rows
def _rows(lines: Sequence[_Line], rules: Sequence[Rule], size: float) -> tuple[list[GridRow], str]:
    """Group the lines that hold amounts or labels into rows (note-only lines are notes)."""
    members = [ln for ln in lines if ln.anchor or ln.label]
    if not members:
        return [], "no rows"
    x0 = min(ln.placed.x0 for ln in lines)
    x1 = max(ln.placed.x1 for ln in lines)
    separators = _row_rules(rules, lines, x0, x1)
    anchors = [ln for ln in members if ln.anchor]
    if len(anchors) >= 2 and _rules_separate(anchors, separators):
        groups, banding = _bands(members, separators, size), "rows between rules"
    else:
        groups, banding = _by_white_space(members, size), "rows by white space"
    return [_make_row(group) for group in groups if group], banding


def _row_rules(rules: Sequence[Rule], lines: Sequence[_Line], x0: float, x1: float) -> list[float]:
    """y of horizontal rules (cell borders merged) across most of the table's width."""
    top, bottom = min(ln.placed.top for ln in lines), max(ln.placed.bottom for ln in lines)
    segments = [((r.top + r.bottom) / 2, r.x0, r.x1) for r in rules
                if r.horizontal and top - 2 <= (r.top + r.bottom) / 2 <= bottom + 2]
    return [y for y, length in _coverage(segments, x0, x1) if length >= RULE_WIDTH * (x1 - x0)]


def _rules_separate(anchors: Sequence[_Line], ys: Sequence[float]) -> bool:
    """Rules between most pairs of consecutive amount lines: the rules draw the rows."""
    pairs = list(zip(anchors, anchors[1:]))
    between = sum(any(a.placed.bottom - 1 <= y <= b.placed.top + 1 for y in ys) for a, b in pairs)
    return between >= 0.9 * len(pairs)


def _bands(lines: Sequence[_Line], ys: Sequence[float], size: float) -> list[list[_Line]]:
    """Lines between two rules are one row; a label-only line in a band that does not look
    like the row's label (a group heading above the first rule) is a row of its own."""
    groups: dict[int, list[_Line]] = {}
    for ln in lines:
        middle = (ln.placed.top + ln.placed.bottom) / 2
        groups.setdefault(sum(y < middle for y in ys), []).append(ln)
    out: list[list[_Line]] = []
    for k in sorted(groups):
        band = groups[k]
        anchor = next((ln for ln in band if ln.anchor), None)
        apart = [ln for ln in band if anchor is not None and not ln.anchor and not _same_look(ln, anchor, size)]
        out.extend([ln] for ln in apart if ln.placed.top < anchor.placed.top)
        out.append([ln for ln in band if ln not in apart])
        out.extend([ln] for ln in apart if ln.placed.top >= anchor.placed.top)
    return out


def _by_white_space(lines: Sequence[_Line], size: float) -> list[list[_Line]]:
    """Label-only lines to the amount line nearer in white space (see the module docstring)."""
    anchors = [k for k, ln in enumerate(lines) if ln.anchor]
    owner: dict[int, int] = {k: k for k in anchors}
    for k in range(len(lines)):
        if k not in owner:
            above = max((a for a in anchors if a < k), default=None)
            below = min((a for a in anchors if a > k), default=None)
            owner[k] = _nearer(lines, k, above, below, size)
    groups: dict[int, list[_Line]] = {}
    for k in range(len(lines)):
        groups.setdefault(owner[k], []).append(lines[k])
    return _join_wrapped_headings([groups[k] for k in sorted(groups)], size)


def _join_wrapped_headings(groups: list[list[_Line]], size: float) -> list[list[_Line]]:
    """Label-only rows stacked tight in one weight are one row wrapped ("Avtals- och
    projektfinansierad" / "verksamhet" heading a legend's group)."""
    out: list[list[_Line]] = []
    for group in groups:
        previous = out[-1] if out else None
        if previous and not any(ln.anchor for ln in (*previous, *group)) \
                and _bold(previous[-1]) == _bold(group[0]) \
                and 0 <= group[0].placed.top - previous[-1].placed.bottom <= 0.8 * group[0].placed.size:
            previous.extend(group)
        else:
            out.append(group)
    return out


def _nearer(lines: Sequence[_Line], k: int, above: int | None, below: int | None, size: float) -> int:
    """The amount line a label-only line belongs to (its own index: a row of its own)."""
    line = lines[k]
    near = [t for t in (above, below) if t is not None and _same_look(line, lines[t], size)
            and _chained(lines, k, t, size)]
    if not near:
        return k  # a group heading: set apart by look or by space
    if len(near) == 1:
        return near[0]
    run = list(range(above, below + 1))
    gaps = [lines[b].placed.top - lines[a].placed.bottom for a, b in zip(run, run[1:])]
    widest = max(gaps)
    splits = [m for m, g in enumerate(gaps) if widest - g <= 0.06 * size]
    position = k - above  # gaps[position - 1] lies above line k, gaps[position] below it
    if len(splits) > 1:  # no clear split: a line without a label takes it, else the one above
        if not lines[below].label and lines[above].label:
            return below
        return above if position <= splits[-1] else below
    return above if position <= splits[0] else below


def _chained(lines: Sequence[_Line], k: int, target: int, size: float) -> bool:
    """Label lines from ``k`` to the amount line ``target`` follow each other at a label's leading."""
    step = 1 if target > k else -1
    for a in range(k, target, step):
        if _gap(lines[a].placed, lines[a + step].placed) > 1.2 * size:
            return False
    return True


def _same_look(line: _Line, target: _Line, size: float) -> bool:
    """A wrapped label looks like the label it continues: same type, not set left of it."""
    mine = [w for c in line.label for w in c.words if any(ch.isalpha() for ch in w.text)]
    theirs = [w for c in target.label for w in c.words if any(ch.isalpha() for ch in w.text)]
    if not mine or not theirs:
        return True
    a, b = line_style(mine), line_style(theirs)
    return a.bold == b.bold and a.italic == b.italic and a.color == b.color \
        and abs(a.size - b.size) <= 0.06 * max(a.size, b.size) and mine[0].x0 >= theirs[0].x0 - 0.5 * size


def _bold(line: _Line) -> bool:
    words = [w for c in line.label for w in c.words] or [w for w in line.placed.words]
    return all_bold(words)


def _gap(a: Placed, b: Placed) -> float:
    return max(b.top - a.bottom, a.top - b.bottom)


def _make_row(group: Sequence[_Line]) -> GridRow:
    row = GridRow()
    for ln in group:
        row.values.update(ln.values)
        row.units.update(ln.unit_of)
    row.label_cells = sorted((c for ln in group for c in ln.label), key=lambda c: (c.top, c.x0))
    parts = [(ln.placed.top, text) for ln in group
             if (text := " ".join(c.text for c in ln.label if not _marker(c)))]
    row.label = join_wrapped([text for _, text in sorted(parts)])
    row.top = min(ln.placed.top for ln in group)
    row.bottom = max(ln.placed.bottom for ln in group)
    row.words = tuple(w for ln in group for c in (*ln.label, *ln.numbers, *ln.units) for w in c.words)
    return row


def _marker(cell: Cell) -> bool:
    """A legend's or list's glyph standing alone ("■" beside a vertically centred entry)."""
    return len(cell.words) == 1 and is_bullet_glyph(cell.text)


def _attach_notes(rows: list[GridRow], lines: Sequence[_Line], size: float) -> None:
    """Note cells stacked in one column form a note, kept on the row where it starts (a note
    spanning several rows, like "Budgetmodellen har ändrats …", is stated once)."""
    blocks: list[tuple[int, list[Cell]]] = []
    for ln in lines:
        for column, cell in ln.notes:
            last = next((b for b in reversed(blocks) if b[0] == column), None)
            if last and 0 <= cell.top - last[1][-1].bottom < 1.0 * size:
                last[1].append(cell)
            else:
                blocks.append((column, [cell]))
    for column, found in blocks:
        start = found[0].top + 0.5 * (found[0].bottom - found[0].top)
        row = next((r for r in rows if r.top - 1 <= start <= r.bottom + 1), None) \
            or next((r for r in reversed(rows) if r.top <= start), rows[0] if rows else None)
        if row is None:
            continue
        text = join_wrapped([c.text for c in found])
        row.notes[column] = f"{row.notes[column]} {text}" if column in row.notes else text
        row.words = row.words + tuple(w for c in found for w in c.words)


# --------------------------------------------------------------------------- emphasis
def _look(rows: list[GridRow], page: Page) -> None:
    """Each row's look on its page: bold, inverted, its shade, a rule above it. Whether a
    shade or a rule sets a row apart is decided over the whole table (:func:`emphasise`)."""
    if not rows:
        return
    x0 = min(w.x0 for r in rows for w in r.words)
    x1 = max(w.x1 for r in rows for w in r.words)
    for previous, row in zip([None, *rows], rows):
        lettered = [w for c in row.label_cells for w in c.words if any(ch.isalpha() for ch in w.text)]
        marks = set()
        if (lettered and all_bold(lettered)) or (not lettered and row.words and all_bold(row.words)):
            marks.add("bold")
        if lettered and all(_light(w.color) for w in lettered):
            marks.add("inverted")
        row.emphasis = frozenset(marks)
        row.shade = _shade_of(row, page, x0, x1)
        row.ruled = _ruled_above(row, previous, page, x0, x1)


def emphasise(rows: Sequence[GridRow]) -> None:
    """Add "shaded" and "ruled" to rows whose shade or rule most rows of the table lack
    (zebra stripes and a fully ruled grid are the table's look, not emphasis)."""
    if not rows:
        return
    shades = [row.shade for row in rows]
    usual = {c for c, n in Counter(s for s in shades if s).items()
             if n >= MINORITY * len(rows) or _alternates(shades, c)}
    rare_rules = sum(row.ruled for row in rows) < MINORITY * len(rows)
    for row in rows:
        marks = set(row.emphasis)
        if row.shade and row.shade not in usual:
            marks.add("shaded")
        if row.ruled and rare_rules:
            marks.add("ruled")
        row.emphasis = frozenset(marks)


def _alternates(shades: Sequence[str | None], color: str) -> bool:
    """Zebra stripes: most rows of this colour have a row of another shade between them."""
    at = [k for k, c in enumerate(shades) if c == color]
    steps = [b - a for a, b in zip(at, at[1:])]
    return len(at) >= 3 and sum(step == 2 for step in steps) >= 0.6 * len(steps)


def _shade_of(row: GridRow, page: Page, x0: float, x1: float) -> str | None:
    middle = (row.top + row.bottom) / 2
    for shade in page.shades:
        if shade.top <= middle <= shade.bottom and min(shade.x1, x1) - max(shade.x0, x0) >= 0.4 * (x1 - x0) \
                and shade.height < 6 * (row.bottom - row.top + 1):
            return shade.color
    return None


def _ruled_above(row: GridRow, previous: GridRow | None, page: Page, x0: float, x1: float) -> bool:
    if previous is None:
        return False
    return any(
        r.horizontal and previous.bottom - 1 <= (r.top + r.bottom) / 2 <= row.top + 1
        and min(r.x1, x1) - max(r.x0, x0) >= RULE_WIDTH * (x1 - x0)
        for r in page.rules
    )


def _light(color: str) -> bool:
    if len(color) != 7:
        return False
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b > 200


# --------------------------------------------------------------------------- header
def _cut_text(cell: Cell, cuts: Sequence[float], size: float) -> list[Cell]:
    """A header cell cut between two words where a column boundary falls between them."""
    parts: list[list[Word]] = [[cell.words[0]]]
    for previous, word in zip(cell.words, cell.words[1:]):
        if any(previous.x1 - 0.2 * size <= x <= word.x0 + 0.2 * size for x in cuts):
            parts.append([])
        parts[-1].append(word)
    return [Cell(tuple(p)) for p in parts]


def _header_spans(spans: Sequence[tuple[float, float]], label_x1: float) -> list[tuple[float, float]]:
    """Column extents for header text: a header is often wider than its numbers, so the first
    column reaches back to the labels and the last one to the page edge."""
    if not spans:
        return []
    out = list(spans)
    out[0] = (min(out[0][0], (label_x1 + out[0][0] + 1.0) / 2 if label_x1 < out[0][0] else out[0][0]), out[0][1])
    out[-1] = (out[-1][0], float("inf"))
    return out


def _header_texts(header: Sequence[Placed], spans: Sequence[tuple[float, float]], label_right: float,
                  cuts: Sequence[float], size: float) -> dict[int, str]:
    """Each column's header: its cells (by centre) read line by line, wrapped lines joined.
    Cells, not words: a wide centred header ("Avgift 2008 Total avgift uppgår till …") leans
    over its neighbour's numbers, but its middle stands over its own column. Headers set
    flush against each other are cut where a column ends (a rule, or the numbers' edge)."""
    parts: dict[int, list[str]] = {}
    for placed in sorted(header, key=lambda p: p.top):
        current: dict[int, list[str]] = {}
        for cell in (c for g in gap_cells(placed.words, HEADER_GAP_EM) for c in _cut_text(g, cuts, size)):
            column = next((k for k, (a, b) in enumerate(spans) if a <= cell.centre <= b), None)
            if column is None:
                column = -1 if cell.centre < label_right else len(spans) - 1
            current.setdefault(column, []).append(cell.text)
        for column, texts in current.items():
            parts.setdefault(column, []).append(" ".join(texts))
    return {column: join_wrapped(texts) for column, texts in parts.items()}
