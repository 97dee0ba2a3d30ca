"""The plan's structure, as its table of contents states it.

Heading sizes in the body are not consistent (a section may be set smaller than a
subsection), so levels come from the contents: bold entries are the parts (the board and
the beredningar), the others their sections. A body heading that matches the next entries of
the contents takes that role; any other heading is a subsection; "Övergripande mål",
"Inriktningsmål" and "Vad ska uppnås under <year>" head lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from planextract.document import Line

from .layout import line_text

TOC_ENTRY = re.compile(r"^(?P<text>.*?\S)\s*(?:\.\s*){4,}\s*(?P<page>\d{1,3})$")
GOAL_LIST = re.compile(r"^(?:övergripande\s+mål|inriktningsmål)$", re.IGNORECASE)
ACTIVITY_LIST = re.compile(r"^vad\s+ska\s+uppnås\s+under\s+\d{4}$", re.IGNORECASE)
#: How many contents entries ahead a body heading may match (skipping a missing one).
LOOKAHEAD = 3
#: Spelling differences a heading may have from its contents entry ("Energitkontoret").
SIMILARITY = 0.9


@dataclass(frozen=True)
class TocEntry:
    text: str
    part: bool
    index: int  # the line it was read from


def read_toc(lines: Sequence[Line]) -> list[TocEntry]:
    """Contents entries: text, dot leader, page number. Bold entries are parts."""
    entries = []
    for index, line in enumerate(lines):
        match = TOC_ENTRY.match(line_text(line))
        if match:
            entries.append(TocEntry(match["text"].strip(), line.bold, index))
    return entries


def list_kind(heading: str) -> str | None:
    """``goal`` or ``activity`` for a list heading, else ``None``."""
    text = " ".join(heading.split())
    if GOAL_LIST.match(text):
        return "goal"
    if ACTIVITY_LIST.match(text):
        return "activity"
    return None


def heading_roles(headings: Sequence[str], toc: Sequence[TocEntry]) -> list[str]:
    """Each heading's role: front, part, section, subsection or list."""
    roles: list[str] = []
    pointer = 0
    started = False
    for heading in headings:
        if list_kind(heading):
            roles.append("list" if started else "front")
            continue
        window = range(pointer, min(pointer + LOOKAHEAD, len(toc)))
        match = next((k for k in window if same_heading(heading, toc[k].text)), None)
        if match is None:
            roles.append("subsection" if started else "front")
            continue
        roles.append("part" if toc[match].part else "section")
        pointer, started = match + 1, True
    return roles


def same_heading(heading: str, entry: str) -> bool:
    """Whether a body heading is a contents entry: equal, one typo apart, or one containing the other."""
    a, b = normalise(heading), normalise(entry)
    if not a or not b:
        return False
    if a == b or SequenceMatcher(None, a, b).ratio() >= SIMILARITY:
        return True
    shorter, longer = sorted((a, b), key=len)
    return f" {shorter} " in f" {longer} "


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'”“’«»]", "", text)
    text = re.sub(r"\s*[-–—]\s*", "-", text)
    return " ".join(text.split()).strip(" .:")
