"""Where the KSL 2008 test inputs live (a module of its own: test files never import conftest)."""

from __future__ import annotations

from pathlib import Path

from planextract.testing import samples_folder

HERE = Path(__file__).resolve().parent
SAMPLES = samples_folder(HERE, "ksl2008.pdf")
SOURCE = SAMPLES / "source" / "ksl2008.txt"
GOLDEN = SAMPLES / "golden" / "ksl2008"
