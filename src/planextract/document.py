"""planextract's view of a PDF: pages of words, text lines and ruling lines.

Plugins see only this model, never pdfplumber or camelot, so a faster backend (PDFium) or an
OCR backend can replace the parser without touching a plugin. Pages are plain frozen data:
parsed once, picklable, safe to share, and nothing stays open after :meth:`Document.open`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

#: Words whose vertical centres are this close (as a fraction of the font size) share a line.
LINE_TOLERANCE = 0.4
#: Words closer than this fraction of their size were set without a space between them
#: (a font change mid-word, a zero-width space left by a soft hyphen).
SPACE_EM = 0.1


@dataclass(frozen=True, slots=True)
class Word:
    """One word with its box (PDF points, origin top-left), font, style and 1-based page.

    ``weight`` (CSS scale, 100–900) and ``oblique`` are what the backend could tell from the
    font name, its descriptor (FontWeight, ForceBold, ItalicAngle, StemV) and the text render
    mode (fill + stroke is synthetic bold); 0 / ``None`` mean "not told", and the font name
    decides. ``color`` is the fill colour as ``#rrggbb`` ("" when unknown): white text on a
    dark band and coloured headings are styles too.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    fontname: str
    size: float
    page: int
    weight: int = 0
    oblique: bool | None = None
    color: str = ""
    #: How sure the OCR engine was of the word (0–100); None when it came from a text layer.
    confidence: float | None = None
    #: What OCR did beyond reading it ("regrouped": thousands spaces put back from the digits).
    ocr_note: str = ""

    @property
    def bold(self) -> bool:
        return (self.weight or name_weight(self.fontname)) >= 600

    @property
    def italic(self) -> bool:
        return name_italic(self.fontname) if self.oblique is None else self.oblique

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


#: Weight words in font names ("Arial-BoldMT", "Frutiger-65Bold", "Helvetica-Hv"), heaviest first.
_WEIGHT_NAMES = (
    (900, ("black", "blk", "ultra", "heavy", "hv", "extrabold", "ultrabold", "xbold")),
    (700, ("bold", "bd", "bi", "demibold", "demi", "semibold", "sb")),
    (500, ("medium", "md")),
    (300, ("light", "lt", "thin", "hairline")),
)
_NAME_TOKENS = re.compile(r"[A-Z]?[a-z]+|[0-9]+|[A-Z]+(?![a-z])")
_ITALIC_MARKERS = ("italic", "oblique", "it", "obl", "bi", "slanted", "kursiv")


