"""Bullets and text blocks on hand-made lines: glyphs broken encodings produce, page breaks."""

from __future__ import annotations

import pytest

from planextract.document import Line, Word
from planextract_ksl2008.blocks import make_blocks
from planextract_ksl2008.layout import bullet_text_x0

SIZE = 11.0


def line(tokens: list[tuple[str, float]], top: float, page: int = 1, x: float = 70.0) -> Line:
    """Words at ``x`` onwards; each token's number is the gap before it in ems."""
    words = []
    for text, gap in tokens:
        x += gap * SIZE
        width = 0.5 * SIZE * len(text)
        words.append(Word(text, x, top, x + width, top + SIZE, "Times-Roman", SIZE, page))
        x += width
    return Line(tuple(words))


@pytest.mark.parametrize("glyph", ["•", "(cid:127)", "\x7f", "\uf0b7", "–", "■"])
def test_a_glyph_with_a_hanging_indent_starts_a_bullet(glyph):
    bullet = line([(glyph, 0.45), ("Stödja", 1.0), ("kommunerna", 0.25)], 100)
    assert bullet_text_x0(bullet) == bullet.words[1].x0


def test_a_dash_starting_a_wrapped_sentence_is_not_a_bullet():
    assert bullet_text_x0(line([("–", 0), ("och", 0.25), ("socialfonden", 0.25)], 100)) is None


def test_a_bullet_continues_over_a_page_break():
    first = line([("•", 0.45), ("KSL", 1.0), ("ska", 0.25), ("lämna", 0.25)], 700)
    indent = first.words[1].x0
    wrapped = line([("remissvar", 0)], 713.4, x=indent)
    next_page = line([("även", 0), ("att", 0.25), ("lämna", 0.25)], 73, page=2, x=indent)
    paragraph = line([("Nästa", 0), ("stycke.", 0.25)], 95, page=2)
    blocks = make_blocks([first, wrapped, next_page, paragraph], SIZE, frozenset())
    assert [(b.kind, b.text) for b in blocks] == [
        ("bullet", "KSL ska lämna remissvar även att lämna"),
        ("paragraph", "Nästa stycke."),
    ]
