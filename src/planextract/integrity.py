"""A damaged cross-reference table must not choose a page's revision silently.

An incremental update appends new revisions of objects and a cross-reference section that
points at them. When an offset there is off by a few bytes, pdfminer quietly falls back to
the previous revision of the object while PDFium reads nothing, and viewers rebuild the table
by scanning the file and show the newest: a different fee, and nothing says so. So the table
is checked (every object a section points at must start where it says), and a damaged one is
compared with a rebuilt reading: PDFium's, of a copy whose table it has to rebuild, as viewers
do. When both read the same words the document goes on, marked repaired; otherwise it is
refused.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .document import Page, PageRange
from .errors import RevisionsDisagree

_OBJECT = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")


def xref_damage(path: Path, password: str | None) -> str | None:
    """What is wrong with the file's cross-reference table, or ``None`` when every object it
    points at starts where it says (or pdfminer cannot tell: then the reading stands alone)."""
    from pdfminer.pdfdocument import PDFDocument, PDFXRefFallback
    from pdfminer.pdfparser import PDFParser

    data = path.read_bytes()
    try:
        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle), password or "")
            sections = [x for x in document.xrefs if not isinstance(x, PDFXRefFallback)]
            seen: set[int] = set()
            wrong: list[tuple[int, int]] = []
            for section in sections:  # newest first: an object's effective entry is its first
                for objid in section.get_objids():
                    if objid in seen:
                        continue
                    seen.add(objid)
                    stream, position, _ = section.get_pos(objid)
                    if stream is None and not _starts_object(data, position, objid):
                        wrong.append((objid, position))
    except Exception:  # noqa: BLE001 - pdfminer cannot parse it: the backend's reading stands alone
        return None
    if not wrong:
        return None
    objid, position = wrong[0]
    return (f"{len(wrong)} of {len(seen)} entries point at no such object, "
            f"the first object {objid} at byte {position}")


def _starts_object(data: bytes, position: int, objid: int) -> bool:
    match = _OBJECT.match(data, position) if 0 <= position < len(data) else None
    return match is not None and int(match.group(1)) == objid


def rebuilt_reading(path: Path, password: str | None, max_pages: int | None, wanted: PageRange | None
                    ) -> list[Page]:
    """The pages (those ``wanted``) as PDFium reads them after rebuilding the table from the
    objects themselves."""
    from .pdfium_backend import read_with_pdfium

    data = path.read_bytes().replace(b"startxref", b"startxre_")  # no table found: scan the file
    with tempfile.TemporaryDirectory(prefix="planextract-rebuilt-") as folder:
        copy = Path(folder) / "rebuilt.pdf"
        copy.write_bytes(data)
        pages, _ = read_with_pdfium(copy, password, max_pages, wanted)
    return pages


def first_difference(read: Sequence[Page], rebuilt: Sequence[Page]) -> str | None:
    """Where two readings of one file disagree (pages, or a page's words), or ``None``."""
    if len(read) != len(rebuilt):
        return f"{len(read)} pages, rebuilt {len(rebuilt)}"
    for page, other in zip(read, rebuilt):
        if sorted(w.text for w in page.words) != sorted(w.text for w in other.words):
            return f"page {page.number} reads differently"
    return None


def check_revisions(path: Path, password: str | None, max_pages: int | None, wanted: PageRange | None,
                    pages: Sequence[Page]) -> str | None:
    """``None`` for a sound table; a note when it is damaged but a rebuilt reading agrees.

    Raises RevisionsDisagree when the rebuilt reading shows other words.
    """
    damage = xref_damage(path, password)
    if damage is None:
        return None
    try:
        rebuilt = rebuilt_reading(path, password, max_pages, wanted)
    except Exception as error:  # noqa: BLE001 - no second reading: refuse, a revision may hide
        raise RevisionsDisagree(f"damaged cross-reference table ({damage}); it could not be rebuilt "
                                f"to check which revision is shown ({type(error).__name__})", path) from None
    difference = first_difference(pages, rebuilt)
    if difference:
        raise RevisionsDisagree(
            f"damaged cross-reference table ({damage}): {difference} when the table is rebuilt as "
            "viewers do; refusing rather than guessing which revision is meant (repair it, e.g. "
            "qpdf in.pdf out.pdf, and check the result)", path)
    return f"damaged cross-reference table ({damage}); a rebuilt reading gives the same words"
