"""Reconciliation on the sample (no failure; the source's own rounding reported), and tampered
copies that ``planextract check`` must fail, naming each failure."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from planextract.cli import cli


def _by_status(result, status: str) -> set[tuple[str, str]]:
    checks = result.checks
    return {(r.check, r.location) for r in checks[checks["status"] == status].itertuples()}


def test_sample_has_no_failure(sample):
    assert sample.ok
    assert _by_status(sample, "fail") == set()


def test_sample_rounding_is_the_sources_own(sample):
    assert _by_status(sample, "rounding") == {
        # the 26 fees add up to 46 957 647, the table states 46 957 644
        ("fees.column_total", "fees: Länets Kommuner, fee 2021"),
        # the 26 bases add up to 120 404 214 504, the table states 120 404 214 507
        ("fees.column_total", "fees: Länets Kommuner, taxes and grants 2020"),
        # 39 990 − 10 755 − 13 355 − 7 213 − 8 664 = 3, the table states 4
        ("budget.sum", "budget: Summa avgiftsfinansierad verksamhet, 2020"),
    }
    fee = sample.checks.set_index(["check", "location"]).loc[("fees.column_total", "fees: Länets Kommuner, fee 2021")]
    assert (fee["expected"], fee["actual"], fee["tolerance"]) == (46_957_647, 46_957_644, 13)


def test_sample_skips_what_the_source_leaves_blank(sample):
    skipped = sample.checks[sample.checks["status"] == "skipped"]
    assert {(r.check, r.location) for r in skipped.itertuples()} == {
        ("budget.result", "budget: Styrelse och ledning, Resultat, 2019"),
        ("budget.result", "budget: Kommunikation och processtöd, Nettokostnad, 2019"),
        ("budget.sum", "budget: Summa avgiftsfinansierad verksamhet, 2019"),
        ("budget.fte", "budget: Summa projekt- och avtalsfinansierad verksamhet, FTE"),
    }
    reasons = dict(zip(skipped["location"], skipped["rule"]))
    assert reasons["budget: Styrelse och ledning, Resultat, 2019"].endswith(
        "Budgetmodellen har ändrats, därför saknas siffror för 2019.")


def test_sample_check_counts(sample):
    counts = sample.checks["check"].value_counts().to_dict()
    assert counts == {"fees.fee_rate": 27, "fees.column_total": 3, "budget.result": 21, "budget.sum": 6,
                      "budget.total": 3, "budget.fte": 3, "cross.fee_income": 1, "narrative.fee_rate": 1,
                      "narrative.fee_income": 1, "narrative.fee_income_prev": 1, "narrative.project_income": 1,
                      "completeness.numbers": 3, "completeness.rows": 3, "completeness.lists": 3,
                      "completeness.figures": 1, "completeness.total": 2, "completeness.members": 1,
                      "completeness.notes": 1, "completeness.reading": 1, "consistency.terms": 5}
    completeness = sample.checks[sample.checks["check"].str.startswith(("completeness.", "consistency."))]
    assert set(completeness["status"]) == {"ok"}


def test_stated_fee_income_matches_by_truncation(sample):
    row = sample.checks.set_index("check").loc["narrative.fee_income"]
    assert row["status"] == "ok" and row["rule"] == "truncated to 1 decimals"
    prev = sample.checks.set_index("check").loc["narrative.fee_income_prev"]
    assert prev["status"] == "ok" and prev["rule"] == "rounded to 1 decimals"


def test_budget_fee_income_matches_fee_table_in_tkr(sample):
    row = sample.checks.set_index("check").loc["cross.fee_income"]
    assert (row["status"], row["expected"], row["actual"]) == ("ok", 46_958, 46_958)


TAMPERED = {
    # one municipality's fee: 2 121 833 → 2 121 933
    "changed_fee": (
        "BOTKYRKA\t94 606\t5 440 596 692\t2 121 833", "BOTKYRKA\t94 606\t5 440 596 692\t2 121 933",
        {("fees.fee_rate", "fees: BOTKYRKA, fee 2021"), ("fees.column_total", "fees: Länets Kommuner, fee 2021")},
    ),
    # one line of one unit: Välfärdsutveckling's personnel costs 2021
    "changed_unit_line": (
        "Personalkostnader\t\t-9 477\t", "Personalkostnader\t\t-9 577\t",
        {("budget.result", "budget: Välfärdsutveckling, Nettokostnad, 2021")},
    ),
    # the total fee income the prose states
    "changed_stated_total": (
        "2021 är 46,9 miljoner kronor", "2021 är 47,9 miljoner kronor",
        {("narrative.fee_income", "text: '47,9 miljoner kronor' (page 20) vs fees: Länets Kommuner, fee 2021")},
    ),
    # the fee table's stated total
    "changed_table_total": (
        "<b>46 957 644</b>", "<b>46 967 644</b>",
        {("fees.column_total", "fees: Länets Kommuner, fee 2021"),
         ("fees.fee_rate", "fees: Länets Kommuner, fee 2021"),
         ("cross.fee_income",
          "budget: Styrelse och ledning, Intäkter, 2021 vs fees: Länets Kommuner, fee 2021")},
    ),
}


@pytest.mark.parametrize("name", TAMPERED)
def test_tampered_copy_fails_check_naming_each_failure(built, source, name):
    old, new, failures = TAMPERED[name]
    assert source.count(old) == 1
    pdf = built(name, source.replace(old, new))
    run = CliRunner().invoke(cli, ["check", "--json", "--plugin", "storsthlm2021", str(pdf)])
    assert run.exit_code == 1, run.output
    report = json.loads(run.stdout)
    failed = {(c["check"], c["location"]) for c in report[0]["checks"] if c["status"] == "fail"}
    assert failed == failures


def test_one_copy_with_all_three_changes_names_every_failure(built, source):
    text, expected = source, set()
    for name in ("changed_fee", "changed_unit_line", "changed_stated_total"):
        old, new, failures = TAMPERED[name]
        text, expected = text.replace(old, new), expected | failures
    pdf = built("changed_all_three", text)
    run = CliRunner().invoke(cli, ["check", "--json", "--plugin", "storsthlm2021", str(pdf)])
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    assert {(c["check"], c["location"]) for c in report[0]["checks"] if c["status"] == "fail"} == expected


def test_tampered_copy_text_report_names_the_failure(built, source):
    old, new, _ = TAMPERED["changed_unit_line"]
    pdf = built("changed_unit_line", source.replace(old, new))
    run = CliRunner().invoke(cli, ["check", "--plugin", "storsthlm2021", str(pdf)])
    assert run.exit_code == 1
    assert "fail     budget.result: budget: Välfärdsutveckling, Nettokostnad, 2021" in run.output
