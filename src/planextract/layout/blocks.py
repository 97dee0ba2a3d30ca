"""Running text as blocks: headings, paragraphs and list items, in reading order.

* A **heading** is a line set apart from the body text (larger, bolder, slanted or coloured;
  see :mod:`.styles`) and not smaller than it; wrapped heading lines in one style join.
* A **list item** starts at a bullet: any symbol glyph followed by a hanging indent (•, –, ■,
  ▪, ➢, o, Word's private-use Symbol bullet, an undecodable ``(cid:n)``), a glyph glued to
  its text ("•Text"), a number ("1." / "a)") before a hanging indent, or a small square drawn
  in the margin. It goes on over the lines hung at its text's indent, into the next column
  and over a page break.
* Everything else is **paragraph** text; a paragraph goes on while its lines follow at the
  leading, and over a column or page break when the text goes on mid-sentence.

Line-end hyphens are undone with the document's own vocabulary (:func:`~planextract.text.join_wrapped`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..document import Shade, Word, words_text
from ..text import join_wrapped
from .body import Body
from .columns import Placed
from .glyphs import BULLET_GLYPHS, DASHES, is_bullet_glyph
from .styles import Style, line_style, word_style

#: Gap after a bullet glyph, in ems: wider than a word space for a dash, any for a bullet.
BULLET_GAP_EM = 0.15
DASH_GAP_EM = 0.4
#: A continuation line starts within this many ems of its block's text indent.
INDENT_EM = 0.45
#: A new paragraph starts where the white space between lines exceeds the body's usual
#: gap between lines by this many ems (paragraph spacing), or exceeds this many ems at all.
PARAGRAPH_EM = 0.15
LEADING_EM = 0.8
#: A heading has at most this many lines.
MAX_HEADING_LINES = 8
#: A heading is set at least this large, relative to the body (a kicker may be a little
#: smaller than the text; bold small print — a source line, a footnote — is no heading).
HEADING_MIN_SIZE = 0.93
_NUMBERED = re.compile(r"^(?:\d{1,2}|[a-zA-Z])[.)]$")
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+(?=[^\W\d])")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]*$")


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph or one list item: its lines, text and style."""

    kind: str  # "heading" | "paragraph" | "item"
    lines: tuple[Placed, ...]
    text: str
    style: Style
    marker: str = ""  # an item's bullet, a heading's section number ("2.1")

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def page_end(self) -> int:
        return self.lines[-1].page

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def size(self) -> float:
        return self.style.size

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for line in self.lines for w in line.words)


@dataclass
class _Open:
    kind: str
    lines: list[Placed]
    style: Style
    indent: float  # where continuation lines start, relative to the column's left edge
    marker: str = ""
    text_words: list[list[Word]] | None = None


def read_blocks(body: Body, exclude: Iterable[Word] = ()) -> list[Block]:
    """The body's text (minus ``exclude``, e.g. the words of tables) as blocks in reading order."""
    style = body.style
    leading = min(line_gap(body), LEADING_EM * style.size - PARAGRAPH_EM * style.size)
    shades = {page.number: page.shades for page in body.document.pages}
    blocks: list[_Open] = []
    lines = list(body.lines(frozenset(exclude)))
    frame = _Frame.of(lines, shades)
    recurring = Counter(" ".join(p.text.split()).casefold() for p in body.reading)
    for position, placed in enumerate(lines):
        following = lines[position + 1] if position + 1 < len(lines) else None
        current = blocks[-1] if blocks else None
        marker = bullet_marker(placed, shades.get(placed.page, ()))
        if marker is not None:
            glyph, words = marker
            indent = (words[0].x0 if words else placed.x0) - placed.left
            blocks.append(_Open("item", [placed], line_style(words or placed.line), indent, glyph, [list(words)]))
            continue
        kind = "heading" if _is_heading(placed, style) else "paragraph"
        if kind == "heading" and current is not None and recurring[" ".join(placed.text.split()).casefold()] < 2 \
                and _wrapped_emphasis(current, placed, leading, following, style):
            kind = "paragraph"  # an emphasised phrase wrapped onto its own line, mid-sentence
        if current is not None and _continues(current, placed, kind, leading, frame):
            last = current.lines[-1]
            if placed.page != last.page or placed.left != last.left:
                current.indent = placed.indent  # margins move from page to page
            current.lines.append(placed)
            if current.text_words is not None:
                current.text_words.append(list(placed.words))
            continue
        blocks.append(_Open(kind, [placed], line_style(placed.line), placed.indent))
    return [_close(b, body.vocabulary) for b in blocks]


