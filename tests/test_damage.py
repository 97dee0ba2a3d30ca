"""The structural-damage corpus (tests/damage.py): every file gets its expected outcome in a
batch, and where it is readable both backends read exactly what a viewer shows (issue 12)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import planextract
from planextract.errors import CorruptPdf

from .damage import CASES, build

EXE = str(Path(sys.executable).with_name("planextract"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("damage")
    build(folder)
    return folder


def test_every_damaged_file_gets_its_outcome_in_one_batch(corpus, tmp_path):
    proc = subprocess.run([EXE, "extract", str(corpus), "-o", str(tmp_path / "out"), "--jobs", "2", "--quiet",
                           "--timeout", "60"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    outcomes = {Path(e["path"]).stem: e for e in json.loads((tmp_path / "out" / "run-manifest.json").read_text())["inputs"]}
    assert {name: entry["code"] for name, entry in outcomes.items()} == {case.name: case.code for case in CASES}
    for case in CASES:
        if case.repaired:
            assert "the file is damaged" in outcomes[case.name]["message"], outcomes[case.name]


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize("case", [c for c in CASES if c.lines], ids=lambda c: c.name)
def test_a_readable_damaged_file_reads_as_a_viewer_shows_it(corpus, case, backend):
    path = corpus / f"{case.name}.pdf"
    if backend in case.refused_by:
        with pytest.raises(CorruptPdf):
            planextract.open_document(path, backend=backend)
        return
    document = planextract.open_document(path, backend=backend)
    assert tuple(line.text for line in document.lines()) == case.lines
    assert ("planextract:repaired" in document.metadata) == (case.repaired and backend == "pdfplumber"
                                                           or case.name.startswith("incremental-offset-off"))


def test_the_corpus_script_writes_files_and_expectations(tmp_path):
    from .damage import main

    assert main([str(tmp_path)]) == 0
    expected = json.loads((tmp_path / "expected.json").read_text(encoding="utf-8"))
    assert set(expected) == {f"{case.name}.pdf" for case in CASES}
    assert all((tmp_path / name).is_file() for name in expected)
