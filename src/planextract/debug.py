"""A picture of one page as an extractor sees it, for debugging table finding.

``planextract debug PDF --page N -o page.png`` draws, over the rendered page, planextract's
words (blue), text lines (grey), ruling lines (red) and the regions the extractor reports it
read (filled, labelled). Everything drawn comes from the :class:`~.document.Document` plugins
see; only the background raster comes from the PDF itself. That is why this is the one module
besides the parsing backends that opens the PDF with pdfplumber (which renders through pypdfium2).

Regions come from an extractor's optional ``regions(document)`` method: a list of
``(page, x0, top, x1, bottom, label)`` tuples in PDF points, origin top-left (:class:`Region`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .document import Document

#: Fill and outline colours (RGBA) of successive region labels.
REGION_COLOURS = ((46, 160, 67), (219, 109, 0), (130, 80, 223), (0, 150, 170), (200, 40, 120))
WORD = (30, 100, 230, 200)
LINE = (120, 120, 120, 110)
RULE = (230, 30, 30, 230)


class Region(NamedTuple):
    """A part of a page an extractor used, in PDF points with the origin top-left."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    label: str


def bounding_regions(items: Iterable[Any], label: str, pad: float = 1.0) -> list[Region]:
    """One region per page around ``items``: words, lines, anything with page and a box."""
    boxes: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        boxes[item.page].append(item)
    return [
        Region(page, min(i.x0 for i in group) - pad, min(i.top for i in group) - pad,
               max(i.x1 for i in group) + pad, max(i.bottom for i in group) + pad, label)
        for page, group in sorted(boxes.items())
    ]


def extractor_regions(extractor: Any, document: Document) -> list[Region]:
    """The regions an extractor reports, clipped to their pages; none if it has no ``regions``."""
    report = getattr(extractor, "regions", None)
    if report is None:
        return []
    regions = []
    for page, x0, top, x1, bottom, label in report(document):
        size = document.page(page)
        regions.append(Region(page, max(0.0, x0), max(0.0, top), min(size.width, x1), min(size.height, bottom),
                              str(label)))
    return regions


def render_page(
    document: Document,
    number: int,
    out: str | Path,
    *,
    regions: Sequence[Region] = (),
    resolution: int = 110,
    password: str | None = None,
) -> Path:
    """Draw page ``number`` of ``document`` with its words, lines, rules and ``regions`` to a
    picture in the format its name says (PNG, JPEG, WebP)."""
    import pdfplumber

    if not 1 <= number <= document.page_count:
        raise ValueError(f"page {number} does not exist: the document has {document.page_count} pages")
    page = document.page(number)
    out = Path(out)
    kind = image_format(out)
    with pdfplumber.open(document.path, password=password or "") as pdf:
        image = pdf.pages[number - 1].to_image(resolution=resolution)
        colours = {}
        for region in (r for r in regions if r.page == number):
            rgb = colours.setdefault(region.label, REGION_COLOURS[len(colours) % len(REGION_COLOURS)])
            box = (region.x0, region.top, region.x1, region.bottom)
            image.draw_rect(box, fill=(*rgb, 45), stroke=(*rgb, 255), stroke_width=2)
            x = (region.x0 - image.bbox[0]) * image.scale
            y = (region.top - image.bbox[1]) * image.scale
            image.draw.text((x + 3, max(0.0, y - 15)), region.label, fill=(*rgb, 255), font=_font())
        for line in page.lines:
            image.draw_rect((line.x0 - 1, line.top - 1, line.x1 + 1, line.bottom + 1), fill=None, stroke=LINE,
                            stroke_width=1)
        for word in page.words:
            image.draw_rect((word.x0, word.top, word.x1, word.bottom), fill=None, stroke=WORD, stroke_width=1)
        for rule in page.rules:
            image.draw_line(((rule.x0, rule.top), (rule.x1, rule.bottom)), stroke=RULE, stroke_width=2)
        out.parent.mkdir(parents=True, exist_ok=True)
        picture = image.annotated
        (picture.convert("RGB") if kind in ("JPEG", "WEBP") else picture).save(out, format=kind)
    return out


#: Picture formats ``debug -o`` writes, by the name's suffix.
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def image_format(out: Path) -> str:
    """The picture format ``out``'s suffix names (PNG, JPEG, WEBP); ValueError for another."""
    kind = IMAGE_FORMATS.get(Path(out).suffix.lower())
    if kind is None:
        raise ValueError("name the picture .png, .jpg, .jpeg or .webp (its format follows the name)")
    return kind


def _font():
    """Pillow's built-in font at a readable size (older Pillow: its small bitmap font)."""
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=13)
    except TypeError:
        return ImageFont.load_default()
