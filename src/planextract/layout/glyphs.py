"""Glyphs that mark list items and legend entries, whatever the producer made of them."""

from __future__ import annotations

import re
import unicodedata

#: Glyphs that start a list item whatever follows them (with what broken encodings make of
#: "•": Word's private-use Symbol bullets, cp1252's 0x95, reportlab's 0x7F).
BULLET_GLYPHS = frozenset("•●○◦▪■□▫◾◼►▸▹‣⁃∙·➢➤➔→✓✔❖◆◇♦*\uf0b7\uf0a7\uf0d8\uf076\uf0fc\x95\x7f")
#: Dashes start an item only before a clear hanging indent (a dash in running text does not).
DASHES = frozenset("–—-−")
_CID = re.compile(r"^\(cid:\d+\)$")


def is_bullet_glyph(text: str) -> bool:
    """A lone symbol: a bullet, a private-use Symbol-font glyph or an undecodable ``(cid:n)``."""
    if _CID.match(text) or text in BULLET_GLYPHS:
        return True
    return len(text) == 1 and unicodedata.category(text) in ("So", "Co", "Sm")
