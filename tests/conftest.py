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
