"""Cells and numbers read from digit groups (planextract.layout.cells).

A PDF gives a number as one word per digit group ("5", "445", "555"): the backends split
words at every space character, NO-BREAK SPACE and NARROW NO-BREAK SPACE included, and the
separator's width stays behind as a gap. A minus may be glued to the first group or set a
little apart. These tests build such words by hand and read them back.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planextract.document import Word, words_text
from planextract.layout.cells import (
    Cell,
    alignment,
    cells,
    gap_cells,
    number_end,
    split_at_edges,
    split_trailing_numbers,
)
from planextract.numbers import format_number, parse_int, parse_number

from .synth import SIZE, SPACE_EM, run, word

#: Width of each group separator as a PDF sets it, in ems: (narrowest, widest).
SEPARATORS = {
    " ": (0.2, 0.35),  # SPACE
    "\u00a0": (0.2, 0.35),  # NO-BREAK SPACE: a space that does not break
    "\u202f": (0.12, 0.25),  # NARROW NO-BREAK SPACE (SI style)
    "\u2009": (0.12, 0.2),  # THIN SPACE
}
MINUS = ["-", "\u2212", "\u2013"]  # hyphen-minus, MINUS SIGN, EN DASH


def number_tokens(value: int, sep_em: float, minus: str, minus_apart: bool, gap_before: float,
                  minus_em: float | None = None) -> list[tuple[str, float]]:
    """The words a PDF gives for ``value``: one per digit group, ``sep_em`` apart (the
    separator glyph itself is not a word), the minus glued to the first group or set apart
    by ``minus_em`` (a group space when not given)."""
    groups = format_number(abs(value), sep=" ").split(" ")
    tokens: list[tuple[str, float]] = []
    if value < 0 and minus_apart:
        tokens.append((minus, gap_before))
        tokens.append((groups[0], sep_em if minus_em is None else minus_em))
    else:
        tokens.append(((minus if value < 0 else "") + groups[0], gap_before))
    tokens.extend((group, sep_em) for group in groups[1:])
    return tokens


def separator_width(data, sep: str) -> float:
    low, high = SEPARATORS[sep]
    return data.draw(st.floats(low, high), label="separator width (em)")


# --------------------------------------------------------------------------- properties
@settings(max_examples=150, deadline=None)
@given(data=st.data(), value=st.integers(-10**13, 10**13), sep=st.sampled_from(sorted(SEPARATORS)),
       minus=st.sampled_from(MINUS), minus_apart=st.booleans(), minus_em=st.floats(0.05, 0.55),
       label_gap=st.floats(0.2, 4.0), size=st.floats(6.0, 14.0))
def test_any_integer_reads_back_as_one_number_cell(data, value, sep, minus, minus_apart, minus_em, label_gap,
                                                    size):
    """Alone, or after a label set anything from a word space to a column gap before it."""
    sep_em = separator_width(data, sep)
    label = run([("Intäkter", 0.0), ("totalt", SPACE_EM)], 50.0, 100.0, size=size)
    number = run(number_tokens(value, sep_em, minus, minus_apart, 0.0, minus_em), label[-1].x1 + label_gap * size,
                 100.0, size=size)
    alone = cells(number)
    assert len(alone) == 1 and alone[0].numeric
    assert parse_int(alone[0].number_text) == value
    assert number_end(number, 0) == len(number)
    found = cells(label + number)
    assert [c.text for c in found[:-1]] == ["Intäkter totalt"]
    assert found[-1].words == tuple(number)
    assert parse_int(found[-1].number_text) == value


@settings(max_examples=150, deadline=None)
@given(data=st.data(), numbers=st.lists(st.integers(-10**12, 10**12), min_size=2, max_size=7),
       sep=st.sampled_from(sorted(SEPARATORS)), minus=st.sampled_from(MINUS), minus_apart=st.booleans(),
       column_gap=st.floats(0.65, 3.0))
def test_numbers_a_column_gap_apart_read_as_separate_numbers(data, numbers, sep, minus, minus_apart, column_gap):
    """In a condensed table the gap between two numbers may be barely wider than the gap
    inside one: anything from 0.65 em splits them; a digit group's gap never does."""
    sep_em = separator_width(data, sep)
    tokens: list[tuple[str, float]] = [("Ekonomi", 0.0), ("och", SPACE_EM), ("stab", SPACE_EM)]
    for number in numbers:
        tokens += number_tokens(number, sep_em, minus, minus_apart, column_gap)
    found = cells(run(tokens, 50.0, 100.0))
    assert found[0].text == "Ekonomi och stab"
    assert [c.numeric for c in found[1:]] == [True] * len(numbers)
    assert [parse_int(c.number_text) for c in found[1:]] == numbers


