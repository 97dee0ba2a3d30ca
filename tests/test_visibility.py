"""What is shown is what is read: invisible, clipped-away, white-on-white and off-page text is
set aside, counted, and cannot set a plan's year (issue 12). Both backends agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import planextract
from planextract.text import document_year


def hidden_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 800, "Verksamhetsplan 2008")
    c.saveState()  # the render mode is graphics state
    text = c.beginText(72, 780)
    text.setTextRenderMode(3)
    text.textLine("Verksamhetsplan 2035")
    c.drawText(text)
    c.restoreState()
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 760, "Verksamhetsplan 2036")
    c.setFillColorRGB(0, 0, 0)
    c.drawString(-500, 740, "Verksamhetsplan 2037")
    c.setFillColorRGB(0.2, 0.2, 0.6)
    c.rect(70, 700, 220, 30, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 710, "Vit text på blått")
    c.setFillColorRGB(0, 0, 0)
    c.saveState()  # a clip: what lies outside it is never painted
    clip = c.beginPath()
    clip.rect(60, 600, 200, 50)
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(72, 620, "Inom klippet")
    c.drawString(72, 680, "Verksamhetsplan 2038")
    c.restoreState()
    c.beginForm("form")  # a clip inside a form XObject drawn moved: its own space
    c.saveState()
    clip = c.beginPath()
    clip.rect(0, 0, 120, 20)
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(5, 5, "Syns i formen")
    c.drawString(5, 60, "Verksamhetsplan 2039")
    c.restoreState()
    c.endForm()
    c.saveState()
    c.translate(300, 300)
    c.doForm("form")
    c.restoreState()
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_text_no_viewer_shows_is_set_aside_and_counted(tmp_path, backend):
    document = planextract.open_document(hidden_pdf(tmp_path / "hidden.pdf"), backend=backend)
    assert [line.text for line in document.page(1).lines] == [
        "Verksamhetsplan 2008", "Vit text på blått", "Inom klippet", "Syns i formen"]
    assert dict(document.page(1).ignored) == {"invisible (render mode 3)": 2, "white on white": 2,
                                               "outside the page": 2, "clipped away": 4}
    assert document_year(document, [r"Verksamhetsplan (\d{4})"]) == 2008


def test_the_manifest_says_how_much_was_set_aside(samples):
    result = planextract.extract(samples / "ksl2008.pdf")
    assert result.manifest["ignored_text"] == {}
