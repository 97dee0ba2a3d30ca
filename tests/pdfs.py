"""Tiny PDFs for tests, typeset with reportlab: text lines, bold, rules, encryption."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def make_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    bold_first_line: bool = False,
    encrypt: str | None = None,
    rule: bool = False,
    header: str | None = None,
    footer: bool = False,
) -> Path:
    """One list of text lines per page, 12 pt Helvetica, 16 pt apart; optional running header and page number."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    width, height = A4
    for page_number, lines in enumerate(pages, 1):
        c.setFont("Helvetica", 9)
        if header:
            c.drawString(72, height - 30, header)
        if footer:
            c.drawRightString(width - 72, 30, str(page_number))
        y = height - 72
        for number, text in enumerate(lines):
            font = "Helvetica-Bold" if bold_first_line and number == 0 else "Helvetica"
            c.setFont(font, 12)
            c.drawString(72, y, text)
            y -= 16
        if rule:
            c.setLineWidth(0.5)
            c.line(72, y, width - 72, y)
        c.showPage()
    c.save()
    return path


def make_blank_pdf(path: Path, pages: int = 1, *, drawing: bool = True) -> Path:
    """Pages with no text layer at all (a scan looks like this to a parser)."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        if drawing:
            c.rect(100, 100, 200, 300, fill=1)
        c.showPage()
    c.save()
    return path
