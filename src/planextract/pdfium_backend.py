"""The PDFium backend: the pdfplumber backend's pages, words and rules, read several times faster.

pdfplumber spends its time in pdfminer, which interprets every content stream in Python;
PDFium does that in C and leaves two ctypes calls per character. To be a drop-in
replacement the Python side reproduces pdfplumber, not PDFium's own text model:

- characters come in content-stream order (PDFium sorts each line's text objects by x);
  PDFium's generated spaces and line breaks are ignored; a line-end hyphen, which PDFium
  marks as such, is a ``-`` again;
- character boxes are pdfminer's: the advance width by the font size, from the font's
  descent below the baseline (the standard-14 fonts use pdfminer's AFM values), not
  PDFium's glyph or loose boxes, which follow the glyph's ink;
- words are built as ``extract_words(x_tolerance_ratio=0.15)`` builds them: characters
  grouped by orientation, font and size in stream order, clustered into lines, split on
  whitespace and where the gap exceeds 0.15 × the size;
- rules are pdfminer's lines and rectangles: each straight subpath of a path object, a
  line when it has two points, a rectangle when it is four corners of an axis-aligned box;
- coordinates go to the top-left origin as pdfplumber maps them, page rotation included;
- a ligature glyph PDFium splits into its letters (ﬂ into f and l at one origin, or a glyph
  whose ToUnicode holds "ti") is one character again, as wide as the glyph's advance;
- style as the pdfplumber backend reads it (see :func:`.backends.font_style`): the weight and
  slant from the text render mode and the font (FPDFFont_GetWeight, _GetFlags), the fill
  colour of the text object; filled rectangles as shades, stroked boxes as four rules.

What still differs, by design or by PDFium: the word order where pdfplumber's grouping on
float sizes splits a run by rounding noise (the words and lines are the same); overprinted
duplicate text, which PDFium drops; positions along long runs in fonts with fractional
widths, which PDFium rounds to whole thousandths of an em (up to ~1 pt over a dot leader);
a line-end soft hyphen, which comes out as ``-`` (PDFium no longer says which it was); colours
outside DeviceGray and DeviceRGB, which PDFium converts with its colour management (CMYK by
Adobe's table, so ``0 0 0 1 k`` is #231f20, not #000000; spot and indexed colours through their
alternate space) where the pdfplumber backend converts CMYK arithmetically and gives "" for the
rest.

PDFium is not thread-safe: run documents in processes (as the batch runner does).
"""

from __future__ import annotations

import ctypes
import itertools
import operator
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .document import Page, PageRange, Rule, Shade, Word, pages_to_read
from .errors import CorruptPdf, EncryptedPdf, PlanextractError

__all__ = ["read_with_pdfium"]

#: The standard-14 families as pdfminer knows them (from the AFM files, whatever the PDF says):
#: its font names, the aliases it maps to them, and the descent (per mille of the size).
_FAMILIES = (
    (("Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique"),
     ("CourierNew", "CourierNew,Bold", "CourierNew,BoldItalic", "CourierNew,Italic"), -194.0),
    (("Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique"),
     ("Arial", "Arial,Bold", "Arial,BoldItalic", "Arial,Italic"), -207.0),
    (("Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic"),
     ("TimesNewRoman", "TimesNewRoman,Bold", "TimesNewRoman,BoldItalic", "TimesNewRoman,Italic"), -217.0),
    (("Symbol",), (), 0.0),
    (("ZapfDingbats",), (), 0.0),
)
#: BaseFont -> (pdfminer's font name, descent per mille) for the standard fonts and aliases.
STANDARD_FONTS: dict[str, tuple[str, float]] = {
    key: (name, descent)
    for names, aliases, descent in _FAMILIES
    for name, alias in itertools.zip_longest(names, aliases)
    for key in (name, alias)
    if key is not None
}
#: The Latin ligatures PDFium splits into their letters, by those letters.
_LIGATURES = {"ff": "ﬀ", "ffi": "ﬃ", "ffl": "ﬄ", "fi": "ﬁ", "fl": "ﬂ", "st": "ﬆ"}
#: pdfplumber's fixed tolerance (points) between lines, and across a line for rotated text.
LINE_TOLERANCE = 3.0
#: pdfminer's device matrix (y up) for each page rotation.
_ROTATION_CTM = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: A word's style: weight, oblique, colour (as :class:`~.document.Word` has them).
Style = tuple[int, "bool | None", str]
#: A box on the page: x0, top, x1, bottom (a clipping path's bounding box).
Box = tuple[float, float, float, float]
#: A character: text, x0, top, x1, bottom, size, fontname, upright, style.
Char = tuple[str, float, float, float, float, float, str, bool, Style]


