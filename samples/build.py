"""Typeset planextract's sample PDFs from the text transcriptions in samples/source/.

The original annual plans are not available, so this module rebuilds look-alikes with
reportlab: ``ksl2008.pdf`` (KSL 2008, a plain Word-style A4 report with ruled tables, a
resource table spanning two pages and a small-print fee table) and ``storsthlm2021.pdf``
(Storsthlm 2021, a designed brochure with two-column pages and unruled tables).

The same content can be typeset differently through :class:`Typesetting`: font family,
size, heading style, opaque font names, synthetic bold, margins (mirrored, large top),
running headers and footers, table ruling, shading, cell alignment, header repetition and
hyphenation, digit-group separator, minus sign, bullet glyph and indent, columns and
page-break shifts.  Tests use these variants to check that the extractors depend on the
content and not on one particular layout (tests/layout_fuzz.py draws them at random).
Every variant is a faithful typesetting: the same words, numbers, bullets and headings in
the same order.  ``build_*`` parse the text they are given, so tests can also feed
modified transcriptions.  Output is byte-deterministic; the defaults reproduce the
bundled samples byte for byte.

    python samples/build.py [--source DIR] [--out DIR]   # rebuilds ksl2008.pdf, storsthlm2021.pdf
"""
from __future__ import annotations

import argparse
import codecs
import copy
import io
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
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus.flowables import HRFlowable

HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------- typesetting
@dataclass(frozen=True)
class Typesetting:
    """How to typeset a document.  All fields but font and size have defaults, so variants
    can be made with ``dataclasses.replace(KSL_DEFAULT, ...)`` or from keywords.  The
    defaults of the fields after ``margins_mm`` reproduce the bundled samples exactly.

    Invalid values and combinations raise ValueError when building (or from
    :func:`validate`).  Glyphs are checked: ValueError if the font lacks a requested
    character (U+2212 needs a TrueType family; U+2009 and U+202F need DejaVu)."""
    font: str                           # see font_families(): "Times" | "Helvetica" | "Vera" | "DejaVuSans" ...
    size: float                         # body font size in pt
    landscape_fee_table: bool = False   # KSL: fee table alone on a landscape page
    ruled_tables: bool = False          # grid lines around table cells (see table_rules)
    thousands_sep: str = " "            # between digit groups in table numbers
    minus: str = "-"                    # sign of negative table numbers
    bullet: str = "\u2022"              # bullet glyph; "\uf0b7" is Word's Symbol-font bullet
    two_column: bool = False            # running text in two columns (KSL: tables on full-width pages)
    shift_lines: int = 0                # blank body lines inserted before each table
    margins_mm: float = 25              # all four margins (top/bottom unless given below)
    # fonts and headings
    opaque_font_names: bool = False     # TrueType faces embedded as "TT1Ct00", "TT2Ct00", ...: no "Bold" in a name
    synthetic_bold: bool = False        # bold runs in the regular face, filled and stroked (render mode 2)
    heading_style: str = "bold"         # "bold" | "italic" | "bold-italic" | "colour" (teal, regular weight)
    heading_scale: float = 1.0          # heading size above body size: 0 = body size, 1 = the era's own
    # page
    top_margin_mm: float | None = None  # None: margins_mm
    bottom_margin_mm: float | None = None
    mirror_pt: float = 0                # mirrored margins: odd pages shifted right, even left, by half of it
    running: str = "same"               # running text: "same" on every page | "odd-even" (title on even,
                                        # chapter on odd pages) | "none"
    running_at: str = ""                # "top" | "bottom"; "" = the era's (KSL top, Storsthlm bottom)
    folio: str = "plain"                # page number: "plain" 3 | "sida" Sida 3 (24) | "av" 3 av 24 | "none"
    folio_at: str = ""                  # one of FOLIO_PLACES; "" = the era's (KSL bottom-centre, Storsthlm bottom-left)
    roman_front: bool = False           # front matter numbered i, ii, ...; the body starts at 1
    # tables
    table_rules: str | None = None      # "grid" | "horizontal" | "none"; None: "grid" if ruled_tables else "none"
    cell_valign: str = "top"            # data cells: "top" | "middle" | "bottom"
    shading: str = "none"               # "none" | "subtotals" (bold rows shaded) | "zebra" (every other row)
    subtotal_bold: bool = True          # False: subtotal rows shaded but not bold (needs shading="subtotals")
    repeat_header: bool = True          # header rows repeated on the continuation page of a split table
    label_width: float = 1.0            # label column width as a fraction of its natural width: < 1 wraps labels
    header_breaks: str = "source"       # header words: "source" breaks | "flow" | "joined" ("Årsarbetare")
                                        # | "rehyphen" (joined, then hyphenated at another place)
    # flow
    space_before: tuple[tuple[int, float], ...] = ()  # (body block index, points) extra space before a block
    para_gap: float = 1.0               # factor on the space after body paragraphs and list items
    # lists
    hanging_em: float | None = None     # list text indent in ems (None: KSL 1.7, Storsthlm 1.3)
    bullet_indent_em: float | None = None  # bullet position in ems (None: KSL 0.45, Storsthlm 0.2)


KSL_DEFAULT = Typesetting(font="Times", size=11, ruled_tables=True, two_column=False)
STORSTHLM_DEFAULT = Typesetting(font="Helvetica", size=10, ruled_tables=False, two_column=True)

