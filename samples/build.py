"""Typeset planextract's sample PDFs from the text transcriptions in samples/source/.

The original annual plans are not available, so this module rebuilds look-alikes with
reportlab: ``ksl2008.pdf`` (KSL 2008, a plain Word-style A4 report with ruled tables, a
resource table spanning two pages and a small-print fee table) and ``storsthlm2021.pdf``
(Storsthlm 2021, a designed brochure with two-column pages and unruled tables).

The same content can be typeset differently through :class:`Typesetting` (font family,
size, ruling, digit-group separator, minus sign, bullet glyph, columns, page-break shifts,
margins).  Tests use these variants to check that the extractors depend on the content and
not on one particular layout.  ``build_*`` parse the text they are given, so tests can also
feed modified transcriptions.  Output is byte-deterministic.

    python samples/build.py [--source DIR] [--out DIR]   # rebuilds ksl2008.pdf, storsthlm2021.pdf
"""
from __future__ import annotations

import argparse
import codecs
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab import platypus as pl
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.flowables import HRFlowable

HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------- typesetting
@dataclass(frozen=True)
class Typesetting:
    """How to typeset a document.  All fields but font and size have defaults, so variants
    can be made with ``dataclasses.replace(KSL_DEFAULT, ...)`` or from keywords.  Glyphs are
    checked when building: ValueError if the font lacks a requested character (U+2212 needs
    Vera; U+202F is in none of the three families)."""
    font: str                           # "Times" | "Helvetica" | "Vera"
    size: float                         # body font size in pt
    landscape_fee_table: bool = False   # KSL: fee table alone on a landscape page
    ruled_tables: bool = False          # grid lines around table cells
    thousands_sep: str = " "            # between digit groups in table numbers
    minus: str = "-"                    # sign of negative table numbers
    bullet: str = "\u2022"              # bullet glyph
    two_column: bool = False            # Storsthlm: running text in two columns
    shift_lines: int = 0                # blank body lines inserted before each table
    margins_mm: float = 25


KSL_DEFAULT = Typesetting(font="Times", size=11, ruled_tables=True, two_column=False)
STORSTHLM_DEFAULT = Typesetting(font="Helvetica", size=10, ruled_tables=False, two_column=True)

FAMILIES = {  # regular, bold, italic, bold-italic
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Vera": ("Vera", "VeraBd", "VeraIt", "VeraBI"),
}
# reportlab's own WinAnsi codec writes U+2022 as code 0x7F and U+00A0 as a plain space;
# PDF readers (pdfminer) cannot decode 0x7F, so the Type 1 faces are used through an
# encoding with the same glyph vector whose text codec is Python's cp1252 (bullet = 0x95).
PE_ENC = "PEWinAnsiEncoding"
codecs.register(lambda name: codecs.lookup("cp1252") if name == PE_ENC.lower() else None)


def _fonts(ts: Typesetting) -> tuple[str, str, str, str]:
    """Register the family if needed, validate the glyphs the variant asks for."""
    if ts.font not in FAMILIES:
        raise ValueError(f"unknown font family {ts.font!r} (use one of {sorted(FAMILIES)})")
    faces = FAMILIES[ts.font]
    if ts.font != "Vera":
        faces = tuple("PE-" + face for face in faces)
    if faces[0] not in pdfmetrics.getRegisteredFontNames():
        folder = Path(reportlab.__file__).resolve().parent / "fonts"
        if ts.font != "Vera":
            pdfmetrics.registerEncoding(pdfmetrics.Encoding(PE_ENC, "WinAnsiEncoding"))
        for name, face in zip(faces, FAMILIES[ts.font]):
            pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")) if ts.font == "Vera"
                                    else pdfmetrics.Font(name, face, PE_ENC))
        for (b, i), name in zip([(0, 0), (1, 0), (0, 1), (1, 1)], faces):
            addMapping(faces[0], b, i, name)
    if ts.size <= 0 or ts.margins_mm < 0 or ts.shift_lines < 0:
        raise ValueError("size must be > 0, margins_mm and shift_lines >= 0")
    if any(ch.isdigit() for ch in ts.thousands_sep):
        raise ValueError("thousands_sep must not contain digits")
    for what, chars in (("thousands_sep", ts.thousands_sep), ("minus", ts.minus), ("bullet", ts.bullet)):
        for ch in chars:
            for face in faces[:2]:
                if not _has_glyph(face, ch):
                    raise ValueError(f"{what} {ch!r} (U+{ord(ch):04X}) is not in font {face.removeprefix('PE-')}")
    return faces


def _has_glyph(fontname: str, ch: str) -> bool:
    font = pdfmetrics.getFont(fontname)
    if isinstance(font, TTFont):
        return ord(ch) in font.face.charToGlyph
    return ch == "?" or ch.encode("cp1252", "replace") != b"?"    # Type 1 faces: WinAnsi ~ cp1252


