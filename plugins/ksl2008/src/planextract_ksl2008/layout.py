"""The page content a reader sees: body lines without furniture, their text, bullets, sizes.

Pure functions over :class:`planextract.document.Line`. ``words_text`` and ``bullet_text_x0``
are generic (any era's text has font-change word splits and hanging bullets): candidates for
``planextract.text``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from planextract.document import Document, Line, Word
from planextract.text import fold_digits, furniture_lines, is_furniture

#: Words further apart than this fraction of their size had a space between them. Words
#: split only by a change of font (an italic word and its closing quote) had none.
SPACE_EM = 0.1
#: Glyphs a bullet is set with, including what broken encodings make of '•'.
BULLET_GLYPHS = frozenset("•–-■▪◦●·\u2023\u2043\u2219\uf0b7\uf0a7\x7f\x95")
_CID = re.compile(r"^\(cid:\d+\)$")
_PAGE_NUMBER = re.compile(r"^(?:sid(?:an)?\.?\s*)?\d{1,3}(?:\s*(?:av|/)\s*\d{1,3})?$", re.IGNORECASE)
#: A bullet glyph stands apart from its text (a hanging indent); a dash inside a sentence
#: that happens to start a line is followed by an ordinary space only.
BULLET_GAP_EM = 0.5


def body_lines(document: Document) -> list[Line]:
    """Every line of the document in reading order, running headers and page numbers dropped.

    A line is furniture when the core says so (recurring text in the top or bottom 8 % of the
    page), or when it is the first or last line of its page and its text recurs there on many
    pages or is a bare page number. The second rule finds the running header of a landscape
    page with wide margins, which sits lower than 8 % of the (short) page height.
    """
    furniture = recurring_edge_lines(document) | furniture_lines(document)
    kept = []
    for page in document.pages:
        edges = {0, len(page.lines) - 1}
        for index, line in enumerate(page.lines):
            if is_furniture(line, page.height, furniture):
                continue
            if index in edges and (fold_digits(line.text) in furniture or _PAGE_NUMBER.match(line.text.strip())):
                continue
            kept.append(line)
    return kept


def recurring_edge_lines(document: Document, min_share: float = 0.5) -> set[str]:
    """Texts (digits folded) of the first or last line of at least ``min_share`` of the pages."""
    counts: Counter[str] = Counter()
    for page in document.pages:
        if page.lines:
            counts.update({fold_digits(page.lines[0].text), fold_digits(page.lines[-1].text)})
    needed = max(2, int(min_share * document.page_count))
    return {text for text, n in counts.items() if n >= needed}


def words_text(words: Sequence[Word]) -> str:
    """The words as the reader sees them: a space only where the page shows a gap."""
    if not words:
        return ""
    parts = [words[0].text]
    for previous, word in zip(words, words[1:]):
        gap = word.x0 - previous.x1
        parts.append((" " if gap > SPACE_EM * min(word.size, previous.size) else "") + word.text)
    return "".join(parts)


def line_text(line: Line) -> str:
    return words_text(line.words)


def is_bullet_glyph(text: str) -> bool:
    return text in BULLET_GLYPHS or bool(_CID.match(text))


def bullet_text_x0(line: Line) -> float | None:
    """Where a bullet item's text starts, or ``None`` when the line does not start a bullet.

    A bullet is a lone glyph followed by a wide gap (the hanging indent), or a '•'/'■'
    glued to its first word.
    """
    first = line.words[0]
    if len(line.words) > 1 and is_bullet_glyph(first.text):
        second = line.words[1]
        if second.x0 - first.x1 >= BULLET_GAP_EM * first.size:
            return second.x0
        return None
    if len(first.text) > 1 and first.text[0] in "•■▪●" and first.text[1].isalnum():
        return first.x0
    return None


def strip_bullet_words(line: Line) -> list[Word]:
    """The words of a bullet line without its glyph."""
    first = line.words[0]
    if is_bullet_glyph(first.text):
        return list(line.words[1:])
    return [Word(first.text[1:], *_box(first))] + list(line.words[1:])


def _box(word: Word) -> tuple:
    return (word.x0, word.top, word.x1, word.bottom, word.fontname, word.size, word.page)


def body_size(lines: Iterable[Line]) -> float:
    """The running text's font size: the size most characters are set in."""
    counts: Counter[float] = Counter()
    for line in lines:
        for word in line.words:
            counts[round(word.size * 2) / 2] += len(word.text)
    if not counts:
        return 0.0
    return counts.most_common(1)[0][0]


def gap(upper: Line, lower: Line) -> float:
    """Vertical white space between two lines of one page."""
    return lower.top - upper.bottom
