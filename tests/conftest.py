"""Shared fixtures: small PDFs built on the fly, and the bundled samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from .pdfs import make_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def other_pdf(tmp_path: Path) -> Path:
    """A PDF with text that is not an annual plan of either era."""
    return make_pdf(tmp_path / "recipe.pdf", [["Pannkakor", "Tre ägg, sex deciliter mjölk och två och en halv deciliter mehl."]])


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind(tmp_path_factory):
    """After the whole suite, no process may still hold a path under this run's temp folder
    (a batch or a worker of one of the tests)."""
    yield
    from .test_processes import _gone

    base = str(tmp_path_factory.getbasetemp()) + "/"
    left = _gone(base, within=15.0)
    assert not left, "processes left behind by the test suite:\n" + "\n".join(left)


@pytest.fixture(scope="session", autouse=True)
def ocr_cache_of_this_run(tmp_path_factory):
    """OCR readings go to this run's temp folder, never the user's cache (and a run starts
    with none: what a test reads, it reads)."""
    import os

    before = os.environ.get("PLANEXTRACT_CACHE")
    os.environ["PLANEXTRACT_CACHE"] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    if before is None:
        os.environ.pop("PLANEXTRACT_CACHE", None)
    else:
        os.environ["PLANEXTRACT_CACHE"] = before
