"""Fixtures for the KSL 2008 plugin: the sample, its transcription, variants built on the fly.

Each PDF is built and extracted once per session; the variants are typeset from the same
transcription by samples/build.py with other fonts, sizes, separators, ruling and page breaks.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ksl2008_oracle  # noqa: E402
from ksl2008_paths import SAMPLES, SOURCE  # noqa: E402

sys.path.insert(0, str(SAMPLES))  # samples/build.py

#: Typesetting variants (keywords of build.Typesetting) and what each one exercises.
VARIANTS = {
    "helvetica_9pt": dict(font="Helvetica", size=9),  # fee table on the resources' page
    "vera_minus_nbsp": dict(font="Vera", minus="\u2212", thousands_sep="\u00a0"),  # title wraps
    "unruled_landscape": dict(ruled_tables=False, landscape_fee_table=True),
    "resources_break_mid_table": dict(shift_lines=10),  # first half breaks, header repeated, no title
    "fees_over_two_pages": dict(shift_lines=25),  # fee table breaks, title and header repeated
    "second_half_breaks": dict(shift_lines=40),  # second half breaks, header repeated, no title
    "fee_notes_on_next_page": dict(shift_lines=18),  # the fee table's footnotes overflow to the next page
    # one fee row on a landscape page whose running header sits below the top 8 % of the page
    "landscape_wide_margins": dict(font="Vera", size=13, ruled_tables=False, landscape_fee_table=True,
                                   shift_lines=21, margins_mm=30, minus="\u2212"),
}


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def oracle(source_text) -> ksl2008_oracle.Oracle:
    return ksl2008_oracle.parse(source_text)


@pytest.fixture(scope="session")
def sample_pdf() -> Path:
    return SAMPLES / "ksl2008.pdf"


@pytest.fixture(scope="session")
def sample_result(sample_pdf):
    from planextract.api import extract
    from planextract.testing import open_sample

    return extract(sample_pdf, plugin="ksl2008", document=open_sample(sample_pdf))


@pytest.fixture(scope="session")
def build_pdf(tmp_path_factory):
    """Build ``source`` with typesetting keywords into a session folder (each name once)."""
    from build import KSL_DEFAULT, build_ksl

    folder = tmp_path_factory.mktemp("ksl2008")
    built: dict[str, Path] = {}

    def build(name: str, source: str, **typesetting) -> Path:
        if name not in built:
            path = folder / f"{name}.pdf"
            build_ksl(source, path, replace(KSL_DEFAULT, **typesetting))
            built[name] = path
        return built[name]

    return build


@pytest.fixture(scope="session", params=sorted(VARIANTS))
def variant_result(request, build_pdf, source_text):
    from planextract.api import extract

    path = build_pdf(request.param, source_text, **VARIANTS[request.param])
    return request.param, extract(path, plugin="ksl2008")
