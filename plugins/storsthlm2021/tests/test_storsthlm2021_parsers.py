"""Properties of the plugin's own parsers on synthetic words: column gutters and reading order,
row grouping of unruled tables, legend lines; and the small rules (subjects, row kinds)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planextract.document import Document, Line, Page, Word, group_lines
from planextract.errors import TableNotFound
from planextract.numbers import format_number, parse_int, parse_quantity
from planextract_storsthlm2021.budget import row_kind
from planextract_storsthlm2021.extractor import Storsthlm2021Extractor
from planextract_storsthlm2021.figures import subject
from planextract_storsthlm2021.grid import assemble_rows, column_edges
from planextract_storsthlm2021.hours import split_trailing_number
from planextract_storsthlm2021.layout import find_gutter, split_columns

SIZE = 10.0
CHAR = 0.5 * SIZE  # a synthetic glyph is half an em wide
SPACE = 0.28 * SIZE
LEADING = 1.35 * SIZE

letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12)


def word(text: str, x0: float, top: float, *, size: float = SIZE, bold: bool = False, page: int = 1) -> Word:
    return Word(text, x0, top, x0 + CHAR * size / SIZE * len(text), top + size,
                "Helvetica-Bold" if bold else "Helvetica", size, page)


def set_line(texts: list[str], x0: float, top: float, width: float) -> list[Word]:
    """Words left to right from x0, as many as fit in width."""
    out, x = [], x0
    for text in texts:
        w = word(text, x, top)
        if w.x1 > x0 + width and out:
            break
        out.append(w)
        x = w.x1 + SPACE
    return out


# --------------------------------------------------------------------------- gutters
column_text = st.lists(st.lists(letters, min_size=1, max_size=10), min_size=3, max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(left=column_text, right=column_text, column_width=st.floats(150, 260),
       gap=st.floats(1.2 * SIZE, 4 * SIZE), header=st.booleans())
def test_gutter_lies_in_the_channel_and_left_is_read_first(left, right, column_width, gap, header):
    """Ragged columns, each with at least one full line (as set text has), any channel >= 1.2 em."""
    left, right = [*left, ["ord"] * 60], [["ord"] * 60, *right]
    x_left, top0 = 70.0, 100.0
    x_right = x_left + column_width + gap
    words = []
    if header:
        words += set_line(["rubrik"] * 40, x_left, 60.0, 2 * column_width + gap)
    for i, texts in enumerate(left):
        words += set_line(texts, x_left, top0 + i * LEADING, column_width)
    for i, texts in enumerate(right):
        words += set_line(texts, x_right, top0 + i * LEADING + 3.0, column_width)
    lines = group_lines(words)
    gutter = find_gutter(lines)
    left_end = max(w.x1 for w in words if w.x0 < x_right - 1 and w.top >= top0)
    assert gutter is not None and left_end <= gutter <= x_right
    order = split_columns(lines, gutter)
    columns = [c for line, c in order if line.top >= top0]
    assert columns == sorted(columns)  # every left-column line before every right-column line
    assert sum(len(line.words) for line, _ in order) == len(words)


@settings(max_examples=60, deadline=None)
@given(text=st.lists(st.lists(letters, min_size=8, max_size=30), min_size=3, max_size=30),
       width=st.floats(300, 460))
def test_running_text_in_one_column_has_no_gutter(text, width):
    words = [w for i, texts in enumerate(text) for w in set_line(texts, 70.0, 100 + i * LEADING, width)]
    assert find_gutter(group_lines(words)) is None


def test_a_table_of_numbers_is_not_a_text_column():
    words = []
    for i in range(20):
        top = 100 + i * LEADING
        words += set_line(["kommun", "namn"], 70, top, 200)
        words += [word("12", 330, top), word("345", 342, top), word("678", 400, top), word("901", 418, top)]
    assert find_gutter(group_lines(words)) is None


# --------------------------------------------------------------------------- table rows
EDGES = (300.0, 380.0, 460.0)
VALUE_LEFT = 250.0


def number_words(value: int, right: float, top: float, sep: str, minus: str) -> list[Word]:
    text = format_number(value, sep=" ", minus=minus)
    parts = text.split(" ") if sep == " " else [text.replace(" ", sep)]
    out, x1 = [], right
    for part in reversed(parts):
        w = word(part, x1 - CHAR * len(part), top)
        out.insert(0, w)
        x1 = w.x0 - SPACE
    return out


row_strategy = st.tuples(
    st.lists(st.lists(letters, min_size=1, max_size=3), min_size=1, max_size=3),  # label lines
    st.lists(st.one_of(st.none(), st.integers(-999_999, 999_999)), min_size=3, max_size=3),
    st.booleans(),
).filter(lambda r: any(v is not None for v in r[1]))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(row_strategy, min_size=2, max_size=12), sep=st.sampled_from([" ", "\u00a0"]),
       minus=st.sampled_from(["-", "\u2212", "\u2013"]))
def test_rows_group_by_numbers_and_keep_wrapped_labels(rows, sep, minus):
    words, top = [], 100.0
    leading, padding = 1.17 * SIZE, 0.4 * SIZE
    for label_lines, values, bold in rows:
        for k, texts in enumerate(label_lines):
            words += [word(t, 72 + j * 60, top + k * leading, bold=bold) for j, t in enumerate(texts)]
        for value, edge in zip(values, EDGES):
            if value is not None:
                words += number_words(value, edge, top, sep, minus)
        top += len(label_lines) * leading + padding
    lines = group_lines(words)
    edges = column_edges(lines, VALUE_LEFT)
    assert all(min(abs(e - edge) for edge in EDGES) < 1 for e in edges)
    got = assemble_rows(lines, list(EDGES), VALUE_LEFT)
    assert len(got) == len(rows)
    for row, (label_lines, values, bold) in zip(got, rows):
        assert row.label_text() == " ".join(" ".join(t) for t in label_lines)
        assert row.bold == bold
        parsed = [parse_int(row.values[i]) if i in row.values else None for i in range(3)]
        assert parsed == values


def test_text_in_a_number_column_is_a_note_even_its_year():
    lines = group_lines([
        word("Intäkter", 72, 100), *number_words(46958, 300, 100, " ", "-"),
        word("Budgetmodellen", 400, 100, size=8),
        word("Resultat", 72, 113), *number_words(39944, 300, 113, " ", "-"), word("2019.", 400, 113, size=8),
    ])
    rows = assemble_rows(lines, list(EDGES), VALUE_LEFT)
    assert [r.values for r in rows] == [{0: "46 958"}, {0: "39 944"}]
    assert rows[0].notes == {2: "Budgetmodellen 2019."}


# --------------------------------------------------------------------------- legend lines
@settings(max_examples=80, deadline=None)
@given(label=st.lists(letters, min_size=1, max_size=4), value=st.integers(0, 999_999),
       sep=st.sampled_from([" ", "\u00a0"]), square=st.booleans(), gap=st.floats(0.3 * SIZE, 6 * SIZE))
def test_legend_line_splits_into_label_and_number(label, value, sep, square, gap):
    words = ([word("■", 60, 100)] if square else []) + set_line(label, 72, 100, 400)
    right = words[-1].x1 + gap + CHAR * len(format_number(value))
    line = Line(tuple(words + number_words(value, right, 100, sep, "-")))
    got_label, number = split_trailing_number(line)
    assert got_label == " ".join(w.text for w in words if w.text != "■")
    assert number is not None and parse_int(number) == value


# --------------------------------------------------------------------------- small rules
@pytest.mark.parametrize(("sentence", "printed", "expected"), [
    ("Den totala serviceavgiftsintäkten för 2021 är 46,9 miljoner kronor, jämfört med 46,7 miljoner kronor "
     "föregående år.", "46,9 miljoner kronor", "fee_income"),
    ("Den totala serviceavgiftsintäkten för 2021 är 46,9 miljoner kronor, jämfört med 46,7 miljoner kronor "
     "föregående år.", "46,7 miljoner kronor", "fee_income_prev"),
    ("Till år 2020 sänkes avgiften till 0,40 och till 2021 ner till 0,39 promille av summa skatter.",
     "0,39 promille", "fee_rate"),
    ("Förbundsmötet beslutade i mars 2019 att avgiften högst får vara 0,50 promille av intäkterna.",
     "0,50 promille", "other"),
    ("För 2021 budgeteras för externfinansierade projekt motsvarande 13,9 miljoner kronor.",
     "13,9 miljoner kronor", "project_income"),
    ("För 2020 budgeterades för externfinansierade projekt motsvarande 44,4 miljoner kronor.",
     "44,4 miljoner kronor", "other"),
])
def test_subject_comes_from_the_sentence_not_the_value(sentence, printed, expected):
    start = sentence.index(printed)
    assert subject(sentence, start, start + len(printed), parse_quantity(printed), 2021) == expected


@pytest.mark.parametrize(("label", "bold", "amounts", "fte", "kind"), [
    ("Styrelse och ledning", True, False, True, "unit"),
    ("Regional utveckling", False, False, True, "unit"),
    ("Intäkter", False, True, False, "line"),
    ("Intäkter", False, False, False, "line"),  # every amount left blank: still a line
    ("Resultat", True, True, False, "result"),
    ("Nettokostnad", False, True, False, "result"),
    ("Summa projekt- och avtalsfinansierad verksamhet", True, True, False, "sum"),
    ("Totalt Storsthlm", True, True, True, "total"),
])
def test_row_kind(label, bold, amounts, fte, kind):
    assert row_kind(label, bold, amounts, fte) == kind


def _document(lines: list[str]) -> Document:
    words = [w for i, text in enumerate(lines) for w in set_line(text.split(), 70, 100 + i * 20, 450)]
    page = Page(1, 595.0, 842.0, tuple(words))
    return Document(Path("other.pdf"), "0" * 64, 0, (page,))


def test_a_document_without_a_plan_year_says_so():
    with pytest.raises(TableNotFound, match="no plan year"):
        Storsthlm2021Extractor().extract(_document(["Pannkakor", "Tre ägg och mjölk."]))


def test_a_plan_without_a_budget_table_names_what_was_looked_for():
    with pytest.raises(TableNotFound, match="no budget table.*'Budget <year>'"):
        Storsthlm2021Extractor().extract(_document(["Verksamhetsplan och budget 2021", "Aktiviteter"]))


def test_decimal_helpers_are_exact():
    from planextract.checks import exact as _dec

    assert _dec(0.39) / 1000 == Decimal("0.00039") and _dec(46958) == Decimal(46958)