FAMILIES = {  # regular, bold, italic, bold-italic
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Vera": ("Vera", "VeraBd", "VeraIt", "VeraBI"),
}
RL_FONTS = Path(reportlab.__file__).resolve().parent / "fonts"
#: TrueType families beyond reportlab's Vera, used when their files are on the machine.
TTF_FAMILIES = {
    "DejaVuSans": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
    "DejaVuSerif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
    "DejaVuSansCondensed": ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold", "DejaVuSansCondensed-Oblique",
                            "DejaVuSansCondensed-BoldOblique"),
}
TTF_DIRS = (RL_FONTS, Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
            Path("/usr/share/fonts/TTF"), Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
TYPE1 = ("Times", "Helvetica")
SYMBOL_BULLET = "\uf0b7"                # Word's bullet: Symbol font, private-use code point
FOLIO_PLACES = ("bottom-centre", "bottom-left", "bottom-right", "bottom-outer", "top-outer", "top-right")
HEADING_STYLES = ("bold", "italic", "bold-italic", "colour")
TEAL = colors.HexColor("#00808a")
SHADE = colors.HexColor("#d9e2ec")
ZEBRA = colors.HexColor("#eeeeee")

# reportlab's own WinAnsi codec writes U+2022 as code 0x7F and U+00A0 as a plain space;
# PDF readers (pdfminer) cannot decode 0x7F, so the Type 1 faces are used through an
# encoding with the same glyph vector whose text codec is Python's cp1252 (bullet = 0x95).
PE_ENC = "PEWinAnsiEncoding"
codecs.register(lambda name: codecs.lookup("cp1252") if name == PE_ENC.lower() else None)


def _ttf_path(name: str) -> Path | None:
    return next((d / f"{name}.ttf" for d in TTF_DIRS if (d / f"{name}.ttf").is_file()), None)


def font_families() -> list[str]:
    """The families this machine can typeset: Times, Helvetica, Vera, and DejaVu if installed."""
    return [*FAMILIES, *(f for f, faces in TTF_FAMILIES.items() if all(_ttf_path(n) for n in faces))]


def is_truetype(font: str) -> bool:
    return font not in TYPE1


def _family(font: str, opaque: bool) -> tuple[str, str, str, str]:
    """Register a family's four faces (once per process); their registered names."""
    if font not in font_families():
        raise ValueError(f"unknown font family {font!r} (use one of {font_families()})")
    if opaque and not is_truetype(font):
        raise ValueError(f"opaque font names need an embedded (TrueType) family, not {font}")
    files = FAMILIES.get(font) or TTF_FAMILIES[font]
    if opaque:
        base = 4 * [f for f in (*FAMILIES, *TTF_FAMILIES) if is_truetype(f)].index(font)  # unique face names
        faces = tuple(f"PEo-{font}-{i}" for i in range(4))
        if faces[0] not in pdfmetrics.getRegisteredFontNames():
            for i, (name, file) in enumerate(zip(faces, files)):
                ttf = TTFont(name, str(_ttf_path(file)))
                ttf.face.name = b"TT%dCt00" % (base + i + 1)      # what the PDF's BaseFont says
                pdfmetrics.registerFont(ttf)
            for (b, i), name in zip([(0, 0), (1, 0), (0, 1), (1, 1)], faces):
                addMapping(faces[0], b, i, name)
        return faces
    faces = FAMILIES.get(font) or TTF_FAMILIES[font]
    if font in TYPE1:
        faces = tuple("PE-" + face for face in faces)
    if faces[0] not in pdfmetrics.getRegisteredFontNames():
        if font in TYPE1:
            pdfmetrics.registerEncoding(pdfmetrics.Encoding(PE_ENC, "WinAnsiEncoding"))
        for name, face in zip(faces, files):
            pdfmetrics.registerFont(TTFont(name, str(_ttf_path(name))) if is_truetype(font)
                                    else pdfmetrics.Font(name, face, PE_ENC))
        for (b, i), name in zip([(0, 0), (1, 0), (0, 1), (1, 1)], faces):
            addMapping(faces[0], b, i, name)
    return faces


def _synthetic(faces: tuple[str, str, str, str]) -> tuple[tuple[str, str, str, str], dict[str, tuple[str, bool]]]:
    """Alias faces for synthetic bold: bold and bold-italic are the regular and italic faces
    drawn with render mode 2.  -> (alias faces, alias -> (real face, stroked))."""
    real = (faces[0], faces[0], faces[2], faces[2])
    aliases = tuple(f"{f}~S{'B' if k in (1, 3) else ''}" for k, f in enumerate(real))
    table = {a: (r, k in (1, 3)) for k, (a, r) in enumerate(zip(aliases, real))}
    if aliases[0] not in pdfmetrics.getRegisteredFontNames():
        for alias, (face, _) in table.items():
            font = pdfmetrics.getFont(face)
            if isinstance(font, TTFont):
                twin = copy.copy(font)          # registering maps the alias to the same font object
                twin.fontName = alias
                pdfmetrics.registerFont(twin)
            else:
                pdfmetrics.registerFont(pdfmetrics.Font(alias, font.face.name, PE_ENC))
        for (b, i), name in zip([(0, 0), (1, 0), (0, 1), (1, 1)], aliases):
            addMapping(aliases[0], b, i, name)
    return aliases, table


def _symbol_font() -> str:
    """A TrueType 'SymbolMT' whose U+F0B7 is a bullet, as Word embeds it (text: U+F0B7)."""
    name = "PE-SymbolMT"
    if name not in pdfmetrics.getRegisteredFontNames():
        ttf = TTFont(name, str(RL_FONTS / "Vera.ttf"))
        face = ttf.face
        face.name = b"SymbolMT"
        face.charToGlyph[ord(SYMBOL_BULLET)] = face.charToGlyph[0x2022]
        face.charWidths[ord(SYMBOL_BULLET)] = face.charWidths[0x2022]
        pdfmetrics.registerFont(ttf)
    return name


@dataclass
class Fonts:
    faces: tuple[str, str, str, str]            # regular, bold, italic, bold-italic as the styles name them
    aliases: dict[str, tuple[str, bool]]        # synthetic-bold alias -> (real face, stroked)
    bullet: str                                 # the face of list bullets

    def real(self, name: str) -> str:
        return self.aliases.get(name, (name, False))[0]


def _enum(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}, not {value!r}")


def _fonts(ts: Typesetting) -> Fonts:
    """Register the family if needed, validate the variant and the glyphs it asks for."""
    faces = _family(ts.font, ts.opaque_font_names)
    real = faces
    aliases: dict[str, tuple[str, bool]] = {}
    if ts.synthetic_bold:
        faces, aliases = _synthetic(faces)
    bullet_font = _symbol_font() if ts.bullet == SYMBOL_BULLET else faces[0]
    if ts.size <= 0 or ts.margins_mm < 0 or ts.shift_lines < 0:
        raise ValueError("size must be > 0, margins_mm and shift_lines >= 0")
    if any(ch.isdigit() for ch in ts.thousands_sep):
        raise ValueError("thousands_sep must not contain digits")
    _enum("heading_style", ts.heading_style, HEADING_STYLES)
    _enum("running", ts.running, ("same", "odd-even", "none"))
    _enum("running_at", ts.running_at, ("", "top", "bottom"))
    _enum("folio", ts.folio, ("plain", "sida", "av", "none"))
    _enum("folio_at", ts.folio_at, ("", *FOLIO_PLACES))
    _enum("table_rules", ts.table_rules, (None, "grid", "horizontal", "none"))
    _enum("cell_valign", ts.cell_valign, ("top", "middle", "bottom"))
    _enum("shading", ts.shading, ("none", "subtotals", "zebra"))
    _enum("header_breaks", ts.header_breaks, ("source", "flow", "joined", "rehyphen"))
    if not 0 <= ts.heading_scale <= 2:
        raise ValueError("heading_scale must be within 0..2")
    if ts.heading_style == "colour" and ts.heading_scale < 0.3:
        raise ValueError("a coloured regular-weight heading must be larger than the body (heading_scale >= 0.3)")
    if not ts.subtotal_bold and ts.shading != "subtotals":
        raise ValueError("subtotal_bold=False needs shading='subtotals' (else subtotals look like lines)")
    if not 0.3 <= ts.label_width <= 1:
        raise ValueError("label_width must be within 0.3..1")
    if not 0 <= ts.para_gap <= 3:
        raise ValueError("para_gap must be within 0..3")
    for what, value in (("top_margin_mm", ts.top_margin_mm), ("bottom_margin_mm", ts.bottom_margin_mm)):
        if value is not None and not 12 <= value <= 80:
            raise ValueError(f"{what} must be within 12..80 (room for the running header or footer)")
    if ts.mirror_pt < 0 or ts.mirror_pt / 2 > ts.margins_mm * mm - 5 * mm:
        raise ValueError("mirror_pt must be >= 0 and leave 5 mm of the side margins")
    for entry in ts.space_before:
        if len(entry) != 2 or not isinstance(entry[0], int) or entry[0] < 0 or not 0 < entry[1] <= 400:
            raise ValueError(f"space_before entries are (block index >= 0, 0 < points <= 400), not {entry!r}")
    for what, chars in (("thousands_sep", ts.thousands_sep), ("minus", ts.minus)):
        for ch in chars:
            for face in real[:2]:
                if not _has_glyph(face, ch):
                    raise ValueError(f"{what} {ch!r} (U+{ord(ch):04X}) is not in font {_face_label(face)}")
    for ch in ts.bullet:
        for face in ((bullet_font,) if ts.bullet == SYMBOL_BULLET else real[:2]):
            if not _has_glyph(face, ch):
                raise ValueError(f"bullet {ch!r} (U+{ord(ch):04X}) is not in font {_face_label(face)}")
    return Fonts(faces, aliases, bullet_font)


def _face_label(face: str) -> str:
    return face.removeprefix("PE-").removeprefix("PEo-")


def _has_glyph(fontname: str, ch: str) -> bool:
    font = pdfmetrics.getFont(fontname)
    if isinstance(font, TTFont):
        return ord(ch) in font.face.charToGlyph
    return ch == "?" or ch.encode("cp1252", "replace") != b"?"    # Type 1 faces: WinAnsi ~ cp1252


def has_glyph(font: str, ch: str) -> bool:
    """Whether family ``font`` (regular and bold) can set ``ch`` (the bullet U+F0B7: always)."""
    if ch == SYMBOL_BULLET:
        return True
    return all(_has_glyph(face, ch) for face in _family(font, False)[:2])


def validate(ts: Typesetting) -> None:
    """Raise ValueError unless the builder can typeset ``ts`` (fonts, glyphs, ranges,
    combinations, spaces the frame holds).  Building also checks the list indents against the
    bullet's width and, with :func:`words_fit`, that every word fits its column."""
    _fonts(ts)
    _check_space(ts)


# --------------------------------------------------------------------------- synthetic bold
def _canvas_class(aliases: dict[str, tuple[str, bool]]) -> type[Canvas]:
    """A canvas drawing alias faces as their real face, stroked (render mode 2) where the alias
    is a synthetic bold: what Word's Print to PDF does for a font without a bold face."""

    def switch(owner, state, stroked: bool, size: float) -> None:
        """``owner`` (canvas or text object) writes the change; ``state`` (the canvas) tracks it."""
        if stroked != state._pe_stroked:
            state._pe_stroked = stroked
            if stroked:
                owner._code.append(f"2 Tr {fp_str(size * 0.035)} w")
                owner.setStrokeColor(state._pe_fill)
            else:
                owner._code.append("0 Tr")

    class Text(PDFTextObject):
        def _setFont(self, psfontname, size):
            real, stroked = aliases.get(psfontname, (psfontname, False))
            super()._setFont(real, size)
            switch(self, self._canvas, stroked, size)

        def setFont(self, psfontname, size, leading=None):
            real, stroked = aliases.get(psfontname, (psfontname, False))
            super().setFont(real, size, leading)
            switch(self, self._canvas, stroked, size)

        def setFillColor(self, aColor, alpha=None):
            super().setFillColor(aColor, alpha)
            self._canvas._pe_fill = aColor
            if self._canvas._pe_stroked:
                self.setStrokeColor(aColor)

    class SyntheticBoldCanvas(Canvas):
        _pe_stroked = False
        _pe_fill = colors.black

        def beginText(self, x=0, y=0, direction=None):
            return Text(self, x, y, direction=direction)

        def setFont(self, psfontname, size, leading=None):
            real, stroked = aliases.get(psfontname, (psfontname, False))
            super().setFont(real, size, leading)
            switch(self, self, stroked, size)

        def setFillColor(self, aColor, alpha=None):
            super().setFillColor(aColor, alpha)
            self._pe_fill = aColor
            if self._pe_stroked:
                self.setStrokeColor(aColor)

        def saveState(self):
            super().saveState()
            self.__dict__.setdefault("_pe_stack", []).append((self._pe_stroked, self._pe_fill))

        def restoreState(self):
            super().restoreState()
            self._pe_stroked, self._pe_fill = self._pe_stack.pop()

        def showPage(self):
            super().showPage()
            self._pe_stroked, self._pe_fill = False, colors.black

    return SyntheticBoldCanvas


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


def body_blocks(source: str) -> list[Block]:
    """The blocks after the contents: what ``Typesetting.space_before`` indexes."""
    return _split_front(parse(source))[4]


# --------------------------------------------------------------------------- shared layout
class Styles:
    def __init__(self, ts: Typesetting):
        self.ts = ts
        self.fonts = _fonts(ts)
        self.reg, self.bold, self.italic, self.bolditalic = self.fonts.faces

    def __call__(self, name: str, size: float, *, bold=False, italic=False, lead=1.22, **kw) -> ParagraphStyle:
        font = [[self.reg, self.italic], [self.bold, self.bolditalic]][bool(bold)][bool(italic)]
        kw.setdefault("bulletFontName", self.reg)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * lead,
                              bulletFontSize=size, **kw)

    def heading(self, name: str, size: float, *, colour=None, italic=False, scale=True, **kw) -> ParagraphStyle:
        """A heading style: the era's own (bold, ``size``, ``colour``) unless the variant asks
        for another style or scale."""
        ts, s = self.ts, self.ts.size
        if scale and ts.heading_scale != 1:
            size = s + (size - s) * ts.heading_scale
        style = ts.heading_style
        if style == "colour":
            colour = TEAL if colour is None or colour in (NAVY,) else colour
        if colour is not None:
            kw["textColor"] = colour
        return self(name, size, bold=style in ("bold", "bold-italic"),
                    italic=italic or style in ("italic", "bold-italic"), **kw)

    def fit(self, markup: str, style: ParagraphStyle, width: float) -> ParagraphStyle:
        """``style``, set smaller if its longest word is wider than ``width`` (a designer's fix
        for a display heading; reportlab would split the word)."""
        wide, _ = _longest(markup, style.fontName, style.fontSize)
        if wide <= width * 0.99:
            return style
        k = width * 0.97 / wide
        return ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=style.fontSize * k,
                              leading=style.leading * k)

    def width(self, text: str, size: float, bold=False) -> float:
        return pdfmetrics.stringWidth(text, self.bold if bold else self.reg, size)

    def bullet_style(self, name: str, size: float, text_em: float, bullet_em: float, **kw) -> ParagraphStyle:
        ts = self.ts
        text_em = text_em if ts.hanging_em is None else ts.hanging_em
        bullet_em = bullet_em if ts.bullet_indent_em is None else ts.bullet_indent_em
        if ts.hanging_em is not None or ts.bullet_indent_em is not None:
            glyph = pdfmetrics.stringWidth(ts.bullet, self.fonts.bullet, size)
            if bullet_em < 0 or (text_em - bullet_em) * size < glyph + 0.3 * size or text_em > 6:
                raise ValueError(f"hanging_em {text_em} / bullet_indent_em {bullet_em}: the bullet "
                                 "must fit, with a gap, left of the text (and the text start within 6 em)")
        if self.fonts.bullet != self.reg:
            kw["bulletFontName"] = self.fonts.bullet
        return self(name, size, leftIndent=size * text_em, bulletIndent=size * bullet_em, **kw)

    def gap(self, space: float) -> float:
        return space * self.ts.para_gap if self.ts.para_gap != 1 else space


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


