"""The year comes from the document: the same plan for 2009 is recognised and labelled 2009."""

from __future__ import annotations

import pytest

from planextract.api import extract, open_document
from planextract_ksl2008.extractor import Ksl2008Extractor


def shift_years(source: str) -> str:
    """2008 → 2009, 2007 → 2008, 2006 → 2007 (in that order, so no year moves twice)."""
    for old, new in (("2008", "2009"), ("2007", "2008"), ("2006", "2007")):
        source = source.replace(old, new)
    return source


@pytest.fixture(scope="module")
def plan_2009(build_pdf, source_text):
    path = build_pdf("plan_2009", shift_years(source_text))
    return path, extract(path, plugin="ksl2008")


def test_2009_plan_is_detected(plan_2009):
    path, _ = plan_2009
    detection = Ksl2008Extractor().detect(open_document(path))
    assert detection is not None and detection.score >= 0.9
    assert "plan year 2009" in detection.reason


def test_2009_plan_is_labelled_2009(plan_2009):
    _, result = plan_2009
    for name, frame in result.tables.items():
        assert set(frame["document_year"]) == {2009}, name
    fees = result.tables["fees"]
    assert set(fees["fee_year"]) == {2009} and set(fees["base_year"]) == {2008}
    assert set(fees["population_date"]) == {"2007-11-01"}
    activities = result.tables["activities"]
    assert "Vad ska uppnås under 2009" in set(activities["list_heading"])
    assert len(activities) == 190 and len(result.tables["resources"]) == 60
    assert result.ok
