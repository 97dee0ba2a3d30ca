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
- coordinates go to the top-left origin as pdfplumber maps them, page rotation included.

What still differs, by design or by PDFium: the word order where pdfplumber's grouping on
float sizes splits a run by rounding noise (the words and lines are the same); overprinted
duplicate text, which PDFium drops; positions along long runs in fonts with fractional
widths, which PDFium rounds to whole thousandths of an em (up to ~1 pt over a dot leader);
and a line-end soft hyphen, which comes out as ``-`` (PDFium no longer says which it was).

PDFium is not thread-safe: run documents in processes (as the batch runner does).
"""

from __future__ import annotations

import ctypes
import itertools
import operator
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .document import Page, Rule, Word
from .errors import CorruptPdf, EncryptedPdf, PlanextractError, TooManyPages

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
#: pdfplumber expands these ligatures in word text.
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
#: pdfplumber's fixed tolerance (points) between lines, and across a line for rotated text.
LINE_TOLERANCE = 3.0
#: pdfminer's device matrix (y up) for each page rotation.
_ROTATION_CTM = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}

Matrix = tuple[float, float, float, float, float, float]
#: A character: text, x0, top, x1, bottom, size, fontname, upright.
Char = tuple[str, float, float, float, float, float, str, bool]


def read_with_pdfium(
    path: Path, password: str | None, max_pages: int | None
) -> tuple[list[Page], dict[str, str]]:
    """Parse every page once with PDFium into the same model as the pdfplumber backend."""
    import pypdfium2 as pdfium

    from .backends import _describe

    try:
        pdf = pdfium.PdfDocument(path, password=password or None)
    except pdfium.PdfiumError as error:
        raise _classify(error, path, password) from None
    except OSError as error:
        raise PlanextractError(f"cannot read: {error}", path) from None
    try:
        count = len(pdf)
        if max_pages is not None and count > max_pages:
            raise TooManyPages(f"{count} pages, over the limit of {max_pages}", path)
        api = _Api()
        pages = [_read_page(pdf, index, api) for index in range(count)]
        metadata = _metadata(pdf)
    except PlanextractError:
        raise
    except pdfium.PdfiumError as error:
        raise CorruptPdf(f"corrupt or truncated PDF ({_describe(error)})", path) from None
    finally:
        pdf.close()
    return pages, metadata


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
    """The per-character PDFium calls, declared with plain integer handles.

    pypdfium2's bindings check pointer types on every call; for the calls made once per
    character that check costs as much as the call, so these are private prototypes of the
    same C functions (other callers of pypdfium2 are not affected).
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


def _read_page(pdf: Any, index: int, api: _Api) -> Page:
    number = index + 1
    page = pdf[index]
    try:
        width, height, to_top = _geometry(page)
        ranks, rules = _walk(page, to_top, number)
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, api, ranks, to_top, page.get_rotation())
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(number=number, width=width, height=height, words=tuple(_words(chars, number)),
                rules=rules, landscape=width > height)


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


def _chars(textpage: Any, api: _Api, ranks: dict[int, int], to_top: Matrix, rotation: int) -> list[Char]:
    """The characters PDFium read from the content, in stream order, with pdfminer's boxes."""
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
    fonts: dict[int, dict[str, float]] = {}
    chars: list[Char] = []
    append = chars.append
    segments: list[tuple[int, int]] = []  # (rank, first position) of each object's characters
    last_obj = -1
    for i, char in enumerate(text):
        if char.isspace() and is_generated(handle, i):
            continue
        obj = text_object(handle, i)
        if not obj:  # nothing in the content behind it
            continue
        if obj != last_obj:
            run = runs.get(obj)
            if run is None:
                run = runs[obj] = _Run(textpage, i, obj, to_top, rotation)
            widths = fonts.setdefault(run.font_id, {})
            fontname, upright, size = run.fontname, run.upright, run.size
            x_below, y_below, x_above, y_above, x_along, y_along = run.offsets
            segments.append((ranks.get(obj, len(ranks)), len(chars)))
            last_obj = obj
        if char in "\x02\ufffe" and api.is_hyphen(handle, i):
            char = "-"  # PDFium's mark for a hyphen ending a line
        advance = widths.get(char)
        if advance is None:
            advance = widths[char] = run.advance(textpage, i, char)
        origin(handle, i, x_ref, y_ref)
        ox = A * x.value + C * y.value + E
        oy = B * x.value + D * y.value + F
        width = advance * size
        x0, x1 = ox + x_below, ox + width * x_along + x_above
        top, bottom = oy + y_below, oy + width * y_along + y_above
        if x1 < x0:
            x0, x1 = x1, x0
        if bottom < top:
            top, bottom = bottom, top
        append((char, x0, top, x1, bottom, bottom - top, fontname, upright))
    if all(a[0] <= b[0] for a, b in itertools.pairwise(segments)):
        return chars
    ends = [start for _, start in segments[1:]] + [len(chars)]
    spans = sorted(zip(segments, ends), key=lambda span: span[0][0])  # stable: PDFium's order within an object
    return [char for (_, start), end in spans for char in chars[start:end]]