class Mark(pl.Flowable):
    """Zero-size: tells the running header which chapter it is in, or that the body starts."""
    def __init__(self, chapter: str | None = None, body_start: bool = False):
        super().__init__()
        self.chapter, self.body_start = chapter, body_start

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        if self.chapter is not None:
            self.canv._pe_chapter = self.chapter
        if self.body_start and getattr(self.canv, "_pe_body_start", None) is None:
            self.canv._pe_body_start = self.canv.getPageNumber()


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


_HYPHEN_BREAK = r"(?<=\w)- (?!och\b|eller\b|samt\b)"
_VOWELS = set("aeiouyåäöAEIOUYÅÄÖ")


def _rehyphen(word: str, old: int) -> str:
    """Hyphenate ``word`` (joined from a source break after ``old`` letters) somewhere else:
    between a vowel and a consonant followed by a vowel (Perso-nalkostnader), nearest the
    middle; left joined if there is no such place."""
    cuts = [i for i in range(3, len(word) - 2)
            if i != old and word[i - 1] in _VOWELS and word[i] not in _VOWELS and word[i].isalpha()
            and word[i + 1] in _VOWELS]
    if not cuts:
        return word
    i = min(cuts, key=lambda k: (abs(k - len(word) / 2), k))
    return word[:i] + "-\x01" + word[i:]