@settings(max_examples=100, deadline=None)
@given(tokens=st.lists(st.tuples(st.text("abcåäöXYZ,.”(", min_size=1, max_size=8), st.booleans()),
                       min_size=1, max_size=12))
def test_text_has_a_space_only_where_the_page_shows_a_gap(tokens):
    """A word split by a change of font ("mål" italic + "”") is one word again; an ordinary
    space is a space."""
    placed = [(text, (SPACE_EM if spaced else 0.0) if i else 0.0) for i, (text, spaced) in enumerate(tokens)]
    expected = "".join((" " if spaced and i else "") + text for i, (text, spaced) in enumerate(tokens))
    words = run(placed, 50.0, 100.0)
    assert words_text(words) == expected
    assert Cell(tuple(words)).text == expected


@settings(max_examples=100, deadline=None)
@given(label=st.lists(st.text("abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12), min_size=1, max_size=4),
       value=st.integers(0, 999_999), sep=st.sampled_from(sorted(SEPARATORS)), square=st.booleans(),
       gap=st.floats(0.3, 6.0))
def test_a_legend_entry_is_its_label_and_the_number_ending_it(label, value, sep, square, gap):
    """"■ Gymnasieantagningen 19 775": text, then the number that ends the line."""
    words = ([word("■", 60.0, 100.0)] if square else []) + run(
        ((t, SPACE_EM if k else 0.0) for k, t in enumerate(label)), 72.0, 100.0)
    words += run(number_tokens(value, SEPARATORS[sep][0], "-", False, 0.0), words[-1].x1 + gap * SIZE, 100.0)
    found = cells(words)
    assert [c.text for c in found[:-1]] == [("■ " if square else "") + " ".join(label)]
    assert found[-1].numeric and parse_int(found[-1].number_text) == value


# --------------------------------------------------------------------------- number_end
def _words(*tokens: tuple[str, float]) -> list[Word]:
    return run(tokens, 50.0, 100.0)


@pytest.mark.parametrize(("tokens", "end"), [
    ((("5", 0), ("445", 0.25), ("555", 0.25)), 3),
    ((("−", 0), ("5", 0.3), ("445", 0.25)), 3),  # a minus set a little apart
    ((("–5", 0), ("945", 0.25), ("555", 0.25)), 3),  # an en dash glued as a minus
    ((("0,1861", 0),), 1),
    ((("1", 0), ("234,5", 0.25)), 2),  # decimals on the last group
    ((("1,5", 0), ("000", 0.25)), 1),  # nothing follows a decimal part
    ((("12", 0), ("3456", 0.25)), 1),  # not a digit group
    ((("5", 0), ("445", 0.7)), 1),  # a column gap, not a group gap
    ((("−", 0), ("5", 0.8)), 0),  # a dash standing far apart is no minus
    ((("−", 0), ("−5", 0.2)), 0),
    ((("2021", 0),), 1),
    ((("Intäkter", 0), ("46", 0.25)), 0),
])
def test_number_end(tokens, end):
    assert number_end(_words(*tokens), 0) == end


# --------------------------------------------------------------------------- cells
@pytest.mark.parametrize(("tokens", "texts", "numeric"), [
    # a label set close to its number: the number still stands apart
    ((("Intäkter", 0), ("46", 0.28), ("958", 0.25)), ["Intäkter", "46 958"], [False, True]),
    # an amount starting a run of text (a note beside it in a tight table)
    ((("-3", 0), ("217", 0.25), ("Budgetmodellen", 0.28), ("har", 0.28), ("ändrats", 0.28)),
     ["-3 217", "Budgetmodellen har ändrats"], [True, False]),
    # digits glued to a word (a change of font mid-word) are part of it
    ((("Mål", 0), ("2", 0.0)), ["Mål2"], [False]),
    # cells split at wide gaps; a text cell between numbers stays text
    ((("Rörelsekostnader", 0), ("-1", 3.0), ("125", 0.25), ("tkr", 0.28), ("0", 3.0)),
     ["Rörelsekostnader", "-1 125", "tkr", "0"], [False, True, False, True]),
    # a number inside running text is not a cell of its own
    ((("under", 0), ("2007", 0.28), ("och", 0.28), ("framåt", 0.28)), ["under 2007 och framåt"], [False]),
])
def test_cells(tokens, texts, numeric):
    found = cells(_words(*tokens))
    assert [c.text for c in found] == texts
    assert [c.numeric for c in found] == numeric


def test_gap_cells_split_only_at_wide_gaps():
    words = _words(("Antal", 0), ("invånare", 0.28), ("Avgift", 1.2), ("2021", 0.28))
    assert [c.text for c in gap_cells(words)] == ["Antal invånare", "Avgift 2021"]
    assert [c.text for c in gap_cells(words, gap_em=2.0)] == ["Antal invånare Avgift 2021"]


def test_trailing_numbers_each_stand_apart():
    words = _words(("Summa", 0), ("1", 0.28), ("220", 0.25), ("175", 0.25), ("947", 0.7), ("524", 0.25))
    assert [c.number_text for c in split_trailing_numbers(words)] == ["Summa", "1 220 175", "947 524"]


@pytest.mark.parametrize(("text", "numeric", "year"), [
    ("2021", True, True), ("2 007", True, True), ("46 958", True, False), ("1850", True, False),
    ("0,39", True, False), ("Budget", False, False),
])
def test_a_bare_year_is_told_from_an_amount(text, numeric, year):
    cell = Cell(tuple(_words(*((t, 0.25) for t in text.split()))))
    assert (cell.numeric, cell.year) == (numeric, year)


# --------------------------------------------------------------------------- split_at_edges
def test_a_condensed_number_run_is_cut_where_right_aligned_columns_end():
    words = _words(("5", 0), ("445", 0.25), ("555", 0.25), ("500", 0.3), ("000", 0.25))
    cell = Cell(tuple(words))
    assert parse_number(cell.number_text) == Decimal(5_445_555_500_000)  # read alone: one number
    edges = [words[2].x1 + 0.2, words[4].x1 - 0.1]
    parts = split_at_edges(cell, edges, "right", 0.35 * SIZE)
    assert [p.number_text for p in parts] == ["5 445 555", "500 000"]
    assert split_at_edges(cell, edges, "centre", 0.35 * SIZE) == [cell]  # centred columns are not cut
    assert split_at_edges(cell, [], "right", 0.35 * SIZE) == [cell]


def test_left_aligned_columns_cut_before_a_lead_group_only():
    words = _words(("5", 0), ("445", 0.25), ("555", 0.25), ("12", 0.3), ("000", 0.25))
    cell = Cell(tuple(words))
    parts = split_at_edges(cell, [words[0].x0, words[3].x0], "left", 0.35 * SIZE)
    assert [p.number_text for p in parts] == ["5 445 555", "12 000"]
    # a three-digit group at a left edge may be a trailing group: not cut
    words = _words(("5", 0), ("445", 0.25), ("555", 0.25), ("500", 0.3), ("000", 0.25))
    assert split_at_edges(Cell(tuple(words)), [words[0].x0, words[3].x0], "left", 0.35 * SIZE) \
        == [Cell(tuple(words))]


def test_a_cut_that_leaves_no_number_is_not_made():
    words = _words(("−", 0), ("5", 0.3), ("445", 0.25))
    cell = Cell(tuple(words))
    assert split_at_edges(cell, [words[0].x1], "right", 0.35 * SIZE) == [cell]


# --------------------------------------------------------------------------- alignment
def _number(text: str, x0: float) -> Cell:
    return Cell(tuple(run(((t, 0.25 if k else 0.0) for k, t in enumerate(text.split())), x0, 100.0)))


@pytest.mark.parametrize(("mode", "position"), [("right", "x1"), ("left", "x0"), ("centre", "centre")])
def test_alignment_finds_how_numbers_line_up(mode, position):
    texts = ["5 445 555", "0", "-877 000", "12", "3 080 000", "186 681"]
    target = {"first": 200.0, "second": 320.0}
    found = []
    for x in target.values():
        for text in texts:
            width = _number(text, 0.0).x1
            x0 = {"x1": x - width, "x0": x, "centre": x - width / 2}[position]
            found.append(_number(text, x0))
    got_mode, edges = alignment(found, 0.35 * SIZE)
    assert got_mode == mode
    assert edges == pytest.approx(list(target.values()))


def test_alignment_of_equally_wide_numbers_is_right():
    found = [_number("46 958", 200.0), _number("39 944", 200.0), _number("12 345", 300.0)]
    mode, edges = alignment(found, 0.35 * SIZE)
    assert mode == "right"
    assert edges == pytest.approx([found[0].x1, found[2].x1])
