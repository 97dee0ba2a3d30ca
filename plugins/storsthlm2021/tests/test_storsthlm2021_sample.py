"""The bundled 2021 sample: every cell equals the transcription, and the golden CSVs.

Two independent references: ``storsthlm2021_oracle`` reads the transcription itself, and the
golden CSVs under ``samples/golden/storsthlm2021`` pin every column except ``top`` (compared by
the contract kit in test_storsthlm2021_contract.py). The golden files were written only after
the oracle comparison passed; to rewrite them after a deliberate change run
``PLANEXTRACT_WRITE_GOLDEN=1 pytest plugins/storsthlm2021 -k golden``.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from storsthlm2021_oracle import read_truth


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: _plain(row[c]) for c in columns} for _, row in frame.iterrows()]


@pytest.fixture(scope="module")
def truth(source):
    return read_truth(source)


def test_row_counts(sample):
    counts = {name: len(frame) for name, frame in sample.tables.items()}
    assert counts == {"budget": 46, "fees": 27, "hours": 6, "activities": 133, "stated_figures": 7}


def test_budget_equals_transcription(sample, truth):
    columns = ["unit", "item", "row_kind", "fte", "budget_tkr", "budget_prev_tkr", "budget_prev2_tkr", "note"]
    assert _records(sample.tables["budget"], columns) == truth.budget
    assert set(sample.tables["budget"]["document_year"]) == {2021}


def test_budget_note_is_kept_not_parsed(sample):
    budget = sample.tables["budget"]
    noted = budget[budget["note"].notna()]
    assert set(noted["note"]) == {"Budgetmodellen har ändrats, därför saknas siffror för 2019."}
    assert noted["budget_prev2_tkr"].isna().all()
    assert set(noted["unit"]) == {"Styrelse och ledning", "Kommunikation och processtöd"}
    assert len(noted) == 3 + 5


def test_fees_equal_transcription(sample, truth):
    fees = sample.tables["fees"]
    assert _records(fees, ["municipality", "row_kind", "population", "taxes_and_grants_kr", "fee_kr"]) == truth.fees
    assert (fees["row_kind"] == "municipality").sum() == 26
    first = fees.iloc[0]
    assert (first["population_date"], first["base_year"], first["fee_year"], first["fee_rate_promille"]) == (
        "2019-12-31", 2020, 2021, 0.39)


def test_hours_equal_transcription(sample, truth):
    assert _records(sample.tables["hours"], ["financing", "area", "hours"]) == truth.hours


def test_activities_equal_transcription(sample, truth):
    got = _records(sample.tables["activities"], ["heading_path", "list_heading", "kind", "item", "text"])
    expected = truth.activities
    assert len(got) == len(expected) == 133
    for g, e in zip(got, expected):
        assert g == e


def test_focus_area_titles_are_joined_across_the_designed_break(sample):
    paths = set(sample.tables["activities"]["heading_path"])
    assert "Utbildning och arbetsmarknad" in paths
    assert "Samhällsbygggnad och miljö" in paths  # the source's own spelling, kept
    assert not any("- " in p.split(" > ")[0] for p in paths)


def test_stated_figures_equal_transcription(sample, truth):
    figures = sample.tables["stated_figures"]
    assert list(figures["text"]) == truth.figures
    subjects = dict(zip(figures["text"], figures["subject"]))
    assert subjects == {
        "53 procent": "other", "0,50 promille": "other", "0,42 promille": "other",
        "0,39 promille": "fee_rate", "46,9 miljoner kronor": "fee_income",
        "46,7 miljoner kronor": "fee_income_prev", "13,9 miljoner kronor": "project_income",
    }
    income = figures[figures["subject"] == "fee_income"].iloc[0]
    assert (income["value"], income["unit"], income["decimals"], income["value_base"]) == (
        46.9, "miljoner kronor", 1, 46_900_000.0)
    assert income["sentence"] == ("Den totala serviceavgiftsintäkten för 2021 är 46,9 miljoner kronor, "
                                  "jämfört med 46,7 miljoner kronor föregående år.")