def read_with_pdfium(
    path: Path, password: str | None, max_pages: int | None, wanted: PageRange | None = None
) -> tuple[list[Page], dict[str, str]]:
    """Parse every page (or those ``wanted``) once with PDFium into the same model as the
    pdfplumber backend."""
    import pypdfium2 as pdfium

    from .backends import PAGE_COUNT_KEY, _describe

    try:
        pdf = pdfium.PdfDocument(path, password=password or None)
    except pdfium.PdfiumError as error:
        raise _classify(error, path, password) from None
    except OSError as error:
        raise PlanextractError(f"cannot read: {error}", path) from None
    try:
        count = len(pdf)
        indices = pages_to_read(count, max_pages, wanted, path)
        api = _Api()
        descriptors = _descriptors(path, password)
        pages = [_read_page(pdf, index, api, descriptors) for index in indices]
        metadata = _metadata(pdf) | {PAGE_COUNT_KEY: str(count)}
    except PlanextractError:
        raise
    except pdfium.PdfiumError as error:
        raise CorruptPdf(f"corrupt or truncated PDF ({_describe(error)})", path) from None
    finally:
        pdf.close()
    return pages, metadata


class _Descriptors:
    """What PDFium's font calls misreport, read from the font descriptors themselves.

    ``weights``: FontWeight by BaseFont (subset tag stripped). FPDFFont_GetWeight answers
    FontWeight where there is one and a number derived from StemV where there is not, without
    saying which, and the best evidence must not pass for a heuristic. ``flat``: the fonts whose
    Ascent and Descent are both 0 (LibreOffice writes these): PDFium then measures its glyphs
    for a descent, pdfminer keeps 0.
    """

    def __init__(self, weights: dict[str, int] | None = None, flat: set[str] | None = None) -> None:
        self.weights = weights or {}
        self.flat = flat or set()


#: A zero Descent, as written in a descriptor outside an object stream.
_ZERO_DESCENT = re.compile(rb"/Descent\s*-?0(?:\.0*)?(?![\d.])")


def _descriptors(path: Path, password: str | None) -> _Descriptors:
    """The descriptors' FontWeight and zero metrics, read only where the file may have any:
    "/FontWeight" or a zero "/Descent" in it, or object streams that could hide them. Most
    files have neither, and then nothing is parsed; when something is, pdfminer reads the font
    dictionaries only (no content). Should pdfminer fail where PDFium did not, PDFium's
    numbers stand.
    """
    import mmap

    try:
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data.find(b"/FontWeight") < 0 and data.find(b"/ObjStm") < 0 and not _ZERO_DESCENT.search(data):
                return _Descriptors()
    except (OSError, ValueError):
        return _Descriptors()
    try:
        return _read_descriptors(path, password)
    except Exception:  # pdfminer fails on a damaged file in many ways
        return _Descriptors()