def header_markup(text: str, ts: Typesetting, short_break: bool) -> str:
    """Header cells keep the source's breaks: 'Års- arbetare' -> 'Års-' / 'arbetare',
    'Konsulter, bidrag, konf.' -> one item a line, a grouped number ('2 007') on its own
    line; short two-word headers stack ('Budget' / '2021').  Other ``header_breaks``:
    "flow" lets the words wrap where the column ends, "joined" writes 'Årsarbetare',
    "rehyphen" writes 'Årsar-' / 'betare'."""
    mode = ts.header_breaks
    t = re.sub(r"\s(?=-?\d{1,3}(?: \d{3})+(?!\w))", "\x01", text)
    if mode != "source":
        if mode in ("joined", "rehyphen"):
            t = re.sub(r"(\w+)- (?!och\b|eller\b|samt\b)(\w+)",
                       lambda m: (_rehyphen(m[1] + m[2], len(m[1])) if mode == "rehyphen" else m[1] + m[2]), t)
        return escape(fmt_numbers(t, ts)).replace("\x01", "<br/>")
    t = escape(fmt_numbers(t, ts))
    t = re.sub(_HYPHEN_BREAK, "-\x01", t)
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


def _rules(ts: Typesetting) -> str:
    return ts.table_rules or ("grid" if ts.ruled_tables else "none")


def table_shape(tbl: Table) -> tuple[int, list[list[Cell]], bool, int, int]:
    """-> (columns, rows padded to them, has a title row, first header row, first data row)."""
    ncols = max(len(r) for r in tbl.rows)
    rows = [r + [Cell("")] * (ncols - len(r)) for r in tbl.rows]
    has_title = ncols > 2 and rows[0][0].text and not any(c.text for c in rows[0][1:])
    h = 1 if has_title else 0
    has_header = any(c.text and not re.fullmatch(r"[-\d\s,]+|tkr", c.text) for c in rows[h][1:])
    first_data = h + (1 if has_header else 0)
    return ncols, rows, has_title, h, first_data


def glyph_em(ts: Typesetting, ch: str) -> float:
    """Width of ``ch`` in ems in the variant's bullet face (registers the fonts)."""
    fonts = _fonts(ts)
    return pdfmetrics.stringWidth(ch, fonts.bullet, 1000) / 1000


