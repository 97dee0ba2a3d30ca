"""PDF parsing backends: each turns a file into planextract :class:`~.document.Page` objects.

This is the only module that imports pdfplumber. A backend is a function
``(path, password, max_pages, wanted) -> (pages, metadata)`` that parses the pages
:func:`~.document.pages_to_read` names and says the file's page count in the metadata
(:data:`PAGE_COUNT_KEY`); add one to :data:`BACKENDS` (PDFium,
OCR) and every plugin works with it unchanged. Input checks that do not depend on the
backend (empty file, not a PDF, no text layer) live here too, so every backend reports
bad input the same way; so do the rules every backend follows to read style (weight and
slant from render mode, descriptor and name; colours; shades) and to clean word text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .document import Page, PageRange, Rule, Shade, Word, name_weight, pages_to_read
from .errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    InputNotFound,
    NotAPdf,
    NoTextLayer,
    PlanextractError,
    ResourceLimitExceeded,
    UnreadableFile,
)
from .integrity import check_revisions

#: Characters closer than this fraction of their size belong to one word.
X_TOLERANCE_RATIO = 0.15
#: A rectangle thinner than this (points) is a ruling line, not a box.
RULE_THICKNESS = 2.0
#: FontDescriptor Flags bits (ISO 32000-1, table 123).
ITALIC_FLAG, FORCE_BOLD_FLAG = 1 << 6, 1 << 18
#: A StemV this thick marks a bold face, for font names that say nothing ("TT1Ct00").
BOLD_STEM_V = 120
#: Text render modes that fill and stroke the glyphs: with a line width, synthetic bold.
FILL_AND_STROKE = frozenset({2, 6})
WHITE = "#ffffff"
#: Text render modes that paint nothing: invisible (3) and clip only (7).
INVISIBLE_MODES = (3, 7)

Backend = Callable[[Path, str | None, int | None, PageRange | None], tuple[list[Page], dict[str, str]]]


def read_pdf(
    path: Path, *, password: str | None, backend: str, max_pages: int | None, pages: PageRange | None = None,
    text_required: bool = True,
) -> tuple[list[Page], dict[str, str]]:
    """Check the file is a PDF, parse it (or the ``pages`` selected) with ``backend`` and
    insist on a text layer (unless OCR will read the pages without one)."""
    check_is_pdf(path)
    try:
        reader = BACKENDS[backend]
    except KeyError:
        raise PlanextractError(f"unknown backend {backend!r}; known: {', '.join(BACKENDS)}") from None
    wanted = pages
    try:
        read, metadata = reader(path, password, max_pages, wanted)
    except CorruptPdf as error:
        read, metadata = _read_repaired(path, password, max_pages, wanted, reader, error)
    else:
        if note := check_revisions(path, password, max_pages, wanted, read):
            metadata[REPAIRED_KEY] = note
    if text_required and read and not any(page.words for page in read):
        from .ocr import scanned

        raise NoTextLayer(scanned(len(read)), path)
    return read, metadata


#: Set in a document's metadata when it could only be read after a repair.
REPAIRED_KEY = "planextract:repaired"
#: Set by every backend in a document's metadata: how many pages the file has.
PAGE_COUNT_KEY = "planextract:page_count"


def _read_repaired(path: Path, password: str | None, max_pages: int | None, wanted: PageRange | None,
                   reader: Backend, error: CorruptPdf) -> tuple[list[Page], dict[str, str]]:
    """Read a file pdfminer cannot from a repaired copy, and say so: PDFium's rewrite (it
    rebuilds a broken or looping cross-reference table as viewers do), else Ghostscript's
    (pdfplumber's repair path). The PDFium backend gets Ghostscript's only."""
    import shutil
    import tempfile

    tried = []
    with tempfile.TemporaryDirectory(prefix="planextract-repair-") as folder:
        repaired = Path(folder) / "repaired.pdf"
        if reader is not read_with_pdfium and _rewrite_with_pdfium(path, password, repaired):
            try:
                pages, metadata = reader(repaired, password, max_pages, wanted)
            except PlanextractError:
                tried.append("PDFium's rewrite did not make it readable")
            else:
                metadata[REPAIRED_KEY] = f"read after PDFium rewrote it ({error.message})"
                return pages, metadata
        if shutil.which("gs") is None:
            tried.append("no repair tried: Ghostscript (gs) is not installed")
            raise CorruptPdf("; ".join([error.message, *tried]), path) from None
        from pdfplumber.repair import repair

        try:
            repair(path, outfile=repaired, password=password)
            pages, metadata = reader(repaired, password, max_pages, wanted)
        except PlanextractError:
            raise CorruptPdf(f"{error.message}; Ghostscript's repair did not make it readable", path) from None
        except Exception as failure:
            raise CorruptPdf(f"{error.message}; Ghostscript's repair failed ({_describe(failure)})", path) from None
    metadata[REPAIRED_KEY] = f"read after Ghostscript repaired it ({error.message})"
    return pages, metadata


def _rewrite_with_pdfium(path: Path, password: str | None, target: Path) -> bool:
    """Save PDFium's reading of ``path`` as a new file; False when PDFium cannot open it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path, password=password or None)
    except Exception:  # noqa: BLE001 - PDFium cannot read it either
        return False
    try:
        pdf.save(target)
        return True
    except Exception:  # noqa: BLE001
        return False
    finally:
        pdf.close()


def check_is_pdf(path: Path) -> None:
    """Reject what is plainly not a PDF before a parser sees it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise InputNotFound("no such file", path) from None
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a PDF", path) from None
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror}", path) from None
    if not head:
        raise EmptyFile("empty file (0 bytes)", path)
    if b"%PDF-" not in head:
        raise NotAPdf(f"not a PDF (starts with {head[:16]!r})", path)


def read_with_pdfplumber(
    path: Path, password: str | None, max_pages: int | None, wanted: PageRange | None = None
) -> tuple[list[Page], dict[str, str]]:
    """Parse every page (or those ``wanted``) once with pdfplumber, keep words (with style), rules and shades, close
    everything. The text render mode pdfplumber does not report is taken from pdfminer on the
    way (see :func:`_lay_out`), so nothing is missing next to PDFium."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path, password=password or "")
    except PdfminerException as error:
        raise _classify(error, path, password) from None
    except (MemoryError, RecursionError):
        raise  # limits, reported by the caller, not "corrupt"
    except Exception as error:  # pdfminer raises a wide variety on damaged files
        raise CorruptPdf(f"corrupt or truncated PDF ({_describe(error)})", path) from None
    try:
        try:
            count = len(pdf.pages)
            fonts: dict[str, FontFacts | None] = {}
            pages = [_read_page(pdf.pages[i], i + 1, fonts) for i in pages_to_read(count, max_pages, wanted, path)]
            metadata = {str(k): str(v) for k, v in (pdf.metadata or {}).items()} | {PAGE_COUNT_KEY: str(count)}
        except PlanextractError:
            raise
        except PdfminerException as error:
            raise _classify(error, path, password) from None
        except (MemoryError, RecursionError):
            raise
        except Exception as error:
            raise CorruptPdf(f"corrupt or truncated PDF ({_describe(error)})", path) from None
    finally:
        _close(pdf)
    return pages, metadata


def _close(pdf) -> None:
    """Close a pdfplumber PDF even when its damaged page tree makes ``close`` itself fail."""
    try:
        pdf.close()
    except Exception:
        stream = getattr(pdf, "stream", None)
        if stream is not None:
            stream.close()


def _read_page(page, number: int, fonts: dict[str, FontFacts | None]) -> Page:
    try:
        clipped = _lay_out(page, fonts)
        raw_words = page.extract_words(
            x_tolerance_ratio=X_TOLERANCE_RATIO, extra_attrs=["fontname", "size"], return_chars=True
        )
        styles: dict[tuple[str, bool], tuple[str, int, bool | None]] = {}  # name, weight, oblique
        colors: dict[tuple[Any, Any], str] = {}
        words = []
        invisible = 0
        for w in raw_words:
            text = normalize_text(w["text"])
            if not text.strip():
                continue
            if all(c.get("fill") is False and c.get("stroke") is False for c in w["chars"]):
                invisible += 1  # render mode 3 or 7 (neither filled nor stroked): no viewer shows it
                continue
            first = w["chars"][0]  # a word's style is its first character's
            fontname = str(w["fontname"])
            synthetic = bool(first.get("fill") and first.get("stroke") and first.get("linewidth", 0) > 0)
            style = styles.get((fontname, synthetic))
            if style is None:
                name = _strip_subset(fontname)
                static, oblique = font_style(name, fonts.get(fontname))
                style = styles[fontname, synthetic] = (name, word_weight(static, name, synthetic), oblique)
            key = (first.get("non_stroking_color"), first.get("ncs"))
            try:
                color = colors[key]
            except KeyError:
                color = colors[key] = hex_color(*key)
            except TypeError:  # a pattern's operands may not hash
                color = hex_color(*key)
            words.append(Word(text=text, x0=float(w["x0"]), top=float(w["top"]), x1=float(w["x1"]),
                              bottom=float(w["bottom"]), fontname=style[0], size=round(float(w["size"]), 2),
                              page=number, weight=style[1], oblique=style[2], color=color))
        rules, shades = _rules_and_shades(page.lines, page.rects, number)
        return Page(
            number=number,
            width=float(page.width),
            height=float(page.height),
            words=tuple(words),
            rules=rules,
            landscape=float(page.width) > float(page.height),
            shades=shades,
            ignored=hidden_counts(invisible, clipped),
        )
    finally:
        page.close()


def _rules_and_shades(lines: Iterable[dict], rects: Iterable[dict], number: int
                      ) -> tuple[tuple[Rule, ...], tuple[Shade, ...]]:
    """pdfplumber's lines and rectangles as rules and shades.

    A line or a rectangle at most RULE_THICKNESS thick (in its thinner dimension: a diagonal
    line is none) is a rule. A larger rectangle is four rules when stroked (a cell border drawn
    as a box) and a shade when filled with a known colour other than white (a shaded row, a
    coloured band, a full-page cover); thin ones stay rules only.
    """
    rules: list[Rule] = []
    shades: list[Shade] = []
    for o in lines:
        box = float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"])
        if min(box[2] - box[0], box[3] - box[1]) <= RULE_THICKNESS:
            rules.append(Rule(*box, number))
    for o in rects:
        box = float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"])
        if min(box[2] - box[0], box[3] - box[1]) <= RULE_THICKNESS:
            rules.append(Rule(*box, number))
            continue
        if o.get("stroke"):
            rules.extend(box_rules(*box, number))
        if o.get("fill"):
            color = hex_color(o.get("non_stroking_color"), o.get("ncs"))
            if color and color != WHITE:
                shades.append(Shade(*box, number, color))
    return tuple(rules), tuple(shades)


def _lay_out(page, fonts: dict[str, FontFacts | None]) -> int:
    """Run pdfminer on ``page`` as pdfplumber's ``Page.layout`` does, with a device that also
    notes what pdfminer's objects leave out: a character's render mode and line width (as
    ``fill``, ``stroke`` and ``linewidth``, the keys rectangles have, on characters not drawn
    plainly), a path's fill colour space (``ncs``, as characters have), and each font's
    descriptor into ``fonts`` by font name; characters a clipping path hides are left out.

    pdfplumber keeps the result where ``Page.layout`` looks for it (``_layout``), so
    ``page.chars``, ``page.rects`` and ``extract_words`` read it as their own. Returns how
    many words the clip hid.
    """
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.utils import apply_matrix_pt
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    class Device(PDFPageAggregatorWithMarkedContent):
        clip: Box | None = None  # the interpreter's clipping box in device space; None: no clip
        clipped = 0

        def render_string(self, textstate, seq, ncs, graphicstate) -> None:  # type: ignore[override]
            font = textstate.font
            if font is not None and font.fontname not in fonts:
                fonts[font.fontname] = _font_facts(font)
            objs = self.cur_item._objs
            start = len(objs)
            super().render_string(textstate, seq, ncs, graphicstate)
            if mode := textstate.render:
                fill, stroke = mode in (0, 2, 4, 6), mode in (1, 2, 5, 6)
                for item in objs[start:]:
                    item.fill, item.stroke, item.linewidth = fill, stroke, graphicstate.linewidth
            if self.clip is not None:
                kept, hidden = _partition_clipped(objs[start:], self.clip)
                if hidden:
                    objs[start:] = kept
                    self.clipped += len("".join(hidden).split())

        def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:  # type: ignore[override]
            objs = self.cur_item._objs
            start = len(objs)
            super().paint_path(gstate, stroke, fill, evenodd, path)
            for item in objs[start:]:
                item.ncs = gstate.ncs

    class Interpreter(PDFPageInterpreter):
        """pdfminer's interpreter keeping the clipping path's bounding box (pdfminer ignores
        ``W``): saved and restored with the graphics state, inherited by form XObjects."""

        device: Device

        def init_state(self, ctm) -> None:  # type: ignore[no-untyped-def]
            super().init_state(ctm)
            self.clip = self.device.clip  # a form starts inside its caller's clip

        def get_current_state(self):  # type: ignore[no-untyped-def, override]
            return (*super().get_current_state(), self.clip)

        def set_current_state(self, state) -> None:  # type: ignore[no-untyped-def, override]
            *rest, self.clip = state
            super().set_current_state(tuple(rest))  # type: ignore[arg-type]
            self.device.clip = self.clip

        def do_W(self) -> None:
            points = [apply_matrix_pt(self.ctm, (seg[i], seg[i + 1]))
                      for seg in self.curpath for i in range(1, len(seg) - 1, 2)]
            if points:
                xs, ys = [x for x, _ in points], [y for _, y in points]
                self.clip = self.device.clip = _intersect(self.clip, (min(xs), min(ys), max(xs), max(ys)))

        do_W_a = do_W

        def do_Do(self, xobjid_arg) -> None:  # type: ignore[no-untyped-def]
            clip = self.clip
            super().do_Do(xobjid_arg)
            self.device.clip = clip  # a form's own clip ends with it

    device = Device(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    try:
        Interpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    except Exception as error:
        raise PdfminerException(error) from error
    page._layout = device.get_result()
    return device.clipped


Box = tuple[float, float, float, float]


def _intersect(clip: Box | None, box: Box) -> Box:
    """The clip after ``box`` is added to it (an empty overlap is a zero box: nothing shows)."""
    if clip is None:
        return box
    x0, y0, x1, y1 = max(clip[0], box[0]), max(clip[1], box[1]), min(clip[2], box[2]), min(clip[3], box[3])
    return (x0, y0, max(x0, x1), max(y0, y1))


def _partition_clipped(items: list, clip: Box) -> tuple[list, list[str]]:
    """Items to keep, and the text of characters whose centre a clip hides (characters drawn
    invisibly are left for the invisible count)."""
    kept, hidden = [], []
    x0, y0, x1, y1 = clip
    for item in items:
        x, y = (item.x0 + item.x1) / 2, (item.y0 + item.y1) / 2
        if x0 <= x <= x1 and y0 <= y <= y1 or (getattr(item, "fill", True) is False
                                                 and getattr(item, "stroke", True) is False):
            kept.append(item)
        else:
            hidden.append(item.get_text() if hasattr(item, "get_text") else "")
    return kept, hidden


def hidden_counts(invisible: int, clipped: int) -> tuple[tuple[str, int], ...]:
    """A page's words set aside while reading, by reason (``Page.ignored``)."""
    return tuple((reason, count) for reason, count in
                 (("clipped away", clipped), ("invisible (render mode 3)", invisible)) if count)


def _font_facts(font: Any) -> FontFacts | None:
    """A pdfminer font's descriptor facts; ``None`` for a standard-14 font (pdfminer puts its
    AFM metrics in place of the PDF's descriptor) and a Type 3 font (PDFium reads none)."""
    from pdfminer.pdffont import FontMetricsDB, PDFType1Font, PDFType3Font

    if isinstance(font, PDFType3Font):
        return None
    if isinstance(font, PDFType1Font):
        try:
            FontMetricsDB.get_metrics(font.basefont)
            return None
        except KeyError:
            pass
    return descriptor_facts(font.descriptor)


def _strip_subset(fontname: str) -> str:
    """'ABCDEF+Times-Bold' -> 'Times-Bold': the subset tag says nothing about the font."""
    prefix, plus, rest = fontname.partition("+")
    return rest if plus and len(prefix) == 6 and prefix.isupper() else fontname


def _classify(error: Exception, path: Path, password: str | None) -> PlanextractError:
    cause = getattr(error, "args", [None])[0] if error.args else None
    name = type(cause).__name__ if isinstance(cause, Exception) else type(error).__name__
    if isinstance(cause, MemoryError):
        return ResourceLimitExceeded("ran out of memory while parsing (a compression bomb?)", path)
    if "Password" in name or "Encryption" in name:
        hint = "wrong password" if password else "encrypted; give --password"
        return EncryptedPdf(hint, path)
    return CorruptPdf(f"corrupt or truncated PDF ({_describe(cause or error)})", path)


def _describe(error: object) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:160] if text else type(error).__name__


#: Removed from word text: the soft hyphen and the zero-width characters.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def normalize_text(text: str) -> str:
    """A word's text as extractors want it, the same from every backend.

    NFKC folds ligatures (ﬁ ﬂ ﬀ), full-width and other compatibility forms into plain letters;
    soft hyphens and zero-width characters are dropped. Words are split at spaces before
    this, so a spacing accent NFKC would turn into a space (´ ¨) is left as it is.
    """
    if text.isascii():
        return text
    text = text.translate(_INVISIBLE)
    if unicodedata.is_normalized("NFKC", text):
        return text
    folded = unicodedata.normalize("NFKC", text)
    if any(ch.isspace() for ch in folded):
        parts = (ch if any(c.isspace() for c in unicodedata.normalize("NFKC", ch)) else unicodedata.normalize("NFKC", ch)
                 for ch in text)
        folded = unicodedata.normalize("NFC", "".join(parts))
    return folded


@dataclass(frozen=True, slots=True)
class FontFacts:
    """What a font's descriptor says, in the whole numbers PDFium reads it as.

    ``weight`` is FontWeight (0 when absent), ``flags`` the Flags with the Italic bit also set
    for an ItalicAngle of -1 or steeper, ``stem_v`` the StemV. Both backends fill it the same way
    (PDFium truncates numbers to integers and ignores a backward slant; so does this).
    """

    weight: int = 0
    flags: int = 0
    stem_v: int = 0


def descriptor_facts(descriptor: Mapping[str, Any]) -> FontFacts:
    """The facts of a FontDescriptor dictionary (values resolved or not)."""
    from pdfminer.pdftypes import resolve1

    def whole(key: str) -> int:
        value = resolve1(descriptor.get(key))
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0

    flags = whole("Flags") | (ITALIC_FLAG if whole("ItalicAngle") < 0 else 0)
    return FontFacts(weight=whole("FontWeight"), flags=flags, stem_v=whole("StemV"))


def font_style(fontname: str, facts: FontFacts | None) -> tuple[int, bool | None]:
    """A font's (weight, oblique) from its descriptor; 0 / ``None`` where the name should decide.

    The best evidence first: FontWeight, then ForceBold; a name that names a style or family is
    taken at its word; only a name that says nothing ("TT1Ct00") lets a thick StemV say bold.
    The standard 14 fonts are what their names say (pdfminer replaces their descriptors).
    """
    from .pdfium_backend import STANDARD_FONTS

    if facts is None or fontname in STANDARD_FONTS:
        return 0, None
    oblique = True if facts.flags & ITALIC_FLAG else None
    if facts.weight > 0:
        return min(max(facts.weight, 100), 900), oblique
    if facts.flags & FORCE_BOLD_FLAG or (facts.stem_v >= BOLD_STEM_V and says_nothing(fontname)):
        return 700, oblique
    return 0, oblique


def says_nothing(fontname: str) -> bool:
    """True for a font name with no word in it ("TT1Ct00", "F1", "C2_0"): no family, no style."""
    return re.search(r"[A-Za-z]{3}", fontname.rsplit("+", 1)[-1]) is None


def word_weight(static: int, fontname: str, synthetic_bold: bool) -> int:
    """The weight a word shows: fill + stroke makes it at least bold (700)."""
    return max(700, static or name_weight(fontname)) if synthetic_bold else static


def hex_color(components: Any, space: str | None = None) -> str:
    """``#rrggbb`` of a colour: gray, RGB or CMYK by its colour space (by its number of
    components when the space is not known); "" for a pattern, spot or indexed colour.

    Rounds as PDFium does (half up), so both backends give the same hex for the same numbers.
    """
    values = components if isinstance(components, tuple | list) else (components,)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return ""
    count = {"DeviceGray": 1, "CalGray": 1, "DeviceRGB": 3, "CalRGB": 3, "DeviceCMYK": 4}.get(space or "", len(values))
    if space not in (None, "", "DeviceGray", "CalGray", "DeviceRGB", "CalRGB", "DeviceCMYK", "ICCBased") \
            or count != len(values):
        return ""
    if count == 1:
        rgb = (values[0],) * 3
    elif count == 3:
        rgb = tuple(values)
    elif count == 4:
        c, m, y, k = values
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return ""
    return "#" + "".join(f"{min(max(int(v * 255 + 0.5), 0), 255):02x}" for v in rgb)


def box_rules(x0: float, top: float, x1: float, bottom: float, number: int) -> tuple[Rule, ...]:
    """The four sides of a stroked box (a table cell drawn as a rectangle) as rules."""
    return (Rule(x0, top, x1, top, number), Rule(x0, bottom, x1, bottom, number),
            Rule(x0, top, x0, bottom, number), Rule(x1, top, x1, bottom, number))


def read_with_pdfium(path: Path, password: str | None, max_pages: int | None, wanted: PageRange | None = None
                     ) -> tuple[list[Page], dict[str, str]]:
    """PDFium (pypdfium2): the same pages as pdfplumber's, read about 7× faster."""
    from .pdfium_backend import read_with_pdfium as read

    return read(path, password, max_pages, wanted)


BACKENDS: dict[str, Backend] = {"pdfplumber": read_with_pdfplumber, "pdfium": read_with_pdfium}