def _read_descriptors(path: Path, password: str | None) -> _Descriptors:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT, PSLiteral

    from .backends import _strip_subset

    LITERAL_TYPE3 = LIT("Type3")
    found = _Descriptors()
    seen: set[int] = set()

    def number(descriptor: dict, key: str) -> float:
        value = resolve1(descriptor.get(key, 0))
        return float(value) if isinstance(value, int | float) else 0.0

    def visit(resources: Any, depth: int) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or id(resources) in seen or depth > 10:
            return
        seen.add(id(resources))
        for spec in (resolve1(resources.get("Font")) or {}).values():
            font = resolve1(spec)
            base = resolve1(font.get("BaseFont")) if isinstance(font, dict) else None
            if not isinstance(base, PSLiteral) or resolve1(font.get("Subtype")) is LITERAL_TYPE3:
                continue  # PDFium reads no Type 3 descriptor; nor does the pdfplumber backend
            holder = font
            descendants = resolve1(font.get("DescendantFonts"))
            if isinstance(descendants, list) and descendants:
                holder = resolve1(descendants[0])
            descriptor = resolve1(holder.get("FontDescriptor")) if isinstance(holder, dict) else None
            if not isinstance(descriptor, dict):
                continue
            name = _strip_subset(str(base.name))  # as FPDFFont_GetBaseFontName gives it
            if int(number(descriptor, "FontWeight")) > 0:
                found.weights.setdefault(name, int(number(descriptor, "FontWeight")))
            if number(descriptor, "Ascent") == 0 and number(descriptor, "Descent") == 0:
                found.flat.add(name)
        for xobject in (resolve1(resources.get("XObject")) or {}).values():
            form = resolve1(xobject)
            if isinstance(form, PDFStream):
                visit(form.get("Resources"), depth + 1)

    with path.open("rb") as handle:
        document = PDFDocument(PDFParser(handle), password=password or "")
        for page in PDFPage.create_pages(document):
            visit(page.resources, 0)
    return found


def _metadata(pdf: Any) -> dict[str, str]:
    """The Info entries pdfplumber reports too, where set (PDFium reads keys by name only)."""
    keys = (*pdf.METADATA_KEYS, "Trapped")
    return {key: value for key in keys if (value := pdf.get_metadata_value(key))}


def _classify(error: Any, path: Path, password: str | None) -> PlanextractError:
    """PDFium's load error code as planextract's error, worded as the pdfplumber backend words it."""
    import pypdfium2.raw as raw

    from .backends import _describe

    if error.err_code == raw.FPDF_ERR_PASSWORD:
        return EncryptedPdf("wrong password" if password else "encrypted; give --password", path)
    if error.err_code == raw.FPDF_ERR_SECURITY:
        return EncryptedPdf("encrypted with an unsupported security handler", path)
    return CorruptPdf(f"corrupt or truncated PDF ({_describe(error)})", path)


class _Api:
    """The per-character and per-object PDFium calls, declared with plain integer handles.

    pypdfium2's bindings check pointer types on every call; for the calls made once per
    character or text object that check costs as much as the call, so these are private
    prototypes of the same C functions (other callers of pypdfium2 are not affected).
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def bind(func: Any, restype: Any, *argtypes: Any) -> Callable[..., Any]:
            address = ctypes.cast(func, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        handle, index, pointer = ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p
        self.unicode = bind(raw.FPDFText_GetUnicode, ctypes.c_uint, handle, index)
        self.text_object = bind(raw.FPDFText_GetTextObject, ctypes.c_void_p, handle, index)
        self.origin = bind(raw.FPDFText_GetCharOrigin, ctypes.c_int, handle, index, pointer, pointer)
        self.is_generated = bind(raw.FPDFText_IsGenerated, ctypes.c_int, handle, index)
        self.is_hyphen = bind(raw.FPDFText_IsHyphen, ctypes.c_int, handle, index)
        self.font = bind(raw.FPDFTextObj_GetFont, ctypes.c_void_p, handle)
        self.font_size = bind(raw.FPDFText_GetFontSize, ctypes.c_double, handle, index)
        self.matrix = bind(raw.FPDFText_GetMatrix, ctypes.c_int, handle, index, pointer)
        self.render_mode = bind(raw.FPDFTextObj_GetTextRenderMode, ctypes.c_int, handle)
        self.stroke_width = bind(raw.FPDFPageObj_GetStrokeWidth, ctypes.c_int, handle, pointer)
        self.fill_color = bind(raw.FPDFPageObj_GetFillColor, ctypes.c_int, handle, pointer, pointer, pointer, pointer)
        self.loose_box = bind(raw.FPDFText_GetLooseCharBox, ctypes.c_int, handle, index, pointer)
        self.draw_mode = bind(raw.FPDFPath_GetDrawMode, ctypes.c_int, handle, pointer, pointer)
        rgba = self._rgba = tuple(ctypes.c_uint() for _ in range(4))
        self._rgba_refs = tuple(ctypes.addressof(v) for v in rgba)

    def color(self, obj: int) -> str:
        """The fill colour of a page object as ``#rrggbb``; "" when PDFium has none."""
        if not self.fill_color(obj, *self._rgba_refs):
            return ""
        r, g, b, _ = (v.value for v in self._rgba)
        return f"#{r:02x}{g:02x}{b:02x}"


