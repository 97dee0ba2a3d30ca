"""Layout fuzzing: any faithful typesetting of the two plans must read as the golden data.

Hypothesis draws a typesetting (tests/layout_fuzz.py), samples/build.py renders the plan
with it, and the extraction must equal ``samples/golden/<era>`` in every table and column
but ``page`` and ``top``, with no failing check.  A failure prints the drawn
``Typesetting`` (its repr rebuilds the PDF).  ``PLANEXTRACT_FUZZ_EXAMPLES`` sets the
number of layouts per era (4); ``PLANEXTRACT_FUZZ_SHRINK=1`` lets hypothesis shrink a
failing layout towards the sample's own (slow: every step is a build and an extraction).
bench/fuzz_layouts.py runs hundreds of layouts and groups the failures.

The other tests guard the harness itself: the strategies draw only valid typesettings,
every drawn PDF shows the whole transcription in order, the comparison finds a changed
value, and the defaults still rebuild the bundled samples byte for byte.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .layout_fuzz import (
    BUILDERS,
    DEFAULTS,
    ERAS,
    GOLDEN,
    STRATEGIES,
    TABLES,
    SAMPLES,
    build,
    differences,
    draw_typesetting,
    ksl_typesettings,
    report,
    run,
    source,
    storsthlm_typesettings,
    unfaithful,
)

EXAMPLES = int(os.environ.get("PLANEXTRACT_FUZZ_EXAMPLES", "4"))
SHRINK = bool(os.environ.get("PLANEXTRACT_FUZZ_SHRINK"))
HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=HEALTH,
                phases=[Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if SHRINK else []))


def _check(era: str, ts: build.Typesetting) -> None:
    with tempfile.TemporaryDirectory() as folder:
        diffs = run(era, ts, Path(folder))
    assert not diffs, report(era, ts, diffs)


@pytest.mark.slow
@FUZZ
@given(ksl_typesettings())
def test_any_ksl_layout_reads_as_the_goldens(ts):
    _check("ksl2008", ts)


@pytest.mark.slow
@FUZZ
@given(storsthlm_typesettings())
def test_any_storsthlm_layout_reads_as_the_goldens(ts):
    _check("storsthlm2021", ts)


#: Layouts the fuzzer once found misread, kept as regressions: (era, the failure's repr).
FOUND = {
    # "o" bullets hung far left of their items on a two-column page made a column of their own
    "storsthlm-o-bullets": ("storsthlm2021", "Typesetting(font='Times', size=11, landscape_fee_table=False, "
        "ruled_tables=False, thousands_sep='\\xa0', minus='-', bullet='o', two_column=True, shift_lines=0, "
        "margins_mm=25, opaque_font_names=False, synthetic_bold=True, heading_style='bold', heading_scale=1.5, "
        "top_margin_mm=None, bottom_margin_mm=20, mirror_pt=8, running='none', running_at='top', folio='sida', "
        "folio_at='top-right', roman_front=False, table_rules=None, cell_valign='top', shading='zebra', "
        "subtotal_bold=True, repeat_header=True, label_width=0.8, header_breaks='joined', "
        "space_before=((153, 150.0), (162, 40.0)), para_gap=0.5, hanging_em=5.0, bullet_indent_em=2.0)"),
    # a list's hanging indent inside the left column taken for a second gutter (seed 11, case 80)
    "ksl-hanging-indent": ("ksl2008", "Typesetting(font='Helvetica', size=10.5, landscape_fee_table=False, "
        "ruled_tables=True, thousands_sep=' ', minus='-', bullet='•', two_column=True, shift_lines=25, "
        "margins_mm=30, opaque_font_names=False, synthetic_bold=False, heading_style='colour', heading_scale=1.0, "
        "top_margin_mm=60, bottom_margin_mm=15, mirror_pt=8, running='odd-even', running_at='', folio='none', "
        "folio_at='bottom-centre', roman_front=False, table_rules='none', cell_valign='middle', shading='zebra', "
        "subtotal_bold=True, repeat_header=False, label_width=1.0, header_breaks='flow', "
        "space_before=((21, 12.0),), para_gap=1.5, hanging_em=5.0, bullet_indent_em=2.0)"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(FOUND))
def test_layouts_the_fuzzer_found_read_as_the_goldens(case):
    era, typesetting = FOUND[case]
    _check(era, eval(typesetting, {"Typesetting": build.Typesetting}))  # the repr a failure prints


# --------------------------------------------------------------------------- the harness
@pytest.mark.parametrize("era", ERAS)
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=HEALTH)
@given(data=st.data())
def test_strategies_draw_valid_typesettings(era, data):
    ts = data.draw(STRATEGIES[era]())
    build.validate(ts)
    assert build.words_fit(source(era), ts) is None


@pytest.mark.parametrize("era", ERAS)
def test_strategies_shrink_towards_the_sample_typesetting(era):
    """Every choice lists the era's own value first, so a shrunk failure names only the
    deviations that matter."""
    assert draw_typesetting(lambda options: options[0], era) == DEFAULTS[era]


@pytest.mark.slow
@pytest.mark.parametrize("era", ERAS)
@settings(max_examples=max(EXAMPLES, 6), deadline=None, derandomize=True, suppress_health_check=HEALTH)
@given(data=st.data())
def test_drawn_layouts_show_the_whole_transcription_in_order(era, data):
    ts = data.draw(STRATEGIES[era]())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{era}.pdf"
        BUILDERS[era](source(era), path, ts)
        problem = unfaithful(era, ts, path)
    assert problem is None, f"{ts!r}: {problem}"


def _swap_two_bullets(text: str) -> str:
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("- ") and lines[k + 1].startswith("- "))
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


def _drop_a_table_row(text: str) -> str:
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("BOTKYRKA\t"))
    return "\n".join(lines[:i] + lines[i + 1:])


@pytest.mark.parametrize("era", ERAS)
@pytest.mark.parametrize("tamper", [_swap_two_bullets, _drop_a_table_row])
def test_the_faithfulness_check_sees_a_moved_or_dropped_item(era, tamper, tmp_path):
    ts = dataclasses.replace(DEFAULTS[era], two_column=True, synthetic_bold=True)
    path = tmp_path / f"{era}.pdf"
    BUILDERS[era](source(era), path, ts)
    assert unfaithful(era, ts, path) is None
    BUILDERS[era](tamper(source(era)), path, ts)
    assert unfaithful(era, ts, path) is not None


@pytest.mark.parametrize("era", ERAS)
def test_the_comparison_passes_the_goldens_and_names_what_differs(era):
    """The comparison itself, on frames read from the goldens (the live extraction may be
    mid-rewrite): equal, then a changed value, a changed page (ignored), a lost row, a failed check."""
    import pandas as pd

    def result(tables, failed=()):
        checks = pd.DataFrame([(c, "somewhere", "fail", 1, 2) for c in failed] + [("sum", "x", "ok", 1, 1)],
                              columns=["check", "location", "status", "expected", "actual"])
        return SimpleNamespace(tables=tables, checks=checks)

    tables = {t: pd.read_csv(GOLDEN / era / f"{t}.csv", dtype=str, keep_default_na=False) for t in TABLES[era]}
    assert differences(era, result(tables)) == []
    fees = tables["fees"].copy()
    fees.loc[fees.index[3], "population"] = str(int(fees.loc[fees.index[3], "population"]) + 1)
    fees.loc[fees.index[5], "page"] = "99"                    # page and top are not compared
    assert [d.key for d in differences(era, result({**tables, "fees": fees}))] == ["fees.population"]
    fees = tables["fees"].drop(index=tables["fees"].index[-1])
    assert [d.key for d in differences(era, result({**tables, "fees": fees}))] == ["fees:rows"]
    assert [d.key for d in differences(era, result(tables, ["fee_total"]))] == ["checks:fail:fee_total"]


def test_the_default_typesettings_still_rebuild_the_samples_byte_for_byte(tmp_path):
    # a variant first: registering other faces and aliases must not change the defaults
    build.build_storsthlm(source("storsthlm2021"), tmp_path / "variant.pdf", dataclasses.replace(
        build.STORSTHLM_DEFAULT, font="Vera", opaque_font_names=True, synthetic_bold=True, bullet=build.SYMBOL_BULLET,
        folio="sida", running="odd-even"))
    for era in ERAS:
        BUILDERS[era](source(era), tmp_path / f"{era}.pdf", DEFAULTS[era])
        assert (tmp_path / f"{era}.pdf").read_bytes() == (SAMPLES / f"{era}.pdf").read_bytes(), era
