"""Where the KSL 2008 test inputs live (a module of its own: test files never import conftest)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SAMPLES = ROOT / "samples"
SOURCE = SAMPLES / "source" / "ksl2008.txt"
GOLDEN = SAMPLES / "golden" / "ksl2008"
