"""Reconciliation rules: tolerance for rounded sums, products, figures stated in prose."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from planextract.checks import (
    Status,
    checks_frame,
    compare,
    product_check,
    skipped,
    stated_figure_check,
    sum_check,
    summarize,
)
from planextract.numbers import parse_quantity


def test_exact_sum_is_ok():
    result = sum_check("s", "here", D(6765661), [D(0), D(1000000), D(5765661)])
    assert result.status is Status.OK and result.difference == 0 and result.tolerance == D("1.5")


def test_a_few_kronor_over_26_rounded_fees_is_rounding_not_ok_not_fail():
    terms = [D(1)] * 26
    result = sum_check("fees.total", "fee_2021", D(23), terms)
    assert result.status is Status.ROUNDING
    assert result.difference == D(-3) and result.tolerance == D(13)
    assert "26 terms" in result.rule


def test_ten_thousand_kronor_off_fails():
    result = sum_check("fees.total", "fee", D(10000), [D(1), D(2)])
    assert result.status is Status.FAIL


def test_product_rounded_half_up():
    # 0,43 promille of BOTKYRKA's 3 192 652 244 kr
    ok = product_check("fee", "BOTKYRKA", D(1372840), D("0.00043"), D(3192652244))
    assert ok.status is Status.OK and ok.expected == D(1372840)
    off_by_one = product_check("fee", "X", D(1372841), D("0.00043"), D(3192652244))
    assert off_by_one.status is Status.ROUNDING
    wrong = product_check("fee", "X", D(1382840), D("0.00043"), D(3192652244))
    assert wrong.status is Status.FAIL


def test_stated_figures_say_which_rule_matched():
    truncated = stated_figure_check("n", "fee income", parse_quantity("46,9 miljoner kronor"), D(46957644))
    assert truncated.status is Status.OK and truncated.rule == "truncated to 1 decimals"
    rounded = stated_figure_check("n", "fee income", parse_quantity("30,9 miljoner kronor"), D(30919057))
    assert rounded.status is Status.OK and rounded.rule == "rounded to 1 decimals"
    wrong = stated_figure_check("n", "fee income", parse_quantity("31,9 miljoner kronor"), D(30919057))
    assert wrong.status is Status.FAIL
    approx = stated_figure_check("n", "vux", parse_quantity("ca 900 tkr"), D(920000))
    assert approx.status is Status.ROUNDING and "approximate" in approx.rule


def test_frame_and_summary():
    frame = checks_frame([
        sum_check("a", "x", D(3), [D(1), D(2)]),
        skipped("b", "2019", "Budgetmodellen har ändrats"),
    ])
    assert list(frame["status"]) == ["ok", "skipped"]
    assert frame.loc[1, "expected"] is None  # missing, not 0
    assert frame.loc[0, "expected"] == 3 and isinstance(frame.loc[0, "expected"], D)
    assert list(frame["unit"]) == ["kr", "kr"]
    assert summarize(frame) == {"ok": 1, "rounding": 0, "fail": 0, "skipped": 1}


def test_check_figures_stay_exact_and_units_have_one_spelling():
    big = checks_frame([sum_check("a", "x", D(71904782960), [D(71904782960)]),
                        compare("b", "y", D("0.10"), D("0.1"), D("0.005"), unit="FTE"),
                        stated_figure_check("c", "z", parse_quantity("30,9 miljoner kronor"), D(30919057))])
    assert big["expected"].map(str).tolist() == ["71904782960", "0.1", "30.9"]
    assert big["tolerance"].map(str).tolist() == ["0.5", "0.005", "0.05"]
    assert big["unit"].tolist() == ["kr", "fte", "mnkr"]
    with pytest.raises(ValueError, match="'kroner'"):
        checks_frame([compare("d", "w", D(1), D(1), D(0), unit="kroner")])


def test_exact_decimals_from_table_cells():
    import numpy as np

    from planextract.checks import exact

    assert exact(3.65) == D("3.65") and exact(np.float64(0.1861)) == D("0.1861")
    assert exact(np.int64(30919057)) == D(30919057) and exact(46958) == D(46958)
    assert sum(exact(v) for v in [3.65, 2.7, 2.4]) == D("8.75")
