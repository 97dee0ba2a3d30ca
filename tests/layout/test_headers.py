"""Header meaning (planextract.layout.tables) over the plugins' real table declarations.

A header is printed in several spellings, wrapped over lines at any word or inside a long
word with a hyphen; whatever the wrapping, it must mean its declared column, and a table's
headers must map one to one onto the declared columns.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planextract.errors import TableNotFound
from planextract.layout.tables import TableDecl, header_key, header_meaning, map_headers
from planextract.text import join_wrapped
from planextract_ksl2008 import declarations as ksl
from planextract_storsthlm2021 import declarations as storsthlm

#: Headers as the plans print them (several spellings) and the column each one means.
HEADERS: dict[str, tuple[TableDecl, dict[str, str]]] = {
    "ksl resources": (ksl.RESOURCES, {
        "Årsarbetare": "fte", "Års- arbetare": "fte", "Antal års- arbetare": "fte", "Antal årsarbetare": "fte",
        "Personal- kostnader": "personnel_kr", "Personalkostnader": "personnel_kr",
        "Konsulter, bidrag, konf.": "consultants_grants_conferences_kr", "Övriga kostnader": "other_costs_kr",
        "Intäkter": "revenues_kr", "Netto- kostnad": "net_cost_kr", "Nettokostnad": "net_cost_kr",
    }),
    "ksl fees": (ksl.FEES, {
        "Antal invånare den 1 nov 2006": "population", "Utbe- tering 2007": "tax_rate",
        "Utdebitering 2007": "tax_rate", "TX 06 uppräknad": "tax_base_kr",
        "Egna skatte- intäkter 2007": "own_tax_income_kr", "Totala bidrag 2 007": "total_grants_kr",
        "Summa skatter och bidrag och avgifter 2 007": "taxes_and_grants_kr",
        "Avgift 2008 Total avgift uppgår till 0,43 promille av summan skatter, bidrag, avgifter under 2007": "fee_kr",
    }),
    "storsthlm budget": (storsthlm.budget_table(2021), {
        "Årsarbetare 2021": "fte", "Antal årsarbetare": "fte", "Års- arbetare": "fte",
        "Budget 2021": "budget_tkr", "Budget 2021 tkr": "budget_tkr",
        "Budget 2020": "budget_prev_tkr", "Budget 2019": "budget_prev2_tkr",
    }),
    "storsthlm fees": (storsthlm.FEES, {
        "Antal invånare den 31 dec 2019": "population", "Folkmängd 31 december 2019": "population",
        "Summa skatter och statsbidrag 2020*": "taxes_and_grants_kr",
        "Avgift 2021 uppgår till 0,39 promille av summa skatter och statsbidrag 2020": "fee_kr",
    }),
}
ALL_HEADERS = [(decl, text, name) for decl, texts in HEADERS.values() for text, name in texts.items()]


@st.composite
def wrapped(draw, text: str) -> list[str]:
    """``text`` broken into header lines: between words, or inside a long word with a hyphen."""
    lines: list[list[str]] = [[]]
    for word in text.split():
        if len(word) >= 8 and word.isalpha() and draw(st.booleans()):
            cut = draw(st.integers(5, len(word) - 1))
            lines[-1].append(word[:cut] + "-")
            lines.append([word[cut:]])
            continue
        if lines[-1] and draw(st.booleans()):
            lines.append([])
        lines[-1].append(word)
    return [" ".join(line) for line in lines if line]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_header_meaning_survives_wrapping(data):
    decl, text, name = data.draw(st.sampled_from(ALL_HEADERS))
    lines = data.draw(wrapped(text))
    joined = join_wrapped(lines)
    assert header_meaning(joined, decl) == name
    assert header_meaning(joined.upper(), decl) == name


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_a_table_header_maps_one_to_one(data):
    table = data.draw(st.sampled_from(sorted(HEADERS)))
    decl, texts = HEADERS[table]
    chosen: dict[str, str] = {}
    for text, name in data.draw(st.permutations(list(texts.items()))):
        chosen.setdefault(name, text)
    order = data.draw(st.permutations(list(chosen.values())))
    printed = {k: text for k, text in enumerate(order)}
    printed[-1] = data.draw(st.sampled_from(["", "Aktivitet", "Kommun"]))  # the label column's header
    assert map_headers(printed, decl, page=1) == {k: texts[text] for k, text in enumerate(order)}
    assert sorted(map_headers(printed, decl, page=1).values()) == sorted(c.name for c in decl.columns)


def test_two_headers_meaning_one_column_are_an_error():
    with pytest.raises(TableNotFound, match=r"page 4: headers 'Årsarbetare' and 'Antal års- arbetare' both mean fte"):
        map_headers({0: "Årsarbetare", 1: "Antal års- arbetare"}, ksl.RESOURCES, page=4)


def test_a_header_naming_no_column_is_an_error():
    with pytest.raises(TableNotFound, match=r"page 2: header 'Kommentar' names none of the columns"):
        map_headers({0: "Intäkter", 1: "Kommentar"}, ksl.RESOURCES, page=2)


@pytest.mark.parametrize(("text", "decl", "name"), [
    # the earliest match wins: a sum that mentions grants is the sum
    ("Summa skatter och bidrag och avgifter 2 007", ksl.FEES, "taxes_and_grants_kr"),
    ("Totala bidrag 2 007", ksl.FEES, "total_grants_kr"),
    # the fee header mentions taxes and grants after the word "Avgift"
    ("Avgift 2021 uppgår till 0,39 promille av summa skatter och statsbidrag 2020", storsthlm.FEES, "fee_kr"),
    # year columns are told apart by their year only
    ("Budget 2020", storsthlm.budget_table(2021), "budget_prev_tkr"),
    ("Budget 2021", storsthlm.budget_table(2022), "budget_prev_tkr"),
    ("Budget 2018", storsthlm.budget_table(2021), None),
    ("Kommentar", ksl.RESOURCES, None),
])
def test_header_meaning(text, decl, name):
    assert header_meaning(text, decl) == name


@pytest.mark.parametrize(("text", "key"), [
    ("Års- arbetare", "årsarbetare"),
    ("Egna skatte-  intäkter 2007", "egna skatteintäkter 2007"),
    ("EU-frågor", "eu-frågor"),  # a hyphen inside a word stays
    ("AVGIFT  2008\n Total", "avgift 2008 total"),
    ("ﬁnansiering", "finansiering"),  # NFKC: the ligature is two letters
])
def test_header_key(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize("decl", [d for d, _ in HEADERS.values()], ids=list(HEADERS))
def test_every_declared_column_has_a_printed_spelling_here(decl):
    """The spellings above cover every column, so the properties exercise all of them."""
    names = {name for d, texts in HEADERS.values() if d == decl for name in texts.values()}
    assert names == {c.name for c in decl.columns}
    assert all(re.compile(c.header) for c in decl.columns)
