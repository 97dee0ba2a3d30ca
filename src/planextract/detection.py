"""Detection by weighted evidence: the phrases, headings and tables that mark an era.

An era plugin lists :class:`Signal` objects; :func:`score` adds the weights of those found
and explains the verdict, so ``planextract detect`` can say *why* a document matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .document import Document
from .extractor import Detection


@dataclass(frozen=True)
class Signal:
    """A regular expression (case-insensitive) worth ``weight`` when the document matches it."""

    label: str
    pattern: str
    weight: float


def score(document: Document, signals: Sequence[Signal], *, year: int | None = None) -> Detection | None:
    """Sum the weights of matching signals (capped at 1); ``None`` when nothing matched."""
    text = " ".join(document.text.split())
    found = [s for s in signals if re.search(s.pattern, text, re.IGNORECASE)]
    if not found:
        return None
    missing = [s.label for s in signals if s not in found]
    total = min(1.0, round(sum(s.weight for s in found), 4))
    reason = "found " + ", ".join(s.label for s in found)
    if missing:
        reason += "; missing " + ", ".join(missing)
    if year is not None:
        reason += f"; plan year {year}"
    return Detection(total, reason, year)
