"""Page furniture: running headers, footers and page numbers, found by position and text.

Producers place furniture differently (a header with a rule, "Sida 3 av 24" in a margin box,
odd/even footers with the number in the outer corner, chapter running heads, roman numerals
on front matter, large top margins), so nothing here assumes a band of the page. A line is
furniture when it sits at the top or bottom edge of its page (only furniture between it and
the edge) and

* it holds the page's **folio**: a page number ("7", "Sida 3 (24)", "3 av 24", "- 3 -", "iv")
  whose value runs with the pages — the same offset from the page's position on several
  pages — alone or beside a running title ("Inledning    Sida 3 (29)"); or
* its text, digits folded, recurs at the same distance from the same edge on at least
  :data:`MIN_PAGES` pages, most of the document's occurrences of that text are there (a list
  heading that happens to start three pages is not furniture: it also occurs all over the
  body), and it runs through the document: on a quarter of its pages, or on pages one or two
  apart (a chapter's running head, on every page or every other one). A designed element
  repeated atop a few section openers (a "Fokusområde" kicker on pages 9, 12 and 15) is body.

An unremoved footer ends tables and lists mid-way, so this runs before everything else.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Document, Line
from .cells import gap_cells

#: A running head or footer recurs at its position on at least this many pages.
MIN_PAGES = 3
#: Share of a text's occurrences that must sit at the furniture position.
MIN_SHARE = 2 / 3
#: Share of the document's pages a running head without near pages must be on.
RUNNING_SHARE = 0.25
#: Positions within this many points count as the same.
POSITION_TOLERANCE = 3.0
#: At most this many lines from an edge are looked at.
EDGE_LINES = 3
#: A folio's offset from the page's position holds on at least this many pages.
FOLIO_PAGES = 2

_ROMAN = r"[ivxlcdm]{1,7}"
_PAGE_NUMBER = re.compile(
    rf"^(?:(?:sid(?:a|an)?\.?|s\.|page|p\.)\s*)?[-–—(\[]?\s*(?P<n>\d{{1,4}}|{_ROMAN})\s*[-–—)\]]?"
    rf"(?:\s*(?:av|of|/|\()\s*\d{{1,4}}\)?)?$",
    re.IGNORECASE,
)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@dataclass(frozen=True)
class Furniture:
    """Which lines of each page are furniture (by index into ``page.lines``) and why."""

    lines: dict[int, frozenset[int]]
    reasons: dict[tuple[int, int], str]

    def is_furniture(self, page: int, index: int) -> bool:
        return index in self.lines.get(page, frozenset())


def fold(text: str) -> str:
    """Text compared across pages: NFKC, case-folded, digits and roman page numbers as '#'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\d+", "#", text)
    text = re.sub(rf"\b{_ROMAN}\b(?=\s*$)", "#", text)
    return " ".join(text.split())


def is_page_number(text: str) -> bool:
    return page_number(text) is not None


def page_number(text: str) -> int | None:
    """The number a folio states ("Sida 3 (24)" → 3, "iv" → 4), or ``None``."""
    match = _PAGE_NUMBER.match(" ".join(text.split()))
    if match is None:
        return None
    value = match["n"].lower()
    return int(value) if value.isdigit() else _roman(value)


def _roman(text: str) -> int | None:
    values = [_ROMAN_VALUES[ch] for ch in text]
    total = sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0]))
    return total if 0 < total < 4000 else None


def find_furniture(document: Document) -> Furniture:
    """Every page's furniture lines."""
    edges = {page.number: _edge_lines(page.lines) for page in document.pages}
    positions = _positions(document, edges)
    folios = _folio_offsets(document, edges)
    everywhere = Counter(fold(line.text) for page in document.pages for line in page.lines)
    slots = _slots(document, everywhere)
    lines: dict[int, set[int]] = defaultdict(set)
    reasons: dict[tuple[int, int], str] = {}
    for page in document.pages:
        for side, indices in edges[page.number].items():
            for index in indices:  # from the edge inwards; stop at the first body line
                line = page.lines[index]
                step = 1 if side == "top" else -1
                inward = page.lines[index + step] if 0 <= index + step < len(page.lines) else None
                reason = _folio(line, page.number, folios) or slots.get((page.number, index)) or _running(
                    line, side, _distance(line, side, page.height), positions, everywhere, document.page_count,
                    inward)
                if reason is None:
                    break
                lines[page.number].add(index)
                reasons[(page.number, index)] = reason
    return Furniture({p: frozenset(ix) for p, ix in lines.items()}, reasons)


def _edge_lines(lines: Sequence[Line]) -> dict[str, list[int]]:
    """Indices of the lines nearest each edge, from the edge inwards."""
    count = min(EDGE_LINES, len(lines))
    return {"top": list(range(count)), "bottom": list(range(len(lines) - 1, len(lines) - 1 - count, -1))}


def _distance(line: Line, side: str, height: float) -> float:
    return line.top if side == "top" else height - line.bottom


def _positions(document: Document, edges: dict[int, dict[str, list[int]]]) -> dict[tuple[str, str], list[tuple[float, int]]]:
    """For each (side, folded text) at a page edge: its distance from that edge on each page."""
    found: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for page in document.pages:
        for side, indices in edges[page.number].items():
            for index in indices:
                line = page.lines[index]
                found[(side, fold(line.text))].append((_distance(line, side, page.height), page.number))
    return found


