"""Hand-made pages for the layout tests: words with boxes, fonts and styles, no PDF.

A synthetic glyph is half an em wide, so a word of ``n`` characters at size ``s`` is
``0.5 * s * n`` points wide; gaps are given in ems of the font size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from planextract.document import Document, Page, Rule, Shade, Word, group_lines
from planextract.layout.body import Body, read_body
from planextract.layout.columns import Placed

SIZE = 10.0
#: An ordinary word space, in ems.
SPACE_EM = 0.28
#: Distance from one baseline to the next in running text, in ems.
LEADING_EM = 1.3
A4 = (595.0, 842.0)


def word(text: str, x0: float, top: float, *, size: float = SIZE, page: int = 1, font: str = "Helvetica",
         weight: int = 0, oblique: bool | None = None, color: str = "") -> Word:
    """One word whose glyphs are half an em wide; ``weight`` and ``oblique`` as a backend
    reads them from the font's descriptor (0 / ``None``: not told, the font name decides)."""
    return Word(text, x0, top, x0 + 0.5 * size * len(text), top + size, font, size, page, weight, oblique, color)


def run(tokens: Iterable[tuple[str, float]], x0: float, top: float, **style) -> list[Word]:
    """Words left to right from ``x0``; each token's number is the gap before it, in ems."""
    size = style.get("size", SIZE)
    out, x = [], x0
    for text, gap in tokens:
        x += gap * size
        w = word(text, x, top, **style)
        out.append(w)
        x = w.x1
    return out


def text_line(text: str, x0: float, top: float, **style) -> list[Word]:
    """A line of running text: its words one ordinary space apart."""
    return run(((t, SPACE_EM if k else 0.0) for k, t in enumerate(text.split())), x0, top, **style)


def fill(texts: Sequence[str], x0: float, top: float, width: float, **style) -> list[Word]:
    """As many of ``texts`` as fit in ``width`` from ``x0``, one space apart."""
    size = style.get("size", SIZE)
    out: list[Word] = []
    x = x0
    for text in texts:
        w = word(text, x, top, **style)
        if w.x1 > x0 + width and out:
            break
        out.append(w)
        x = w.x1 + SPACE_EM * size
    return out


def page(number: int, words: Iterable[Word], *, rules: Sequence[Rule] = (), shades: Sequence[Shade] = (),
         size: tuple[float, float] = A4) -> Page:
    return Page(number, size[0], size[1], tuple(words), tuple(rules), size[0] > size[1], tuple(shades))


def document(pages: Sequence[Page]) -> Document:
    return Document(Path("synthetic.pdf"), "0" * 64, 0, tuple(pages))


def body_of(*pages_words: Iterable[Word]) -> Body:
    """The body of a document whose pages hold the given words (page numbers from 1)."""
    return read_body(document([page(k + 1, words) for k, words in enumerate(pages_words)]))


def placed_lines(words: Iterable[Word]) -> list[Placed]:
    """Words grouped into lines, each placed in one column spanning them all."""
    lines = group_lines(words)
    left, right = min(l.x0 for l in lines), max(l.x1 for l in lines)
    return [Placed(line, 0, left, right) for line in lines]