def bullet_marker(placed: Placed, shades: Sequence[Shade] = ()) -> tuple[str, tuple[Word, ...]] | None:
    """(glyph, the item's words) when the line starts a list item, else ``None``."""
    words = placed.words
    first = words[0]
    size = first.size
    if len(words) > 1:
        gap = words[1].x0 - first.x1
        text = first.text
        if is_bullet_glyph(text) and gap >= BULLET_GAP_EM * size:
            return text, words[1:]
        if (text in DASHES or text == "o" or _NUMBERED.match(text)) and gap >= DASH_GAP_EM * size:
            return text, words[1:]
    if len(first.text) > 1 and first.text[0] in BULLET_GLYPHS and first.text[1].isalnum():
        glued = Word(first.text[1:], first.x0, first.top, first.x1, first.bottom, first.fontname, first.size,
                     first.page, first.weight, first.oblique, first.color)
        return first.text[0], (glued, *words[1:])
    drawn = _drawn_bullet(placed, shades)
    if drawn:
        return "■", words
    return None


def _drawn_bullet(placed: Placed, shades: Sequence[Shade]) -> bool:
    """A small filled square or disc just left of the line's first word."""
    size = placed.size
    for shade in shades:
        if shade.width <= 0.8 * size and shade.height <= 0.8 * size \
                and placed.x0 - 2.5 * size <= shade.x1 <= placed.x0 \
                and placed.top - 0.2 * size <= (shade.top + shade.bottom) / 2 <= placed.bottom + 0.2 * size:
            return True
    return False


def _is_heading(placed: Placed, body: Style) -> bool:
    """Set apart from the body in every word: a line only partly italic or bold is running
    text with an emphasised phrase, not a heading."""
    lettered = [w for w in placed.words if any(ch.isalpha() for ch in w.text)] or placed.words  # "2010" wrapped
    return bool(lettered) and all(word_style(w).emphasised_over(body) for w in lettered) \
        and line_style(placed.line).size >= HEADING_MIN_SIZE * body.size


def line_gap(body: Body) -> float:
    """The usual white space between two lines of one paragraph of body text."""
    gaps: Counter[float] = Counter()
    for page in body.pages:
        for upper, lower in zip(page, page[1:]):
            if upper.column == lower.column and abs(upper.size - body.style.size) < 0.5 \
                    and abs(lower.size - body.style.size) < 0.5 and 0 <= lower.top - upper.bottom < body.style.size:
                gaps[round((lower.top - upper.bottom) * 2) / 2] += 1
    return gaps.most_common(1)[0][0] if gaps else 0.2 * body.style.size


@dataclass(frozen=True)
class _Frame:
    """Where each column's lines and items start and how low its text goes (keyed by page
    and column edge), and the lowest text of a full column: what a break is judged by."""

    starts: dict[tuple[int, float], list[float]]
    bullets: dict[tuple[int, float], list[float]]
    bottoms: dict[tuple[int, float], float]
    text_bottom: float

    @classmethod
    def of(cls, lines: Sequence[Placed], shades: dict[int, Sequence[Shade]]) -> _Frame:
        starts: dict[tuple[int, float], list[float]] = {}
        bullets: dict[tuple[int, float], list[float]] = {}
        bottoms: dict[tuple[int, float], float] = {}
        for placed in lines:
            key = (placed.page, placed.left)
            starts.setdefault(key, []).append(placed.x0)
            bottoms[key] = max(bottoms.get(key, 0.0), placed.bottom)
            if bullet_marker(placed, shades.get(placed.page, ())) is not None:
                bullets.setdefault(key, []).append(placed.x0)
        ends = sorted(bottoms.values())
        return cls(starts, bullets, bottoms, ends[int(0.9 * (len(ends) - 1))] if ends else 0.0)

    def short(self, last: Placed, line: Placed, pitch: float) -> bool:
        """The column ``last`` ends had room for another line: below the text of its page's
        next column, or of full columns over a page break. A paragraph that went on would
        have filled it."""
        if line.page == last.page:
            floor = self.bottoms.get((line.page, line.left), last.bottom)
        else:
            floor = self.text_bottom
        return floor - last.bottom >= 1.5 * pitch


def _continues(block: _Open, line: Placed, kind: str, leading: float, frame: _Frame) -> bool:
    last = block.lines[-1]
    style = line_style(line.line)
    if kind == "heading" or block.kind == "heading":
        return (
            kind == block.kind
            and style.same_as(block.style)
            and len(block.lines) < MAX_HEADING_LINES
            and line.page == last.page
            and line.left == last.left
            and -0.1 * line.size <= line.top - last.bottom <= 0.9 * line.size
        )
    aligned = abs(line.indent - block.indent) <= INDENT_EM * line.size or (
        block.kind == "paragraph" and len(block.lines) == 1 and line.indent < block.indent
    )  # a paragraph's first line may be indented
    if line.page != last.page or line.left != last.left or line.top < last.top:
        lone = len(frame.starts[(line.page, line.left)]) == 1  # the column's only line: its edge is unknown
        return _goes_on(block, line, aligned or lone or _under_item(block, line, frame), frame)
    return aligned and -0.1 * line.size <= line.top - last.bottom <= leading + max(1.0, PARAGRAPH_EM * line.size) \
        and not (block.kind == "paragraph" and _hard_break(last, line))


def _hard_break(last: Placed, line: Placed) -> bool:
    """A paragraph ended without space after it: its last line closes a sentence and leaves
    room for the next line's first word, so the line did not wrap, it ended."""
    return bool(_SENTENCE_END.search(words_text(last.words))) and line.text[:1].isupper() and _room_for(last, line)


