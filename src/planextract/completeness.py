"""Completeness: proof that everything printed was read, not only that what was read adds up.

The reconciliation checks (:mod:`.checks`) show that the numbers read agree with each other;
a table read only half-way can still agree. Completeness compares the frames with what the
page shows, recorded while the plugin reads (the *evidence*):

* **numbers** — every number printed in a table's rows is in the frame, in its column; a
  number inside the table's region that went to no row (a leftover cell, a stray line) is a
  ``fail`` naming page and position; numbers of the title, header and footnotes are named
  as left out;
* **rows** — every row label printed is a row of the frame;
* **lists** — every list heading yields items; every line in a list that starts with the
  list's bullet is an item of its own; the frame holds each list's items, numbered 1..n,
  under one heading.

The evidence is collected once, from the document; the checks run on the validated frames,
so damage done to a frame after reading (the mutation tests) is caught the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .checks import CheckResult, exact, failed, passed
from .document import Word
from .numbers import NumberFormatError, find_quantities, parse_number, parse_quantity

#: How many problems a failed check names before it says "and n more".
NAMED = 5
_NUMERIC = re.compile(r"^[-−–+]?\d[\d\s\u00a0\u202f.,]*%?$")


@dataclass(frozen=True)
class Printed:
    """A number printed in a table row: the column it was read into and where it stands."""

    column: str
    text: str
    value: Decimal
    label: str
    page: int
    top: float


@dataclass(frozen=True)
class Stray:
    """A number inside a table's region that no row holds."""

    text: str
    page: int
    x0: float
    top: float


@dataclass(frozen=True)
class TableEvidence:
    """What a table's region shows: its rows' labels and numbers, and numbers left over.
    ``left_out`` names the region's other numbers (title, header, footnotes) and why."""

    table: str
    label_column: str
    labels: tuple[str, ...]
    printed: tuple[Printed, ...]
    strays: tuple[Stray, ...] = ()
    left_out: tuple[tuple[str, int, str], ...] = ()
    notes: tuple[str, ...] = ()  # text printed in a number column ("Budgetmodellen har ändrats")
    note_column: str | None = None

    @classmethod
    def of(cls, reading, label_column: str, body, *,
           is_row: Callable[[object], bool] = lambda row: True, note_column: str | None = None) -> TableEvidence:
        """From a :class:`~planextract.layout.TableReading` and the document's
        :class:`~planextract.layout.Body` (the region runs, in reading order, from the
        table's first word to its last)."""
        row_words = {w for row in reading.rows for w in row.words}
        labels, printed = [], []
        for row in reading.rows:
            if is_row(row):
                labels.append(row.label)
            for column, text in row.values.items():
                try:
                    printed.append(Printed(column, text, parse_number(text), row.label, row.page, row.top))
                except NumberFormatError:
                    continue  # a unit word or a dash standing for nothing
        strays = [Stray(c.text, c.words[0].page, c.x0, c.top) for c in reading.leftovers]
        left_out = []
        for word in _region(reading, body):
            if not _NUMERIC.match(word.text) or word in row_words:
                continue
            if word in reading.aside:
                left_out.append((word.text, word.page, "title, header or footnote"))
            else:
                strays.append(Stray(word.text, word.page, word.x0, word.top))
        notes = tuple(text for row in reading.rows for text in row.notes.values()) if note_column else ()
        return cls(reading.name, label_column, tuple(labels), tuple(printed), tuple(strays), tuple(left_out),
                   notes, note_column)


def _region(reading, body) -> list[Word]:
    """The words of the body lines from the table's first word to its last, page by page."""
    lines = [line for page in reading.pages for line in body.page(page)]
    inside = [k for k, line in enumerate(lines) if any(w in reading.words for w in line.words)]
    if not inside:
        return []
    return [w for line in lines[inside[0]:inside[-1] + 1] for w in line.words]


