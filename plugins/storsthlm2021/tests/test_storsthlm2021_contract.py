"""The contract every extractor passes (planextract.testing): detection, tables, provenance,
checks, canonical tables, debug regions and the golden files of the sample."""

from __future__ import annotations

from storsthlm2021_setup import SAMPLES

from planextract.testing import ExtractorContract


class TestStorsthlm2021Contract(ExtractorContract):
    extractor = "storsthlm2021"
    samples = [SAMPLES / "storsthlm2021.pdf"]
    golden_dir = SAMPLES / "golden"
    other_samples = [pdf for pdf in sorted(SAMPLES.rglob("*.pdf")) if pdf.stem != "storsthlm2021"]
