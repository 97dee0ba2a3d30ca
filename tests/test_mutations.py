"""Mutation tests for the checks: every way of damaging a correct extraction is caught.

Each sample's extraction is damaged one way at a time (:mod:`planextract.mutations`): a row
dropped, a column lost, a table cut after row k, a list item moved under another heading —
every one of them — and a cell blanked or a digit changed (a fixed sample of cells per
table). The schema or a failed check naming the damaged table must catch each: 100 % for
drops, truncations and moves, ≥ 99 % for single cells. The kill rates print with ``-s``;
``bench/mutations.py`` prints them with the survivors.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planextract
from planextract.host import choose, collect_extractors, get_plugin_manager
from planextract.mutations import _change_digit, kill_rates, mutants

from .conftest import SAMPLES

#: Single-cell mutants per table and kind in CI (every row, column and list item always).
CELLS = 100
WHOLE = ("drop_row", "drop_column", "truncate", "move_item")


@pytest.mark.slow
@pytest.mark.parametrize("sample", ["ksl2008", "storsthlm2021"])
def test_every_damage_to_a_correct_extraction_is_caught(sample):
    document = planextract.open_document(SAMPLES / f"{sample}.pdf")
    extractor, _ = choose(document, collect_extractors(get_plugin_manager()), None)
    report = kill_rates(document, extractor, cells=CELLS)
    print(f"\n{sample}\n" + "\n".join(report.lines()))
    assert all(report.total[kind] for kind in (*WHOLE, "blank_cell", "change_digit"))
    for kind in WHOLE:
        assert report.rate(kind) == 1.0, f"{kind} survivors: {report.survivors[kind][:10]}"
    for kind in ("blank_cell", "change_digit"):
        assert report.rate(kind) >= 0.99, f"{kind} survivors: {report.survivors[kind][:10]}"


def test_mutants_damage_one_thing_each():
    frame = pd.DataFrame({"label": ["a", "b", "c"], "amount": pd.array([1, 20, 300], dtype="Int64"),
                          "page": [1, 1, 2], "top": [1.0, 2.0, 3.0]})
    made = list(mutants({"t": frame}, cells=10))
    kinds = [m.kind for m in made]
    assert kinds.count("drop_row") == 3 and kinds.count("truncate") == 2 and kinds.count("drop_column") == 2
    assert kinds.count("blank_cell") == 6 and kinds.count("change_digit") == 3
    for mutant in made:
        damaged = mutant.tables["t"]
        assert not damaged.equals(frame)
        assert damaged[["page", "top"]].equals(frame[["page", "top"]].iloc[:len(damaged)]) or mutant.kind == "drop_row"


@given(st.one_of(st.integers(-10**12, 10**12), st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 3))))
def test_a_changed_digit_changes_the_value_in_one_printed_digit(value):
    changed = _change_digit(value)
    assert changed != value and type(changed) is type(value)
    if isinstance(value, int) and value:
        before, after = str(value), str(changed)
        assert len(before) == len(after) and sum(a != b for a, b in zip(before, after)) == 1
    assert not (isinstance(changed, float) and math.isnan(changed))