# --------------------------------------------------------------------------- parser
@dataclass
class Heading:
    level: int
    text: str
    italic: bool = False


@dataclass
class Paragraph:
    text: str                                   # inline markup kept; "\n" = soft line break
    parts: list[str] = field(default_factory=list)  # pieces joined by continuation


@dataclass
class Bullet:
    text: str


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False


@dataclass
class Table:
    rows: list[list[Cell]]


@dataclass
class TocEntry:
    text: str
    page: str
    bold: bool


@dataclass
class Separator:
    pass


Block = Heading | Paragraph | Bullet | Table | TocEntry | Separator


def _strip_wrap(text: str) -> tuple[str, bool, bool]:
    """'**x**' -> (x, bold), '*x*' -> (x, italic)."""
    if len(text) > 4 and text.startswith("**") and text.endswith("**"):
        return text[2:-2].strip(), True, False
    if len(text) > 2 and text.startswith("*") and text.endswith("*") and text[1] != "*":
        return text[1:-1].strip(), False, True
    return text, False, False


def _cell(raw: str) -> Cell:
    raw = raw.strip(" ")
    m = re.fullmatch(r"<b>(.*)</b>", raw)
    return Cell(m.group(1).strip(), True) if m else Cell(raw)


def parse(source: str) -> list[Block]:
    """Transcription text -> blocks (see samples/source/README.md for the format)."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", source.replace("\r\n", "\n")):
        if not chunk.strip():
            continue
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if any("\t" in ln for ln in lines):
            if all("....." in ln for ln in lines):            # KSL contents: "x .....<TAB>4"
                for ln in lines:
                    cells = [_cell(c) for c in ln.split("\t") if c.strip()]
                    text = re.sub(r"\s*\.{3,}\s*$", "", cells[0].text)
                    blocks.append(TocEntry(text, cells[-1].text, cells[0].bold))
            else:
                blocks.append(Table([[_cell(c) for c in ln.split("\t")] for ln in lines]))
            continue
        para: list[str] = []

        def flush() -> None:
            if para:
                text = "".join(para).strip()
                blocks.append(Paragraph(text, [text]))
                para.clear()

        for ln in lines:
            s = ln.strip()
            if re.match(r"#{1,6}\s", s):
                flush()
                hashes, text = s.split(None, 1)
                text, _bold, italic = _strip_wrap(text.strip())      # headings are bold anyway
                blocks.append(Heading(len(hashes), text, italic))
            elif re.fullmatch(r"-{3,}", s):
                flush()
                blocks.append(Separator())
            elif s.startswith("- "):
                flush()
                blocks.append(Bullet(s[2:].strip()))
            else:
                para.append(s + ("\n" if ln.endswith("  ") else " "))
        flush()
        last = blocks[-1] if blocks else None
        if isinstance(last, Paragraph) and re.search(r"\.{3,}", last.text):  # "**title ..... 5**"
            text, bold, _ = _strip_wrap(last.text)
            m = re.fullmatch(r"(.*?)\s*\.{3,}\s*(\S+)", text, re.S)
            if m:
                blocks[-1] = TocEntry(m.group(1).strip(), m.group(2), bold)
    # a paragraph starting in lower case continues the previous bullet/paragraph
    # (the transcription split it where the original broke the page or column)
    out: list[Block] = []
    for b in blocks:
        if (isinstance(b, Paragraph) and b.text[:1].islower() and out
                and isinstance(out[-1], (Paragraph, Bullet))):
            out[-1].text += " " + b.text
            if isinstance(out[-1], Paragraph):
                out[-1].parts.append(b.text)
            continue
        out.append(b)
    return out


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().casefold()


def inline(text: str, soft_break: str = " ") -> str:
    """Transcription inline markup -> reportlab paragraph markup."""
    t = escape(text).replace("\\*", "\x00")
    t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t, flags=re.S)
    t = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<i>\1</i>", t, flags=re.S)
    return t.replace("\x00", "*").replace("\n", soft_break)


_NUM = re.compile(r"(?<![\w,.])(-?)(\d{1,3}(?: \d{3})+|\d+)(,\d+)?(?!\w)")


def fmt_numbers(text: str, ts: Typesetting) -> str:
    """Re-typeset the numbers of a table cell with the variant's separator and minus."""
    def rep(m: re.Match) -> str:
        return (ts.minus if m.group(1) else "") + m.group(2).replace(" ", ts.thousands_sep) + (m.group(3) or "")
    return _NUM.sub(rep, text)


