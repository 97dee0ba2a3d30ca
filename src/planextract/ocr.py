"""Reading scanned pages: the same :class:`~.document.Page` a text layer gives, from the image.

A page is rendered with PDFium, cleaned (uneven light evened out, specks removed, a skew of a
degree or two turned straight), read by Tesseract with Swedish data, and turned into words with
boxes in PDF points, a size from the line's glyph heights, a weight from the stroke width, and
Tesseract's confidence; ruling lines are found in the image as long straight runs of ink.
Numbers whose thousands spaces the engine dropped ("2121 833") are regrouped from their digits
and say so (``Word.ocr_note``). Plugins see words, lines and rules as from any backend.

Readings are cached by the file's SHA-256, the page and :data:`RECIPE` (with the engine's
version), so a second run reads no page again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path
from statistics import median
from typing import Any

from .document import Page, Rule, Word

#: Resolution pages are rendered at for reading.
DPI = 300
#: Tesseract's language data: Swedish.
LANGUAGE = "swe"
#: What a cached reading was made by: bump when the cleaning or reading changes.
RECIPE = "2"
#: Below this confidence (Tesseract's 0–100) a word is flagged.
LOW_CONFIDENCE = 80.0
#: Ink this long (a fraction of the page width or height) in one straight run is a ruling line.
RULE_LENGTH = 0.06
#: What to install, said when the engine is missing.
INSTALL_HINT = ("install the OCR engine: apt-get install tesseract-ocr tesseract-ocr-swe "
                "(macOS: brew install tesseract tesseract-lang)")


@cache
def engine() -> str | None:
    """Tesseract's version when it and its Swedish data are installed, else None."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if LANGUAGE not in langs.stdout.split():
        return None
    first = (version.stdout or version.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def cache_dir() -> Path:
    """``PLANEXTRACT_CACHE`` or the user's cache folder, ``planextract/ocr`` inside it."""
    root = os.environ.get("PLANEXTRACT_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "planextract" / "ocr"


def scanned(pages: int) -> str:
    """What to say of a file with no text on any page: how it could be read."""
    how = "read it with --ocr auto" if engine() else f"to read it, {INSTALL_HINT}"
    return f"no text layer on any of its {pages} pages; it looks scanned: {how}"


#: Set in a document's metadata when pages were read from their images: which, by what.
OCR_KEY = "planextract:ocr"


def with_ocr(path: Path, password: str | None, sha256: str, pages: list[Page], metadata: dict[str, str], *,
             always: bool) -> tuple[list[Page], dict[str, str]]:
    """The pages with those that show no text (every page, ``always``) read from their images,
    and the metadata saying which. No text anywhere and no engine: no-text-layer, with what to
    install; ``always`` without the engine: that it is missing."""
    from .errors import NoTextLayer, OcrUnavailable

    wanted = [page.number for page in pages if always or not page.words]
    if not wanted:  # the engine is not even looked for: born-digital plans pay nothing
        return pages, metadata
    if engine() is None:
        if always:
            raise OcrUnavailable(f"--ocr always: the OCR engine is not installed; {INSTALL_HINT}", path)
        if not any(page.words for page in pages):
            raise NoTextLayer(scanned(len(pages)), path)
        return pages, metadata
    read = snap_sizes(read_pages(path, password, wanted, sha256))
    pages = [read.get(page.number, page) for page in pages]
    if not any(page.words for page in pages):
        raise NoTextLayer(f"no text layer on any of its {len(pages)} pages; it looks scanned, but OCR read no "
                          "text in its images either", path)
    note = f"{_ranges(wanted)} read by OCR ({engine()}, {LANGUAGE}, {DPI} dpi, recipe {RECIPE})"
    return pages, metadata | {OCR_KEY: note}


#: Sizes closer than this (relative) are one type size measured with the image's noise.
SIZE_TOLERANCE = 0.06


def snap_sizes(pages: dict[int, Page]) -> dict[int, Page]:
    """One size per type size across the document: the most common measured size (by words)
    takes every size within :data:`SIZE_TOLERANCE` of it, then the most common of the rest, and
    so on. A text layer says "10 pt" for every body line; so does this, whatever the noise."""
    counts = Counter(round(w.size, 1) for page in pages.values() for w in page.words)
    snapped: dict[float, float] = {}
    for size, _ in counts.most_common():
        if size in snapped:
            continue
        for other in counts:
            if other not in snapped and abs(other - size) <= SIZE_TOLERANCE * size:
                snapped[other] = size
    return {number: replace(page, words=tuple(replace(w, size=snapped[round(w.size, 1)]) for w in page.words))
            for number, page in pages.items()}


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → "pages 1-3, 7"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    text = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
    return f"page{'s' if len(numbers) > 1 else ''} {text}"


def read_pages(path: Path, password: str | None, numbers: list[int], sha256: str) -> dict[int, Page]:
    """The pages ``numbers`` (1-based) of ``path`` read from their images, from the cache where
    an earlier run read them."""
    import pypdfium2 as pdfium

    out: dict[int, Page] = {}
    pdf = None
    try:
        for number in numbers:
            reading = _cached(sha256, number)
            if reading is None:
                if pdf is None:
                    pdf = pdfium.PdfDocument(path, password=password or None)
                reading = read_image(pdf[number - 1], number)
                _store(sha256, number, reading)
            out[number] = page_of(reading)
    finally:
        if pdf is not None:
            pdf.close()
    return out


def read_image(pdf_page, number: int) -> dict[str, Any]:
    """What the engine saw on one page: its words (boxes in pixels, confidence, stroke width)
    and ruling lines, after rendering and cleaning. This, not the Page, is cached: how words
    are made of it may change without reading the image again."""
    import numpy as np

    width, height = pdf_page.get_size()
    reading: dict[str, Any] = {"number": number, "width": width, "height": height, "dpi": DPI, "words": [],
                               "rules": []}
    rendered = pdf_page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    if not (np.asarray(rendered) < 128).any():
        return reading  # nothing printed: no engine needed to say so
    image = straighten(even_light(rendered))
    ink = np.asarray(image) < 128
    for row in _tesseract(image):
        if row["level"] == 5 and row["text"].strip():
            x0, top, w, h = row["left"], row["top"], row["width"], row["height"]
            reading["words"].append({**{k: row[k] for k in ("text", "conf", "block_num", "par_num", "line_num")},
                                     "box": [x0, top, x0 + w, top + h],
                                     "stroke": _stroke(ink[top:top + h, x0:x0 + w])})
    reading["rules"] = find_rule_boxes(ink)
    return reading


def page_of(reading: dict[str, Any]) -> Page:
    """The Page a reading gives: words in points with a size per line, a weight from the stroke
    width, bullets as bullets and numbers regrouped; the rules."""
    scale = 72 / reading["dpi"]
    number, width, height = reading["number"], reading["width"], reading["height"]
    return Page(number=number, width=width, height=height, words=tuple(regroup_numbers(_words(reading, scale))),
                rules=tuple(_rules(reading["rules"], number, scale)), landscape=width > height)


def even_light(image):
    """Divide by the page's background (the ink taken out by a maximum filter), so shadows and
    a grey cast become white paper; then a median filter takes out JPEG specks."""
    import numpy as np
    from PIL import Image, ImageFilter

    small = image.resize((max(1, image.width // 8), max(1, image.height // 8)))
    background = small.filter(ImageFilter.MaxFilter(7)).resize(image.size, Image.BILINEAR)
    ink, paper = np.asarray(image, dtype=np.float32), np.asarray(background, dtype=np.float32)
    evened = np.clip(ink / np.maximum(paper, 1) * 255, 0, 255).astype(np.uint8)
    return Image.fromarray(evened).filter(ImageFilter.MedianFilter(3))


def straighten(image):
    """The page turned straight (see :func:`skew`)."""
    from PIL import Image

    angle = skew(image)
    return image if angle == 0 else image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)


def skew(image) -> float:
    """The turn (degrees, within ±3°, to 0.1°) that makes the text lines most clearly rows:
    the one whose row sums of ink vary most."""
    import numpy as np
    from PIL import Image

    small = image.resize((max(1, image.width // 4), max(1, image.height // 4)))
    dark = Image.fromarray((np.asarray(small) < 128).astype(np.uint8) * 255)
    best, score = 0.0, -1.0
    for step in range(-30, 31):
        angle = step / 10
        rows = np.asarray(dark.rotate(angle, resample=Image.NEAREST)).sum(axis=1, dtype=np.float64)
        value = float(np.var(rows))
        if value > score:
            best, score = angle, value
    return best


def _words(reading: dict[str, Any], scale: float) -> list[Word]:
    """The reading's words in points: a size per line (:func:`_size`), bold where the strokes
    are heavier than :data:`BOLD_STROKE` times the page's usual for their size, a lone mark
    before a gap a bullet."""
    lines: dict[tuple, list[dict]] = {}
    for row in reading["words"]:
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    sizes = {key: _size(members) * scale for key, members in lines.items()}
    paragraphs: dict[tuple, list[float]] = {}
    for key, size in sizes.items():
        paragraphs.setdefault(key[:2], []).append(size)
    placed = []  # (row, its size, first in its line, stroke per point of size)
    for key, members in lines.items():
        usual = median(paragraphs[key[:2]])  # a paragraph's lines share a size: one noisy line keeps it
        size = usual if abs(sizes[key] - usual) <= 0.2 * usual else sizes[key]
        placed += [(row, size, k == 0 and len(members) > 1, row["stroke"] / max(size, 1e-6))
                   for k, row in enumerate(members)]
    typical = median(p[3] for p in placed) if placed else 0.0
    return [Word("•" if first and row["text"] in _READ_AS_BULLET else row["text"],
                 *(v * scale for v in row["box"]), "OCR", size, reading["number"],
                 weight=700 if typical and stroke > BOLD_STROKE * typical else 400, confidence=float(row["conf"]))
            for row, size, first, stroke in placed]


#: What the engine makes of a bullet (a dot, a triangle, a square) at the start of a line.
_READ_AS_BULLET = frozenset({"«", "»", "»«", "«»", "e", "¢", "°", "©", "®", "+", "o", "*", "•", "■", "▪", "●", "o»"})
#: Strokes this much heavier than the page's usual (for their size) are bold.
BOLD_STROKE = 1.3


#: Letters that rise above the x-height, and those that hang below the baseline.
_ASCENDING = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉ0123456789bdfhijkltåäöé")
_DESCENDING = frozenset("gjpqyQ")


def _size(members: list[dict]) -> float:
    """A line's type size in pixels, from its words' heights: a word of x-height letters is
    about half the size tall, an ascender or capital adds about a quarter, a descender a fifth
    (the median over the line evens out the faces)."""
    sizes = []
    for row in members:
        letters = [ch for ch in row["text"] if ch.isalnum()]
        if not letters:
            continue
        factor = 0.50 + 0.24 * any(ch in _ASCENDING for ch in letters) + 0.21 * any(ch in _DESCENDING for ch in letters)
        sizes.append((row["box"][3] - row["box"][1]) / factor)
    if not sizes:
        return max(r["box"][3] - r["box"][1] for r in members) / 0.95
    return median(sizes)


def _stroke(crop) -> float:
    """The mean length of horizontal ink runs in a word: its stroke width."""
    import numpy as np

    if crop.size == 0:
        return 0.0
    padded = np.pad(crop.astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(padded, axis=1)
    runs = int((edges == 1).sum())
    return float(crop.sum()) / runs if runs else 0.0


def _tesseract(image) -> list[dict[str, Any]]:
    """Tesseract's TSV of the page (automatic segmentation, the page's resolution)."""
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    # one thread: documents are read in parallel (--jobs), and the engine's own threads would
    # only fight them for the cores
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "--dpi", str(DPI), "tsv"],
                          input=buffer.getvalue(), capture_output=True, timeout=600,
                          env=os.environ | {"OMP_THREAD_LIMIT": "1"})
    if done.returncode:
        raise RuntimeError(f"tesseract failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    header = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            continue
        row: dict[str, Any] = dict(zip(header, cells))
        for key in ("level", "block_num", "par_num", "line_num", "left", "top", "width", "height"):
            row[key] = int(row[key])
        row["conf"] = float(row["conf"])
        out.append(row)
    return out


_DIGITS = re.compile(r"^[-−–]?\d+$")
_GROUP = re.compile(r"^\d{3}[,.]?$")


def regroup_numbers(words: list[Word]) -> list[Word]:
    """Give back the thousands spaces the engine dropped: in a line, a run of 4–6 digits
    followed closely by a group of three ("2121 833", "5440 596 692") is split before its last
    three digits ("2 121 833"); a point or colon inside digits followed by three ("1.522",
    "2:287") is a space (a comma is not: it is the decimal sign).
    Both are marked ``regrouped`` — a reading, not a certainty."""
    out: list[Word] = []
    for index, word in enumerate(words):
        text = word.text
        following = words[index + 1] if index + 1 < len(words) else None
        close = following is not None and following.page == word.page \
            and abs(following.middle - word.middle) < 0.4 * word.size \
            and 0 <= following.x0 - word.x1 < 0.6 * word.size
        dotted = re.fullmatch(r"(\d{1,3})[.:](\d{3})", text)
        if dotted:
            out += _split(word, dotted.group(1), dotted.group(2))
            continue
        if _DIGITS.match(text) and 4 <= len(text.lstrip("-−–")) <= 6 and close and _GROUP.match(following.text):
            out += _split(word, text[:-3], text[-3:])
            continue
        out.append(word)
    return out


def _split(word: Word, head: str, tail: str) -> list[Word]:
    """Two words in the box of one, in proportion to their characters, both marked."""
    total = len(head) + len(tail) + 1
    cut = word.x0 + (word.x1 - word.x0) * len(head) / total
    start = word.x0 + (word.x1 - word.x0) * (len(head) + 1) / total
    return [replace(word, text=head, x1=cut, ocr_note="regrouped"),
            replace(word, text=tail, x0=start, ocr_note="regrouped")]


def find_rules(image, number: int, scale: float) -> list[Rule]:
    """Straight runs of ink longer than :data:`RULE_LENGTH` of the page: a table's rules."""
    import numpy as np

    return _rules(find_rule_boxes(np.asarray(image) < 128), number, scale)


def _rules(boxes: list[list[int]], number: int, scale: float) -> list[Rule]:
    return [Rule(x0 * scale, top * scale, x1 * scale, bottom * scale, number) for x0, top, x1, bottom in boxes]


def find_rule_boxes(ink) -> list[list[int]]:
    """Rule boxes (x0, top, x1, bottom) in pixels of a boolean ink image."""
    boxes = [list(b) for b in _runs(ink, int(RULE_LENGTH * ink.shape[1]))]
    boxes += [[x0, top, x1, bottom] for top, x0, bottom, x1 in _runs(ink.T, int(RULE_LENGTH * ink.shape[0]))]
    return boxes


def _runs(ink, length: int) -> list[tuple[int, int, int, int]]:
    """Horizontal runs of at least ``length`` pixels, rows next to each other merged:
    (x0, top, x1, bottom) in pixels."""
    import numpy as np

    found: list[list[int]] = []
    for y in range(ink.shape[0]):
        row = np.concatenate(([0], ink[y].astype(np.int8), [0]))
        edges = np.diff(row)
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        for x0, x1 in zip(starts, ends):
            if x1 - x0 < length:
                continue
            for run in found:
                if run[3] == y and abs(run[0] - x0) <= 3 and abs(run[2] - x1) <= 3:
                    run[3] = y + 1
                    break
            else:
                found.append([int(x0), y, int(x1), y + 1])
    return [(x0, top, x1, bottom) for x0, top, x1, bottom in found if bottom - top <= 8]


def _cache_file(sha256: str, number: int) -> Path:
    key = re.sub(r"[^\w.-]", "_", f"{RECIPE}-{DPI}-{engine() or 'none'}")
    return cache_dir() / sha256 / f"page-{number}-{key}.json"


def _cached(sha256: str, number: int) -> dict[str, Any] | None:
    try:
        return json.loads(_cache_file(sha256, number).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _store(sha256: str, number: int, reading: dict[str, Any]) -> None:
    from .output import atomic_write_text

    path = _cache_file(sha256, number)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(reading, ensure_ascii=False))
    except OSError:
        pass  # a cache that cannot be written costs a second reading, nothing else
