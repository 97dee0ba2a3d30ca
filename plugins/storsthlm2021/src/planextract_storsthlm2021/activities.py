"""Activity lists and goal statements, under the headings they sit in.

The structure is read from the recurring pattern, not from fixed font sizes: "Aktiviteter"
headings open lists; the heading nearest above them sets the section size ("Vi …" goals,
the prerequisite areas, the support functions); larger headings open chapters; a
"Fokusområde" kicker makes the next heading a focus area and the bold statement under it
the area's goal. Bullets wrap with a hanging indent and may continue in the next column or
on the next page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd

from planextract.document import Word
from planextract.errors import TableNotFound
from planextract.text import is_bullet, join_wrapped, strip_bullet

from .layout import Layout, Placed

LIST_HEADING = "Aktiviteter"
_KICKER = re.compile(r"^fokusområde$", re.IGNORECASE)
#: Lines of one heading are stacked closer than this share of their size.
HEADING_GAP = 0.6


@dataclass
class Block:
    """A heading (its wrapped lines joined), one bullet item, or one line of body text."""

    kind: str  # "heading", "bullet", "text"
    lines: list[Placed] = field(default_factory=list)

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def top(self) -> float:
        return self.lines[0].top

    def text(self, vocabulary: frozenset[str]) -> str:
        parts = [p.text for p in self.lines]
        if self.kind == "bullet":
            parts[0] = strip_bullet(parts[0])
        return join_wrapped(parts, vocabulary)


def read_activities(layout: Layout, year: int, used: Collection[Word] = frozenset()) -> pd.DataFrame:
    lines = [p for p in layout.reading if not any(w in used for w in p.line.words)]
    blocks = list(blocks_of(lines, layout.body_size))
    vocab = layout.vocabulary
    list_size, section_size = heading_sizes(blocks, vocab)
    records = list(_walk(blocks, vocab, list_size, section_size))
    if not any(r["kind"] == "activity" for r in records):
        raise TableNotFound("storsthlm2021: no activities: no bullets under an 'Aktiviteter' heading")
    return pd.DataFrame.from_records([{"document_year": year, **r} for r in records])


def blocks_of(lines: Sequence[Placed], body_size: float) -> Iterator[Block]:
    """Headings (wrapped lines joined), bullet items (continuations joined) and text lines."""
    current: Block | None = None
    for placed in lines:
        kind = line_kind(placed, body_size)
        if kind == "heading" and current and current.kind == "heading" and _same_heading(current.lines[-1], placed):
            current.lines.append(placed)
            continue
        if kind == "continuation" and current and current.kind == "bullet":
            current.lines.append(placed)
            continue
        if current:
            yield current
        current = Block("text" if kind == "continuation" else kind, [placed])
    if current:
        yield current


def line_kind(placed: Placed, body_size: float) -> str:
    if _KICKER.match(placed.text.strip()):
        return "kicker"
    if is_bullet(placed.line) and placed.indent < 0.5 * placed.size:
        return "bullet"
    if placed.bold and placed.size >= 0.9 * body_size:
        return "heading"
    if placed.indent >= 0.5 * placed.size:
        return "continuation"
    return "text"


def _same_heading(previous: Placed, placed: Placed) -> bool:
    return (
        previous.page == placed.page
        and previous.column == placed.column
        and abs(previous.size - placed.size) < 0.05 * placed.size
        and placed.top - previous.bottom < HEADING_GAP * placed.size
    )


def heading_sizes(blocks: Sequence[Block], vocabulary: frozenset[str]) -> tuple[float, float]:
    """The size of the "Aktiviteter" headings, and of the section headings that precede them."""
    lists, sections = Counter(), Counter()
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.text(vocabulary) == LIST_HEADING:
            lists[round(block.size, 1)] += 1
            above = next((b for b in reversed(blocks[:index])
                          if b.kind == "heading" and b.size > block.size * 1.02), None)
            if above is not None:
                sections[round(above.size, 1)] += 1
    if not lists or not sections:
        raise TableNotFound("storsthlm2021: no activities: no 'Aktiviteter' heading under a section heading")
    return lists.most_common(1)[0][0], sections.most_common(1)[0][0]


def _walk(blocks: Sequence[Block], vocab: frozenset[str], list_size: float, section_size: float) -> Iterator[dict]:
    """The heading path state machine; yields goal and activity records in document order."""
    root: str | None = None
    section: str | None = None
    in_list = False
    item = 0
    expect = None  # "focus" after a kicker, "goal" after a focus-area title
    for block in blocks:
        if block.kind == "kicker":
            expect, in_list = "focus", False
            continue
        if block.kind == "bullet":
            if in_list:
                item += 1
                path = " > ".join(p for p in (root, section) if p)
                yield _record(block, path, LIST_HEADING, "activity", item, vocab)
            continue
        if block.kind == "text":
            expect, in_list = None, False
            continue
        text = block.text(vocab)
        if expect == "focus":
            root, section, expect = text, None, "goal"
            continue
        if expect == "goal" and block.size < section_size * 0.98 and text != LIST_HEADING:
            yield _record(block, root, root, "goal", 1, vocab)
            expect = None
            continue
        expect = None
        if text == LIST_HEADING and abs(block.size - list_size) < 0.05 * list_size:
            in_list, item = True, 0
            continue
        in_list = False
        if block.size > section_size * 1.05:
            root, section = text, None
        elif abs(block.size - section_size) <= 0.05 * section_size:
            section = text


def _record(block: Block, path: str | None, list_heading: str | None, kind: str, item: int, vocab) -> dict:
    return {
        "heading_path": path or "",
        "list_heading": list_heading or "",
        "kind": kind,
        "item": item,
        "text": block.text(vocab),
        "page": block.page,
        "top": block.top,
    }
