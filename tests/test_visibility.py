"""What is shown is what is read: invisible, clipped-away, white-on-white and off-page text is
set aside, counted, and cannot set a plan's year (issue 12). Both backends agree."""

from __future__ import annotations

import pytest

import planextract
from planextract.text import document_year

from .pdfs import make_hidden_text_pdf


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_text_no_viewer_shows_is_set_aside_and_counted(tmp_path, backend):
    document = planextract.open_document(make_hidden_text_pdf(tmp_path / "hidden.pdf"), backend=backend)
    assert [line.text for line in document.page(1).lines] == [
        "Verksamhetsplan 2008", "Vit text på blått", "Inom klippet", "Syns i formen"]
    assert dict(document.page(1).ignored) == {"invisible (render mode 3)": 2, "white on white": 2,
                                               "outside the page": 2, "clipped away": 4}
    assert document_year(document, [r"Verksamhetsplan (\d{4})"]) == 2008


def test_the_manifest_says_how_much_was_set_aside(samples):
    result = planextract.extract(samples / "ksl2008.pdf")
    assert result.manifest["ignored_text"] == {}
