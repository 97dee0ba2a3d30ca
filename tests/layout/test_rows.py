"""Rows of a table on one page (planextract.layout.grid.read_grid), from hand-made lines.

A row is a vertical band around a line holding amounts: a label wrapped over several lines
stays with its numbers whether they sit on its first, middle or last line; horizontal rules,
where a table draws them, are the bands; a note in a number column stays a note.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planextract.document import Rule, Shade, Word
from planextract.layout.grid import Grid, emphasise, read_grid
from planextract.layout.tables import UNIT_WORDS
from planextract.numbers import format_number, parse_int

from .synth import SIZE, page, placed_lines, word

#: Right edges of the value columns.
EDGES = (300.0, 380.0, 460.0)
HEADERS = ("Budget 2021", "Budget 2020", "Budget 2019")

#: Label words (a label that is a unit word, "antal", has its own test below).
letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=10).filter(
    lambda t: t not in UNIT_WORDS)


def number_words(value: int, right: float, top: float, *, size: float = SIZE, minus: str = "-",
                 bold: bool = False) -> list[Word]:
    """``value`` right-aligned at ``right``, one word per digit group, a space apart."""
    out: list[Word] = []
    x1 = right
    for part in reversed(format_number(value, sep=" ", minus=minus).split(" ")):
        w = word(part, x1 - 0.5 * size * len(part), top, size=size, weight=700 if bold else 0)
        out.insert(0, w)
        x1 = w.x0 - 0.25 * size
    return out


def label_words(texts: list[str], top: float, *, size: float = SIZE, bold: bool = False) -> list[Word]:
    return [word(t, 72 + j * 60 * size / SIZE, top, size=size, weight=700 if bold else 0)
            for j, t in enumerate(texts)]


def header_words(top: float = 70.0) -> list[Word]:
    """Each column's header right-aligned over it, in two lines ("Budget" / "2021")."""
    out = []
    for text, edge in zip(HEADERS, EDGES):
        for k, part in enumerate(text.split()):
            out.append(word(part, edge - 0.5 * SIZE * len(part), top + k * 1.2 * SIZE, weight=700))
    return out


def grid(words: Sequence[Word], header: Sequence[Word] = (), rules: Sequence[Rule] = (),
         shades: Sequence[Shade] = ()) -> Grid:
    """``read_grid`` over the words as body lines, ``header`` as header lines, on one page."""
    head = placed_lines(header) if header else []
    return read_grid(head, placed_lines(words), page(1, [*header, *words], rules=rules, shades=shades),
                     UNIT_WORDS)


# --------------------------------------------------------------------------- wrapped labels
def wrapped_table(rows: list[tuple[int, str]], size: float, leading: float, padding: float
                  ) -> tuple[list[Word], list[tuple[str, int, int]]]:
    """Rows of ``count`` label lines with the numbers on the ``align`` line ("top", "middle",
    "bottom"); each row's expected label and numbers."""
    words: list[Word] = []
    expected: list[tuple[str, int, int]] = []
    y = 100.0
    for r, (count, align) in enumerate(rows):
        numbers = {"top": 0, "middle": (count - 1) // 2, "bottom": count - 1}[align]
        parts = []
        for i in range(count):
            top = y + padding / 2 + i * leading
            text = f"rad{r}del{i}"
            parts.append(text)
            words += label_words([text], top, size=size)
            if i == numbers:
                words += number_words(1000 * r + 7, EDGES[0], top, size=size)
                words += number_words(-r, EDGES[1], top, size=size)
        expected.append((" ".join(parts), 1000 * r + 7, -r))
        y += count * leading + padding
    return words, expected


def read_rows(words: list[Word], **extra) -> list[tuple[str, int | None, int | None]]:
    return [(r.label, *(parse_int(r.values[c]) if c in r.values else None for c in (0, 1)))
            for r in grid(words, **extra).rows]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 3), st.sampled_from(["top", "middle", "bottom"])),
                     min_size=1, max_size=10),
       size=st.floats(6.0, 12.0), leading_em=st.floats(1.05, 1.6), padding_em=st.floats(0.2, 1.2))
def test_wrapped_labels_join_their_own_row(rows, size, leading_em, padding_em):
    """Between two one-line rows, any mix of rows wrapped over 1–3 lines, numbers on the
    first, middle or last line: each label line joins its own row (the first and last row of
    a table have a test of their own below)."""
    words, expected = wrapped_table([(1, "top"), *rows, (1, "top")], size, leading_em * size, padding_em * size)
    got = grid(words)
    assert got.how.endswith("rows by white space")
    assert read_rows(words) == expected