def make_table(tbl: Table, st: Styles, avail: float, fsize: float, *, label_max: float | None,
               short_header_break=False) -> pl.Table | None:
    """A source table as a platypus Table; None if it cannot fit `avail` at `fsize`."""
    ts = st.ts
    ncols, rows, has_title, h, first_data = table_shape(tbl)
    if not ts.subtotal_bold:        # subtotals are told by their shading alone
        rows = rows[:first_data] + [[Cell(c.text) if c.bold else c for c in row] for row in rows[first_data:]]
        shaded = [r for r in range(first_data, len(rows)) if any(c.bold for c in tbl.rows[r])]
    else:
        shaded = [r for r in range(first_data, len(rows)) if any(c.bold for c in rows[r])]
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
    if ts.label_width != 1:
        label_w *= ts.label_width
    if ncols > 2 and widths[0] + max(widths[1:]) * (ncols - 1) <= avail:
        widths[1:] = [max(widths[1:])] * (ncols - 1)        # equal number columns when they fit
    widths[0] = max(widths[0], min(label_w, avail - sum(widths[1:])))
    if sum(widths) > avail + 0.01:
        return None
    extra = (avail - sum(widths)) / (ncols - 1)
    widths = [widths[0]] + [w + extra for w in widths[1:]]

    data, cmds = [], [
        ("FONT", (0, 0), (-1, -1), st.reg, fsize, lead),
        ("VALIGN", (0, first_data), (-1, -1), ts.cell_valign.upper()),
        ("VALIGN", (0, h), (-1, first_data - 1), "BOTTOM"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), fsize * 0.12), ("BOTTOMPADDING", (0, 0), (-1, -1), fsize * 0.22),
    ]
    if has_title:
        cmds += [("SPAN", (0, 0), (-1, 0)), ("BOTTOMPADDING", (0, 0), (-1, 0), fsize * 0.6)]
    if ts.shading == "subtotals":
        cmds += [("BACKGROUND", (0, r), (-1, r), SHADE) for r in shaded]
    elif ts.shading == "zebra":
        cmds += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(first_data + 1, len(rows), 2)]
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
    rules = _rules(ts)
    if rules == "grid":
        cmds += [("GRID", (0, h), (-1, -1), 0.4, colors.black)]
    elif rules == "horizontal":
        cmds += [("LINEABOVE", (0, h), (-1, h), 0.8, colors.black),
                 ("LINEBELOW", (0, first_data), (-1, -1), 0.3, colors.HexColor("#777777")),
                 ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black)]
        if first_data > h:
            cmds.append(("LINEBELOW", (0, first_data - 1), (-1, first_data - 1), 0.6, colors.black))
    return pl.Table(data, colWidths=widths, style=pl.TableStyle(cmds),
                    repeatRows=first_data if ts.repeat_header else 0, hAlign="LEFT")


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
                keep: bool = True, tail: list[pl.Flowable] = (), pre: list[pl.Flowable] = ()) -> list[pl.Flowable]:
    """Blank shift lines + title/headings + table (+ notes).  A group that fits on a page is
    kept together (moved to the next page if need be); a longer one starts where it falls
    and the table splits with its header rows repeated."""
    items = shift_spacer(ts) + list(pre) + lead + [table] + list(tail)
    if keep and _stack_height(items, width, height) <= height:
        return [pl.KeepTogether(items)]
    for f in lead:
        f.keepWithNext = 0
    need = _stack_height(lead, width, height) + 6 * ts.size * 1.4 if lead else 0
    return shift_spacer(ts) + list(pre) + ([pl.CondPageBreak(need)] if need else []) + lead + [table] + list(tail)


class Story(list):
    def page_break(self, template: str | None = None) -> None:
        if template:
            self.append(pl.NextPageTemplate(template))
        tail = [f for f in self[-6:] if not isinstance(f, Mark)]  # a mark after a break is on the new page
        if tail and not isinstance(tail[-1], pl.PageBreak) and not (
                len(tail) > 1 and isinstance(tail[-1], pl.NextPageTemplate) and isinstance(tail[-2], pl.PageBreak)):
            self.append(pl.PageBreak())

    def switch(self, template: str) -> None:
        """A new page with ``template`` (replacing the template of a page break just made)."""
        if len(self) > 1 and isinstance(self[-1], pl.PageBreak) and isinstance(self[-2], pl.NextPageTemplate):
            self[-2] = pl.NextPageTemplate(template)
        elif self and isinstance(self[-1], pl.PageBreak):
            self.insert(len(self) - 1, pl.NextPageTemplate(template))
        else:
            self += [pl.NextPageTemplate(template), pl.PageBreak()]


def _margins(ts: Typesetting) -> tuple[float, float, float]:
    """(sides, top, bottom) in points."""
    m = ts.margins_mm * mm
    return (m, m if ts.top_margin_mm is None else ts.top_margin_mm * mm,
            m if ts.bottom_margin_mm is None else ts.bottom_margin_mm * mm)