@lru_cache(maxsize=4096)
def name_weight(fontname: str) -> int:
    """The weight a font name states (400 when it states none): "Bold" 700, "Black" 900,
    Univers-style numbers ("65" bold); a subset tag or family is ignored."""
    style = fontname.rsplit("+", 1)[-1]
    family, _, suffix = style.partition("-") if "-" in style else style.partition(",")
    tokens = [t.lower() for t in _NAME_TOKENS.findall(suffix or family)]
    joined = "".join(tokens)
    for weight, words in _WEIGHT_NAMES:
        if any(t in words for t in tokens) or any(w in joined for w in words if len(w) > 3):
            return 600 if weight == 700 and ("semi" in joined or "demi" in joined) else weight
    numbers = [int(t) for t in tokens if t.isdigit() and len(t) == 2 and t[1] == "5"]
    if numbers:
        return {4: 300, 5: 400, 6: 700, 7: 800, 8: 900}.get(numbers[0] // 10, 400)
    return 400


@lru_cache(maxsize=4096)
def name_italic(fontname: str) -> bool:
    style = fontname.rsplit("+", 1)[-1]
    suffix = style.partition("-")[2] or style.partition(",")[2] or style
    tokens = [t.lower() for t in _NAME_TOKENS.findall(suffix)]
    joined = "".join(tokens)
    return any(t in _ITALIC_MARKERS for t in tokens) or "italic" in joined or "oblique" in joined


@dataclass(frozen=True)
class Line:
    """Words sharing a baseline, left to right. A table row is one line; so is a text line."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The words as a reader sees them: a space only where the page shows a gap."""
        return words_text(self.words)

    @property
    def page(self) -> int:
        return self.words[0].page

    @property
    def x0(self) -> float:
        return min(word.x0 for word in self.words)

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def size(self) -> float:
        """The largest font size on the line (headings are recognised by it)."""
        return max(word.size for word in self.words)

    @property
    def bold(self) -> bool:
        """True when every letter-bearing word is bold (a bold row or heading)."""
        return all_bold(self.words)

    @property
    def italic(self) -> bool:
        lettered = [w for w in self.words if any(ch.isalpha() for ch in w.text)] or list(self.words)
        return all(word.italic for word in lettered)

    def split(self, min_gap: float) -> list[Line]:
        """Split where the horizontal gap between words exceeds ``min_gap`` points."""
        parts: list[list[Word]] = [[self.words[0]]]
        for previous, word in zip(self.words, self.words[1:]):
            if word.x0 - previous.x1 > min_gap:
                parts.append([])
            parts[-1].append(word)
        return [Line(tuple(part)) for part in parts]


def words_text(words: Sequence[Word]) -> str:
    """Words joined with a space where the page shows a gap, none where it shows none."""
    if not words:
        return ""
    parts = [words[0].text]
    for previous, word in zip(words, words[1:]):
        gap = word.x0 - previous.x1
        parts.append((" " if gap > SPACE_EM * min(word.size, previous.size) else "") + word.text)
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line (a drawn line or a thin rectangle), horizontal or vertical."""

    x0: float
    top: float
    x1: float
    bottom: float
    page: int

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class Shade:
    """A filled area that is not white: a shaded table row, a coloured band, a drawn bullet."""

    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    color: str  # "#rrggbb"

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Page:
    """One page: its words in reading order (top to bottom, left to right) and its rules."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...] = ()
    landscape: bool = field(default=False)
    shades: tuple[Shade, ...] = ()
    #: Words a reader cannot see, set aside: (reason, how many) (:mod:`planextract.visibility`).
    ignored: tuple[tuple[str, int], ...] = ()

    def __repr__(self) -> str:
        return (f"<Page {self.number}: {len(self.words)} words, {len(self.rules)} rules, "
                f"{self.width:.0f}×{self.height:.0f} pt>")

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return tuple(group_lines(self.words))

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def fonts(self) -> frozenset[str]:
        return frozenset(word.fontname for word in self.words)

    def crop(self, x0: float, top: float, x1: float, bottom: float) -> Page:
        """A view of the region: the words and rules whose centres fall inside it."""
        words = tuple(
            w for w in self.words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= w.middle <= bottom
        )
        rules = tuple(
            r
            for r in self.rules
            if x0 <= (r.x0 + r.x1) / 2 <= x1 and top <= (r.top + r.bottom) / 2 <= bottom
        )
        shades = tuple(
            s for s in self.shades if x0 <= (s.x0 + s.x1) / 2 <= x1 and top <= (s.top + s.bottom) / 2 <= bottom
        )
        return replace(self, words=words, rules=rules, shades=shades)


def all_bold(words: Sequence[Word]) -> bool:
    """Every word with letters or digits is bold; lone punctuation (a bullet, a dash) may not be."""
    lettered = [w for w in words if any(ch.isalnum() for ch in w.text)] or list(words)
    return all(word.bold for word in lettered)


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Group words into lines by vertical centre, then order each line left to right.

    Works from centres rather than tops so that a bold word, a larger digit or a minus glyph
    set a little apart still lands on its row.
    """
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if rows:
            current = rows[-1]
            centre = sum(w.middle for w in current) / len(current)
            tolerance = LINE_TOLERANCE * max(word.size, max(w.size for w in current))
            if abs(word.middle - centre) <= tolerance + 1e-3:  # PDFium's single-precision boxes
                current.append(word)
                continue
        rows.append([word])
    return [Line(tuple(sorted(row, key=lambda w: w.x0))) for row in rows]


@dataclass(frozen=True)
class Document:
    """A parsed PDF: where it came from, its SHA-256 and its pages."""

    path: Path
    sha256: str
    size_bytes: int
    pages: tuple[Page, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    backend: str = "pdfplumber"
    #: The file's pages this document is (first, last), when only some were selected: a file
    #: that binds two plans together is two documents. Pages keep the file's numbers.
    page_range: tuple[int, int] | None = None

    def __repr__(self) -> str:
        pages = f"pages {self.page_range[0]}-{self.page_range[1]}" if self.page_range else f"{self.page_count} pages"
        return (f"<Document {self.path.name}: {pages}, {sum(len(p.words) for p in self.pages)} words, "
                f"sha256 {self.sha256[:12]}…, {self.backend}>")

    def _repr_html_(self) -> str:
        """For notebooks: the file, its checksum and each page's words and rules."""
        from html import escape

        rows = "".join(f"<tr><td>{p.number}</td><td>{len(p.words)}</td><td>{len(p.rules)}</td>"
                       f"<td>{escape(p.lines[0].text[:80]) if p.words else ''}</td></tr>" for p in self.pages)
        return (f"<p><b>{escape(self.path.name)}</b> · {self.page_count} pages · {self.backend} · "
                f"sha256 <code>{self.sha256}</code></p><table><tr><th>page</th><th>words</th><th>rules</th>"
                f"<th>first line</th></tr>{rows}</table>")

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def key(self) -> str:
        """What identifies this document among results: its checksum, and its pages when only
        some of the file's were selected."""
        return document_key(self.sha256, self.page_range)

    def page(self, number: int) -> Page:
        """The page with the file's 1-based ``number``."""
        index = number - (self.page_range[0] if self.page_range else 1)
        if not 0 <= index < len(self.pages):
            raise IndexError(f"page {number} is not in this document")
        return self.pages[index]

    def lines(self) -> Iterator[Line]:
        """Every line of the document in page order."""
        for page in self.pages:
            yield from page.lines

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)

    @property
    def fonts(self) -> frozenset[str]:
        return frozenset().union(*(page.fonts for page in self.pages))

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        password: str | None = None,
        backend: str = "pdfplumber",
        max_pages: int | None = None,
        pages: PageRange | None = None,
        ocr: str = "auto",
    ) -> Document:
        """Read ``path`` once with the named backend and return the parsed document: the whole
        file, or the pages ``pages`` selects (first, last; ``None`` for the last: to the end).
        ``ocr``: read the pages without a text layer from their images (``auto``, when the
        engine is installed), every page (``always``), or none (``never``)."""
        from .backends import PAGE_COUNT_KEY, check_is_pdf, read_pdf
        from .errors import UnreadableFile
        from .ocr import with_ocr
        from .visibility import visible_page

        path = Path(path)
        check_is_pdf(path)
        try:
            digest = sha256_of(path)
        except OSError as error:
            raise UnreadableFile(f"cannot read: {error.strerror}", path) from None
        read, metadata = read_pdf(path, password=password, backend=backend, max_pages=max_pages, pages=pages,
                                  text_required=ocr == "never")
        if sha256_of(path) != digest:  # the checksum must describe the bytes that were parsed
            raise UnreadableFile("the file changed while it was being read; try again", path)
        whole = len(read) == int(metadata[PAGE_COUNT_KEY])
        visible = [visible_page(page) for page in read]
        if ocr != "never":
            visible, metadata = with_ocr(path, password, digest, visible, metadata, always=ocr == "always")
        return cls(
            path=path,
            sha256=digest,
            size_bytes=path.stat().st_size,
            pages=tuple(visible),
            metadata=metadata,
            backend=backend,
            page_range=None if whole else (read[0].number, read[-1].number),
        )