@pytest.mark.parametrize(("where", "count", "align"), [
    (where, count, align) for where in ("first", "last") for count in (1, 2, 3)
    for align in ("top", "middle", "bottom")
])
def test_a_table_starts_and_ends_with_wrapped_rows(where, count, align):
    rows = [(count, align), (1, "top")] if where == "first" else [(1, "top"), (count, align)]
    words, expected = wrapped_table(rows, SIZE, 1.17 * SIZE, 0.4 * SIZE)
    assert read_rows(words) == expected


def test_rows_a_hair_apart_still_split_at_the_wider_gap():
    """Padding 0.1 em between rows: the gap between the rows is still the widest one."""
    words, expected = wrapped_table([(2, "top"), (2, "bottom")], SIZE, 1.2 * SIZE, 0.1 * SIZE)
    assert read_rows(words) == expected


# --------------------------------------------------------------------------- budget-like rows
row_strategy = st.tuples(
    st.lists(st.lists(letters, min_size=1, max_size=3), min_size=1, max_size=3),  # label lines
    st.lists(st.one_of(st.none(), st.integers(-999_999, 999_999)), min_size=3, max_size=3),
    st.booleans(),
).filter(lambda r: any(v is not None for v in r[1]))


#: The budget's last row: every amount, bold.
TOTAL = (["Totalt", "Storsthlm"],), [50, 0, 4], True


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(row_strategy, min_size=1, max_size=12).filter(lambda rs: any(r[1][0] is not None for r in rs)),
       minus=st.sampled_from(["-", "\u2212", "\u2013"]))
def test_rows_group_by_numbers_and_keep_wrapped_labels(rows, minus):
    """Top-aligned rows, some bold, some amounts left blank: each row's label, weight and
    amounts; every column found, one no row fills by its header."""
    rows = [*rows, TOTAL]
    words, top = [], 100.0
    leading, padding = 1.17 * SIZE, 0.4 * SIZE
    for label_lines, values, bold in rows:
        for k, texts in enumerate(label_lines):
            words += label_words(texts, top + k * leading, bold=bold)
        for value, edge in zip(values, EDGES):
            if value is not None:
                words += number_words(value, edge, top, minus=minus)
        top += len(label_lines) * leading + padding
    got = grid(words, header_words())
    assert len(got.edges) == 3 and all(abs(e - edge) < 1 for e, edge in zip(got.edges, EDGES))
    assert [got.headers[k] for k in range(3)] == list(HEADERS)
    assert len(got.rows) == len(rows)
    for row, (label_lines, values, bold) in zip(got.rows, rows):
        assert row.label == " ".join(" ".join(t) for t in label_lines)
        assert ("bold" in row.emphasis) == bold
        assert [parse_int(row.values[i]) if i in row.values else None for i in range(3)] == values


def test_a_header_over_a_first_column_no_row_fills_is_a_column():
    words = [w for k, label in enumerate(["Intäkter", "Resultat"])
             for w in (word(label, 72, 100 + 13 * k), *number_words(k + 1, EDGES[1], 100 + 13 * k),
                       *number_words(k + 2, EDGES[2], 100 + 13 * k))]
    got = grid(words, header_words())
    assert got.headers == {0: "Budget 2021", 1: "Budget 2020", 2: "Budget 2019"}
    assert [r.values for r in got.rows] == [{1: "1", 2: "2"}, {1: "2", 2: "3"}]


def test_a_header_over_a_middle_or_last_column_no_row_fills_is_a_column():
    for empty in (1, 2):
        words = [w for k, label in enumerate(["Intäkter", "Resultat"])
                 for w in (word(label, 72, 100 + 13 * k),
                           *(w for c in range(3) if c != empty for w in number_words(k + c, EDGES[c], 100 + 13 * k)))]
        got = grid(words, header_words())
        assert got.headers == {0: "Budget 2021", 1: "Budget 2020", 2: "Budget 2019"}
        assert [r.values for r in got.rows] == [{c: str(k + c) for c in range(3) if c != empty} for k in range(2)]


def test_a_row_labelled_with_a_unit_word_keeps_its_label():
    words = [w for k, label in enumerate(["Intäkter", "Antal", "Resultat"])
             for w in (word(label, 72, 100 + 13 * k),
                       *(w for c in range(3) for w in number_words(10 * k + c, EDGES[c], 100 + 13 * k)))]
    got = grid(words, header_words())
    assert got.headers == dict(enumerate(HEADERS))
    labels = ["Intäkter", "Antal", "Resultat"]
    assert [(r.label, r.values, r.units) for r in got.rows] == [
        (label, {c: str(10 * k + c) for c in range(3)}, {}) for k, label in enumerate(labels)]


