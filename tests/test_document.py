"""The document model: one parse, words with fonts and boxes, lines, rules, provenance, errors."""

from __future__ import annotations

import hashlib
from pathlib import Path
import pickle

import pytest

from planextract import open_document
from planextract.errors import CorruptPdf, EmptyFile, EncryptedPdf, NotAPdf, NoTextLayer
from planextract.layout.furniture import find_furniture

from .pdfs import make_blank_pdf, make_pdf


@pytest.fixture
def two_pages(tmp_path):
    return make_pdf(
        tmp_path / "two.pdf",
        [["Budget 2021", "Intäkter    46 958", "Sida 1"], ["Budget 2021", "Resultat    39 944", "Sida 2"]],
        bold_first_line=True,
        rule=True,
    )


def test_pages_words_lines_and_checksum(two_pages):
    doc = open_document(two_pages)
    assert doc.page_count == 2
    assert doc.sha256 == hashlib.sha256(two_pages.read_bytes()).hexdigest()
    assert doc.size_bytes == two_pages.stat().st_size
    first = doc.page(1)
    assert [line.text for line in first.lines] == ["Budget 2021", "Intäkter 46 958", "Sida 1"]
    assert first.lines[0].bold and not first.lines[1].bold
    word = first.words[0]
    assert (word.text, word.page, word.fontname, word.size) == ("Budget", 1, "Helvetica-Bold", 12.0)
    assert word.x0 == pytest.approx(72, abs=0.5) and word.top < word.bottom
    assert doc.page(2).lines[1].page == 2


def test_rules_are_kept(two_pages):
    rules = open_document(two_pages).page(1).rules
    assert len(rules) == 1 and rules[0].horizontal


def test_crop_narrows_to_a_region(two_pages):
    page = open_document(two_pages).page(1)
    top = page.crop(0, 0, page.width, 80)
    assert [line.text for line in top.lines] == ["Budget 2021"]


def test_document_is_plain_data(two_pages):
    doc = open_document(two_pages)
    again = pickle.loads(pickle.dumps(doc))
    assert again.page(1).words == doc.page(1).words


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty.pdf: empty file"):
        open_document(path)


def test_text_named_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("hello, I am not a PDF")
    with pytest.raises(NotAPdf, match=r"not a PDF \(starts with b'hello"):
        open_document(path)


def test_truncated(two_pages, tmp_path):
    data = two_pages.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises((CorruptPdf, NoTextLayer)):
        open_document(path)


def test_encrypted_needs_the_password(tmp_path):
    path = make_pdf(tmp_path / "locked.pdf", [["Hemligt 2021"]], encrypt="hemligt")
    with pytest.raises(EncryptedPdf, match="give --password"):
        open_document(path)
    with pytest.raises(EncryptedPdf, match="wrong password"):
        open_document(path, password="fel")
    assert open_document(path, password="hemligt").page(1).lines[0].text == "Hemligt 2021"


def test_no_text_layer(tmp_path):
    path = make_blank_pdf(tmp_path / "scan.pdf", pages=3)
    with pytest.raises(NoTextLayer, match="no text layer on any of its 3 pages; it looks scanned"):
        open_document(path)


def test_running_headers_and_page_numbers_are_furniture(tmp_path):
    pages = [[f"rad {i}" for i in range(40)] for _ in range(4)]
    doc = open_document(make_pdf(tmp_path / "f.pdf", pages, header="Verksamhetsplan 2008", footer=True))
    furniture = find_furniture(doc)
    page = doc.page(2)
    flagged = [line.text for i, line in enumerate(page.lines) if furniture.is_furniture(2, i)]
    assert flagged == ["Verksamhetsplan 2008", "2"]


def test_a_truncated_file_is_repaired_when_ghostscript_can_and_says_so(tmp_path, monkeypatch):
    import shutil

    from planextract.backends import REPAIRED_KEY

    data = (Path(__file__).parent.parent / "samples" / "storsthlm2021.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: int(len(data) * 0.9)])
    if shutil.which("gs"):
        doc = open_document(cut)
        assert "Ghostscript repaired it" in doc.metadata[REPAIRED_KEY]
        assert doc.page_count == 23 and doc.page(1).words
    monkeypatch.setenv("PATH", str(tmp_path))  # no Ghostscript to be found
    with pytest.raises(CorruptPdf, match="no repair tried: Ghostscript \\(gs\\) is not installed"):
        open_document(cut)
