"""Properties of the plugin's own parsers: header meaning, row grouping, cells, spacing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planextract.document import Line, Word
from planextract.numbers import format_number, parse_int
from planextract.text import join_wrapped
from planextract_ksl2008.grid import data_cells, group_rows
from planextract_ksl2008.headers import FEE_HEADERS, RESOURCE_HEADERS, header_meaning, map_headers
from planextract_ksl2008.layout import words_text

#: Headers as the plans print them (several spellings), and the column each one means.
HEADERS = {
    "resources": (RESOURCE_HEADERS, {
        "Årsarbetare": "fte", "Års- arbetare": "fte", "Antal års- arbetare": "fte", "Antal årsarbetare": "fte",
        "Personal- kostnader": "personnel", "Konsulter, bidrag, konf.": "consultants_grants_conferences",
        "Övriga kostnader": "other_costs", "Intäkter": "revenues", "Netto- kostnad": "net_cost",
    }),
    "fees": (FEE_HEADERS, {
        "Antal invånare den 1 nov 2006": "population", "Utbe- tering 2007": "tax_rate",
        "Utdebitering 2007": "tax_rate", "TX 06 uppräknad": "tax_base",
        "Egna skatte- intäkter 2007": "own_tax_income", "Totala bidrag 2 007": "total_grants",
        "Summa skatter och bidrag och avgifter 2 007": "taxes_and_grants",
        "Avgift 2008 Total avgift uppgår till 0,43 promille av summan skatter, bidrag, avgifter under 2007": "fee",
    }),
}
ALL_HEADERS = [(vocabulary, text, name) for vocabulary, texts in HEADERS.values() for text, name in texts.items()]


@st.composite
def wrapped(draw, text: str) -> list[str]:
    """``text`` broken into header lines: between words, or inside a word with a hyphen."""
    words = text.split()
    lines: list[list[str]] = [[]]
    for word in words:
        if len(word) >= 8 and word.isalpha() and draw(st.booleans()):
            cut = draw(st.integers(5, len(word) - 1))
            lines[-1].append(word[:cut] + "-")
            lines.append([word[cut:]])
            continue
        if lines[-1] and draw(st.booleans()):
            lines.append([])
        lines[-1].append(word)
    return [" ".join(line) for line in lines if line]


@given(st.data())
def test_header_meaning_survives_wrapping(data):
    vocabulary, text, name = data.draw(st.sampled_from(ALL_HEADERS))
    lines = data.draw(wrapped(text))
    assert header_meaning(join_wrapped(lines), vocabulary) == name
    assert header_meaning(join_wrapped(lines).upper(), vocabulary) == name


@given(st.data())
def test_a_table_header_maps_one_to_one(data):
    table = data.draw(st.sampled_from(sorted(HEADERS)))
    vocabulary, texts = HEADERS[table]
    chosen = {}
    for text, name in data.draw(st.permutations(list(texts.items()))):
        chosen.setdefault(name, text)
    order = data.draw(st.permutations(list(chosen.values())))
    assert map_headers(order, vocabulary) == [texts[text] for text in order]


@st.composite
def table_rows(draw):
    """Rows of 1–3 label lines with the numbers on one of them, top to bottom."""
    leading = draw(st.floats(5, 14))
    glyph = leading * draw(st.floats(0.6, 0.95))
    padding = draw(st.floats(0.5, 10))
    rows = draw(st.lists(st.tuples(st.integers(1, 3), st.sampled_from(["top", "middle", "bottom"])),
                         min_size=1, max_size=12))
    y = 0.0
    data, labels = [], []  # (top, bottom), (top, bottom, row)
    for r, (count, align) in enumerate(rows):
        numbers = {"top": 0, "middle": (count - 1) // 2, "bottom": count - 1}[align]
        for i in range(count):
            top = y + padding / 2 + i * leading
            (data.append((top, top + glyph)) if i == numbers else labels.append((top, top + glyph, r)))
        y += count * leading + padding
    return data, labels


@given(table_rows())
def test_wrapped_labels_join_their_own_row(case):
    data, labels = case
    groups = group_rows([d[0] for d in data], [l[0] for l in labels],
                        [d[1] for d in data], [l[1] for l in labels])
    for row, members in enumerate(groups):
        assert sorted(labels[k][2] for k in members) == [row] * len(members)
    assert sum(map(len, groups)) == len(labels)


def _words(tokens: list[tuple[str, float]], size: float = 8.0) -> list[Word]:
    """Words placed left to right; each token's gap (in ems) precedes it."""
    words, x = [], 50.0
    for text, gap in tokens:
        x += gap * size
        width = 0.5 * size * len(text)
        words.append(Word(text, x, 100.0, x + width, 100.0 + size, "Times-Roman", size, 1))
        x += width
    return words


@given(st.lists(st.tuples(st.text("abcåäöXYZ,.”(", min_size=1, max_size=8), st.booleans()), min_size=1,
                max_size=12))
def test_words_text_puts_spaces_where_the_page_has_gaps(tokens):
    placed = [(text, (0.25 if spaced else 0.0) if i else 0.0) for i, (text, spaced) in enumerate(tokens)]
    expected = "".join((" " if spaced and i else "") + text for i, (text, spaced) in enumerate(tokens))
    assert words_text(_words(placed)) == expected


@settings(max_examples=200)
@given(
    numbers=st.lists(st.integers(-10**12, 10**12), min_size=2, max_size=8),
    separator=st.sampled_from([" ", "\u00a0"]),
    minus=st.sampled_from(["-", "\u2212", "\u2013"]),
    space=st.floats(0.2, 0.35),
    column_gap=st.floats(0.6, 3.0),
    minus_apart=st.booleans(),
)
def test_numbers_split_into_their_columns(numbers, separator, minus, space, column_gap, minus_apart):
    tokens: list[tuple[str, float]] = [("Label", 0.0), ("text", space)]
    for number in numbers:
        groups = format_number(number, sep=" ").lstrip("-").split(" ")
        sign = minus if number < 0 else ""
        if sign and minus_apart:
            tokens.append((sign, column_gap))
            tokens.append((groups[0], space))
        else:
            tokens.append((sign + groups[0], column_gap))
        tokens.extend((group, space) for group in groups[1:])
    found = data_cells(Line(tuple(_words(tokens))))
    assert found is not None
    label, cells = found
    assert label.text == "Label text"
    parsed = [parse_int(" ".join(w.text for w in cell.words).replace(" ", separator)) for cell in cells]
    assert parsed == numbers