def test_text_in_a_number_column_is_a_note_even_its_year():
    words = [
        word("Intäkter", 72, 100), *number_words(46958, EDGES[0], 100),
        word("Budgetmodellen", 400, 100, size=8),
        word("Resultat", 72, 113), *number_words(39944, EDGES[0], 113), word("2019.", 400, 113, size=8),
    ]
    rows = grid(words).rows
    assert [(r.label, r.values) for r in rows] == [("Intäkter", {0: "46 958"}), ("Resultat", {0: "39 944"})]
    assert rows[0].notes == {0: "Budgetmodellen 2019."}
    assert rows[1].notes == {}


def test_a_bold_label_between_regular_rows_is_a_row_of_its_own():
    """A group heading without amounts does not join the row above or below it."""
    words = [
        word("Intäkter", 72, 100), *number_words(100, EDGES[0], 100),
        word("Regional", 72, 113, weight=700), word("utveckling", 120, 113, weight=700),
        word("Intäkter", 72, 126), *number_words(200, EDGES[0], 126),
    ]
    rows = grid(words).rows
    assert [(r.label, r.values, "bold" in r.emphasis) for r in rows] == [
        ("Intäkter", {0: "100"}, False), ("Regional utveckling", {}, True), ("Intäkter", {0: "200"}, False)]


# --------------------------------------------------------------------------- rules as bands
def test_horizontal_rules_are_the_row_bands():
    """The second label line is nearer the next row in white space, but a rule puts it in its own."""
    words = [
        word("Styrelse", 72, 100), *number_words(1, EDGES[0], 100), *number_words(2, EDGES[1], 100),
        word("ledning", 72, 118),
        word("Kansli", 72, 131), *number_words(3, EDGES[0], 131), *number_words(4, EDGES[1], 131),
        word("Projekt", 72, 150), *number_words(5, EDGES[0], 150), *number_words(6, EDGES[1], 150),
    ]
    rules = [Rule(66, y, 470, y + 0.5, 1) for y in (97, 129.5, 147)]
    assert [r.label for r in grid(words).rows] == ["Styrelse", "ledning Kansli", "Projekt"]
    ruled = grid(words, rules=rules)
    assert ruled.how.endswith("rows between rules")
    assert [(r.label, r.values) for r in ruled.rows] == [
        ("Styrelse ledning", {0: "1", 1: "2"}), ("Kansli", {0: "3", 1: "4"}), ("Projekt", {0: "5", 1: "6"})]


@pytest.mark.parametrize("ruled", [False, True])
def test_numbers_centred_on_a_wrapped_label_stay_with_it(ruled):
    """A label wrapped over two lines with its numbers set between them (Word's vertical
    centring): three lines on the page, one row."""
    words = [
        word("Gymnasie-", 72, 100), word("antagning", 72, 112),
        *number_words(26693, EDGES[0], 106), *number_words(-9991, EDGES[1], 106),
        word("Kansli", 72, 130), *number_words(1774, EDGES[0], 130), *number_words(-548, EDGES[1], 130),
    ]
    rules = [Rule(66, y, 470, y + 0.5, 1) for y in (97, 126, 143)] if ruled else []
    got = grid(words, rules=rules)
    assert len(placed_lines(words)) == 4
    assert got.how.endswith("rows between rules" if ruled else "rows by white space")
    assert [(r.label, r.values) for r in got.rows] == [
        ("Gymnasieantagning", {0: "26 693", 1: "-9 991"}), ("Kansli", {0: "1 774", 1: "-548"})]


# --------------------------------------------------------------------------- emphasis
def _ledger(n: int) -> list[Word]:
    """``n`` one-line rows 13 pt apart: a label and one number."""
    return [w for k in range(n)
            for w in (word(f"rad{k}", 72, 100 + 13 * k), *number_words(k, EDGES[0], 100 + 13 * k))]


def test_a_shade_on_a_few_rows_marks_them_zebra_stripes_do_not():
    rows = 8

    def band(k: int) -> Shade:
        return Shade(66, 99 + 13 * k, 470, 111 + 13 * k, 1, "#d9e2f3")

    marked = grid(_ledger(rows), shades=[band(7)])
    emphasise(marked.rows)  # decided over the whole table, which may span pages
    assert ["shaded" in r.emphasis for r in marked.rows] == [False] * 7 + [True]
    zebra = grid(_ledger(rows), shades=[band(k) for k in range(0, rows, 2)])
    emphasise(zebra.rows)
    assert not any("shaded" in r.emphasis for r in zebra.rows)