def _read_page(pdf: Any, index: int, api: _Api, descriptors: _Descriptors) -> Page:
    from .backends import hidden_counts

    number = index + 1
    page = pdf[index]
    try:
        width, height, to_top = _geometry(page)
        objects = _walk(page, to_top, number, api)
        textpage = page.get_textpage()
        try:
            hidden: list[str] = []
            clipped: list[str] = []
            chars = _chars(textpage, api, objects, to_top, page.get_rotation(), descriptors, hidden, clipped)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(number=number, width=width, height=height, words=tuple(_words(chars, number)),
                rules=objects.rules, landscape=width > height, shades=objects.shades,
                ignored=hidden_counts(len("".join(hidden).split()), len("".join(clipped).split())))


def _geometry(page: Any) -> tuple[float, float, Matrix]:
    """Page size and the map from PDF user space to pdfplumber's top-left coordinates.

    pdfplumber measures from the MediaBox, turned by /Rotate; for a MediaBox off the origin it
    keeps pdfminer's shift in y but not in x. The matrix gives (x, top) = (A x + C y + E,
    B x + D y + F).
    """
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetMediaBox(page.raw, left, bottom, right, top):
        box = (left.value, bottom.value, right.value, top.value)
    else:  # inherited from the page tree, which that call does not look up
        box = page.get_bbox()
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    rotation = page.get_rotation()
    size = (y1 - y0, x1 - x0) if rotation in (90, 270) else (x1 - x0, y1 - y0)
    to_top: Matrix = {
        0: (1.0, 0.0, 0.0, -1.0, 0.0, y1 - y0),
        90: (0.0, 1.0, 1.0, 0.0, 0.0, -2 * x0),
        180: (-1.0, 0.0, 0.0, 1.0, x1 + x0, -2 * y0),
        270: (0.0, -1.0, -1.0, 0.0, y1 + y0, x1 - x0),
    }[rotation]
    return size[0], size[1], to_top


def _chars(textpage: Any, api: _Api, objects: _PageObjects, to_top: Matrix, rotation: int,
           descriptors: _Descriptors, hidden: list[str], clipped: list[str]) -> list[Char]:
    """The characters PDFium read from the content, in stream order, with pdfminer's boxes;
    those drawn invisibly go to ``hidden``, those a clipping path hides to ``clipped`` (each
    text object's characters ending with a space there, so both can be counted in words)."""
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # PDFium left characters out of its text: ask one by one
        text = "".join(chr(api.unicode(handle, i)) for i in range(count))
    text_object, origin, is_generated = api.text_object, api.origin, api.is_generated
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
    A, B, C, D, E, F = to_top
    runs: dict[int, _Run] = {}
    fonts: dict[int, _Font] = {}  # per page: PDFium may reuse a closed page's font address
    chars: list[Char] = []
    append = chars.append
    segments: list[tuple[int, int]] = []  # (rank, first position) of each object's characters
    ranks, clips = objects.ranks, objects.clips
    # which object first drew a glyph at an origin; only where forms are (one drawing itself
    # paints its text again at the same place): a dictionary per character costs 8 %
    drawn: dict[tuple[str, float, float], int] | None = {} if objects.in_forms else None
    last_obj = -1
    clip: Box | None = None
    last_x = last_y = float("nan")
    piece, piece_index, piece_at = "", 0, 0  # the glyph so far of characters sharing an origin
    for i, char in enumerate(text):
        if char.isspace() and is_generated(handle, i):
            continue
        obj = text_object(handle, i)
        if not obj:  # nothing in the content behind it
            continue
        origin(handle, i, x_ref, y_ref)
        xv, yv = x.value, y.value
        if drawn is not None and drawn.setdefault((char, xv, yv), obj) != obj:
            continue  # the glyph again on the same spot by another object: one to a reader
        advance = None
        if obj != last_obj:
            run = runs.get(obj)
            if run is None:
                run = runs[obj] = _Run(api, handle, i, obj, to_top, rotation, fonts, descriptors)
            widths, fontname, upright, size, style = run.font.widths, run.font.fontname, run.upright, run.size, run.style
            x_below, y_below, x_above, y_above, x_along, y_along = run.offsets
            segments.append((ranks.get(obj, len(ranks)), len(chars)))
            last_obj, last_x = obj, float("nan")  # a glyph does not span text objects
            clip = clips.get(obj)
            hidden.append(" ")
            clipped.append(" ")
        elif xv == last_x and yv == last_y and not char.isspace() and not piece[-1:].isspace():
            # PDFium gave one glyph as several characters at one origin (a ligature): one again
            piece += char
            advance = run.ligature(api, handle, piece_index, i, piece)
            if advance is not None:
                del chars[piece_at:]
                char = piece
        if run.invisible:
            hidden.append(char)
            continue
        if advance is None:
            if xv != last_x or yv != last_y:
                last_x, last_y = xv, yv
                piece, piece_index, piece_at = char, i, len(chars)
            if char in "\x02\ufffe" and api.is_hyphen(handle, i):
                char = "-"  # PDFium's mark for a hyphen ending a line
            advance = widths.get(char)
            if advance is None:
                advance = widths[char] = run.advance(handle, i, char)
        ox = A * xv + C * yv + E
        oy = B * xv + D * yv + F
        width = advance * size
        x0, x1 = ox + x_below, ox + width * x_along + x_above
        top, bottom = oy + y_below, oy + width * y_along + y_above
        if x1 < x0:
            x0, x1 = x1, x0
        if bottom < top:
            top, bottom = bottom, top
        if clip is not None and not (clip[0] <= (x0 + x1) / 2 <= clip[2] and clip[1] <= (top + bottom) / 2 <= clip[3]):
            clipped.append(char)
            continue
        append((char, x0, top, x1, bottom, bottom - top, fontname, upright, style))
    if all(a[0] <= b[0] for a, b in itertools.pairwise(segments)):
        return chars
    ends = [start for _, start in segments[1:]] + [len(chars)]
    spans = sorted(zip(segments, ends), key=lambda span: span[0][0])  # stable: PDFium's order within an object
    return [char for (_, start), end in spans for char in chars[start:end]]