#: A selection of a file's pages: (first, last), ``last`` ``None`` for the file's last page.
PageRange = tuple[int, int | None]


def parse_page_range(text: str) -> PageRange:
    """``"38-74"``, ``"38-"`` (to the end), ``"-37"`` (from the first) or ``"5"`` as a range.

    Raises ValueError saying what is wrong.
    """
    first_text, dash, last_text = text.strip().partition("-")
    if not (first_text.strip() or last_text.strip()):
        raise ValueError(f"{text!r} is not a page range (FIRST-LAST, FIRST-, -LAST or one page)")
    try:
        first = int(first_text) if first_text.strip() else 1
        last = (int(last_text) if last_text.strip() else None) if dash else first
    except ValueError:
        raise ValueError(f"{text!r} is not a page range (FIRST-LAST, FIRST-, -LAST or one page)") from None
    if first < 1 or (last is not None and last < first):
        raise ValueError(f"{text!r} is not a page range: pages count from 1 and LAST is not before FIRST")
    return first, last


def pages_to_read(count: int, max_pages: int | None, wanted: PageRange | None, path: Path) -> range:
    """The 0-based indices of a file's pages a backend parses: all ``count``, or the ``wanted``
    selection; over ``max_pages``, or a selection the file does not have, is refused."""
    from .errors import PagesOutOfRange, TooManyPages

    if max_pages is not None and count > max_pages:
        raise TooManyPages(f"{count} pages, over the limit of {max_pages}", path)
    if wanted is None:
        return range(count)
    first, last = wanted
    last = count if last is None else last
    if last > count:
        raise PagesOutOfRange(f"pages {first}-{last} selected, but the file has {count} pages", path)
    return range(first - 1, last)


def document_key(sha256: str, page_range: tuple[int, int] | None) -> str:
    """A document's identity among results: ``sha256``, or ``sha256#pages=38-74``."""
    return sha256 if page_range is None else f"{sha256}#pages={page_range[0]}-{page_range[1]}"


def split_key(key: str) -> tuple[str, tuple[int, int] | None]:
    """A document key back into the file's checksum and its pages (``None``: the whole file)."""
    sha256, _, pages = key.partition("#pages=")
    if not pages:
        return sha256, None
    first, last = pages.split("-")
    return sha256, (int(first), int(last))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def finished_key(done: Iterable[str], sha256: str, wanted: PageRange | None) -> str | None:
    """The key among ``done`` of the document a request for file ``sha256`` (``wanted`` pages)
    makes, when that can be told before reading it; ``None`` to read it."""
    if wanted is None:
        return sha256 if sha256 in done else None
    for key in done:
        owner, pages = split_key(key)
        if owner == sha256 and pages and pages[0] == wanted[0] and wanted[1] in (None, pages[1]):
            return key
    return None
