"""Page furniture: running headers, footers and page numbers, found by position and text.

Producers place furniture differently (a header with a rule, "Sida 3 av 24" in a margin box,
odd/even footers with the number in the outer corner, chapter running heads, roman numerals
on front matter, large top margins), so nothing here assumes a band of the page. A line is
furniture when it sits at the top or bottom edge of its page (only furniture between it and
the edge) and either

* reads as a page number ("7", "Sida 3 (24)", "3 av 24", "- 3 -", "iv"), or
* its text, digits folded, recurs at the same distance from the same edge on at least
  :data:`MIN_PAGES` pages, most of the document's occurrences of that text are there (a list
  heading that happens to start three pages is not furniture: it also occurs all over the
  body), and it runs through the document: on a quarter of its pages, or on consecutive
  pages (a chapter's running head). A designed element repeated at the top of a few
  section openers (a "Fokusområde" kicker on pages 9, 12 and 15) is body text.

An unremoved footer ends tables and lists mid-way, so this runs before everything else.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Document, Line

#: A running head or footer recurs at its position on at least this many pages.
MIN_PAGES = 3
#: Share of a text's occurrences that must sit at the furniture position.
MIN_SHARE = 2 / 3
#: Share of the document's pages a running head without consecutive pages must be on.
RUNNING_SHARE = 0.25
#: Positions within this many points count as the same.
POSITION_TOLERANCE = 3.0
#: At most this many lines from an edge are looked at.
EDGE_LINES = 3

_ROMAN = r"[ivxlcdm]{1,7}"
_PAGE_NUMBER = re.compile(
    rf"^(?:(?:sid(?:an)?|s\.|page|p\.)\s*)?[-–—(\[]?\s*(?:\d{{1,4}}|{_ROMAN})\s*[-–—)\]]?"
    rf"(?:\s*(?:av|of|/|\()\s*\d{{1,4}}\)?)?$",
    re.IGNORECASE,
)


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
    return bool(_PAGE_NUMBER.match(" ".join(text.split())))


def find_furniture(document: Document) -> Furniture:
    """Every page's furniture lines."""
    edges = {page.number: _edge_lines(page.lines) for page in document.pages}
    positions = _positions(document, edges)
    everywhere = Counter(fold(line.text) for page in document.pages for line in page.lines)
    lines: dict[int, set[int]] = defaultdict(set)
    reasons: dict[tuple[int, int], str] = {}
    for page in document.pages:
        for side, indices in edges[page.number].items():
            for index in indices:  # from the edge inwards; stop at the first body line
                line = page.lines[index]
                reason = _reason(line, side, _distance(line, side, page.height), positions, everywhere,
                                 document.page_count)
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


def _reason(line: Line, side: str, distance: float, positions, everywhere: Counter, pages: int) -> str | None:
    text = fold(line.text)
    if is_page_number(line.text):
        return "page number"
    where = sorted({p for d, p in positions.get((side, text), ()) if abs(d - distance) <= POSITION_TOLERANCE})
    runs = sum(b == a + 1 for a, b in zip(where, where[1:]))
    if len(where) >= MIN_PAGES and len(where) >= MIN_SHARE * everywhere[text] \
            and (len(where) >= RUNNING_SHARE * pages or runs >= 1):
        return f"running {'header' if side == 'top' else 'footer'} on {len(where)} pages"
    return None
