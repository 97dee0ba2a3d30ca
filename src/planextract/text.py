"""Text shared by every era: bullets, hyphenation, sentences, years.

Pure functions over :class:`~.document.Line` objects, so plugins of any era build on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .document import Document, Line

BULLETS = "•–-■▪◦●"
#: A leading glyph of a list item or legend entry: bullets, geometric shapes, arrows, the
#: private-use Symbol-font bullets of Word.
_BULLET = re.compile(rf"^[{re.escape(BULLETS)}\u2023\u2043\u2219\u25a0-\u25ff\u27a2\u27a4\u25ba\uf0a7\uf0b7\uf0d8]\s*")
#: Lowercase words after "x- " that show a suspended compound ("hälso- och sjukvård").
_CONJUNCTIONS = {"och", "eller", "samt", "resp", "respektive", "till", "som"}


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text, count=1).strip()


def join_wrapped(parts: Sequence[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """Join the lines of one paragraph or bullet, undoing line-end hyphenation.

    "kompetens-" + "försörjning" → "kompetensförsörjning"; "hälso-" + "och sjukvård" keeps
    hyphen and space (a suspended compound); "EU-" + "frågor" keeps the hyphen. Where the
    document itself spells the word elsewhere (``vocabulary``, see :func:`vocabulary`), that
    spelling decides.
    """
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("-") and text[-2:-1].isalpha():
            head = text.rsplit(" ", 1)[-1][:-1]
            tail = part.split(" ", 1)[0].rstrip(",.;:!?)")
            if tail.lower() in _CONJUNCTIONS:
                text = f"{text} {part}"
            elif _keeps_hyphen(head, tail, vocabulary):
                text = text + part
            else:
                text = text[:-1] + part
        elif _prefix_dash(text, part):
            text = text + part
        else:
            text = f"{text} {part}"
    return re.sub(r"\s+", " ", text).strip()


def _prefix_dash(text: str, part: str) -> bool:
    """A line ending in a lone dash that belongs to the next word: "yrkeserfarenhet och/eller
    –" + "utbildning", "energirådgivning, -" + "effektivisering" (a compound's second half after
    a conjunction or a comma); a spaced dash in a sentence ("regional – och") keeps its space."""
    words = text.split()
    if len(words) < 2 or words[-1] not in ("-", "–") or not part[:1].islower():
        return False
    before = words[-2].lower()
    return before.endswith(",") or before in {"och", "eller", "och/eller", "samt"}


def _keeps_hyphen(head: str, tail: str, vocabulary: frozenset[str]) -> bool:
    """Whether a line-end hyphen between ``head`` and ``tail`` belongs to the word."""
    if not tail or not tail[0].islower():
        return True
    joined, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
    if joined in vocabulary or hyphenated in vocabulary:
        return hyphenated in vocabulary and joined not in vocabulary
    last = head.rsplit("-", 1)[-1]  # "DUA-över-" + "enskommelser": only "över" was broken
    if (last + tail).lower() in vocabulary:
        return False
    uppercase = sum(ch.isupper() for ch in last)
    abbreviation = uppercase and len(last) <= 4 and not any(ch in "aeiouyåäö" for ch in last)  # "Sfx-"
    return uppercase >= 2 or any(ch.isdigit() for ch in head) or bool(abbreviation)  # "EU-", "4-steps-"


def vocabulary(lines: Iterable[Line]) -> frozenset[str]:
    """Every word the document spells out mid-line, lowercased: evidence for de-hyphenation."""
    words = set()
    for line in lines:
        for word in line.words[:-1]:
            token = word.text.strip(",.;:!?()\"”“'").lower()
            if token and not token.endswith("-"):
                words.add(token)
    return frozenset(words)


def document_year(document: Document, patterns: Sequence[str]) -> int | None:
    """The year the document states, by the first of ``patterns`` (regexes with one group)
    that matches anywhere, page by page. Patterns go from most to least specific."""
    texts = [" ".join(line.text for line in page.lines) for page in document.pages]
    for pattern in patterns:
        regex = re.compile(pattern, re.IGNORECASE)
        for text in texts:
            match = regex.search(text)
            if match:
                return int(match.group(1))
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“”A-ZÅÄÖ0-9])")


def sentences(text: str) -> list[str]:
    """Split running text into sentences (a stop followed by a capital, digit or quote)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