class _Font:
    """What the text objects of one PDFium font share: pdfminer's name and descent, its style
    from the descriptor, and the advance widths found so far."""

    def __init__(self, handle: int, descriptors: _Descriptors) -> None:
        import pypdfium2.raw as raw

        from .backends import FontFacts, _strip_subset, font_style

        font = self.font = ctypes.cast(handle, raw.FPDF_FONT)
        length = raw.FPDFFont_GetBaseFontName(font, None, 0)
        buffer = ctypes.create_string_buffer(max(length, 1))
        raw.FPDFFont_GetBaseFontName(font, buffer, length)
        raw_name = basefont = buffer.value.decode("utf-8", "replace")
        raw_name = _strip_subset(raw_name)  # PDFium leaves the subset tag out; in case it did not
        for suffix in ("-Identity-H", "-Identity-V"):  # a Type 0 font's BaseFont; pdfminer reads the descendant's
            basefont = basefont.removesuffix(suffix)
        self.fontname, per_mille = STANDARD_FONTS.get(basefont, (basefont, None))
        if per_mille is None and raw_name in descriptors.flat:
            per_mille = 0.0
        elif per_mille is None:
            descent = ctypes.c_float()
            raw.FPDFFont_GetDescent(font, 1000.0, ctypes.byref(descent))
            per_mille = -abs(descent.value)
        self.per_mille = per_mille
        self.name = _strip_subset(self.fontname)
        # FPDFFont_GetWeight is FontWeight where the descriptor has one, else derived from StemV
        # (5 × StemV below 140, 4 × StemV + 140 above); the flags carry ItalicAngle's slant.
        weight = descriptors.weights.get(raw_name, 0)
        facts = FontFacts(weight=weight, flags=raw.FPDFFont_GetFlags(font),
                          stem_v=0 if weight else _stem_v(raw.FPDFFont_GetWeight(font)))
        self.weight, self.oblique = font_style(self.name, facts)
        self.widths: dict[str, float] = {}
        self.ligatures: dict[str, float | None] = {}


def _stem_v(weight: int) -> int:
    """StemV back from PDFium's weight for a descriptor without FontWeight."""
    if weight <= 0:
        return 0
    return weight // 5 if weight < 700 else (weight - 140) // 4


