"""A document's body: furniture dropped, each page in reading order, the running text's style.

Computed once per document (:func:`read_body`) and shared by every reader — tables, lists,
headings, figures — so no page is laid out twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from ..document import Document, Line, Word
from ..text import vocabulary
from .columns import Placed, page_gutters, reading_order
from .furniture import Furniture, find_furniture
from .styles import Style, body_style


@dataclass(frozen=True)
class Body:
    """Every body line of the document in reading order, page by page."""

    document: Document
    pages: tuple[tuple[Placed, ...], ...]
    furniture: Furniture

    @cached_property
    def reading(self) -> tuple[Placed, ...]:
        return tuple(placed for page in self.pages for placed in page)

    @cached_property
    def style(self) -> Style:
        return body_style(placed.line for placed in self.reading)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Words the document spells out mid-line: evidence for undoing line-end hyphens."""
        return vocabulary(placed.line for placed in self.reading)

    def page(self, number: int) -> tuple[Placed, ...]:
        """The body lines of the page with the file's ``number``."""
        return self.pages[number - self.document.pages[0].number]

    def lines(self, exclude: Iterable[Word] = ()) -> Iterator[Placed]:
        """Body lines in reading order, without those holding any of the ``exclude`` words."""
        used = exclude if isinstance(exclude, (set, frozenset)) else set(exclude)
        for placed in self.reading:
            if not used or not any(word in used for word in placed.words):
                yield placed


def read_body(document: Document) -> Body:
    """Drop the furniture, find each page's columns and put its lines in reading order."""
    furniture = find_furniture(document)
    kept: list[list[Line]] = [
        [line for index, line in enumerate(page.lines) if not furniture.is_furniture(page.number, index)]
        for page in document.pages
    ]
    gutters = page_gutters(kept)
    pages = [reading_order(lines, g) for lines, g in zip(kept, gutters)]
    numbers = [page.number for page in document.pages]
    return Body(document, tuple(tuple(page) for page in settle_lefts(pages, numbers)), furniture)


#: A page column with fewer lines than this measures its left edge from fuller pages.
SPARSE = 8


def settle_lefts(pages: list[list[Placed]], numbers: list[int]) -> list[list[Placed]]:
    """Column left edges for sparse pages from the document's fuller pages (same column,
    same page parity: mirrored margins). A page holding only the end of a bullet's text
    would otherwise measure its column from the hanging indent. ``numbers``: the pages' own
    numbers, for their parity."""
    edges: dict[tuple[int, int], list[float]] = {}
    for number, page in zip(numbers, pages):
        for column in {p.column for p in page}:
            lines = [p for p in page if p.column == column]
            if len(lines) >= SPARSE:
                edges.setdefault((column, number % 2), []).append(lines[0].left)
    settled = []
    for number, page in zip(numbers, pages):
        out = []
        for placed in page:
            count = sum(p.column == placed.column for p in page)
            known = edges.get((placed.column, number % 2), [])
            better = [x for x in known if x <= placed.left + 0.5 and placed.left - x <= 3 * placed.size]
            if count < SPARSE and better:
                placed = replace(placed, left=min(better, key=lambda x: placed.left - x))
            out.append(placed)
        settled.append(out)
    return settled
