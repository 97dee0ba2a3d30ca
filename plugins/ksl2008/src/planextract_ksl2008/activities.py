"""Goals and activities with the path of headings they sit under.

Heading levels in the KSL plans are not consistent in size or weight (a section may be set
smaller than a subsection), so the structure comes from the table of contents: its outer
entries are the parts (the board, the beredningar), its inner ones their sections. A body
heading matching the next contents entries takes that role; any other heading is a
subsection. Without a contents, the two largest heading styles stand in for parts and
sections. "Övergripande mål" and "Inriktningsmål" head goals (every paragraph and bullet
under them), "Vad ska uppnås under <year>" activities (every bullet).

A pair of lists closing a section after several subsections without lists of their own sums
up the whole section ("Kommunalekonomi" ends with one pair after six subsections), so it
sits under the section; lists right after one subsection belong to that subsection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from planextract.completeness import ListEvidence, list_occurrence, unread_headings
from planextract.layout import Block, Body, TocEntry, heading_levels, same_heading

from .declarations import ACTIVITY_LIST, GOAL_LIST

COLUMNS = ["document_year", "heading_path", "list_heading", "kind", "item", "text", "page", "top"]
SEPARATOR = " > "
#: How many contents entries ahead a body heading may match (skipping a missing one).
LOOKAHEAD = 3


def list_kind(heading: str) -> str | None:
    """``goal`` or ``activity`` for a list heading, else ``None``."""
    text = " ".join(heading.split())
    if re.match(GOAL_LIST, text, re.IGNORECASE):
        return "goal"
    if re.match(ACTIVITY_LIST, text, re.IGNORECASE):
        return "activity"
    return None


def heading_roles(blocks: Sequence[Block], toc: Sequence[TocEntry]) -> list[str]:
    """Each heading block's role: front, part, section, subsection or list."""
    headings = [b for b in blocks if b.kind == "heading"]
    if not toc:
        return _roles_by_style(headings)
    outer = min(entry.level for entry in toc)
    roles: list[str] = []
    pointer, started = 0, False
    for block in headings:
        if list_kind(block.text):
            roles.append("list" if started else "front")
            continue
        window = range(pointer, min(pointer + LOOKAHEAD, len(toc)))
        match = next((k for k in window if same_heading(block.text, toc[k].text)), None)
        if match is None:
            roles.append("subsection" if started else "front")
            continue
        roles.append("part" if toc[match].level == outer else "section")
        pointer, started = match + 1, True
    return roles


def _roles_by_style(headings: Sequence[Block]) -> list[str]:
    structural = [b for b in headings if not list_kind(b.text)]
    levels = heading_levels(structural)
    ranks = sorted(set(levels.values()))
    part, section = (ranks + [None, None])[1:3]  # rank 1: the document's title
    roles = []
    for block in headings:
        if list_kind(block.text):
            roles.append("list")
        else:
            rank = levels[block.style]
            roles.append("part" if rank == part else "section" if rank == section else
                         "front" if rank == ranks[0] else "subsection")
    return roles


@dataclass
class _State:
    part: str | None = None
    section: str | None = None
    subsections: list[str] = field(default_factory=list)  # since the last list
    last_path: list[str] | None = None  # of the last list in this section
    list_heading: str | None = None
    kind: str | None = None
    path: list[str] = field(default_factory=list)
    count: int = 0

    def open(self, role: str, text: str) -> None:
        if role == "part":
            self.part, self.section = text, None
            self._reset()
        elif role == "section":
            self.section = text
            self._reset()
        elif role == "subsection":
            self.subsections.append(text)
            self.list_heading = None
        elif role == "list":
            self._open_list(text)
        else:
            self.list_heading = None

    def _open_list(self, text: str) -> None:
        base = [h for h in (self.part, self.section) if h]
        if len(self.subsections) == 1:
            self.path = base + self.subsections
        elif not self.subsections and self.last_path is not None:
            self.path = self.last_path
        else:
            self.path = base
        self.last_path, self.subsections = self.path, []
        self.list_heading, self.kind, self.count = text, list_kind(text), 0

    def _reset(self) -> None:
        self.subsections, self.last_path, self.list_heading = [], None, None


def list_evidence(body: Body, blocks: Sequence[Block], roles: Sequence[str]) -> ListEvidence:
    """What each list heading has under it in the text: goal lists take every paragraph and
    item up to the next heading, activity lists every item."""
    role_of = dict(zip((k for k, b in enumerate(blocks) if b.kind == "heading"), roles))
    lists = [k for k, role in role_of.items() if role == "list"]
    return ListEvidence("activities", tuple(
        list_occurrence(body, blocks, k, ("item", "paragraph") if list_kind(blocks[k].text) == "goal" else ("item",))
        for k in lists), unread=unread_headings(blocks, f"{GOAL_LIST}|{ACTIVITY_LIST}"))


def read_activities(blocks: Sequence[Block], roles: Sequence[str], year: int) -> pd.DataFrame:
    """Goals and activities in document order. ``roles`` gives each heading block's role."""
    state = _State()
    role_of = iter(roles)
    records = []
    for block in blocks:
        if block.kind == "heading":
            state.open(next(role_of), block.text)
        elif state.list_heading and state.path and (state.kind == "goal" or block.kind == "item"):
            state.count += 1
            records.append({
                "document_year": year,
                "heading_path": SEPARATOR.join(state.path),
                "list_heading": state.list_heading,
                "kind": state.kind,
                "item": state.count,
                "text": block.text,
                "page": block.page,
                "top": block.top,
            })
    return pd.DataFrame.from_records(records, columns=COLUMNS)