class _Run:
    """What the characters of one PDFium text object share: font, size, style and geometry."""

    __slots__ = ("font", "size", "matrix", "offsets", "upright", "style", "invisible")

    def __init__(self, api: _Api, textpage: int, index: int, obj: int, to_top: Matrix, rotation: int,
                 fonts: dict[int, _Font], descriptors: _Descriptors) -> None:
        import pypdfium2.raw as raw

        from .backends import FILL_AND_STROKE, INVISIBLE_MODES, word_weight

        handle = api.font(obj) or 0
        font = self.font = fonts.get(handle) or fonts.setdefault(handle, _Font(handle, descriptors))
        self.size = size = api.font_size(textpage, index)
        matrix = raw.FS_MATRIX()
        api.matrix(textpage, index, ctypes.addressof(matrix))
        a, b, c, d = self.matrix = matrix.a, matrix.b, matrix.c, matrix.d
        A, B, C, D, _, _ = to_top
        # pdfminer's box runs from (0, descent) to (advance, descent + size) in text space; these
        # are its corners' offsets from the origin on the page, per unit of advance along it
        below = font.per_mille * size / 1000
        above = below + size
        self.offsets = (A * c * below + C * d * below, B * c * below + D * d * below,
                        A * c * above + C * d * above, B * c * above + D * d * above,
                        A * a + C * b, B * a + D * b)
        # pdfminer calls a character upright by its matrix in its own (rotated) device space
        p, q, r, s = _ROTATION_CTM[rotation]
        self.upright = (a * p + b * r) * (c * q + d * s) > 0 and (a * q + b * s) * (c * p + d * r) <= 0
        synthetic = False
        mode = api.render_mode(obj)
        self.invisible = mode in INVISIBLE_MODES  # painted nowhere: no viewer shows it
        if mode in FILL_AND_STROKE:
            line = ctypes.c_float()
            synthetic = bool(api.stroke_width(obj, ctypes.addressof(line))) and line.value > 0
        self.style = (word_weight(font.weight, font.name, synthetic), font.oblique, api.color(obj))

    def advance(self, textpage: int, index: int, text: str) -> float:
        """The advance width of ``text`` per unit of font size, from the font's widths.

        Checked once per font and character against PDFium's loose box, which covers the
        advance and the ink: a width the box cannot hold means PDFium mapped the character
        back to another code, and then the box's own extent stands in for it.
        """
        import pypdfium2.raw as raw

        width = ctypes.c_float()
        found = raw.FPDFFont_GetGlyphWidth(self.font.font, ord(text), 1000.0, ctypes.byref(width))
        span = self._loose_span(textpage, index)
        if found and 0 < width.value / 1000 * self.size <= span + 0.01:
            return width.value / 1000
        return max(span, 0.0) / self.size if self.size else 0.0

    def ligature(self, api: _Api, textpage: int, first: int, index: int, text: str) -> float | None:
        """The advance per unit of size of the glyph PDFium split into ``text``; ``None`` when
        the characters at one origin are not one glyph.

        Letters a glyph's ToUnicode gives (Carlito's "ti") keep the glyph's code, so each has its
        loose box, the whole advance; a presentation-form ligature (ﬂ) PDFium splits itself, its
        letters get slices of the ink, and the font's width for the ligature's code point is it.
        """
        known = self.font.ligatures
        if text in known:
            return known[text]
        import pypdfium2.raw as raw

        boxes = [raw.FS_RECTF(), raw.FS_RECTF()]
        for box, at in zip(boxes, (first, index)):
            api.loose_box(textpage, at, ctypes.addressof(box))
        sides = [(b.left, b.top, b.right, b.bottom) for b in boxes]
        advance = None
        if sides[0] == sides[1] and sides[0][0] != sides[0][2] and self.size:
            advance = self._loose_span(textpage, first) / self.size
        elif text in _LIGATURES:
            width = ctypes.c_float()
            if raw.FPDFFont_GetGlyphWidth(self.font.font, ord(_LIGATURES[text]), 1000.0, ctypes.byref(width)) \
                    and width.value > 0:
                advance = width.value / 1000
        known[text] = advance
        return advance

    def _loose_span(self, textpage: int, index: int) -> float:
        """The extent of PDFium's loose box along the baseline, in text space."""
        import pypdfium2.raw as raw

        rect = raw.FS_RECTF()
        raw.FPDFText_GetLooseCharBox(ctypes.cast(textpage, raw.FPDF_TEXTPAGE), index, ctypes.byref(rect))
        a, b = abs(self.matrix[0]), abs(self.matrix[1])
        return (rect.right - rect.left) / a if a >= b else (rect.top - rect.bottom) / b


