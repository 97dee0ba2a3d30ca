"""Activity lists and goal statements, under the headings they sit in.

The structure is read from the recurring pattern, not from fixed font sizes: "Aktiviteter"
headings open lists; the heading nearest above them sets the section style ("Vi …" goals,
the prerequisite areas, the support functions); larger headings open chapters; a
"Fokusområde" kicker makes the next heading a focus area, the emphasised statement under
it the area's goal (``area_goal``) and each of its sections that opens a list one of its
goals (``goal``, the heading's own row). The core's blocks carry a bullet into the next
column or page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

import pandas as pd

from planextract.completeness import ListEvidence, ListOccurrence, list_occurrence, unread_headings
from planextract.errors import TableNotFound
from planextract.layout import Block, Body, TocEntry, same_heading

from .declarations import KICKER, LIST_HEADING

COLUMNS = ["document_year", "heading_path", "list_heading", "kind", "item", "text", "page", "top"]


def read_activities(body: Body, blocks: Sequence[Block], year: int, toc: Sequence[TocEntry] = ()
                    ) -> tuple[pd.DataFrame, dict[str, ListEvidence]]:
    """Activities and goals in document order, and what the text shows of them (for the
    completeness checks). The contents (``toc``), where the plan has one, names the chapters
    and focus areas: a heading it lists opens one even when it is set like a section heading."""
    chapters = [entry.text for entry in toc]
    list_size, section_size = heading_sizes(blocks, chapters)
    records = [{"document_year": year, **r} for r in _walk(blocks, list_size, section_size, chapters)]
    if not any(r["kind"] == "activity" for r in records):
        raise TableNotFound("activities: no bullets under an 'Aktiviteter' heading")
    return (pd.DataFrame.from_records(records, columns=COLUMNS),
            _evidence(body, blocks, list_size, section_size, chapters))


def _evidence(body: Body, blocks: Sequence[Block], list_size: float, section_size: float,
              chapters: Sequence[str]) -> dict[str, ListEvidence]:
    """Each "Aktiviteter" heading's items (up to the next heading or paragraph), each focus
    area's statement (under the title after a kicker) and its goals (its sections that open
    a list)."""
    lists = [list_occurrence(body, blocks, k, until=lambda b: b.kind != "item")
             for k, block in enumerate(blocks) if _is_list_at(block, list_size)]
    goals = []
    for k, block in enumerate(blocks[:-2]):
        if _is_kicker(block):
            title, goal = blocks[k + 1], blocks[k + 2]
            goals.append(ListOccurrence(" ".join(title.text.split()), title.page, title.top, (goal.text,), 0))
    return {"activities": ListEvidence("activities", tuple(lists), ("activity",),
                                       unread=unread_headings(blocks, LIST_HEADING)),
            "activities.goals": ListEvidence("activities", tuple(goals), ("area_goal",),
                                             columns=("heading_path", "heading_path")),
            "activities.goal_headings": ListEvidence(
                "activities", tuple(_goal_headings(blocks, section_size, chapters)), ("goal",),
                columns=("heading_path", "heading_path"))}


def _goal_headings(blocks: Sequence[Block], section_size: float, chapters: Sequence[str]
                   ) -> Iterator[ListOccurrence]:
    """Per focus area (a kicker, its title, its statement), up to the next kicker or chapter
    (by the contents; without one, by a larger heading): the heading nearest above each
    "Aktiviteter" list, whatever its size, as the one item under its own path. A goal heading
    set a little apart from the others is still a goal here, so the walk cannot miss it
    silently."""
    for k, block in enumerate(blocks[:-2]):
        if not _is_kicker(block):
            continue
        title, above, found = " ".join(blocks[k + 1].text.split()), None, []
        for other in blocks[k + 3:]:
            if _is_kicker(other) or other.kind == "heading" and (
                    _chapter(other, chapters) if chapters else other.size > section_size * 1.05):
                break
            if _is_list(other):
                if above is not None and above not in found:
                    found.append(above)
            elif other.kind == "heading":
                above = other
        for goal in found:
            yield ListOccurrence(f"{title} > {goal.text}", goal.page, goal.top, (goal.text,), 0)


def _is_list(block: Block) -> bool:
    return block.kind == "heading" and block.text.strip() == LIST_HEADING


def _is_list_at(block: Block, size: float) -> bool:
    """An "Aktiviteter" heading of the plan's list-heading size (not one set as a title)."""
    return _is_list(block) and abs(block.size - size) < 0.05 * size


