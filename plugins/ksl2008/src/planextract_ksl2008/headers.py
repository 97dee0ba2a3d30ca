"""Table headers mapped to clean column names by what they mean, not how they are set.

Headers wrap and hyphenate differently in every layout ("Års-/arbetare", "Antal års-
arbetare", "Utbe-/tering 2007"), and one header may mention another column's word ("Summa
skatter och bidrag och avgifter" mentions "bidrag" and "avgift"). A header means what its
*first* recognised term says: the term matched earliest in the text wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

#: The resource table: "Sammanställning över resurser per aktivitet".
RESOURCE_HEADERS: Mapping[str, str] = {
    "fte": r"års\W*arbetare|\bfte\b",
    "personnel": r"personal",
    "consultants_grants_conferences": r"konsult",
    "other_costs": r"övriga",
    "revenues": r"intäkt",
    "net_cost": r"netto",
}

#: The fee table: "Avgift till KSL <year>".
FEE_HEADERS: Mapping[str, str] = {
    "population": r"invånare|folkmängd|befolkning",
    "tax_rate": r"utbe\W*tering|utdebitering|\butbe\b|skattesats",
    "tax_base": r"\btx\b|skatteunderlag",
    "own_tax_income": r"egna\s+skatte",
    "total_grants": r"bidrag",
    "taxes_and_grants": r"\bsumma\b",
    "fee": r"avgift",
}


def header_meaning(text: str, vocabulary: Mapping[str, str]) -> str | None:
    """The column a header names: the pattern matching earliest in ``text`` (ties: listed first)."""
    best: tuple[int, int, str] | None = None
    for rank, (name, pattern) in enumerate(vocabulary.items()):
        match = re.search(pattern, text, re.IGNORECASE)
        if match and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, name)
    return best[2] if best else None


def map_headers(texts: Sequence[str], vocabulary: Mapping[str, str]) -> list[str]:
    """Names for a row of header texts; raises ``ValueError`` naming an unknown or repeated one."""
    names: list[str] = []
    for text in texts:
        name = header_meaning(text, vocabulary)
        if name is None:
            raise ValueError(f"header {text!r} names none of the expected columns")
        if name in names:
            raise ValueError(f"headers {texts[names.index(name)]!r} and {text!r} both mean {name}")
        names.append(name)
    return names
