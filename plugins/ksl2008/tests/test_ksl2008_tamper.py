"""Changed figures are caught: ``planextract check`` exits 1 and names what is wrong.

The copies are typeset by the test from a modified transcription, exactly as the sample is.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from planextract.cli import cli

MUNICIPALITIES = (
    "BOTKYRKA", "DANDERYD", "EKERÖ", "HANINGE", "HUDDINGE", "JÄRFÄLLA", "LIDINGÖ", "NACKA", "NORRTÄLJE",
    "NYKVARN", "NYNÄSHAMN", "SALEM", "SIGTUNA", "SOLLENTUNA", "SOLNA", "STOCKHOLM", "SUNDBYBERG", "SÖDERTÄLJE",
    "TYRESÖ", "TÄBY", "UPPLANDS-BRO", "UPPLANDS-VÄSBY", "VALLENTUNA", "VAXHOLM", "VÄRMDÖ", "ÖSTERÅKER",
)


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _failures(path) -> tuple[int, list[dict]]:
    outcome = CliRunner().invoke(cli, ["check", "--json", "--plugin", "ksl2008", str(path)])
    report = json.loads(outcome.stdout)
    return outcome.exit_code, [c for c in report[0]["checks"] if c["status"] == "fail"]


@pytest.fixture(scope="module")
def fee_changed(build_pdf, source_text):
    """NACKA's fee 1 359 756 → 1 369 756 (+10 000 kr)."""
    line = next(line for line in source_text.splitlines() if line.startswith("NACKA\t"))
    changed = line.replace("\t1 359 756", "\t1 369 756")
    return build_pdf("fee_changed", _replace_once(source_text, line, changed))


@pytest.fixture(scope="module")
def subtotal_changed(build_pdf, source_text):
    """The personnel subtotal of "Verksamheter under Utbildningsberedningen" 2 421 199 → 2 431 199."""
    return build_pdf("subtotal_changed", _replace_once(source_text, "<b>2 421 199</b>", "<b>2 431 199</b>"))


def test_changed_fee_fails_and_names_the_municipality(fee_changed):
    exit_code, failures = _failures(fee_changed)
    assert exit_code == 1
    locations = [f["location"] for f in failures]
    assert "fees: NACKA, fee_kr" in locations
    named = {m for m in MUNICIPALITIES for location in locations if f" {m}," in location}
    assert named == {"NACKA"}, locations
    assert all("NACKA" in loc or loc == "fees: Länets Kommuner, fee_kr" for loc in locations), locations
    nacka = next(f for f in failures if f["location"] == "fees: NACKA, fee_kr")
    assert nacka["check"] == "fees.fee_rate" and nacka["difference"] == 10_000


def test_changed_subtotal_fails_and_names_the_group(subtotal_changed):
    exit_code, failures = _failures(subtotal_changed)
    assert exit_code == 1
    by_check = {f["check"]: f["location"] for f in failures}
    assert by_check["resources.subtotal"] == "resources: Verksamheter under Utbildningsberedningen, personnel_kr"
    assert all("Utbildningsberedningen" in f["location"] or f["location"].startswith("resources: KSL TOTALT")
               for f in failures), failures
