"""Goals and activities with the path of headings they sit under.

Every "Vad ska uppnås under <year>" bullet is an ``activity``; every paragraph and bullet
under "Övergripande mål" or "Inriktningsmål" a ``goal``. The path is part > section >
subsection (see :mod:`.outline`). A pair of lists closing a section after several
subsections without lists of their own sums up the whole section ("Kommunalekonomi" ends with
one pair after six subsections), so it sits under the section; lists right after one
subsection belong to that subsection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .blocks import Block
from .outline import list_kind

COLUMNS = ["document_year", "heading_path", "list_heading", "kind", "item", "text", "page", "top"]
SEPARATOR = " > "


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

    def open_part(self, text: str) -> None:
        self.part, self.section = text, None
        self._reset()

    def open_section(self, text: str) -> None:
        self.section = text
        self._reset()

    def open_subsection(self, text: str) -> None:
        self.subsections.append(text)
        self.list_heading = None

    def open_list(self, text: str) -> None:
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


def read_activities(blocks: Sequence[Block], roles: Sequence[str], year: int) -> pd.DataFrame:
    """Goals and activities in document order. ``roles`` gives each heading block's role."""
    state = _State()
    role_of = iter(roles)
    records = []
    for block in blocks:
        if block.kind == "heading":
            _open(state, next(role_of), block.text)
        elif state.list_heading and state.path and (state.kind == "goal" or block.kind == "bullet"):
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


def _open(state: _State, role: str, text: str) -> None:
    if role == "part":
        state.open_part(text)
    elif role == "section":
        state.open_section(text)
    elif role == "subsection":
        state.open_subsection(text)
    elif role == "list":
        state.open_list(text)
    else:
        state.list_heading = None