def _numbers(line: Line) -> list[int]:
    """The page number a line states ("Inledning    Sida 3 (29)" → [3]): one number, alone or
    beside words; a line with several numbers is a table row, not a folio."""
    if len(line.words) <= 4 and (whole := page_number(line.text)) is not None:
        return [whole]
    cells = gap_cells(line.words, 1.0)
    numbers = [n for cell in cells if (n := page_number(cell.text)) is not None]
    digits = sum(any(ch.isdigit() for ch in cell.text) for cell in cells)
    return numbers if len(numbers) == 1 and digits == 1 else []


def _folio_offsets(document: Document, edges: dict[int, dict[str, list[int]]]) -> set[int]:
    """Offsets (stated number − page position) that page numbers at the edges keep."""
    offsets: Counter[int] = Counter()
    for page in document.pages:
        seen = {n - page.number for indices in edges[page.number].values() for index in indices
                for n in _numbers(page.lines[index])}
        offsets.update(seen)
    needed = max(FOLIO_PAGES, min(MIN_PAGES, document.page_count // 3))
    return {offset for offset, count in offsets.items() if count >= needed}


def _slots(document: Document, everywhere: Counter) -> dict[tuple[int, int], str]:
    """The outermost lines of many pages, set at one place in one size, whose texts repeat
    (a chapter's name over its pages, the title over the others — or over every other page,
    each chapter's name once on the pages between) and mostly occur there: a running head's
    slot. The first lines of body text also sit at one place, but their texts
    do not repeat; a list heading that happens to start a few pages occurs in the body too."""
    found: dict[tuple[int, int], str] = {}
    for side in ("top", "bottom"):
        outermost = [(page, 0 if side == "top" else len(page.lines) - 1) for page in document.pages if page.lines]
        outermost.sort(key=lambda item: _distance(item[0].lines[item[1]], side, item[0].height))
        group: list[tuple] = []
        for item in [*outermost, None]:
            line = item[0].lines[item[1]] if item else None
            if group and (line is None or _distance(line, side, item[0].height)
                          - _distance(group[0][0].lines[group[0][1]], side, group[0][0].height) > POSITION_TOLERANCE):
                found.update(_slot(group, side, document.page_count, everywhere))
                group = []
            if item:
                group.append(item)
    return found


def _slot(group: list[tuple], side: str, pages: int, everywhere: Counter) -> dict[tuple[int, int], str]:
    lines = [page.lines[index] for page, index in group]
    sizes = Counter(round(line.size * 2) for line in lines)
    size, count = sizes.most_common(1)[0]
    members = [(page, index) for (page, index), line in zip(group, lines) if round(line.size * 2) == size]
    texts = Counter(fold(page.lines[index].text) for page, index in members)
    repeated = {text: n for text, n in texts.items() if n >= 2}
    if count < max(MIN_PAGES, 0.3 * pages) \
            or (len(texts) > 0.5 * count and max(texts.values()) < max(MIN_PAGES, 0.3 * count)) \
            or sum(repeated.values()) < MIN_SHARE * sum(everywhere[text] for text in repeated) \
            or any(len(page.lines[index].words) > 12 for page, index in members):
        return {}
    label = f"running {'header' if side == 'top' else 'footer'} (one place on {count} pages)"
    return {(page.number, index): label for page, index in members}


def _folio(line: Line, page: int, offsets: set[int]) -> str | None:
    """A line holding the page's number (with at most a short running title beside it)."""
    if len(line.words) > 12 or not any(n - page in offsets for n in _numbers(line)):
        return None
    return "page number"


def _running(line: Line, side: str, distance: float, positions, everywhere: Counter, pages: int,
             inward: Line | None) -> str | None:
    text = fold(line.text)
    where = sorted({p for d, p in positions.get((side, text), ()) if abs(d - distance) <= POSITION_TOLERANCE})
    if len(where) < MIN_PAGES or len(where) < MIN_SHARE * everywhere[text] or _kicker(line, side, inward) \
            or _body_slot(side, distance, text, positions) >= len(where):
        return None
    if len(where) >= RUNNING_SHARE * pages or _chain(where) >= MIN_PAGES:
        return f"running {'header' if side == 'top' else 'footer'} on {len(where)} pages"
    return None


def _body_slot(side: str, distance: float, text: str, positions) -> int:
    """Pages where a line found once in the document sits at this place: where the body
    starts. A label repeated there on a few pages (a "Fokusområde" kicker) is body too."""
    return len({page for (s, other), found in positions.items() if s == side and other != text and len(found) == 1
                for d, page in found if abs(d - distance) <= POSITION_TOLERANCE})


def _chain(pages: Sequence[int]) -> int:
    """The longest run of pages one or two apart (a running head on every or every other page)."""
    best = run = 1 if pages else 0
    for a, b in zip(pages, pages[1:]):
        run = run + 1 if b - a <= 2 else 1
        best = max(best, run)
    return best


def _kicker(line: Line, side: str, inward: Line | None) -> bool:
    """A label set right on top of a larger title (a section opener's kicker), not furniture."""
    return side == "top" and inward is not None and inward.size > 1.2 * line.size \
        and inward.top - line.bottom < 0.8 * inward.size