def _words(chars: list[Char], number: int) -> Iterator[Word]:
    """pdfplumber's ``extract_words(x_tolerance_ratio=0.15)``, then the backend's clean-up."""
    from .backends import X_TOLERANCE_RATIO, _strip_subset, normalize_text

    names: dict[str, str] = {}
    for (upright, fontname, _), group in itertools.groupby(chars, _GROUP):
        name = names.get(fontname) or names.setdefault(fontname, _strip_subset(fontname))
        for line in _lines(list(group), upright):
            for word in _split(line, upright, X_TOLERANCE_RATIO):
                text = normalize_text("".join(map(_TEXT, word)))
                if text.strip():
                    weight, oblique, color = word[0][8]
                    yield Word(text=text, x0=min(map(_X0, word)), top=min(map(_TOP, word)),
                               x1=max(map(_X1, word)), bottom=max(map(_BOTTOM, word)),
                               fontname=name, size=round(word[0][5], 2), page=number,
                               weight=weight, oblique=oblique, color=color)


_GROUP = operator.itemgetter(7, 6, 5)  # pdfplumber groups on upright, fontname and size
_TEXT, _X0, _TOP, _X1, _BOTTOM = (operator.itemgetter(k) for k in range(5))
_TOP_BOTTOM = operator.itemgetter(2, 4)


def _lines(chars: list[Char], upright: bool) -> list[list[Char]]:
    """Cluster on top (on x0 for rotated text) as pdfplumber does, then order along the line."""
    key = 2 if upright else 1
    values = sorted({ch[key] for ch in chars})
    if values[-1] - values[0] <= LINE_TOLERANCE:  # one line: the usual case
        clusters = [chars]
    else:
        cluster: dict[float, int] = {}
        index, last = -1, float("-inf")
        for value in values:
            if value > last + LINE_TOLERANCE:
                index += 1
            cluster[value], last = index, value
        ordered = sorted(chars, key=lambda ch: cluster[ch[key]])
        clusters = [list(members) for _, members in itertools.groupby(ordered, lambda ch: cluster[ch[key]])]
    return [sorted(line, key=_X0 if upright else _TOP_BOTTOM) for line in clusters]


def _split(line: list[Char], upright: bool, ratio: float) -> Iterator[list[Char]]:
    """Words of one line: a break at whitespace, at a step back, a gap or a change of line."""
    word: list[Char] = []
    for ch in line:
        if ch[0].isspace():
            if word:
                yield word
            word = []
            continue
        if word:
            prev = word[-1]
            gap = ratio * prev[5]
            if upright:
                new = ch[1] < prev[1] or ch[1] > prev[3] + gap or abs(ch[2] - prev[2]) > LINE_TOLERANCE
            else:
                new = ch[2] < prev[2] or ch[2] > prev[4] + LINE_TOLERANCE or abs(ch[1] - prev[1]) > gap
            if new:
                yield word
                word = []
        word.append(ch)
    if word:
        yield word


class _PageObjects(NamedTuple):
    """What one pass over a page's objects finds (:func:`_walk`)."""

    ranks: dict[int, int]  # text object → its rank in content order
    clips: dict[int, Box]  # text object → the box of a clip that cuts it
    in_forms: bool  # some text is drawn by a form XObject
    rules: tuple[Rule, ...]
    shades: tuple[Shade, ...]


