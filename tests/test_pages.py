"""One plan of a file that binds two together: --pages selects it (issue 12). Refused without
a selection, read exactly with one, each plan its own result folder and database rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planextract
from planextract.document import finished_key, parse_page_range
from planextract.errors import AmbiguousPlugin, PagesOutOfRange

ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).with_name("planextract"))


@given(st.integers(1, 10_000), st.integers(0, 10_000))
def test_a_page_range_reads_back(first, extra):
    last = first + extra
    assert parse_page_range(f"{first}-{last}") == (first, last)
    assert parse_page_range(f" {first}- ") == (first, None)
    assert parse_page_range(f"-{last}") == (1, last)
    assert parse_page_range(str(first)) == (first, first)


@pytest.mark.parametrize("text", ["", "a-b", "0-3", "5-4", "1-2-3", "-", "1.5"])
def test_what_is_no_page_range_says_so(text):
    with pytest.raises(ValueError, match="is not a page range"):
        parse_page_range(text)


def test_a_finished_selection_is_found_before_reading():
    done = {"abc#pages=1-37": "x", "abc#pages=38-60": "y", "def": "z"}
    assert finished_key(done, "abc", (38, None)) == "abc#pages=38-60"
    assert finished_key(done, "abc", (1, 37)) == "abc#pages=1-37"
    assert finished_key(done, "abc", (1, 36)) is None
    assert finished_key(done, "abc", None) is None
    assert finished_key(done, "def", None) == "def"


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> Path:
    """The 2008 plan (37 pages) and the 2021 plan (23 pages) bound into one file."""
    import pypdfium2 as pdfium

    target = tmp_path_factory.mktemp("bound") / "both.pdf"
    pdf = pdfium.PdfDocument.new()
    for name in ("ksl2008", "storsthlm2021"):
        source = pdfium.PdfDocument(ROOT / "samples" / f"{name}.pdf")
        pdf.import_pages(source)
        source.close()
    pdf.save(target)
    pdf.close()
    return target


def test_each_plan_of_a_bound_file_reads_as_its_own_sample(both, samples):
    with pytest.raises(AmbiguousPlugin, match="select one plan's pages with --pages"):
        planextract.extract(both)
    for name, pages, offset in (("ksl2008", (1, 37), 0), ("storsthlm2021", (38, None), 37)):
        alone = planextract.extract(samples / f"{name}.pdf")
        part = planextract.extract(both, pages=pages)
        assert part.plugin == name and part.ok
        assert part.manifest["page_range"] == [pages[0], 37 + 23 if pages[1] is None else pages[1]]
        assert part.manifest["document_key"] == f"{part.manifest['sha256']}#pages={pages[0]}-{part.manifest['page_range'][1]}"
        for table, frame in alone.tables.items():
            moved = part.tables[table]
            assert moved.drop(columns=["page"]).equals(frame.drop(columns=["page"])), table
            assert (moved["page"] - offset).tolist() == frame["page"].tolist(), table


def test_a_selection_beyond_the_file_is_refused(both):
    with pytest.raises(PagesOutOfRange, match="pages 38-99 selected, but the file has 60 pages"):
        planextract.open_document(both, pages=(38, 99))


def test_the_command_line_keeps_the_two_plans_apart(both, tmp_path):
    out, db = tmp_path / "out", tmp_path / "plans.duckdb"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([EXE, "extract", str(both), "-o", str(out), "--db", str(db), "--jobs", "1", *args],
                              capture_output=True, text=True, timeout=300)

    refused = run()
    assert refused.returncode == 2 and "[ambiguous-plugin]" in refused.stderr
    assert run("--pages", "1-37").returncode == 0
    assert run("--pages", "38-").returncode == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["both-pages-1-37", "both-pages-38-60"]
    again = run("--pages", "38-", "--skip-existing")
    assert again.returncode == 0 and "skipped, already extracted to" in again.stdout
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute("SELECT plugin, document_pages, document_year FROM documents ORDER BY 2").fetchall()
        fees = connection.execute("SELECT document_pages, count(*) FROM fees GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [("ksl2008", "1-37", 2008), ("storsthlm2021", "38-60", 2021)]
    assert fees == [("1-37", 27), ("38-60", 27)]  # 26 members and the total
    beyond = run("--pages", "50-70")
    assert beyond.returncode == 2 and beyond.stderr.strip().endswith("[no-such-pages]")
    manifest = json.loads((out / "run-manifest.json").read_text())
    assert manifest["options"]["pages"] == [50, 70]
