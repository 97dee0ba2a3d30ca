"""Scanned plans (issue 14): pages without a text layer read by OCR into the same Document,
numbers regrouped from their digits and flagged, every doubtful figure listed, and a scan
without the engine refused with what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planextract
from planextract import ocr
from planextract.document import Word
from planextract.errors import NoTextLayer, OcrUnavailable

ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).with_name("planextract"))
sys.path.insert(0, str(ROOT / "samples"))
import scan  # noqa: E402  (samples/scan.py)

needs_engine = pytest.mark.skipif(ocr.engine() is None, reason=f"no OCR engine: {ocr.INSTALL_HINT}")


def _word(text: str, x0: float, x1: float, top: float = 100.0) -> Word:
    return Word(text, x0, top, x1, top + 8, "OCR", 10.0, 1, confidence=95.0)


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", " ")


@given(st.integers(min_value=1000, max_value=10**12 - 1))
def test_dropped_thousands_spaces_come_back_from_the_digits(n):
    """The engine drops the space after a lone leading group ("2121 833"): the digits say where
    it was, and the regrouped words say they were regrouped."""
    groups = _grouped(n).split()
    read = [groups[0] + groups[1], *groups[2:]]
    x, words = 10.0, []
    for text in read:
        words.append(_word(text, x, x + 6 * len(text)))
        x += 6 * len(text) + 3
    out = ocr.regroup_numbers(words)
    if len(groups[0] + groups[1]) <= 6 and len(groups) > 2:
        assert [w.text for w in out] == groups
        assert {w.ocr_note for w in out[:2]} == {"regrouped"}
    assert "".join(w.text for w in out) == str(n)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_a_number_read_whole_is_left_alone(n):
    texts = _grouped(n).split()
    words = [_word(t, 10.0 + 30 * k, 10.0 + 30 * k + 6 * len(t)) for k, t in enumerate(texts)]
    out = ocr.regroup_numbers(words)
    assert [w.text for w in out] == texts and not any(w.ocr_note for w in out)


def test_a_year_beside_an_amount_in_the_next_column_is_not_regrouped():
    out = ocr.regroup_numbers([_word("2021", 10, 34), _word("833", 120, 138)])
    assert [w.text for w in out] == ["2021", "833"]


def test_ruling_lines_and_skew_are_found_in_the_image():
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(100, 400), (1100, 400)], fill=0, width=3)      # a table's rule
    draw.line([(600, 300), (600, 900)], fill=0, width=2)       # a column rule
    for y in range(1000, 1500, 40):                            # lines of "text"
        draw.rectangle([(100, y), (1100, y + 12)], fill=0)
    rules = ocr.find_rules(image, 1, 72 / ocr.DPI)
    horizontal = [r for r in rules if r.horizontal and r.top < 100]
    vertical = [r for r in rules if not r.horizontal]
    assert len(horizontal) == 1 and abs(horizontal[0].x0 - 24) < 1 and abs(horizontal[0].x1 - 264) < 1
    assert len(vertical) == 1 and abs(vertical[0].top - 72) < 1
    assert ocr.skew(image.rotate(-1.5, fillcolor=255)) == pytest.approx(1.5, abs=0.15)


@pytest.fixture(scope="module")
def scanned_fee_page(tmp_path_factory):
    """Storsthlm's fee table page, printed and scanned (200 dpi, skewed, uneven light, JPEG)."""
    import pypdfium2 as pdfium

    folder = tmp_path_factory.mktemp("scan")
    one = pdfium.PdfDocument.new()
    source = pdfium.PdfDocument(ROOT / "samples" / "storsthlm2021.pdf")
    one.import_pages(source, [21])
    one.save(folder / "fees.pdf")
    return scan.scan(folder / "fees.pdf", folder / "fees-scan.pdf", scan.Scanner(dpi=200, skew=0.8))


@needs_engine
def test_a_scanned_fee_table_reads_as_the_printed_one_or_flagged(scanned_fee_page, samples, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANEXTRACT_CACHE", str(tmp_path / "cache"))
    printed = planextract.extract(samples / "storsthlm2021.pdf", pages=(22, 22), plugin="storsthlm2021")
    result = planextract.extract(scanned_fee_page, plugin="storsthlm2021")
    assert result.manifest["ocr"].startswith("page 1 read by OCR (tesseract")
    columns = ["municipality", "population", "taxes_and_grants_kr", "fee_kr", "fee_rate_promille"]
    got, want = result.tables["fees"][columns], printed.tables["fees"][columns]
    assert len(got) == len(want) == 27 and list(got["municipality"]) == list(want["municipality"])
    failing = result.checks[result.checks["status"] == "fail"]
    # every row reads as printed, or a failing check names it (and, where OCR was unsure, its figures)
    for index in got.compare(want).index:
        name = got.loc[index, "municipality"]
        assert failing["location"].str.contains(f"fees: {name},", regex=False).any(), (name, got.loc[index])
    suspects = failing[failing["check"] == "ocr.suspect"]
    assert all(rule.startswith("read by OCR; doubtful figures on page 1: ") for rule in suspects["rule"])
    assert (result.ocr_flags["reason"] == "regrouped").sum() > 0  # "2121 833" came back as "2 121 833"
    assert set(result.ocr_flags["table"]) <= {"fees", "stated_figures"}

    # a second reading comes from the cache: the engine is not asked again
    monkeypatch.setattr(ocr, "_tesseract", lambda image: pytest.fail("read again, not from the cache"))
    again = planextract.extract(scanned_fee_page, plugin="storsthlm2021")
    pd.testing.assert_frame_equal(again.tables["fees"], result.tables["fees"])


@needs_engine
def test_a_bad_text_layer_is_set_aside_and_the_page_read_from_its_image(samples, tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    monkeypatch.setenv("PLANEXTRACT_CACHE", str(tmp_path / "cache"))
    one = pdfium.PdfDocument.new()
    one.import_pages(pdfium.PdfDocument(samples / "storsthlm2021.pdf"), [21])
    one.save(tmp_path / "fees.pdf")
    bad = scan.scan(tmp_path / "fees.pdf", tmp_path / "bad.pdf", scan.Scanner(dpi=200, bad_text_layer=True))
    document = planextract.open_document(bad)
    assert document.metadata["planextract:ocr"].startswith("page 1 read by OCR")
    assert "NACKA" in document.text and "N4CK4" not in document.text


def test_without_the_engine_a_scan_says_what_to_install(tmp_path, monkeypatch):
    from .pdfs import make_blank_pdf

    monkeypatch.setattr(ocr, "engine", lambda: None)
    path = make_blank_pdf(tmp_path / "scan.pdf", pages=2)
    with pytest.raises(NoTextLayer, match="apt-get install tesseract-ocr tesseract-ocr-swe"):
        planextract.open_document(path)
    with pytest.raises(OcrUnavailable, match="not installed"):
        planextract.open_document(path, ocr="always")


def test_never_means_no_ocr(tmp_path):
    from .pdfs import make_blank_pdf

    path = make_blank_pdf(tmp_path / "scan.pdf", pages=2)
    done = subprocess.run([EXE, "check", str(path), "--ocr", "never"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "[no-text-layer]" in done.stderr and "Traceback" not in done.stderr