def _doc(out, ts: Typesetting, title: str, author: str, font: str) -> pl.BaseDocTemplate:
    m, top, bottom = _margins(ts)
    return pl.BaseDocTemplate(out if isinstance(out, io.IOBase) else str(out), pagesize=A4, leftMargin=m,
                              rightMargin=m, topMargin=top, bottomMargin=bottom,
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


def _extra_space(ts: Typesetting, body: list[Block]) -> dict[int, float]:
    """space_before as {id(block): points}."""
    extra: dict[int, float] = {}
    for index, points in ts.space_before:
        if index >= len(body):
            raise ValueError(f"space_before index {index} is beyond the {len(body)} body blocks")
        extra[id(body[index])] = extra.get(id(body[index]), 0) + points
    return extra


COLUMN_GAP = 6 * mm


def measure(ts: Typesetting) -> float:
    """The width running text is set in: a column, or the frame."""
    w = A4[0] - 2 * ts.margins_mm * mm
    return (w - COLUMN_GAP) / 2 if ts.two_column else w


def frame_height(ts: Typesetting) -> float:
    """The height of the shortest body frame (a landscape page's, when there is one)."""
    _, top, bottom = _margins(ts)
    return (A4[0] if ts.landscape_fee_table else A4[1]) - top - bottom


def _markup_words(markup: str) -> list[str]:
    return re.sub(r"<[^>]+>", " ", markup.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")).split()


def _longest(markup: str, font: str, size: float) -> tuple[float, str]:
    return max(((pdfmetrics.stringWidth(w, font, size), w) for w in _markup_words(markup)), default=(0.0, ""))


def words_fit(source: str, ts: Typesetting) -> str | None:
    """None if every word of the running text and lists fits the measure at the body size
    (a word wider than its column would be split: no faithful typesetting); else the first
    word that does not.  Headings never fail: they are set smaller where a word is too wide."""
    fonts = _fonts(ts)
    s = ts.size
    em = ts.hanging_em if ts.hanging_em is not None else 1.7
    for b in _split_front(parse(source))[4]:
        if not isinstance(b, (Paragraph, Bullet)):
            continue
        room = measure(ts) - (s * em if isinstance(b, Bullet) else 0)
        width, word = _longest(inline(b.text), fonts.faces[1 if "**" in b.text else 0], s)
        if width > room:
            return f"{word!r} ({width:.0f} pt at {s} pt) is wider than its {room:.0f} pt measure"
    return None


def _check_space(ts: Typesetting) -> None:
    room = 0.9 * frame_height(ts)
    shift = ts.shift_lines * ts.size * 1.22
    if shift + max((p for _, p in ts.space_before), default=0) > room:
        raise ValueError(f"shift_lines ({shift:.0f} pt) plus the largest space_before exceed 90 % of "
                         f"the frame height ({room / 0.9:.0f} pt)")


# --------------------------------------------------------------------------- running heads
def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _plain_running(ts: Typesetting) -> bool:
    """The era's own header and footer (drawn as the bundled samples draw them)."""
    return (ts.running, ts.running_at, ts.folio, ts.folio_at, ts.roman_front, ts.mirror_pt) == \
        ("same", "", "plain", "", False, 0)


class Running:
    """Running text and page numbers of a variant: drawn at the end of each page, when the
    page's chapter and whether it is front matter are known.  ``pages`` (a dict) receives
    the page count, for 'Sida 3 (24)' in a second pass."""

    def __init__(self, ts: Typesetting, st: Styles, text: str, at: str, folio_at: str, pages: dict):
        self.ts, self.st, self.text, self.pages = ts, st, text, pages
        self.at = ts.running_at or at
        self.folio_at = ts.folio_at or folio_at

    def shift(self, canv) -> None:
        """Mirrored margins: odd pages right, even pages left (called first on each page)."""
        if self.ts.mirror_pt:
            canv.translate(self.ts.mirror_pt / 2 * (1 if canv.getPageNumber() % 2 else -1), 0)

    def folio(self, canv) -> str:
        ts, n = self.ts, canv.getPageNumber()
        start = getattr(canv, "_pe_body_start", None)
        total = self.pages.get("total")
        if ts.roman_front:
            if start is None:
                return _roman(n)
            n -= start - 1
        if ts.folio == "sida":
            return f"Sida {n} ({total or '?'})"
        if ts.folio == "av":
            return f"{n} av {total or '?'}"
        return str(n)

    def draw(self, canv, doc) -> None:
        ts, s = self.ts, self.ts.size
        self.pages["last"] = canv.getPageNumber()
        self.pages["body_start"] = getattr(canv, "_pe_body_start", None)
        w, h = canv._pagesize
        m, top, bottom = doc.leftMargin, doc.topMargin, doc.bottomMargin
        odd = canv.getPageNumber() % 2 == 1
        ys = {"top": h - top * 0.6, "bottom": bottom * 0.45}
        canv.saveState()
        canv.setFont(self.st.reg, s * 0.8)
        folio_side = None
        if ts.folio != "none":
            band, side = self.folio_at.split("-")
            if side == "outer":
                side = "right" if odd else "left"
            elif side == "centre":
                side = "centre"
            folio_side = (band, side)
            x = {"left": m, "right": w - m, "centre": w / 2}[side]
            draw = {"left": canv.drawString, "right": canv.drawRightString, "centre": canv.drawCentredString}[side]
            draw(x, ys[band], self.folio(canv))
        if ts.running != "none":
            text = self.text
            if ts.running == "odd-even" and odd:
                text = getattr(canv, "_pe_chapter", None) or self.text
            side = "left"       # away from a page number in the same band
            if folio_side and folio_side[0] == self.at:
                side = "left" if folio_side[1] == "right" else "right"
            (canv.drawString if side == "left" else canv.drawRightString)(m if side == "left" else w - m,
                                                                         ys[self.at], text)
        canv.restoreState()


def _chapter_text(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(_HYPHEN_BREAK, "", text.replace("*", ""))).strip()


def _build_passes(make, out: Path, ts: Typesetting) -> None:
    """Build once, or twice when the page numbers name the page count ('Sida 3 (24)')."""
    pages: dict = {}
    if ts.folio in ("sida", "av"):
        make(io.BytesIO(), pages)
        last, start = pages["last"], pages.get("body_start")
        pages["total"] = last - (start - 1 if ts.roman_front and start else 0)
    make(out, pages)


# --------------------------------------------------------------------------- KSL 2008
def build_ksl(source: str, out: Path, ts: Typesetting = KSL_DEFAULT) -> None:
    """KSL 2008: a plain Word-style A4 report."""
    _build_passes(lambda target, pages: _build_ksl(source, target, ts, pages), out, ts)


def _build_ksl(source: str, out, ts: Typesetting, pages: dict) -> None:
    st = Styles(ts)
    s = ts.size
    blocks = parse(source)
    title, front, toc_head, toc, body = _split_front(blocks)
    extra = _extra_space(ts, body)
    _check_space(ts)
    problem = words_fit(source, ts)
    if problem:
        raise ValueError(problem)
    years = re.findall(r"\b(?:19|20)\d\d\b", title.text)       # running header from the title line
    running = f"Verksamhetsplan {years[-1] if years else ''}".strip()
    body_st = st("body", s, spaceAfter=st.gap(s * 0.55))
    bullet_st = st.bullet_style("bullet", s, 1.7, 0.45, spaceAfter=st.gap(s * 0.25))
    foot_st = st("foot", s * 0.72, lead=1.25)
    hsize = {1: s + 9, 2: s + 5, 3: s + 2, 4: s + 1}
    plain_running = _plain_running(ts)
    heads = Running(ts, st, running, "top", "bottom-centre", pages)
    main_parts = {plain(e.text) for e in toc if e.bold}

    def heading(b: Heading) -> pl.Paragraph:
        size = hsize.get(b.level, s)
        style = st.heading(f"h{b.level}", size, italic=b.italic, lead=1.2,
                           spaceBefore=size * 0.8, spaceAfter=size * 0.4, keepWithNext=1)
        para = pl.Paragraph(inline(b.text), st.fit(inline(b.text), style, measure(ts)))
        if not plain_running and b.level <= 2 and plain(b.text) in main_parts:
            return [Mark(chapter=_chapter_text(b.text)), para]
        return [para]

    def on_page(canv, doc):
        if not plain_running:
            heads.shift(canv)
            return
        w, h = canv._pagesize
        m = ts.margins_mm * mm
        canv.saveState()
        canv.setFont(st.reg, s * 0.8)
        canv.drawString(m, h - m * 0.6, running)
        canv.drawCentredString(w / 2, m * 0.45, str(canv.getPageNumber()))
        canv.restoreState()

    end = {} if plain_running else {"onPageEnd": heads.draw}
    doc = _doc(out, ts, title.text, "Kommunförbundet Stockholms Län", st.fonts.real(st.reg))
    templates = [
        pl.PageTemplate("title", [_page_frame(doc, A4, "title")], pagesize=A4),
        pl.PageTemplate("body", [_page_frame(doc, A4, "body")], onPage=on_page, pagesize=A4, **end),
        pl.PageTemplate("landscape", [_page_frame(doc, landscape(A4), "land")], onPage=on_page,
                        pagesize=landscape(A4), **end)]
    if ts.two_column:
        gap = COLUMN_GAP
        cw = (doc.width - gap) / 2
        templates.append(pl.PageTemplate("cols", [_frame(doc.leftMargin + k * (cw + gap), doc.bottomMargin, cw,
                                                         doc.height, f"col{k}") for k in (0, 1)],
                                         onPage=on_page, pagesize=A4, **end))
    doc.addPageTemplates(templates)
    title_st = st("title", s * 2.2, bold=True, lead=1.2, spaceAfter=s * 2)
    story = Story([pl.Spacer(1, 60 * mm),
                   pl.Paragraph(inline(title.text), st.fit(inline(title.text), title_st, doc.width))])
    story += [pl.Paragraph(inline(b.text), st("sub", s * 1.4, italic=True)) for b in front if isinstance(b, Paragraph)]
    story.page_break("body")
    if toc_head:
        story += heading(toc_head)
        story += [TocLine([e.text], e.page, st.bold if e.bold else st.reg, s, 0 if e.bold else s * 1.2,
                          gap=s * 0.2 if e.bold else 0) for e in toc]
        story.page_break("cols" if ts.two_column else None)
    elif ts.two_column:
        story.switch("cols")
    if not plain_running:
        story.append(Mark(body_start=True))

    tfs = round(s * 0.75 * 4) / 4
    prev_title = None
    in_table_page = False           # two columns: the last table group left a full-width page
    i = 0
    while i < len(body):
        b = body[i]
        space = [pl.Spacer(1, extra[id(b)])] if id(b) in extra else []
        if isinstance(b, Paragraph) and i + 1 < len(body) and isinstance(body[i + 1], Table):
            cap, tbl = b, body[i + 1]
            space += [pl.Spacer(1, extra[id(tbl)])] if id(tbl) in extra else []
            i += 2
        elif isinstance(b, Table):
            cap, tbl = None, b
            i += 1
        else:
            cap = tbl = None
        if tbl is not None:
            notes = []
            while i < len(body) and isinstance(body[i], Paragraph) and body[i].text.startswith("\\*"):
                space += [pl.Spacer(1, extra[id(body[i])])] if id(body[i]) in extra else []
                notes += [pl.Paragraph(inline(x.strip()), foot_st) for x in body[i].text.split("\n")]
                i += 1
            fee = len(tbl.rows[0]) > 2 and not any(c.text for c in tbl.rows[0][1:])
            if ts.two_column and not in_table_page and not (fee and ts.landscape_fee_table):
                story.switch("body")
            in_table_page = ts.two_column
            lead = []
            if cap is not None:
                if prev_title is not None and plain(cap.text) == prev_title:
                    story.page_break()          # second half of a table: title and header again
                prev_title = plain(cap.text)
                lead.append(pl.Paragraph(inline(cap.text), st("cap", s, spaceAfter=s * 0.4)))
            page_w, page_h = landscape(A4) if fee and ts.landscape_fee_table else A4
            if ts.top_margin_mm is None and ts.bottom_margin_mm is None:
                frame_w, frame_h = page_w - 2 * ts.margins_mm * mm, page_h - 2 * ts.margins_mm * mm
            else:
                frame_w, frame_h = page_w - 2 * doc.leftMargin, page_h - doc.topMargin - doc.bottomMargin
            if fee:         # small print; on its own landscape page if asked; whole table on one page
                if ts.landscape_fee_table:
                    story.page_break("landscape")
                room = frame_h - _stack_height(lead + notes, frame_w, frame_h) - s
                t = fitted_table(tbl, st, frame_w, min(8.0, s * 0.73), room, label_max=None)
                story += table_group(lead, t, ts, frame_w, frame_h, tail=[pl.Spacer(1, s * 0.4)] + notes, pre=space)
            else:
                t = fitted_table(tbl, st, frame_w, tfs, label_max=45 * mm * s / 11)
                story += table_group(lead, t, ts, frame_w, frame_h, pre=space) + [pl.Spacer(1, s * 0.8)] + notes
            if fee and ts.landscape_fee_table:
                story.page_break("body")
            continue
        i += 1
        if in_table_page:
            story.switch("cols")
            in_table_page = False
        if isinstance(b, Heading):
            if b.level <= 2 and plain(b.text) in main_parts:
                story.page_break()
            story += space
            story += heading(b)
            continue
        story += space
        if isinstance(b, Paragraph):
            story.append(pl.Paragraph(inline(b.text), body_st))
        elif isinstance(b, Bullet):
            story.append(pl.Paragraph(inline(b.text), bullet_st, bulletText=ts.bullet))
        elif isinstance(b, Separator):
            story.append(HRFlowable(width="100%", thickness=0.5, color=colors.grey, spaceBefore=4, spaceAfter=4))
    _build(doc, story, st)


def _build(doc: pl.BaseDocTemplate, story: list, st: Styles) -> None:
    if st.fonts.aliases:
        doc.build(story, canvasmaker=_canvas_class(st.fonts.aliases))
    else:
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
    _build_passes(lambda target, pages: _build_storsthlm(source, target, ts, pages), out, ts)


def _build_storsthlm(source: str, out, ts: Typesetting, pages: dict) -> None:
    st = Styles(ts)
    s = ts.size
    blocks = parse(source)
    title, _front, toc_head, toc, body = _split_front(blocks)
    extra = _extra_space(ts, body)
    _check_space(ts)
    problem = words_fit(source, ts)
    if problem:
        raise ValueError(problem)
    footer = f"Storsthlm \u2013 {title.text}"
    body_st = st("body", s, lead=1.35, spaceAfter=st.gap(s * 0.6))
    big_st = st("big", s * 1.5, lead=1.35, spaceAfter=st.gap(s * 0.8), textColor=NAVY)
    lead_st = st("lead", s * 1.15, bold=True, lead=1.35, spaceAfter=s * 0.9)
    bullet_st = st.bullet_style("bullet", s, 1.3, 0.2, lead=1.35, spaceAfter=st.gap(s * 0.35))
    caption_st = st("caption", s * 0.8, italic=True, textColor=colors.HexColor("#555555"), spaceAfter=s * 0.6)
    foot_st = st("foot", s * 0.75, lead=1.3, spaceBefore=s * 0.5)
    chapter_st = st.heading("h1", s * 2.6, lead=1.12, colour=NAVY, spaceAfter=s * 1.2)
    focus_st = st.heading("focus", s * 3.2, lead=1.08, colour=NAVY, spaceAfter=s * 1.2)
    kicker_st = st.heading("kicker", s * 0.95, scale=False, colour=ACCENT, spaceAfter=s * 0.3)
    hst = {2: st.heading("h2", s * 1.35, lead=1.2, colour=NAVY, spaceBefore=s, spaceAfter=s * 0.5,
                         keepWithNext=1),
           3: st.heading("h3", s * 1.1, lead=1.25, spaceBefore=s * 0.6, spaceAfter=s * 0.35, keepWithNext=1)}
    plain_running = _plain_running(ts)
    heads = Running(ts, st, footer, "bottom", "bottom-left", pages)

    def on_page(canv, doc, cover=False):
        if not plain_running:
            if not cover:
                heads.shift(canv)
                return
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

    end = {} if plain_running else {"onPageEnd": heads.draw}
    doc = _doc(out, ts, title.text, "Storsthlm", st.fonts.real(st.reg))
    W, H, gap = doc.width, doc.height, COLUMN_GAP

    def fitted(markup: str, style: ParagraphStyle, width: float = W) -> pl.Paragraph:
        return pl.Paragraph(markup, st.fit(markup, style, width))

    def columns(top: float, name: str) -> list[pl.Frame]:
        """Two column frames under a full-width area `top` high (0: whole page)."""
        cw = (W - gap) / 2
        return [_frame(doc.leftMargin + k * (cw + gap), doc.bottomMargin, cw, H - top, f"{name}{k}") for k in (0, 1)]

    templates = [pl.PageTemplate("title", [_page_frame(doc, A4, "title")], onPage=lambda c, d: on_page(c, d, cover=True), pagesize=A4),
                 pl.PageTemplate("body", [_page_frame(doc, A4, "body")], onPage=on_page, pagesize=A4, **end),
                 pl.PageTemplate("cols", columns(0, "col"), onPage=on_page, pagesize=A4, **end)]
    story = Story([pl.Spacer(1, 55 * mm), fitted(
        inline(title.text), st("title", s * 4, bold=True, lead=1.1, textColor=colors.white))])
    story.page_break("body")
    if toc_head:
        story.append(fitted(inline(toc_head.text), chapter_st))
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
    first_chapter = True
    for opener, content in chapters:
        first = opener[0] if opener else None
        if isinstance(first, Heading) and re.match(r"(Budget|Serviceavgift)\b", first.text):
            single = True               # the budget chapter is typeset in one column
        if isinstance(first, Paragraph) and not content and first is body[-1]:      # back cover
            story.page_break("body")
            story += [pl.Spacer(1, extra[id(first)])] if id(first) in extra else []
            story += [pl.Spacer(1, 90 * mm), pl.Paragraph(inline(first.text, "<br/>"), st(
                "back", s * 1.6, lead=1.6, alignment=TA_CENTER, textColor=NAVY))]
            continue
        head: list[pl.Flowable] = []
        if not plain_running:
            named = next((b for b in opener if isinstance(b, Heading) and b.level == 1), None)
            chapter = (_chapter_text(named.text) if named else
                       " ".join(p.strip() for p in first.parts) if _display_title(first) else None)
            head.append(Mark(chapter=chapter, body_start=first_chapter))
            first_chapter = False
        for b in opener:
            if isinstance(b, Heading) and b.level == 1:
                kicked = len(opener) > 1 and isinstance(opener[0], Heading) and opener[0].level == 2
                text = inline(b.text)
                if kicked:      # "arbets- marknad": the designer's hyphenated break
                    text = re.sub(_HYPHEN_BREAK, "-<br/>", text)
                head.append(fitted(text, focus_st if kicked else chapter_st))
            elif isinstance(b, Heading):
                head.append(fitted(inline(b.text), kicker_st))
            elif _display_title(b):
                head.append(fitted("<br/>".join(escape(p) for p in b.parts), focus_st))
            else:
                head.append(pl.Paragraph(inline(b.text, "<br/>"), lead_st))
        short = sum(len(b.text) for b in content if isinstance(b, (Paragraph, Bullet))) < 400
        flow: list[pl.Flowable] = [pl.Spacer(1, sum(extra.get(id(b), 0) for b in opener))] \
            if any(id(b) in extra for b in opener) else []
        for j, b in enumerate(content):
            space = [pl.Spacer(1, extra[id(b)])] if id(b) in extra else []
            if not isinstance(b, Table):
                flow += space
            if isinstance(b, Heading):
                flow.append(fitted(inline(b.text), hst.get(b.level, hst[3]), measure(ts)))
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
                flow += table_group(lead, storsthlm_table(b, st), ts, W, H, keep=k > 0, pre=space)
        top = _stack_height(head, W, H) + s
        if ts.two_column and not single and not short and top < H * 0.6:
            name = f"open{len(templates)}"
            frames = [_frame(doc.leftMargin, doc.bottomMargin + H - top, W, top, name)] + columns(top, name)
            templates.append(pl.PageTemplate(name, frames, onPage=on_page, pagesize=A4, **end))
            story.page_break(name)
            story += head + [pl.FrameBreak(), pl.NextPageTemplate("cols")] + flow
        else:
            story.page_break("body")
            story += head + flow
    doc.addPageTemplates(templates)
    _build(doc, story, st)


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
        rules = _rules(ts)
        pad = 2 if rules != "none" else 0
        data, cmds = [], [("FONT", (0, 0), (-1, -1), st.reg, s), ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                          ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), pad),
                          ("RIGHTPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        for r, row in enumerate(tbl.rows):
            label = row[0].text.lstrip("\u25a0").strip()
            value = fmt_numbers(row[1].text if len(row) > 1 else "", ts)
            data.append([Swatch(PALETTE[r % len(PALETTE)], side), label, value])
        if rules == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.4, colors.black))
        elif rules == "horizontal":
            cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#777777")))
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
