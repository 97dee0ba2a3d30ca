"""What is shown is what is read: text a reader of the page cannot see is set aside.

A title page may carry text no viewer shows — drawn in render mode 3 (invisible) or outside
its clipping path (both backends drop it while reading and count it), outside the page, or
in white on a white page — and such text must not set a plan's year or a figure. Every page keeps a count of what was set aside
and why (``Page.ignored``); the manifest sums them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .backends import WHITE
from .document import Page, Word


def visible_page(page: Page) -> Page:
    """The page without words outside it or in white where nothing dark lies behind them."""
    kept: list[Word] = []
    ignored = Counter(dict(page.ignored))
    for word in page.words:
        reason = _hidden(word, page)
        if reason:
            ignored[reason] += 1
        else:
            kept.append(word)
    if len(kept) == len(page.words):
        return page
    return replace(page, words=tuple(kept), ignored=tuple(sorted(ignored.items())))


def _hidden(word: Word, page: Page) -> str | None:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    if not (0 <= x <= page.width and 0 <= y <= page.height):
        return "outside the page"
    if word.color.lower() == WHITE and not any(
            s.x0 <= x <= s.x1 and s.top <= y <= s.bottom and s.color.lower() != WHITE for s in page.shades):
        return "white on white"
    return None


def ignored_text(pages) -> dict[str, int]:
    """Words set aside in the whole document, by reason."""
    total: Counter[str] = Counter()
    for page in pages:
        total.update(dict(page.ignored))
    return dict(sorted(total.items()))
