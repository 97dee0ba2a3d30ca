"""Tiny PDFs for tests: typeset with reportlab (text lines, bold, rules, encryption, styles),
or written by hand where a font dictionary must say what reportlab would not."""

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


def write_pdf(path: Path, objects: list[str | bytes]) -> Path:
    """A PDF of ``objects`` (object 1 is the catalog) with a correct cross-reference table.

    For what reportlab cannot write: a font dictionary of our own choosing, say.
    """
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        data = body.encode("latin-1") if isinstance(body, str) else body
        out += b"%d 0 obj\n%s\nendobj\n" % (number, data)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def stream(data: str | bytes) -> bytes:
    """A PDF stream object's source (uncompressed)."""
    raw = data.encode("latin-1") if isinstance(data, str) else data
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(raw), raw)


def make_font_pdf(path: Path, lines: list[str], *, basefont: str = "TT1Ct00", descriptor: str = "",
                  subtype: str = "TrueType", encoding: str = "/WinAnsiEncoding",
                  widths: dict[int, int] | None = None) -> Path:
    """One A4 page of 12 pt text lines in a font dictionary written by hand: not embedded,
    Helvetica's widths (``widths`` overrides some codes), named ``basefont``, its
    FontDescriptor carrying the extra entries ``descriptor`` (``/FontWeight 700``, say; a later
    entry wins over the defaults /Flags 32 /ItalicAngle 0 /StemV 88).

    Each line is the content of a PDF string (escapes such as ``\\200`` allowed).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def width(code: int) -> int:
        if widths and code in widths:
            return widths[code]
        return round(stringWidth(bytes([code]).decode("cp1252", "replace"), "Helvetica", 1000))

    widths_source = " ".join(str(width(code)) for code in range(32, 256))
    body = "".join(f"BT /F1 12 Tf 72 {770 - 16 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines))
    font = (f"<< /Type /Font /Subtype /{subtype} /BaseFont /{basefont} /FirstChar 32 /LastChar 255 "
            f"/Widths [{widths_source}] /Encoding {encoding} /FontDescriptor 6 0 R >>")
    described = (f"<< /Type /FontDescriptor /FontName /{basefont} /Flags 32 /FontBBox [-166 -225 1000 931] "
                 f"/ItalicAngle 0 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88 {descriptor} >>")
    return write_pdf(path, [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.2756 841.8898] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(body),
        font,
        described,
    ])


def _draw_in_mode(c: canvas.Canvas, x: float, y: float, line: str, *, mode: int, line_width: float = 1.0) -> None:
    """One line of Helvetica 12 in a text render mode (2 fill and stroke, 3 invisible). The mode
    is graphics state: saved and restored so it does not outlast the text object."""
    c.saveState()
    c.setLineWidth(line_width)
    text = c.beginText(x, y)
    text.setFont("Helvetica", 12)
    text.setTextRenderMode(mode)
    text.textLine(line)
    c.drawText(text)
    c.restoreState()


def make_styled_pdf(path: Path) -> Path:
    """Two A4 pages of styles, in Helvetica (a name that says regular).

    Page 1: "Vanlig text" plain; "Syntetisk fetstil" filled and stroked (render mode 2, line
    width 0.4: synthetic bold); "Röd rubrik" in #cc3366; a row filled gray 0.85 (#d9d9d9) from
    (72, 600) to (472, 618) with black text on it; a white-filled row (no shade); a 1 pt gray
    bar (a rule); a stroked 150 × 40 cell box at (72, 480). Page 2: a full-page cover in
    RGB (0.04, 0.33, 0.39) with white bold text.
    """
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "Vanlig text")
    _draw_in_mode(c, 72, 740, "Syntetisk fetstil", mode=2, line_width=0.4)
    c.setFillColorRGB(0.8, 0.2, 0.4)
    c.drawString(72, 720, "Röd rubrik")
    c.setFillGray(0.85)
    c.rect(72, 600, 400, 18, fill=1, stroke=0)
    c.setFillGray(0)
    c.drawString(76, 605, "Summa 46 958")
    c.setFillGray(1)
    c.rect(72, 560, 400, 18, fill=1, stroke=0)
    c.setFillGray(0.5)
    c.rect(72, 540, 400, 1, fill=1, stroke=0)
    c.setLineWidth(0.5)
    c.rect(72, 480, 150, 40, fill=0, stroke=1)
    c.showPage()
    c.setFillColorRGB(0.04, 0.33, 0.39)
    c.rect(0, 0, width, height, fill=1, stroke=0)
    c.setFillGray(1)
    c.setFont("Helvetica-Bold", 24)
    c.drawString(72, 700, "Verksamhetsplan 2021")
    c.showPage()
    c.save()
    return path


def make_hidden_text_pdf(path: Path) -> Path:
    """One A4 page: "Verksamhetsplan 2008" shown; the years 2035–2039 hidden (render mode 3,
    white on white, off the page, outside a clip, outside a clip in a form XObject drawn
    moved); "Vit text på blått" (white on a blue shade), "Inom klippet" and "Syns i formen"
    (inside their clips) shown."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 800, "Verksamhetsplan 2008")
    _draw_in_mode(c, 72, 780, "Verksamhetsplan 2035", mode=3)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 760, "Verksamhetsplan 2036")
    c.setFillColorRGB(0, 0, 0)
    c.drawString(-500, 740, "Verksamhetsplan 2037")
    c.setFillColorRGB(0.2, 0.2, 0.6)
    c.rect(70, 700, 220, 30, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 710, "Vit text på blått")
    c.setFillColorRGB(0, 0, 0)
    _clipped(c, (60, 600, 200, 50), ((72, 620, "Inom klippet"), (72, 680, "Verksamhetsplan 2038")))
    c.beginForm("form")  # a clip inside a form XObject drawn moved: its own space
    _clipped(c, (0, 0, 120, 20), ((5, 5, "Syns i formen"), (5, 60, "Verksamhetsplan 2039")))
    c.endForm()
    c.saveState()
    c.translate(300, 300)
    c.doForm("form")
    c.restoreState()
    c.showPage()
    c.save()
    return path


def _clipped(c: canvas.Canvas, box: tuple[float, float, float, float], strings) -> None:
    """``strings`` (x, y, text) drawn inside the clip ``box`` (x, y, width, height)."""
    c.saveState()
    clip = c.beginPath()
    clip.rect(*box)
    c.clipPath(clip, stroke=0, fill=0)
    for x, y, text in strings:
        c.drawString(x, y, text)
    c.restoreState()