@dataclass(frozen=True)
class ListOccurrence:
    """One list heading in the text and what stands under it."""

    heading: str
    page: int
    top: float
    items: tuple[str, ...]
    marked: int  # lines starting with the list's bullet


@dataclass(frozen=True)
class ListEvidence:
    """The lists of a table of list items (``activities``), in document order."""

    table: str
    occurrences: tuple[ListOccurrence, ...]
    kinds: tuple[str, ...] = ()  # the frame's rows of these kinds (all when empty)
    columns: tuple[str, str] = ("heading_path", "list_heading")
    unread: tuple[tuple[str, int], ...] = ()  # list headings read as running text, and their page


def unread_headings(blocks: Iterable, pattern: str) -> tuple[tuple[str, int], ...]:
    """Lines of running text that read like a list heading (``pattern``, matched whole,
    case-insensitively): a heading the reading did not recognise, its list lost with it."""
    found = []
    for block in blocks:
        if block.kind != "heading":
            found += [(line.text, line.page) for line in block.lines
                      if re.fullmatch(pattern, " ".join(line.text.split()), re.IGNORECASE)]
    return tuple(found)


def list_occurrence(body, blocks: Sequence, index: int, takes: Sequence[str] = ("item",),
                    until: Callable[[object], bool] = lambda block: block.kind == "heading") -> ListOccurrence:
    """The list under ``blocks[index]`` (a heading): the ``takes`` blocks after it until one
    that ``until`` ends it at. A line inside an item starting with a bullet glyph the list's
    items use is an item the reading merged into another: it is counted as printed."""
    from .layout.blocks import bullet_marker
    from .layout.glyphs import is_bullet_glyph

    heading, kept = blocks[index], []
    for block in blocks[index + 1:]:
        if until(block):
            break
        if block.kind in takes:
            kept.append(block)
    markers = {b.marker for b in kept if b.kind == "item" and b.marker}
    merged = 0
    for block in kept:
        first = block.lines[0]
        for line in block.lines[1:] if block.kind == "item" else block.lines:
            found = bullet_marker(line, body.document.page(line.page).shades)
            if found is None or found[0] not in markers:
                continue
            # in an item, a line at its bullet's place; in a paragraph, a bullet glyph proper
            merged += abs(line.indent - first.indent) <= 0.5 * line.size if block.kind == "item" \
                else is_bullet_glyph(found[0])
    return ListOccurrence(" ".join(heading.text.split()), heading.page, heading.top,
                          tuple(b.text for b in kept), sum(b.kind == "item" for b in kept) + merged)


@dataclass(frozen=True)
class FigureEvidence:
    """Every amount or rate with a unit printed in the running text (paragraphs and items)."""

    table: str
    printed: tuple[tuple[str, int], ...]  # the figure as printed, its page

    @classmethod
    def of(cls, blocks: Iterable, table: str = "stated_figures") -> FigureEvidence:
        return cls(table, tuple((text, b.page) for b in blocks if b.kind != "heading"
                                for text, _ in find_quantities(b.text)))


#: A gap between two words of running text this many ems wide is no word space.
GUTTER_EM = 2.0
#: This many lines of a page with such a gap at one x: columns read as one.
GUTTER_LINES = 3


@dataclass(frozen=True)
class ReadingEvidence:
    """Gaps wider than a word space inside lines of running text (paragraphs and items), by
    page: when several line up, two columns were read as one and their lines interleaved."""

    table: str
    gaps: tuple[tuple[int, float, float, str], ...]  # page, gap from x, to x, the line

    @classmethod
    def of(cls, blocks: Iterable, table: str) -> ReadingEvidence:
        gaps = []
        for block in blocks:
            if block.kind == "heading":
                continue
            for line in block.lines:
                words = sorted(line.words, key=lambda w: w.x0)
                gaps += [(line.page, a.x1, b.x0, line.text) for a, b in zip(words[1:], words[2:])
                         if b.x0 - a.x1 >= GUTTER_EM * b.size]  # not after the first word: a bullet's gap
        return cls(table, tuple(gaps))


