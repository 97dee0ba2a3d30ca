"""The Swedish number parser: examples from the plans and property tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planextract.errors import NumberFormatError
from planextract.numbers import (
    Quantity,
    find_quantities,
    format_number,
    is_number,
    parse_int,
    parse_number,
    parse_quantity,
    round_to,
    truncate_to,
)

SEPARATORS = [" ", "\u00a0", "\u202f", "\u2009"]
MINUSES = ["-", "\u2212", "\u2013"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5 445 555", Decimal(5445555)),
        ("-5 945 555", Decimal(-5945555)),
        ("\u2212387\u00a0240", Decimal(-387240)),
        ("\u2013 31 169 057", Decimal(-31169057)),
        ("366\u202f378\u202f150\u202f397", Decimal(366378150397)),
        ("0,1861", Decimal("0.1861")),
        ("3,65", Decimal("3.65")),
        ("0", Decimal(0)),
        ("16", Decimal(16)),
        ("2 007", Decimal(2007)),
    ],
)
def test_parses_the_plans_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "tkr", "1.000", "12 34", "1 2345", "5 44 555", "--5", "1,", ",5", "3,65 tkr", "NaN", "Budgetmodellen har ändrats"]
)
def test_rejects_garbage_naming_the_text(text):
    with pytest.raises(NumberFormatError) as info:
        parse_number(text)
    assert repr(text) in str(info.value)
    assert not is_number(text)


def test_parse_int_refuses_to_truncate():
    assert parse_int("1 915 213") == 1915213
    with pytest.raises(NumberFormatError, match="not a whole number"):
        parse_int("3,65")


@pytest.mark.parametrize(
    ("text", "quantity", "kr"),
    [
        ("30,9 miljoner kronor", Quantity(Decimal("30.9"), "miljoner kronor", 1), Decimal(30_900_000)),
        ("49,8 mnkr", Quantity(Decimal("49.8"), "mnkr", 1), Decimal(49_800_000)),
        ("ca 900 tkr", Quantity(Decimal(900), "tkr", 0, approximate=True), Decimal(900_000)),
        ("0,43 promille", Quantity(Decimal("0.43"), "promille", 2), Decimal("0.00043")),
        ("46 958 tkr", Quantity(Decimal(46958), "tkr", 0), Decimal(46_958_000)),
    ],
)
def test_quantities_with_units(text, quantity, kr):
    parsed = parse_quantity(text)
    assert parsed == quantity
    assert parsed.base_value == kr


def test_finds_quantities_in_prose():
    sentence = ("Efter sänkningen kommer intäkterna år 2008 från serviceavgifter att uppgå till "
                "30,9 miljoner kronor. Utöver medlemsavgifterna tillkommer ett räntenetto på 0,2 mnkr.")
    assert [text for text, _ in find_quantities(sentence)] == ["30,9 miljoner kronor", "0,2 mnkr"]


def test_rounding_and_truncation_differ_where_the_plans_show_it():
    value = Decimal(46_957_644) / Decimal(1_000_000)
    assert truncate_to(value, 1) == Decimal("46.9")
    assert round_to(value, 1) == Decimal("47.0")


@given(
    value=st.integers(min_value=-10**13, max_value=10**13),
    sep=st.sampled_from(SEPARATORS),
    minus=st.sampled_from(MINUSES),
)
def test_integers_round_trip_through_every_format(value, sep, minus):
    assert parse_number(format_number(value, sep=sep, minus=minus)) == value


@given(
    value=st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    decimals=st.integers(min_value=0, max_value=4),
    sep=st.sampled_from(SEPARATORS),
)
def test_decimals_round_trip_at_their_precision(value, decimals, sep):
    text = format_number(value, decimals=decimals, sep=sep)
    assert parse_number(text) == round_to(value, decimals)


@given(st.text(max_size=40))
def test_random_text_parses_or_raises_cleanly(text):
    try:
        value = parse_number(text)
    except NumberFormatError as error:
        assert repr(text) in str(error)
    else:
        assert value.is_finite()
        assert is_number(text)


@given(st.text(alphabet=st.sampled_from("0123456789 ,-\u2212\u00a0abc%"), max_size=25))
def test_number_like_text_never_crashes(text):
    try:
        parse_number(text)
    except NumberFormatError:
        pass