# --------------------------------------------------------------------------- shared layout
class Styles:
    def __init__(self, ts: Typesetting):
        self.ts = ts
        self.reg, self.bold, self.italic, self.bolditalic = _fonts(ts)

    def __call__(self, name: str, size: float, *, bold=False, italic=False, lead=1.22, **kw) -> ParagraphStyle:
        font = [[self.reg, self.italic], [self.bold, self.bolditalic]][bool(bold)][bool(italic)]
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * lead,
                              bulletFontName=self.reg, bulletFontSize=size, **kw)

    def width(self, text: str, size: float, bold=False) -> float:
        return pdfmetrics.stringWidth(text, self.bold if bold else self.reg, size)


class Swatch(pl.Flowable):
    """A small filled square (legend key) -- drawn, not a glyph."""
    def __init__(self, color, side: float):
        super().__init__()
        self.color, self.side = color, side

    def wrap(self, aW, aH):
        return self.side, self.side

    def draw(self):
        self.canv.setFillColor(self.color)
        self.canv.rect(0, 0, self.side, self.side, stroke=0, fill=1)


class TocLine(pl.Flowable):
    """Contents entry: text lines, dot leader, page number flush right."""
    def __init__(self, lines: list[str], page: str, font: str, size: float, indent: float = 0, gap=0.0):
        super().__init__()
        self.lines, self.page, self.font, self.size, self.indent = lines, page, font, size, indent
        self.leading = size * 1.35
        self.spaceAfter = gap

    def wrap(self, aW, aH):
        self.width = aW
        return aW, self.leading * len(self.lines)

    def draw(self):
        c, w, size = self.canv, self.width, self.size
        c.setFont(self.font, size)
        y = self.leading * (len(self.lines) - 1) + (self.leading - size) * 0.5
        for i, line in enumerate(self.lines):
            c.drawString(self.indent, y, line)
            if i == len(self.lines) - 1:
                start = self.indent + pdfmetrics.stringWidth(line, self.font, size) + size * 0.5
                end = w - pdfmetrics.stringWidth(self.page, self.font, size) - size * 0.5
                n = int((end - start) / pdfmetrics.stringWidth(".", self.font, size))
                if n > 0:
                    c.drawRightString(end, y, "." * n)
                c.drawRightString(w, y, self.page)
            y -= self.leading


def header_markup(text: str, ts: Typesetting, short_break: bool) -> str:
    """Header cells keep the source's breaks: 'Års- arbetare' -> 'Års-' / 'arbetare',
    'Konsulter, bidrag, konf.' -> one item a line, a grouped number ('2 007') on its own
    line; short two-word headers stack ('Budget' / '2021')."""
    t = re.sub(r"\s(?=-?\d{1,3}(?: \d{3})+(?!\w))", "\x01", text)
    t = escape(fmt_numbers(t, ts))
    t = re.sub(r"(?<=\w)- (?!och\b|eller\b|samt\b)", "-\x01", t)
    t = t.replace(", ", ",\x01")
    if short_break and "\x01" not in t and len(t.split()) == 2:
        t = t.replace(" ", "\x01")
    return t.replace("\x01", "<br/>")


_TOKEN = re.compile(r"-?\d{1,3}(?:[^\w<>-]\d{3})+|[^\s<>]+")


def _min_width(markup: str, st: Styles, size: float, bold: bool) -> float:
    """Width of the longest unbreakable piece of a cell's text."""
    return max((st.width(x, size, bold) for x in _TOKEN.findall(markup.replace("<br/>", " "))), default=0)


def _is_note(text: str) -> bool:
    return len(text.split()) >= 4 and any(ch.isalpha() for ch in text)