def _is_kicker(block: Block) -> bool:
    return bool(re.match(KICKER, block.text.strip(), re.IGNORECASE))


def _chapter(block: Block, chapters: Sequence[str]) -> bool:
    return block.kind == "heading" and any(same_heading(block.text, chapter) for chapter in chapters)


def heading_sizes(blocks: Sequence[Block], chapters: Sequence[str] = ()) -> tuple[float, float]:
    """The size of the "Aktiviteter" headings, and of the section headings that precede them."""
    lists: Counter[float] = Counter()
    sections: Counter[float] = Counter()
    for index, block in enumerate(blocks):
        if _is_list(block):
            lists[block.size] += 1
            above = next((b for b in reversed(blocks[:index]) if b.kind == "heading" and not _is_list(b)
                          and not _is_kicker(b) and not _chapter(b, chapters)), None)
            if above is not None:
                sections[above.size] += 1
    if not lists or not sections:
        raise TableNotFound("activities: no 'Aktiviteter' heading under a section heading")
    return lists.most_common(1)[0][0], sections.most_common(1)[0][0]


def _walk(blocks: Sequence[Block], list_size: float, section_size: float,
          chapters: Sequence[str] = ()) -> Iterator[dict]:
    """The heading path state machine; yields in document order each focus area's statement
    (``area_goal``), each of its sections that opens a list (``goal``: a focus area's "Vi …"
    headings are its goals) and every activity."""
    root: str | None = None
    section: Block | None = None
    focus = False  # the root is a focus area: each section with a list is one of its goals
    pending: Block | None = None  # a focus area's section whose goal row is not yet written
    in_list = False
    item = 0
    expect = None  # "focus" after a kicker, "goal" after a focus-area title
    for index, block in enumerate(blocks):
        path = " > ".join(p for p in (root, section and section.text) if p)
        if _is_kicker(block):
            expect, in_list = "focus", False
            continue
        if block.kind == "item":
            if in_list:
                item += 1
                yield _record(block, path, LIST_HEADING, "activity", item)
            continue
        if block.kind == "paragraph":
            expect, in_list = None, False
            continue
        text = block.text
        if expect == "focus":
            root, section, pending, expect, focus = text, None, None, "goal", True
            continue
        if expect == "goal" and not _is_list(block) and _leads(blocks, index, section_size):
            yield _record(block, root, root, "area_goal", 1)
            expect = None
            continue
        expect = None
        if _is_list_at(block, list_size):
            if focus and pending is not None:
                yield _record(pending, path, root, "goal", 1)
                pending = None
            in_list, item = True, 0
            continue
        in_list = False
        if block.size > section_size * 1.05 or _chapter(block, chapters):
            root, section, pending, focus = text, None, None, False
        elif abs(block.size - section_size) <= 0.05 * section_size:
            section = pending = block


def _leads(blocks: Sequence[Block], index: int, section_size: float) -> bool:
    """The statement under a focus area's title is its goal when it is set smaller than the
    section headings, or — set like them — when another section heading follows before any
    "Aktiviteter" list (a section of its own would have its list first)."""
    if blocks[index].size < section_size * 0.98:
        return True
    for block in blocks[index + 1:]:
        if _is_list(block):
            return False
        if block.kind == "heading" and abs(block.size - section_size) <= 0.05 * section_size:
            return True
    return False


def _record(block: Block, path: str | None, list_heading: str | None, kind: str, item: int) -> dict:
    return {
        "heading_path": path or "",
        "list_heading": list_heading or "",
        "kind": kind,
        "item": item,
        "text": block.text,
        "page": block.page,
        "top": block.top,
    }
