"""Running text as blocks: headings, paragraphs and bullet items, in reading order.

A heading is a bold line set larger than the running text. A bullet item starts at a bullet
glyph and goes on over the lines hung at its text indent, over a page break too (the page
furniture is already gone). A paragraph goes on while its lines follow at the leading, and
over a page break when the next page goes on in lower case. Line-end hyphens are resolved
with the document's own vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planextract.document import Line
from planextract.text import join_wrapped

from .layout import bullet_text_x0, gap, line_text, strip_bullet_words, words_text

#: Lines of one paragraph are closer than this (in ems); paragraphs are spaced further apart.
LEADING_GAP_EM = 0.45
#: A continuation line starts within this many ems of where its block's text starts.
INDENT_EM = 0.3


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "paragraph" | "bullet"
    lines: tuple[Line, ...]
    text: str

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def top(self) -> float:
        return self.lines[0].top


@dataclass
class _Open:
    kind: str
    lines: list[Line]
    indent: float  # x0 where continuation lines start


def make_blocks(lines: Iterable[Line], body_size: float, vocabulary: frozenset[str]) -> list[Block]:
    """Group ``lines`` (furniture and tables already removed) into blocks."""
    blocks: list[_Open] = []
    for line in lines:
        current = blocks[-1] if blocks else None
        kind = _kind(line, body_size)
        if kind == "bullet":
            blocks.append(_Open("bullet", [line], bullet_text_x0(line)))
        elif current is not None and _continues(current, line, kind):
            current.lines.append(line)
        else:
            blocks.append(_Open(kind, [line], line.x0))
    return [Block(b.kind, tuple(b.lines), _text(b, vocabulary)) for b in blocks]


def _kind(line: Line, body_size: float) -> str:
    if bullet_text_x0(line) is not None:
        return "bullet"
    if line.bold and line.size >= body_size + 0.5:
        return "heading"
    return "paragraph"


def _continues(block: _Open, line: Line, kind: str) -> bool:
    last = block.lines[-1]
    if abs(line.size - last.size) > 0.3:
        return False
    if kind == "heading":
        return block.kind == "heading" and line.page == last.page and line.italic == last.italic \
            and 0 <= gap(last, line) <= LEADING_GAP_EM * line.size
    if block.kind == "heading":
        return False
    aligned = abs(line.x0 - block.indent) <= INDENT_EM * line.size
    if line.page != last.page:
        first_word = line_text(line)[:1]
        return aligned and (block.kind == "bullet" or first_word.islower())
    return aligned and 0 <= gap(last, line) <= LEADING_GAP_EM * line.size


def _text(block: _Open, vocabulary: frozenset[str]) -> str:
    if block.kind == "heading":
        return " ".join(line_text(line) for line in block.lines)
    parts = [line_text(line) for line in block.lines]
    if block.kind == "bullet":
        parts[0] = words_text(strip_bullet_words(block.lines[0]))
    return join_wrapped(parts, vocabulary)