def reading_check(proof: ReadingEvidence) -> CheckResult:
    """No page has lines of running text read across a gutter."""
    problems = []
    for page in sorted({g[0] for g in proof.gaps}):
        gaps = [g for g in proof.gaps if g[0] == page]
        for x in sorted({(g[1] + g[2]) / 2 for g in gaps}):
            across = [g for g in gaps if g[1] <= x <= g[2]]
            if len(across) >= GUTTER_LINES:
                problems.append(f"page {page}: {len(across)} lines of text read across a gutter at x {x:.0f} "
                                f"(two columns read as one), e.g. {across[0][3][:60]!r}")
                break
    location = f"{proof.table}: the running text, read in columns"
    return _verdict("completeness.reading", location, problems, proof.table)


# --------------------------------------------------------------------------- the checks
def completeness_checks(tables: Mapping[str, pd.DataFrame], evidence: Mapping[str, object]) -> list[CheckResult]:
    """Every completeness check the evidence allows (keyed by any name; each piece of evidence
    names its table)."""
    results: list[CheckResult] = []
    for proof in evidence.values():
        frame = tables.get(proof.table)
        if frame is None:
            continue
        if isinstance(proof, TableEvidence):
            results += [number_check(frame, proof), row_check(frame, proof)]
        elif isinstance(proof, ListEvidence):
            results += list_checks(frame, proof)
        elif isinstance(proof, FigureEvidence):
            results.append(figure_check(frame, proof))
        elif isinstance(proof, ReadingEvidence):
            results.append(reading_check(proof))
    return results


def figure_check(frame: pd.DataFrame, proof: FigureEvidence) -> CheckResult:
    """Every figure the text prints is a row, read as printed (value, unit, precision)."""
    have = Counter(_key(t) for t in frame["text"])
    problems = [f"{text!r} (page {page}) is not in the frame" for text, page in proof.printed
                if not _take(have, _key(text))]
    problems += [f"{t!r} is not printed in the text" for t, n in have.items() if n > 0]
    for row in frame.itertuples(index=False):
        try:
            q = parse_quantity(str(row.text))
        except NumberFormatError:
            problems.append(f"{row.text!r} is no figure")
            continue
        approximate = None if pd.isna(row.approximate) else bool(row.approximate)
        read = (exact(row.value), row.unit, row.decimals, approximate, exact(row.value_base))
        if read != (q.value, q.unit, q.decimals, q.approximate, q.base_value):
            problems.append(f"{row.text!r} read as {row.value} {row.unit} ({row.decimals} decimals, base {row.value_base})")
    return _verdict("completeness.figures", f"{proof.table}: {len(proof.printed)} figures printed in the text",
                    problems, proof.table)


def number_check(frame: pd.DataFrame, proof: TableEvidence) -> CheckResult:
    """Every printed number in the frame's column, as often as it is printed; none stray."""
    held: dict[str, Counter[Decimal]] = {}
    for column in {p.column for p in proof.printed}:
        values = frame[column] if column in frame.columns else pd.Series([], dtype=object)
        held[column] = Counter(exact(v) for v in values if not pd.isna(v))
    problems = [f"{p.text} ({p.column}, {p.label!r}, page {p.page}) is not in the frame" for p in proof.printed
                if not _take(held[p.column], p.value)]
    problems += [f"{s.text} at page {s.page}, x {s.x0:.0f}, top {s.top:.0f} stands in no row" for s in proof.strays]
    location = f"{proof.table}: {len(proof.printed)} numbers printed in rows"
    aside = f"; {len(proof.left_out)} numbers of the title, header or footnotes left out" if proof.left_out else ""
    return _verdict("completeness.numbers", location, problems, proof.table, aside)


