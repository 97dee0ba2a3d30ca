"""The same content typeset differently gives the same data; another year is labelled as such."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from storsthlm2021_setup import GOLDEN, TABLES, VARIANTS, extract_pdf

from planextract.testing import assert_golden


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("table", TABLES)
def test_variant_gives_the_golden_data(variant_results, variant, table):
    assert_golden(variant_results[variant].tables[table], GOLDEN / f"{table}.csv", ignore=("top", "page"))


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_checks_as_the_sample(variant_results, sample, variant):
    def outcome(checks: pd.DataFrame) -> list[tuple]:
        return [(r.check, re.sub(r" \(page \d+\)", "", r.location), r.status, r.expected, r.actual)
                for r in checks.fillna(0).itertuples()]

    assert outcome(variant_results[variant].checks) == outcome(sample.checks)


def test_variants_really_differ_in_layout(variant_results, sample):
    """Guard against a variant silently typesetting like the sample."""
    pages = {name: tuple(r.tables["budget"]["page"].unique()) for name, r in variant_results.items()}
    assert len(pages["shifted_page_breaks"]) == 2  # the budget table is continued on the next page
    assert sample.tables["budget"]["page"].nunique() == 1


def _shift_years(text: str, by: int) -> str:
    return re.sub(r"\b20(19|20|21)\b", lambda m: str(int(m.group(0)) + by), text)


def test_a_2022_plan_is_labelled_2022(built, source):
    result = extract_pdf(built("plan2022", _shift_years(source, 1)))
    assert result.manifest["document_year"] == 2022
    assert {int(f["document_year"].iloc[0]) for f in result.tables.values()} == {2022}
    fees = result.tables["fees"].iloc[0]
    assert (fees["population_date"], fees["base_year"], fees["fee_year"]) == ("2020-12-31", 2021, 2022)
    budget = result.tables["budget"]
    income = budget[(budget["unit"] == "Styrelse och ledning") & (budget["item"] == "Intäkter")].iloc[0]
    assert (income["budget_tkr"], income["budget_prev_tkr"], income["budget_prev2_tkr"]) == (46958, 46728, 46874)
    subjects = set(result.tables["stated_figures"]["subject"])
    assert {"fee_income", "fee_income_prev", "fee_rate", "project_income"} <= subjects
    assert result.ok
