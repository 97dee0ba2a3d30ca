"""Text styles relative to the running text: what a reader sees as emphasis.

A heading may be bold and larger, body-size bold, body-size italic, or only coloured; a
"bold" font may be synthetic or named "TT1Ct00". So styles compare a line with the body
(the style most characters are set in), using the weight and slant the backend read from
the font's descriptor and render mode, the size and the fill colour — never a font name
of one rendering.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..document import Line, Word, name_italic, name_weight

#: Sizes are compared rounded to this many points.
SIZE_STEP = 0.25
#: A line this much larger than the body is emphasised by size alone.
LARGER = 1.12


@dataclass(frozen=True, order=True)
class Style:
    """How a run of text looks: size, weight (CSS scale), slant and colour."""

    size: float
    weight: int
    italic: bool
    color: str

    @property
    def bold(self) -> bool:
        return self.weight >= 600

    def emphasised_over(self, body: Style) -> bool:
        """Set apart from the body text: larger, bolder, slanted or coloured differently."""
        return (
            self.size >= body.size * LARGER
            or self.weight >= max(600, body.weight + 200)
            or (self.italic and not body.italic)
            or (_coloured(self.color) and self.color != body.color)
        )

    def same_as(self, other: Style, size_tolerance: float = 0.06) -> bool:
        return (
            abs(self.size - other.size) <= size_tolerance * max(self.size, other.size)
            and self.bold == other.bold
            and self.italic == other.italic
            and self.color == other.color
        )


def word_style(word: Word) -> Style:
    return _style(word.fontname, word.size, word.weight, word.oblique, word.color)


@lru_cache(maxsize=4096)
def _style(fontname: str, size: float, weight: int, oblique: bool | None, color: str) -> Style:
    italic = name_italic(fontname) if oblique is None else oblique
    return Style(round(size / SIZE_STEP) * SIZE_STEP, weight or name_weight(fontname), italic, color or "#000000")


def line_style(line: Line | Sequence[Word]) -> Style:
    """The style most letters of the line are set in (a bullet glyph or a digit does not count)."""
    words = line.words if isinstance(line, Line) else line
    counts: Counter[Style] = Counter()
    for word in words:
        letters = sum(ch.isalpha() for ch in word.text)
        if letters:
            counts[word_style(word)] += letters
    if not counts:
        counts.update(word_style(word) for word in words)
    return counts.most_common(1)[0][0]


def body_style(lines: Iterable[Line]) -> Style:
    """The running text's style: the one most letters are set in."""
    counts: Counter[Style] = Counter()
    for line in lines:
        for word in line.words:
            counts[word_style(word)] += sum(ch.isalpha() for ch in word.text)
    if not counts:
        return Style(10.0, 400, False, "#000000")
    return counts.most_common(1)[0][0]


def _coloured(color: str) -> bool:
    """Not black or grey: a colour a designer chose to mark something."""
    if len(color) != 7:
        return False
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) > 40
