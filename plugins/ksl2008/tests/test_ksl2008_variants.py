"""The same content typeset differently gives the same data.

Variants (see ``conftest.VARIANTS``): Helvetica 9 pt; Vera with U+2212 minus and NO-BREAK
SPACE digit groups; tables without ruling lines and a landscape fee table; and page-break
shifts that break the resource table or the fee table at another row. Every column except
``page`` and ``top`` must equal the golden CSVs of the sample.
"""

from __future__ import annotations

import pytest
from ksl2008_expected import ROUNDING
from ksl2008_paths import GOLDEN

from planextract.testing import assert_golden

TABLES = ("resources", "fees", "activities", "stated_figures")


@pytest.mark.parametrize("table", TABLES)
def test_variant_gives_the_same_data(variant_result, table):
    _, result = variant_result
    assert_golden(result.tables[table], GOLDEN / f"{table}.csv", ignore=("top", "page"))


def test_variant_checks_match_the_sample(variant_result):
    name, result = variant_result
    checks = result.checks
    assert checks[checks["status"] == "fail"].empty, (name, checks[checks["status"] == "fail"].to_string())
    rounding = checks[checks["status"] == "rounding"]
    assert set(zip(rounding["check"], rounding["location"])) == ROUNDING, name


def test_variants_exercise_what_they_claim(variant_result):
    """Guard the fixtures: each page-break variant really breaks the table it is meant to."""
    name, result = variant_result
    resources, fees = result.tables["resources"], result.tables["fees"]
    pages = {"resources": resources["page"].nunique(), "fees": fees["page"].nunique()}
    if name in ("resources_break_mid_table", "second_half_breaks"):
        assert pages["resources"] == 3, pages
    if name == "fees_over_two_pages":
        assert pages["fees"] == 2, pages
    if name == "helvetica_9pt":
        assert fees["page"].iloc[0] == resources["page"].iloc[-1]  # fee table right under the total
