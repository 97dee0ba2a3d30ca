"""The contract every extractor passes (planextract.testing): detection, tables, provenance,
checks, canonical tables, debug regions and the golden files of the sample."""

from __future__ import annotations

from ksl2008_paths import SAMPLES

from planextract.testing import ExtractorContract


class TestKsl2008Contract(ExtractorContract):
    extractor = "ksl2008"
    samples = [SAMPLES / "ksl2008.pdf"]
    golden_dir = SAMPLES / "golden"
    other_samples = [pdf for pdf in sorted(SAMPLES.rglob("*.pdf")) if pdf.stem != "ksl2008"]