class _Run:
    """What the characters of one PDFium text object share: font, size and their geometry."""

    def __init__(self, textpage: Any, index: int, obj: int, to_top: Matrix, rotation: int) -> None:
        import pypdfium2.raw as raw

        self.font = raw.FPDFTextObj_GetFont(ctypes.cast(obj, raw.FPDF_PAGEOBJECT))
        self.font_id = ctypes.cast(self.font, ctypes.c_void_p).value or 0
        self.size = raw.FPDFText_GetFontSize(textpage.raw, index)
        length = raw.FPDFFont_GetBaseFontName(self.font, None, 0)
        buffer = ctypes.create_string_buffer(max(length, 1))
        raw.FPDFFont_GetBaseFontName(self.font, buffer, length)
        basefont = buffer.value.decode("utf-8", "replace")
        for suffix in ("-Identity-H", "-Identity-V"):  # a Type 0 font's BaseFont; pdfminer reads the descendant's
            basefont = basefont.removesuffix(suffix)
        self.fontname, per_mille = STANDARD_FONTS.get(basefont, (basefont, None))
        if per_mille is None:
            descent = ctypes.c_float()
            raw.FPDFFont_GetDescent(self.font, 1000.0, ctypes.byref(descent))
            per_mille = -abs(descent.value)
        matrix = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix))
        a, b, c, d = self.matrix = matrix.a, matrix.b, matrix.c, matrix.d
        A, B, C, D, _, _ = to_top
        # pdfminer's box runs from (0, descent) to (advance, descent + size) in text space; these
        # are its corners' offsets from the origin on the page, per unit of advance along it
        below = per_mille * self.size / 1000
        above = below + self.size
        self.offsets = (A * c * below + C * d * below, B * c * below + D * d * below,
                        A * c * above + C * d * above, B * c * above + D * d * above,
                        A * a + C * b, B * a + D * b)
        # pdfminer calls a character upright by its matrix in its own (rotated) device space
        p, q, r, s = _ROTATION_CTM[rotation]
        self.upright = (a * p + b * r) * (c * q + d * s) > 0 and (a * q + b * s) * (c * p + d * r) <= 0

    def advance(self, textpage: Any, index: int, text: str) -> float:
        """The advance width of ``text`` per unit of font size, from the font's widths.

        Checked once per font and character against PDFium's loose box, which covers the
        advance and the ink: a width the box cannot hold means PDFium mapped the character
        back to another code, and then the box's own extent stands in for it.
        """
        import pypdfium2.raw as raw

        width, rect = ctypes.c_float(), raw.FS_RECTF()
        found = raw.FPDFFont_GetGlyphWidth(self.font, ord(text), 1000.0, ctypes.byref(width))
        raw.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(rect))
        a, b = abs(self.matrix[0]), abs(self.matrix[1])
        span = (rect.right - rect.left) / a if a >= b else (rect.top - rect.bottom) / b
        if found and 0 < width.value / 1000 * self.size <= span + 0.01:
            return width.value / 1000
        return max(span, 0.0) / self.size if self.size else 0.0


def _words(chars: list[Char], number: int) -> Iterator[Word]:
    """pdfplumber's ``extract_words(x_tolerance_ratio=0.15)``, then the backend's clean-up."""
    from .backends import X_TOLERANCE_RATIO, _strip_subset

    names: dict[str, str] = {}
    for (upright, fontname, _), group in itertools.groupby(chars, _GROUP):
        name = names.get(fontname) or names.setdefault(fontname, _strip_subset(fontname))
        for line in _lines(list(group), upright):
            for word in _split(line, upright, X_TOLERANCE_RATIO):
                text = "".join(map(_TEXT, word)).translate(_CLEAN)
                if text.strip():
                    yield Word(text=text, x0=min(map(_X0, word)), top=min(map(_TOP, word)),
                               x1=max(map(_X1, word)), bottom=max(map(_BOTTOM, word)),
                               fontname=name, size=round(word[0][5], 2), page=number)


_GROUP = operator.itemgetter(7, 6, 5)  # pdfplumber groups on upright, fontname and size
_TEXT, _X0, _TOP, _X1, _BOTTOM = (operator.itemgetter(k) for k in range(5))
_TOP_BOTTOM = operator.itemgetter(2, 4)
#: Ligatures expanded (as pdfplumber does), soft hyphens dropped (as the pdfplumber backend does).
_CLEAN = str.maketrans({**LIGATURES, "\u00ad": ""})


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


def _walk(page: Any, to_top: Matrix, number: int) -> tuple[dict[int, int], tuple[Rule, ...]]:
    """One pass over the page objects: the stream rank of each text object, and the rules.

    Rules are pdfplumber's lines, then its rectangles, each at most RULE_THICKNESS thick.
    """
    import pypdfium2.raw as raw

    from .backends import RULE_THICKNESS

    A, B, C, D, E, F = to_top
    ranks: dict[int, int] = {}
    lines: list[Rule] = []
    rects: list[Rule] = []
    for obj, kind, matrix in _objects(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, None):
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            ranks[ctypes.cast(obj, ctypes.c_void_p).value or 0] = len(ranks)
            continue
        for points, closed in _subpaths(obj, matrix):
            pts = [(A * px + C * py + E, B * px + D * py + F) for px, py in points]
            if len(pts) == 2 or (len(pts) == 3 and closed and pts[2] == pts[0]):
                target, corners = lines, pts[:2]
            elif len(pts) == 5 and pts[4] == pts[0] and _is_box(pts[:4]):
                target, corners = rects, pts[:4]
            else:
                continue  # a curve to pdfminer
            xs, ys = [px for px, _ in corners], [py for _, py in corners]
            if min(max(xs) - min(xs), max(ys) - min(ys)) <= RULE_THICKNESS:
                target.append(Rule(min(xs), min(ys), max(xs), max(ys), number))
    return ranks, tuple(lines + rects)


def _objects(
    parent: Any, count: Callable[[Any], int], get: Callable[[Any, int], Any], outer: Matrix | None
) -> Iterator[tuple[Any, int, Matrix]]:
    """Text and path objects in content order, descending into form XObjects.

    Each comes with the matrix from its own space to the page's (paths need it; a text
    object's characters are already placed on the page by the text page).
    """
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    for index in range(count(parent)):
        obj = get(parent, index)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            yield obj, kind, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
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