def make_table(tbl: Table, st: Styles, avail: float, fsize: float, *, label_max: float | None,
               short_header_break=False) -> pl.Table | None:
    """A source table as a platypus Table; None if it cannot fit `avail` at `fsize`."""
    ts = st.ts
    ncols = max(len(r) for r in tbl.rows)
    rows = [r + [Cell("")] * (ncols - len(r)) for r in tbl.rows]
    has_title = ncols > 2 and rows[0][0].text and not any(c.text for c in rows[0][1:])
    h = 1 if has_title else 0
    has_header = any(c.text and not re.fullmatch(r"[-\d\s,]+|tkr", c.text) for c in rows[h][1:])
    first_data = h + (1 if has_header else 0)
    pad = fsize * 0.55
    lead = fsize * 1.17
    sty = {k: st(f"t{k}", fsize, bold=k[0] == "b", lead=1.17, alignment=TA_RIGHT if k[1] == "r" else TA_LEFT)
           for k in ("bl", "br", "rl", "rr")}
    note = st("note", fsize * 0.92, lead=1.15)

    # column widths: numbers never wrap, header/note text wraps at its longest word
    widths = [0.0] * ncols
    label_w = 0.0
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if r < h or not cell.text:
                continue
            if r < first_data or _is_note(cell.text):
                txt = header_markup(cell.text, ts, short_header_break) if r < first_data else cell.text
                w = _min_width(txt, st, fsize * (1 if r < first_data else 0.92), cell.bold)
            elif c == 0:
                label_w = max(label_w, st.width(cell.text, fsize, cell.bold))
                w = _min_width(cell.text, st, fsize, cell.bold)
            else:
                w = st.width(fmt_numbers(cell.text, ts), fsize, cell.bold)
            widths[c] = max(widths[c], w + 2 * pad + 1)
    label_w += 2 * pad
    if label_max is not None:
        label_w = min(label_w, label_max)
    if ncols > 2 and widths[0] + max(widths[1:]) * (ncols - 1) <= avail:
        widths[1:] = [max(widths[1:])] * (ncols - 1)        # equal number columns when they fit
    widths[0] = max(widths[0], min(label_w, avail - sum(widths[1:])))
    if sum(widths) > avail + 0.01:
        return None
    extra = (avail - sum(widths)) / (ncols - 1)
    widths = [widths[0]] + [w + extra for w in widths[1:]]

    data, cmds = [], [
        ("FONT", (0, 0), (-1, -1), st.reg, fsize, lead),
        ("VALIGN", (0, first_data), (-1, -1), "TOP"),
        ("VALIGN", (0, h), (-1, first_data - 1), "BOTTOM"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), fsize * 0.12), ("BOTTOMPADDING", (0, 0), (-1, -1), fsize * 0.22),
    ]
    if has_title:
        cmds += [("SPAN", (0, 0), (-1, 0)), ("BOTTOMPADDING", (0, 0), (-1, 0), fsize * 0.6)]
    spanned: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        out = []
        for c, cell in enumerate(row):
            text = fmt_numbers(cell.text, ts)
            k = ("b" if cell.bold else "r") + ("r" if c > 0 else "l")
            if (r, c) in spanned or not text:
                out.append("")
            elif r < h:
                out.append(pl.Paragraph(escape(text), sty["bl"]))
            elif r < first_data:
                out.append(pl.Paragraph(header_markup(cell.text, ts, short_header_break), sty[k]))
            elif c > 0 and _is_note(text):          # a designer's text box over empty cells below
                end = r
                while end + 1 < len(rows) and not rows[end + 1][c].text:
                    end += 1
                    spanned.add((end, c))
                out.append(pl.Paragraph(escape(text), note))
                cmds += [("SPAN", (c, r), (c, end)), ("VALIGN", (c, r), (c, end), "TOP")]
            elif c == 0:
                out.append(pl.Paragraph(inline(text), sty[k]))
            else:
                out.append(text)
                if cell.bold:
                    cmds.append(("FONTNAME", (c, r), (c, r), st.bold))
        data.append(out)
    if ts.ruled_tables:
        cmds += [("GRID", (0, h), (-1, -1), 0.4, colors.black)]
    return pl.Table(data, colWidths=widths, style=pl.TableStyle(cmds), repeatRows=first_data, hAlign="LEFT")


def fitted_table(tbl, st, avail, fsize, max_height=None, **kw) -> pl.Table:
    """Shrink the table font in 0.25 pt steps until the table fits the width (and height)."""
    while True:
        t = make_table(tbl, st, avail, fsize, **kw)
        if t is not None and (max_height is None or t.wrap(avail, 1e6)[1] <= max_height) or fsize <= 4.5:
            return t if t is not None else make_table(tbl, st, 1e9, fsize, **kw)
        fsize -= 0.25


def shift_spacer(ts: Typesetting) -> list[pl.Flowable]:
    return [pl.Spacer(1, ts.shift_lines * ts.size * 1.22)] if ts.shift_lines else []


def table_group(lead: list[pl.Flowable], table: pl.Table, ts: Typesetting, width: float, height: float,
                keep: bool = True, tail: list[pl.Flowable] = ()) -> list[pl.Flowable]:
    """Blank shift lines + title/headings + table (+ notes).  A group that fits on a page is
    kept together (moved to the next page if need be); a longer one starts where it falls
    and the table splits with its header rows repeated."""
    items = shift_spacer(ts) + lead + [table] + list(tail)
    if keep and _stack_height(items, width, height) <= height:
        return [pl.KeepTogether(items)]
    for f in lead:
        f.keepWithNext = 0
    need = _stack_height(lead, width, height) + 6 * ts.size * 1.4 if lead else 0
    return shift_spacer(ts) + ([pl.CondPageBreak(need)] if need else []) + lead + [table] + list(tail)


class Story(list):
    def page_break(self, template: str | None = None) -> None:
        if template:
            self.append(pl.NextPageTemplate(template))
        if self and not isinstance(self[-1], pl.PageBreak) and not (
                len(self) > 1 and isinstance(self[-1], pl.NextPageTemplate) and isinstance(self[-2], pl.PageBreak)):
            self.append(pl.PageBreak())