def _walk(page: Any, to_top: Matrix, number: int, api: _Api) -> _PageObjects:
    """One pass over the page objects: the stream rank of each text object, the box of the
    clipping path of those a clip cuts (PDFium gives none for an object wholly inside its
    clip), whether any text is in a form, rules and shades.

    Rules are pdfplumber's lines, then its rectangles: each at most RULE_THICKNESS thick, and
    the four sides of a larger one that is stroked. A larger filled one in a colour other
    than white is a shade (the pdfplumber backend's ``_rules_and_shades``).
    """
    import pypdfium2.raw as raw

    from .backends import RULE_THICKNESS, WHITE, box_rules

    A, B, C, D, E, F = to_top
    ranks: dict[int, int] = {}
    clips: dict[int, Box] = {}
    in_forms = False
    lines: list[Rule] = []
    rects: list[Rule] = []
    shades: list[Shade] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fill_ref, stroke_ref = ctypes.addressof(fill), ctypes.addressof(stroke)
    for obj, kind, matrix in _objects(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, None):
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            ranks[key] = len(ranks)
            in_forms = in_forms or matrix is not None
            if (clip := _clip_box(obj, _concat(matrix or IDENTITY, to_top))) is not None:
                clips[key] = clip
            continue
        handle = None
        for points, closed in _subpaths(obj, matrix):
            pts = [(A * px + C * py + E, B * px + D * py + F) for px, py in points]
            if len(pts) == 2 or (len(pts) == 3 and closed and pts[2] == pts[0]):
                target, corners = lines, pts[:2]
            elif len(pts) == 5 and pts[4] == pts[0] and _is_box(pts[:4]):
                target, corners = rects, pts[:4]
            else:
                continue  # a curve to pdfminer
            xs, ys = [px for px, _ in corners], [py for _, py in corners]
            box = (min(xs), min(ys), max(xs), max(ys))
            if min(box[2] - box[0], box[3] - box[1]) <= RULE_THICKNESS:
                target.append(Rule(*box, number))
            elif target is rects:
                if handle is None:
                    handle = ctypes.cast(obj, ctypes.c_void_p).value or 0
                    api.draw_mode(handle, fill_ref, stroke_ref)
                if stroke.value:
                    rects.extend(box_rules(*box, number))
                if fill.value and (color := api.color(handle)) and color != WHITE:
                    shades.append(Shade(*box, number, color))
    return _PageObjects(ranks, clips, in_forms, tuple(lines + rects), tuple(shades))


def _clip_box(obj: Any, matrix: Matrix) -> Box | None:
    """The bounding box on the page (top-left coordinates) of the clip an object is drawn in:
    the overlap of its paths' boxes; ``None`` when PDFium has no clip for it."""
    import pypdfium2.raw as raw

    from .backends import _intersect

    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    box: Box | None = None
    for path in range(raw.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path, index)
            raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            xs.append(a * x.value + c * y.value + e)
            ys.append(b * x.value + d * y.value + f)
        if xs:
            box = _intersect(box, (min(xs), min(ys), max(xs), max(ys)))
    return box


def _objects(
    parent: Any, count: Callable[[Any], int], get: Callable[[Any, int], Any], outer: Matrix | None
) -> Iterator[tuple[Any, int, Matrix | None]]:
    """Text and path objects in content order, descending into form XObjects.

    A path comes with the matrix from its own space to the page's; a text object (its
    characters are placed on the page by the text page) with that of the form it is in, the
    space its clip is in (``None`` on the page itself).
    """
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    for index in range(count(parent)):
        obj = get(parent, index)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:  # with the matrix of its form's space (None: the page's)
            yield obj, kind, outer
        elif kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
            matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
            if outer is not None:
                matrix = _concat(matrix, outer)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                yield obj, kind, matrix
            else:
                yield from _objects(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, matrix)


def _subpaths(obj: Any, matrix: Matrix) -> Iterator[tuple[list[tuple[float, float]], bool]]:
    """Each straight subpath's points on the page, and whether it was closed; curves are left out."""
    import pypdfium2.raw as raw

    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    closed = curved = False
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO and points:
            if not curved:
                yield points, closed
            points, closed, curved = [], False, False
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        points.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        curved = curved or kind == raw.FPDF_SEGMENT_BEZIERTO
        closed = bool(raw.FPDFPathSegment_GetClose(segment))
    if points and not curved:
        yield points, closed


def _is_box(pts: list[tuple[float, float]]) -> bool:
    """pdfminer's test for a rectangle: four corners, sides parallel to the axes."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)


def _concat(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``, in PDF's row-vector order."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)
