"""The project's own 2008 sample: every cell equals the source, every check passes.

Two references: an independent parse of the transcription (the truth) and golden CSVs
written from an extraction that matched it. The goldens are compared by the contract kit
(test_ksl2008_contract.py; ``PLANEXTRACT_WRITE_GOLDEN=1`` rewrites them, after the oracle tests
pass).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from ksl2008_compare import (
    ACTIVITY_FIELDS,
    FEE_FIELDS,
    RESOURCE_FIELDS,
    normalised,
    records,
)
from ksl2008_expected import NARRATIVE, ROUNDING


def test_row_counts(sample_result):
    counts = {name: len(frame) for name, frame in sample_result.tables.items()}
    assert counts == {"resources": 60, "fees": 27, "activities": 190, "stated_figures": 16}


def test_resources_equal_the_source(sample_result, oracle):
    got = normalised(records(sample_result.tables["resources"], RESOURCE_FIELDS))
    assert got == normalised(oracle.resources)


def test_resources_one_table_over_two_pages(sample_result):
    frame = sample_result.tables["resources"]
    assert frame["page"].nunique() == 2 and frame["page"].is_monotonic_increasing
    assert "Aktivitet" not in set(frame["activity"])
    assert frame["row_kind"].value_counts().to_dict() == {"line": 50, "subtotal": 9, "total": 1}
    missing = frame[frame["activity"] == "Finansiering, medlemsavgifter och räntor"].iloc[0]
    assert pd.isna(missing["fte"]) and pd.isna(missing["personnel_kr"])  # empty cells: missing, not 0


def test_fees_equal_the_source(sample_result, oracle):
    got = normalised(records(sample_result.tables["fees"], FEE_FIELDS))
    assert got == normalised(oracle.fees)


def test_fee_terms_read_from_the_document(sample_result):
    fees = sample_result.tables["fees"]
    terms = fees[["population_date", "base_year", "fee_year", "fee_rate_promille", "document_year"]].drop_duplicates()
    assert terms.to_dict("records") == [
        {"population_date": "2006-11-01", "base_year": 2007, "fee_year": 2008, "fee_rate_promille": 0.43,
         "document_year": 2008}]


def test_activities_equal_the_source(sample_result, oracle):
    got = records(sample_result.tables["activities"], ACTIVITY_FIELDS)
    expected = [{**row, "item": Decimal(row["item"])} for row in oracle.activities]
    assert len(got) == len(expected)
    for mine, truth in zip(got, expected):
        assert mine == truth


def test_activity_kinds_and_paths(sample_result):
    activities = sample_result.tables["activities"]
    assert activities["kind"].value_counts().to_dict() == {"activity": 133, "goal": 57}
    paths = set(activities["heading_path"])
    assert "Utbildningsberedningen > Gemensam Gymnasieregion > Gemensamt gymnasieutbud" in paths
    assert "Styrelsen > Kommunalekonomi" in paths  # one list pair closing six subsections


def test_stated_figures_equal_the_source(sample_result, oracle):
    figures = sample_result.tables["stated_figures"]
    got = [(row.text, Decimal(repr(row.value)).normalize()) for row in figures.itertuples()]
    assert got == [(text, value.normalize()) for text, value in oracle.figures]
    assert set(figures["subject"]) - {"other"} == NARRATIVE


def test_no_check_fails(sample_result):
    checks = sample_result.checks
    assert checks[checks["status"] == "fail"].empty, checks[checks["status"] == "fail"].to_string()
    assert sample_result.ok


def test_rounding_differences_are_reported_as_rounding(sample_result):
    checks = sample_result.checks
    rounding = checks[checks["status"] == "rounding"]
    assert set(zip(rounding["check"], rounding["location"])) == ROUNDING
    assert (rounding["difference"].abs() <= rounding["tolerance"]).all()
    assert (rounding["difference"].abs() >= 1).all()


def test_every_kind_of_check_ran(sample_result):
    checks = sample_result.checks
    names = set(checks["check"])
    assert {"fees.row_sum", "fees.fee_rate", "fees.column_total", "resources.net_cost", "resources.subtotal",
            "resources.total"} <= names
    assert {f"narrative.{subject}" for subject in NARRATIVE} <= names
    assert (checks.groupby("check")["status"].apply(lambda s: (s != "fail").all())).all()
    counts = checks["check"].value_counts()
    assert counts["fees.row_sum"] == counts["fees.fee_rate"] == 27
    assert counts["resources.net_cost"] == 60
    assert counts["resources.subtotal"] == 9 * 6 and counts["resources.total"] == 6
    completeness = checks[checks["check"].str.startswith(("completeness.", "consistency."))]
    assert completeness["check"].value_counts().to_dict() == {
        "consistency.terms": 4, "completeness.numbers": 2, "completeness.rows": 2, "completeness.total": 2,
        "completeness.lists": 1, "completeness.figures": 1, "completeness.members": 1, "completeness.sections": 1,
        "completeness.reading": 1}
    assert set(completeness["status"]) == {"ok"}


def test_narrative_checks_say_which_rule_matched(sample_result):
    narrative = sample_result.checks[sample_result.checks["check"].str.startswith("narrative.")]
    assert (narrative["status"] == "ok").all()
    rule = dict(zip(narrative["check"], narrative["rule"]))
    assert rule["narrative.fee_income"] == "rounded to 1 decimals"
    assert rule["narrative.net_interest"] == "truncated to 1 decimals"  # 0,25 mnkr stated as 0,2
    assert rule["narrative.adult_education_income"].startswith("rounded")  # "ca 900 tkr", exactly 900 000


def test_each_part_has_its_resource_group_by_name_or_as_the_plan_names_it():
    import pandas as pd

    from planextract_ksl2008.reconcile import section_check

    activities = pd.DataFrame({"heading_path": ["Styrelsen > Kommunalekonomi", "Övrig verksamhet > Miljö"]})

    def resources(*groups: str) -> pd.DataFrame:
        return pd.DataFrame({"activity": list(groups), "row_kind": ["subtotal"] * len(groups)})

    ok = section_check(resources("Verksamheter under styrelsen", "Externfinansierade enheter"), activities)
    assert ok.status.value == "ok" and ok.rule == "every part has its group; Övrig verksamhet: 'Externfinansierade enheter'"
    lost = section_check(resources("Verksamheter under styrelsen"), activities)
    assert lost.status.value == "fail" and "part 'Övrig verksamhet' has no 'Externfinansierade enheter' group" in lost.rule
    stray = section_check(resources("Verksamheter under styrelsen", "Externfinansierade enheter",
                                    "Verksamheter under Vård- och omsorgsberedningen"), activities)
    assert stray.status.value == "fail" and "names no part of the plan" in stray.rule