def row_check(frame: pd.DataFrame, proof: TableEvidence) -> CheckResult:
    """Every printed row label is a row of the frame, every printed note in its note column."""
    have = Counter(_key(v) for v in frame[proof.label_column]) if proof.label_column in frame.columns else Counter()
    problems = [f"row {label!r} is not in the frame" for label in proof.labels if not _take(have, _key(label))]
    if proof.note_column is not None:
        held = " ".join(_key(v) for v in frame.get(proof.note_column, pd.Series([], dtype=object)) if not pd.isna(v))
        problems += [f"note {note[:60]!r} is not in the frame" for note in proof.notes if _key(note) not in held]
    return _verdict("completeness.rows", f"{proof.table}: {len(proof.labels)} rows printed", problems, proof.table)


def list_checks(frame: pd.DataFrame, proof: ListEvidence) -> list[CheckResult]:
    """Each list heading has items, each bulleted line is an item, and the frame holds each
    list whole: its items in order, numbered from 1, under one heading."""
    problems = [f"{text!r} on page {page} reads as running text, not as a list heading"
                for text, page in proof.unread]
    for occ in proof.occurrences:
        where = f"{occ.heading!r} on page {occ.page}"
        if not occ.items:
            problems.append(f"{where} has no items")
        if occ.marked > len(occ.items):
            problems.append(f"{where}: {occ.marked} bulleted lines, {len(occ.items)} items")
    rows = frame[frame["kind"].isin(proof.kinds)] if proof.kinds else frame
    runs = _runs(rows, proof.columns)
    expected = [occ for occ in proof.occurrences if occ.items]
    for k, occ in enumerate(expected):
        where = f"{occ.heading!r} on page {occ.page}"
        if k >= len(runs):
            problems.append(f"{where}: its {len(occ.items)} items are not in the frame")
            continue
        heading, texts = runs[k]
        if _key(heading) != _key(occ.heading):
            problems.append(f"{where}: the frame's list {k + 1} is headed {heading!r}")
        elif [_key(t) for t in texts] != [_key(t) for t in occ.items]:
            problems.append(f"{where}: {len(occ.items)} items printed, the frame's list holds {len(texts)}"
                            + _first_difference(occ.items, texts))
    if len(runs) > len(expected):
        problems.append(f"the frame holds {len(runs)} lists, the text {len(expected)}")
    location = f"{proof.table}: {len(proof.occurrences)} list headings, " \
               f"{sum(len(o.items) for o in proof.occurrences)} items" + (f" ({', '.join(proof.kinds)})" if proof.kinds else "")
    return [_verdict("completeness.lists", location, problems, proof.table)]


def _runs(frame: pd.DataFrame, columns: tuple[str, str]) -> list[tuple[str, list[str]]]:
    """The frame's lists: consecutive rows under one heading, each starting at item 1, with
    their list heading."""
    runs: list[tuple[str, list[str]]] = []
    previous = None
    for row in frame.itertuples(index=False):
        key = tuple(getattr(row, c) for c in columns)
        if key != previous or row.item == 1 or not runs or row.item != len(runs[-1][1]) + 1:
            runs.append((str(key[-1]), []))
            if row.item != 1:  # numbering broken: not the list as printed
                runs[-1][1].append(f"(item {row.item} first)")
        runs[-1][1].append(row.text)
        previous = key
    return runs


def _first_difference(printed: Sequence[str], read: Sequence[str]) -> str:
    for k, (a, b) in enumerate(zip(printed, read)):
        if _key(a) != _key(b):
            return f"; item {k + 1} printed {a[:60]!r}, read {b[:60]!r}"
    return ""


def _take(have: Counter, key) -> bool:
    """Count one ``key`` off ``have``; False when none is left (printed more often than read)."""
    if have[key] > 0:
        have[key] -= 1
        return True
    return False


def _key(text) -> str:
    return " ".join(str(text).replace("\u00ad", "").split()).casefold()


def _verdict(check: str, location: str, problems: Sequence[str], table: str, aside: str = "") -> CheckResult:
    if not problems:
        return passed(check, location, "every one accounted for" + aside)
    named = "; ".join(problems[:NAMED]) + (f"; and {len(problems) - NAMED} more" if len(problems) > NAMED else "")
    return failed(check, location, f"{table} incomplete: {named}")