def _doc(out: Path, ts: Typesetting, title: str, author: str, font: str) -> pl.BaseDocTemplate:
    m = ts.margins_mm * mm
    return pl.BaseDocTemplate(str(out), pagesize=A4, leftMargin=m, rightMargin=m, topMargin=m, bottomMargin=m,
                              title=title, author=author, subject="planextract sample document",
                              creator="planextract samples/build.py", invariant=1, pageCompression=1,
                              initialFontName=font)


def _frame(x: float, y: float, w: float, h: float, fid: str) -> pl.Frame:
    return pl.Frame(x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _page_frame(doc, pagesize, fid: str) -> pl.Frame:
    w, h = pagesize
    return _frame(doc.leftMargin, doc.bottomMargin, w - doc.leftMargin - doc.rightMargin,
                  h - doc.topMargin - doc.bottomMargin, fid)


def _split_front(blocks: list[Block]):
    """-> (title heading, blocks before contents, contents heading, toc entries, body)."""
    ti = next((i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1), None)
    if ti is None:
        raise ValueError("the transcription has no '# title' heading")
    ci = next((i for i, b in enumerate(blocks) if isinstance(b, Heading) and i + 1 < len(blocks)
               and isinstance(blocks[i + 1], TocEntry)), None)
    if ci is None:
        return blocks[ti], [], None, [], blocks[ti + 1:]
    end = ci + 1
    while end < len(blocks) and isinstance(blocks[end], TocEntry):
        end += 1
    return blocks[ti], blocks[ti + 1:ci], blocks[ci], blocks[ci + 1:end], blocks[end:]


# --------------------------------------------------------------------------- KSL 2008
def build_ksl(source: str, out: Path, ts: Typesetting = KSL_DEFAULT) -> None:
    """KSL 2008: a plain Word-style A4 report."""
    st = Styles(ts)
    s = ts.size
    blocks = parse(source)
    title, front, toc_head, toc, body = _split_front(blocks)
    years = re.findall(r"\b(?:19|20)\d\d\b", title.text)       # running header from the title line
    running = f"Verksamhetsplan {years[-1] if years else ''}".strip()
    body_st = st("body", s, spaceAfter=s * 0.55)
    bullet_st = st("bullet", s, leftIndent=s * 1.7, bulletIndent=s * 0.45, spaceAfter=s * 0.25)
    foot_st = st("foot", s * 0.72, lead=1.25)
    hsize = {1: s + 9, 2: s + 5, 3: s + 2, 4: s + 1}

    def heading(b: Heading) -> pl.Paragraph:
        size = hsize.get(b.level, s)
        return pl.Paragraph(inline(b.text), st(f"h{b.level}", size, bold=True, italic=b.italic, lead=1.2,
                                               spaceBefore=size * 0.8, spaceAfter=size * 0.4, keepWithNext=1))

    def on_page(canv, doc):
        w, h = canv._pagesize
        m = ts.margins_mm * mm
        canv.saveState()
        canv.setFont(st.reg, s * 0.8)
        canv.drawString(m, h - m * 0.6, running)
        canv.drawCentredString(w / 2, m * 0.45, str(canv.getPageNumber()))
        canv.restoreState()

    doc = _doc(out, ts, title.text, "Kommunförbundet Stockholms Län", st.reg)
    doc.addPageTemplates([
        pl.PageTemplate("title", [_page_frame(doc, A4, "title")], pagesize=A4),
        pl.PageTemplate("body", [_page_frame(doc, A4, "body")], onPage=on_page, pagesize=A4),
        pl.PageTemplate("landscape", [_page_frame(doc, landscape(A4), "land")], onPage=on_page,
                        pagesize=landscape(A4))])
    story = Story([pl.Spacer(1, 60 * mm),
                   pl.Paragraph(inline(title.text), st("title", s * 2.2, bold=True, lead=1.2, spaceAfter=s * 2))])
    story += [pl.Paragraph(inline(b.text), st("sub", s * 1.4, italic=True)) for b in front if isinstance(b, Paragraph)]
    story.page_break("body")
    if toc_head:
        story.append(heading(toc_head))
        story += [TocLine([e.text], e.page, st.bold if e.bold else st.reg, s, 0 if e.bold else s * 1.2,
                          gap=s * 0.2 if e.bold else 0) for e in toc]
        story.page_break()

    main_parts = {plain(e.text) for e in toc if e.bold}
    tfs = round(s * 0.75 * 4) / 4
    prev_title = None
    i = 0
    while i < len(body):
        b = body[i]
        if isinstance(b, Paragraph) and i + 1 < len(body) and isinstance(body[i + 1], Table):
            cap, tbl = b, body[i + 1]
            i += 2
        elif isinstance(b, Table):
            cap, tbl = None, b
            i += 1
        else:
            cap = tbl = None
        if tbl is not None:
            notes = []
            while i < len(body) and isinstance(body[i], Paragraph) and body[i].text.startswith("\\*"):
                notes += [pl.Paragraph(inline(x.strip()), foot_st) for x in body[i].text.split("\n")]
                i += 1
            lead = []
            if cap is not None:
                if prev_title is not None and plain(cap.text) == prev_title:
                    story.page_break()          # second half of a table: title and header again
                prev_title = plain(cap.text)
                lead.append(pl.Paragraph(inline(cap.text), st("cap", s, spaceAfter=s * 0.4)))
            fee = len(tbl.rows[0]) > 2 and not any(c.text for c in tbl.rows[0][1:])
            page_w, page_h = landscape(A4) if fee and ts.landscape_fee_table else A4
            frame_w, frame_h = page_w - 2 * ts.margins_mm * mm, page_h - 2 * ts.margins_mm * mm
            if fee:         # small print; on its own landscape page if asked; whole table on one page
                if ts.landscape_fee_table:
                    story.page_break("landscape")
                room = frame_h - _stack_height(lead + notes, frame_w, frame_h) - s
                t = fitted_table(tbl, st, frame_w, min(8.0, s * 0.73), room, label_max=None)
                story += table_group(lead, t, ts, frame_w, frame_h, tail=[pl.Spacer(1, s * 0.4)] + notes)
            else:
                t = fitted_table(tbl, st, frame_w, tfs, label_max=45 * mm * s / 11)
                story += table_group(lead, t, ts, frame_w, frame_h) + [pl.Spacer(1, s * 0.8)] + notes
            if fee and ts.landscape_fee_table:
                story.page_break("body")
            continue
        i += 1
        if isinstance(b, Heading):
            if b.level <= 2 and plain(b.text) in main_parts:
                story.page_break()
            story.append(heading(b))
        elif isinstance(b, Paragraph):
            story.append(pl.Paragraph(inline(b.text), body_st))
        elif isinstance(b, Bullet):
            story.append(pl.Paragraph(inline(b.text), bullet_st, bulletText=ts.bullet))
        elif isinstance(b, Separator):
            story.append(HRFlowable(width="100%", thickness=0.5, color=colors.grey, spaceBefore=4, spaceAfter=4))
    doc.build(story)


# --------------------------------------------------------------------------- Storsthlm 2021
NAVY = colors.HexColor("#1d3c6e")
ACCENT = colors.HexColor("#c8336f")
PALETTE = [colors.HexColor(c) for c in ("#1d3c6e", "#c8336f", "#f0a30a", "#2a9d8f", "#7b5ea7", "#8fb3de")]


def _display_title(b: Block) -> bool:
    """'Samverkan' / 'som gör' / 'skillnad': a title set in big type over several lines."""
    return (isinstance(b, Paragraph) and len(b.parts) > 1
            and all(len(p.split()) <= 3 and not p.rstrip().endswith((".", ":", ",")) for p in b.parts))


def _bold_only(b: Block) -> bool:      # the bold lead paragraph of a focus area
    return isinstance(b, Paragraph) and bool(re.fullmatch(r"\*\*[^*]+\*\*", b.text.strip()))


def _bold_start(b: Block) -> bool:     # the back cover: '**STORSTHLM**' / 'KOMMUNER I SAMVERKAN'
    return isinstance(b, Paragraph) and b.text.startswith("**") and len(b.text) < 80


def build_storsthlm(source: str, out: Path, ts: Typesetting = STORSTHLM_DEFAULT) -> None:
    """Storsthlm 2021: a designed A4 brochure."""
    st = Styles(ts)
    s = ts.size
    blocks = parse(source)
    title, _front, toc_head, toc, body = _split_front(blocks)
    footer = f"Storsthlm \u2013 {title.text}"
    body_st = st("body", s, lead=1.35, spaceAfter=s * 0.6)
    big_st = st("big", s * 1.5, lead=1.35, spaceAfter=s * 0.8, textColor=NAVY)
    lead_st = st("lead", s * 1.15, bold=True, lead=1.35, spaceAfter=s * 0.9)
    bullet_st = st("bullet", s, lead=1.35, leftIndent=s * 1.3, bulletIndent=s * 0.2, spaceAfter=s * 0.35)
    caption_st = st("caption", s * 0.8, italic=True, textColor=colors.HexColor("#555555"), spaceAfter=s * 0.6)
    foot_st = st("foot", s * 0.75, lead=1.3, spaceBefore=s * 0.5)
    chapter_st = st("h1", s * 2.6, bold=True, lead=1.12, textColor=NAVY, spaceAfter=s * 1.2)
    focus_st = st("focus", s * 3.2, bold=True, lead=1.08, textColor=NAVY, spaceAfter=s * 1.2)
    kicker_st = st("kicker", s * 0.95, bold=True, textColor=ACCENT, spaceAfter=s * 0.3)
    hst = {2: st("h2", s * 1.35, bold=True, lead=1.2, textColor=NAVY, spaceBefore=s, spaceAfter=s * 0.5,
                 keepWithNext=1),
           3: st("h3", s * 1.1, bold=True, lead=1.25, spaceBefore=s * 0.6, spaceAfter=s * 0.35, keepWithNext=1)}

    def on_page(canv, doc, cover=False):
        w, h = canv._pagesize
        m = ts.margins_mm * mm
        canv.saveState()
        canv.setFillColor(NAVY)
        if cover:       # colour band with an accent bar
            canv.rect(0, h * 0.42, w, h * 0.58, stroke=0, fill=1)
            canv.setFillColor(ACCENT)
            canv.rect(0, h * 0.42 - 6 * mm, w * 0.62, 6 * mm, stroke=0, fill=1)
        else:           # footer: page number and document name
            canv.setFont(st.reg, s * 0.8)
            canv.drawString(m, m * 0.45, str(canv.getPageNumber()))
            canv.drawRightString(w - m, m * 0.45, footer)
        canv.restoreState()

    doc = _doc(out, ts, title.text, "Storsthlm", st.reg)
    W, H, gap = doc.width, doc.height, 6 * mm

    def columns(top: float, name: str) -> list[pl.Frame]:
        """Two column frames under a full-width area `top` high (0: whole page)."""
        cw = (W - gap) / 2
        return [_frame(doc.leftMargin + k * (cw + gap), doc.bottomMargin, cw, H - top, f"{name}{k}") for k in (0, 1)]

    templates = [pl.PageTemplate("title", [_page_frame(doc, A4, "title")], onPage=lambda c, d: on_page(c, d, cover=True), pagesize=A4),
                 pl.PageTemplate("body", [_page_frame(doc, A4, "body")], onPage=on_page, pagesize=A4),
                 pl.PageTemplate("cols", columns(0, "col"), onPage=on_page, pagesize=A4)]
    story = Story([pl.Spacer(1, 55 * mm), pl.Paragraph(
        inline(title.text), st("title", s * 4, bold=True, lead=1.1, textColor=colors.white))])
    story.page_break("body")
    if toc_head:
        story.append(pl.Paragraph(inline(toc_head.text), chapter_st))
        story += [TocLine(e.text.split("\n"), e.page, st.bold if e.bold else st.reg, s * 1.2, gap=s * 0.9)
                  for e in toc]

    # chapters: a level-1 heading (with its "Fokusområde" kicker) or a display title opens one
    chapters: list[tuple[list[Block], list[Block]]] = []
    i = 0
    while i < len(body):
        b = body[i]
        nxt = body[i + 1] if i + 1 < len(body) else None
        if isinstance(b, Heading) and b.level == 2 and isinstance(nxt, Heading) and nxt.level == 1:
            opener = [b, nxt]
            i += 2
        elif (isinstance(b, Heading) and b.level == 1) or _display_title(b) or (_bold_start(b) and nxt is None):
            opener = [b]
            i += 1
        elif not chapters:
            chapters.append(([], []))
            continue
        else:
            chapters[-1][1].append(b)
            i += 1
            continue
        if i < len(body) and _bold_only(body[i]) and isinstance(opener[-1], Heading):
            opener.append(body[i])          # the bold "Vi ..." lead of a focus area
            i += 1
        chapters.append((opener, []))

    single = False
    for opener, content in chapters:
        first = opener[0] if opener else None
        if isinstance(first, Heading) and re.match(r"(Budget|Serviceavgift)\b", first.text):
            single = True               # the budget chapter is typeset in one column
        if isinstance(first, Paragraph) and not content and first is body[-1]:      # back cover
            story.page_break("body")
            story += [pl.Spacer(1, 90 * mm), pl.Paragraph(inline(first.text, "<br/>"), st(
                "back", s * 1.6, lead=1.6, alignment=TA_CENTER, textColor=NAVY))]
            continue
        head: list[pl.Flowable] = []
        for b in opener:
            if isinstance(b, Heading) and b.level == 1:
                kicked = len(opener) > 1 and isinstance(opener[0], Heading) and opener[0].level == 2
                text = inline(b.text)
                if kicked:      # "arbets- marknad": the designer's hyphenated break
                    text = re.sub(r"(?<=\w)- (?!och\b|eller\b|samt\b)", "-<br/>", text)
                head.append(pl.Paragraph(text, focus_st if kicked else chapter_st))
            elif isinstance(b, Heading):
                head.append(pl.Paragraph(inline(b.text), kicker_st))
            elif _display_title(b):
                head.append(pl.Paragraph("<br/>".join(escape(p) for p in b.parts), focus_st))
            else:
                head.append(pl.Paragraph(inline(b.text, "<br/>"), lead_st))
        short = sum(len(b.text) for b in content if isinstance(b, (Paragraph, Bullet))) < 400
        flow: list[pl.Flowable] = []
        for j, b in enumerate(content):
            if isinstance(b, Heading):
                flow.append(pl.Paragraph(inline(b.text), hst.get(b.level, hst[3])))
                flow[-1].is_heading = True
            elif isinstance(b, Paragraph) and b.text.startswith("Foto "):
                flow.append(pl.Paragraph(inline(b.text), caption_st))
            elif isinstance(b, Paragraph) and b.text.startswith("\\*"):
                flow += [pl.Paragraph(inline(x.strip()), foot_st) for x in b.text.split("\n")]
            elif isinstance(b, Paragraph):
                para = pl.Paragraph(inline(b.text, "<br/>"), big_st if short and not single else body_st)
                para.is_lead = j + 1 < len(content) and isinstance(content[j + 1], Table)
                flow.append(para)
            elif isinstance(b, Bullet):
                flow.append(pl.Paragraph(inline(b.text), bullet_st, bulletText=ts.bullet))
            elif isinstance(b, Separator):
                flow.append(HRFlowable(width="100%", thickness=0.6, color=colors.HexColor("#8a8a8a"),
                                       spaceBefore=s * 0.4, spaceAfter=s * 0.9))
            elif isinstance(b, Table):
                k = len(flow)           # the table's title paragraph or the headings that lead to it
                if k and getattr(flow[-1], "is_lead", False):
                    k -= 1
                while k and getattr(flow[k - 1], "is_heading", False):
                    k -= 1
                lead, flow[k:] = flow[k:], []
                flow += table_group(lead, storsthlm_table(b, st), ts, W, H, keep=k > 0)
        top = _stack_height(head, W, H) + s
        if ts.two_column and not single and not short and top < H * 0.6:
            name = f"open{len(templates)}"
            frames = [_frame(doc.leftMargin, doc.bottomMargin + H - top, W, top, name)] + columns(top, name)
            templates.append(pl.PageTemplate(name, frames, onPage=on_page, pagesize=A4))
            story.page_break(name)
            story += head + [pl.FrameBreak(), pl.NextPageTemplate("cols")] + flow
        else:
            story.page_break("body")
            story += head + flow
    doc.addPageTemplates(templates)
    doc.build(story)


def _stack_height(flows: list[pl.Flowable], width: float, height: float) -> float:
    total = 0.0
    for k, f in enumerate(flows):
        total += f.wrap(width, height)[1] + (f.getSpaceBefore() if k else 0)
        total += f.getSpaceAfter() if k < len(flows) - 1 else 0
    return total + 1


def storsthlm_table(tbl: Table, st: Styles) -> pl.Flowable:
    ts, s = st.ts, st.ts.size
    avail = A4[0] - 2 * ts.margins_mm * mm
    if all(r[0].text.startswith("\u25a0") for r in tbl.rows):          # legend: ■ label <TAB> number
        side = s * 0.8
        pad = 2 if ts.ruled_tables else 0
        data, cmds = [], [("FONT", (0, 0), (-1, -1), st.reg, s), ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                          ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), pad),
                          ("RIGHTPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        for r, row in enumerate(tbl.rows):
            label = row[0].text.lstrip("\u25a0").strip()
            value = fmt_numbers(row[1].text if len(row) > 1 else "", ts)
            data.append([Swatch(PALETTE[r % len(PALETTE)], side), label, value])
        if ts.ruled_tables:
            cmds.append(("GRID", (0, 0), (-1, -1), 0.4, colors.black))
        label_w = max(st.width(r[1], s) for r in data) + s
        num_w = max(st.width(r[2], s) for r in data) + s * 2
        return pl.Table(data, colWidths=[side + s * 0.8, label_w, num_w], style=pl.TableStyle(cmds), hAlign="LEFT")
    return fitted_table(tbl, st, avail, s * 0.85, label_max=None, short_header_break=True)


# --------------------------------------------------------------------------- command line
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=HERE / "source", help="folder with the transcriptions")
    ap.add_argument("--out", type=Path, default=HERE, help="output folder")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in (("ksl2008", build_ksl), ("storsthlm2021", build_storsthlm)):
        text = (args.source / f"{name}.txt").read_text(encoding="utf-8")
        build(text, args.out / f"{name}.pdf")
        print(args.out / f"{name}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
