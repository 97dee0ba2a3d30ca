"""Paths, the typeset variants and small helpers shared by the Storsthlm 2021 tests.

A uniquely named module (pytest runs with --import-mode=importlib, and the KSL plugin's tests
sit on sys.path too), put on sys.path by this folder's conftest.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from planextract.testing import samples_folder

HERE = Path(__file__).resolve().parent
SAMPLES = samples_folder(HERE, "storsthlm2021.pdf")
SOURCE = SAMPLES / "source" / "storsthlm2021.txt"
GOLDEN = SAMPLES / "golden" / "storsthlm2021"
if str(SAMPLES) not in sys.path:
    sys.path.insert(0, str(SAMPLES))

import build  # noqa: E402  (samples/build.py)

TABLES = ("budget", "fees", "hours", "activities", "stated_figures")

#: The same content typeset differently; each must give the golden data.
VARIANTS = {
    "vera_u2212_nbsp_endash": dataclasses.replace(
        build.STORSTHLM_DEFAULT, font="Vera", minus="\u2212", thousands_sep="\u00a0", bullet="\u2013"),
    "times11_one_column": dataclasses.replace(build.STORSTHLM_DEFAULT, font="Times", size=11, two_column=False),
    "shifted_page_breaks": dataclasses.replace(build.STORSTHLM_DEFAULT, shift_lines=25),
    "ruled_tables": dataclasses.replace(build.STORSTHLM_DEFAULT, ruled_tables=True),
    "times_narrow_dash_bullets": dataclasses.replace(
        build.STORSTHLM_DEFAULT, font="Times", size=9.5, minus="\u2013", bullet="-", margins_mm=18,
        thousands_sep="\u00a0", shift_lines=5),
}


def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


def extract_pdf(path: Path):
    from planextract.api import extract
    from planextract.testing import open_sample

    return extract(path, "storsthlm2021", document=open_sample(path))