# --------------------------------------------------------------------------- pages covered
def coverage(body, tables: Iterable[Word], blocks: Sequence, contents: Iterable[Word] = ()) -> dict[int, dict[str, int]]:
    """Per page, where its words went: ``table``, ``heading``, ``paragraph``, ``item``,
    ``contents``, ``furniture`` or ``nowhere`` (a word no reader took)."""
    where: dict[Word, str] = {w: "contents" for w in contents}
    where |= {w: block.kind for block in blocks for w in block.words}
    where |= {w: "table" for w in tables}
    out: dict[int, dict[str, int]] = {}
    for page in body.document.pages:
        counts: Counter[str] = Counter()
        for index, line in enumerate(page.lines):
            if body.furniture.is_furniture(page.number, index):
                counts["furniture"] += len(line.words)
            else:
                counts.update(where.get(w, "nowhere") for w in line.words)
        out[page.number] = dict(sorted(counts.items()))
    return out


def uncovered(pages: Mapping[int, Mapping[str, int]]) -> dict[int, int]:
    """Pages with words that went nowhere, and how many."""
    return {page: counts["nowhere"] for page, counts in pages.items() if counts.get("nowhere")}


# --------------------------------------------------------------------------- era rules, shared
def total_check(table: str, frame: pd.DataFrame, label_column: str, *, last: bool) -> CheckResult:
    """The table's stated total was read: exactly one ``total`` row, and — where the total
    closes the table (``last``) — no reading stopped before it or ran on past it."""
    totals = [k for k, kind in enumerate(frame["row_kind"]) if kind == "total"]
    location = f"{table}: total row"
    if len(totals) != 1:
        return failed("completeness.total", location, f"{table} incomplete: {len(totals)} total rows, the table states one")
    label = frame[label_column].iloc[totals[0]]
    if last and totals[0] != len(frame) - 1:
        return failed("completeness.total", location,
                      f"{table} incomplete: {len(frame) - 1 - totals[0]} rows after the total {label!r}, which closes it")
    return passed("completeness.total", location, f"{label!r} read")


def members_check(table: str, frame: pd.DataFrame, label_column: str, kind: str, members: int) -> CheckResult:
    """Every member listed once: as many ``kind`` rows as the plan has members, no name twice."""
    names = [_key(v) for v, k in zip(frame[label_column], frame["row_kind"]) if k == kind]
    twice = sorted({n for n in names if names.count(n) > 1})
    location = f"{table}: {members} members"
    problems = ([f"{len(names)} {kind} rows, the plan has {members} members"] if len(names) != members else []) \
        + [f"{name!r} listed twice" for name in twice]
    return _verdict("completeness.members", location, problems, table)


def terms_check(tables: Mapping[str, pd.DataFrame], terms: Mapping[str, Sequence[str]]) -> list[CheckResult]:
    """Terms a table states once and repeats on every row (the plan year everywhere; a fee
    table's rate and years) have one value per table, and the plan year one value in all."""
    problems: dict[str, list[str]] = {}
    years: dict[str, set] = {}
    for name, frame in tables.items():
        columns = [c for c in ("document_year", *terms.get(name, ())) if c in frame.columns]
        for column in dict.fromkeys(columns):
            values = set(frame[column].dropna().tolist())
            if len(values) > 1:
                problems.setdefault(name, []).append(f"{column} has {len(values)} values: {sorted(map(str, values))}")
        if "document_year" in frame.columns:
            years[name] = set(frame["document_year"].dropna().tolist())
    stated = set().union(*years.values()) if years else set()
    if len(stated) > 1:
        for name, values in years.items():
            problems.setdefault(name, []).append(f"plan year {sorted(values)} where the others state {sorted(stated - values)}")
    return [_verdict("consistency.terms", f"{name}: terms stated once", problems.get(name, []), name)
            for name in tables if name in problems or terms.get(name) or name in years]
