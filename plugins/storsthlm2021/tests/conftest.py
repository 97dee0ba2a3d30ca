"""Fixtures for the Storsthlm 2021 plugin: the sample, the transcription, typeset variants.

Every PDF is built once per session (build_storsthlm is deterministic) and extracted once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storsthlm2021_setup import SAMPLES, VARIANTS, build, extract_pdf, source_text  # noqa: E402


@pytest.fixture(scope="session")
def source() -> str:
    return source_text()


@pytest.fixture(scope="session")
def sample_pdf() -> Path:
    return SAMPLES / "storsthlm2021.pdf"


@pytest.fixture(scope="session")
def sample(sample_pdf):
    """The extraction result of the bundled sample."""
    return extract_pdf(sample_pdf)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build a PDF from (possibly modified) source text once per session: built(name, text, ts)."""
    folder = tmp_path_factory.mktemp("storsthlm2021")
    cache: dict[str, Path] = {}

    def make(name: str, text: str | None = None, ts=build.STORSTHLM_DEFAULT) -> Path:
        if name not in cache:
            path = folder / f"{name}.pdf"
            build.build_storsthlm(text if text is not None else source_text(), path, ts)
            cache[name] = path
        return cache[name]

    return make


@pytest.fixture(scope="session")
def variant_results(built):
    return {name: extract_pdf(built(name, ts=ts)) for name, ts in VARIANTS.items()}