def _room_for(last: Placed, line: Placed) -> bool:
    """The line ``last`` had room left for the first word of ``line``: it did not wrap."""
    first = line.words[0]
    return last.right - last.x1 > (first.x1 - first.x0) + line.size


def _wrapped_emphasis(block: _Open, line: Placed, leading: float, following: Placed | None, body: Style) -> bool:
    """An italic or bold phrase of a sentence that wrapped onto a line of its own: same size,
    the sentence still open, set at the paragraph's leading (a heading has space above it) —
    or, over a page or column break, closing the sentence or with it going on in plain text
    below."""
    last = block.lines[-1]
    if block.kind == "heading" or abs(line.size - last.size) > 0.03 * line.size or _ends_sentence(block):
        return False
    if abs(line.indent - block.indent) > INDENT_EM * line.size:
        return False
    if line.page != last.page or line.left != last.left or line.top < last.top:
        if _room_for(last, line):
            return False
        if re.search(r"\w[.!?]['\"”’)]*$", line.text) or re.match(r"^['\"”’(]*[^\W\d_]", line.text) \
                and line.text.lstrip("'\"”’(")[:1].islower():
            return True  # it closes the sentence or goes on in lower case: a heading does neither
        return following is not None and following.page == line.page \
            and not _is_heading(following, body) and bullet_marker(following) is None \
            and abs(following.indent - line.indent) <= INDENT_EM * line.size
    return 0 <= line.top - last.bottom <= leading + 0.15 * line.size


def _ends_sentence(block: _Open) -> bool:
    return bool(_SENTENCE_END.search(words_text(block.lines[-1].words)))


def _under_item(block: _Open, line: Placed, frame: _Frame) -> bool:
    """Over a break, the line stands at an item's hanging indent from the bullets of its own
    page and column (the column's edge may lie elsewhere there)."""
    if block.kind != "item":
        return False
    hang = block.indent - block.lines[0].indent  # from the bullet to the item's text
    return any(abs(line.x0 - (x + hang)) <= INDENT_EM * line.size for x in frame.bullets.get((line.page, line.left), ()))


def _goes_on(block: _Open, line: Placed, aligned: bool, frame: _Frame) -> bool:
    """Over a column or page break. The text ended before the break when its last line had
    room left (a wrapped line fills its column) unless the sentence is open and the next line
    goes on in lower case at the block's indent; a full line goes on when a sentence was left open —
    the next line must then hold the rest, whatever its indent (margins move from page to
    page), though a new paragraph at the column's edge does not continue an item's hanging
    text — or when the next line is set at the block's indent and goes on in lower case or
    under an item's hanging indent."""
    if abs(line.size - block.lines[-1].size) > 0.03 * line.size:
        return False
    previous = words_text(block.lines[-1].words)
    first = line.text.lstrip()[:1]
    if _room_for(block.lines[-1], line):  # short before the break: only a lower-case line at its indent goes on
        return aligned and first.islower() and not _SENTENCE_END.search(previous)
    hanging = block.kind == "item" and block.indent - block.lines[0].indent >= 0.5 * line.size
    if not _SENTENCE_END.search(previous):  # an item's text does not go on left of its bullet
        if not first.islower() and frame.short(block.lines[-1], line, _pitch(block)):
            return False  # the column had room: the text ended there, unpunctuated
        return not hanging or aligned or first.islower() or line.indent > block.lines[0].indent + 0.5 * line.size
    return aligned and (first.islower() or hanging)


def _pitch(block: _Open) -> float:
    """The block's line pitch (baseline to baseline), or a usual 1.2 em."""
    last = block.lines[-1]
    if len(block.lines) >= 2 and block.lines[-2].page == last.page and block.lines[-2].left == last.left:
        return last.top - block.lines[-2].top
    return 1.2 * last.size


def _close(block: _Open, vocabulary: frozenset[str]) -> Block:
    if block.kind == "item" and block.text_words is not None:
        parts = [words_text(words) for words in block.text_words]
    else:
        parts = [placed.text for placed in block.lines]
    if block.kind == "heading":
        number, text = split_number(join_wrapped(parts))
        return Block(block.kind, tuple(block.lines), text, block.style, number)
    return Block(block.kind, tuple(block.lines), join_wrapped(parts, vocabulary), block.style, block.marker)


def split_number(heading: str) -> tuple[str, str]:
    """("2.1", "Kommunalekonomi") from a numbered heading "2.1 Kommunalekonomi"; a heading
    without a section number comes back whole (a year such as "2021 i korthet" is no number)."""
    match = _SECTION_NUMBER.match(heading)
    return (match[1], heading[match.end():]) if match else ("", heading)


def heading_levels(blocks: Sequence[Block]) -> dict[Style, int]:
    """Each heading style's rank: larger first, then bolder, upright before slanted."""
    styles = {b.style for b in blocks if b.kind == "heading"}
    ranked = sorted(styles, key=lambda s: (-s.size, -s.weight, s.italic, s.color))
    return {style: rank + 1 for rank, style in enumerate(ranked)}
