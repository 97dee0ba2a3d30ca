"""A document's body: furniture dropped, each page in reading order, the running text's style.

Computed once per document (:func:`read_body`) and shared by every reader — tables, lists,
headings, figures — so no page is laid out twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
        return self.pages[number - 1]

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
    pages = tuple(tuple(reading_order(lines, g)) for lines, g in zip(kept, gutters))
    return Body(document, pages, furniture)
