"""PDF parsing backends: each turns a file into planextract :class:`~.document.Page` objects.

This is the only module that imports pdfplumber. A backend is a function
``(path, password, max_pages) -> (pages, metadata)``; add one to :data:`BACKENDS` (PDFium,
OCR) and every plugin works with it unchanged. Input checks that do not depend on the
backend (empty file, not a PDF, no text layer) live here too, so every backend reports
bad input the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .document import Page, Rule, Word
from .errors import (
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    InputNotFound,
    NotAPdf,
    NoTextLayer,
    PlanextractError,
    ResourceLimitExceeded,
    TooManyPages,
    UnreadableFile,
)

#: Characters closer than this fraction of their size belong to one word.
X_TOLERANCE_RATIO = 0.15
#: A rectangle thinner than this (points) is a ruling line, not a box.
RULE_THICKNESS = 2.0

Backend = Callable[[Path, str | None, int | None], tuple[list[Page], dict[str, str]]]


def read_pdf(
    path: Path, *, password: str | None, backend: str, max_pages: int | None
) -> tuple[list[Page], dict[str, str]]:
    """Check the file is a PDF, parse it with ``backend`` and insist on a text layer."""
    check_is_pdf(path)
    try:
        reader = BACKENDS[backend]
    except KeyError:
        raise PlanextractError(f"unknown backend {backend!r}; known: {', '.join(BACKENDS)}") from None
    try:
        pages, metadata = reader(path, password, max_pages)
    except CorruptPdf as error:
        pages, metadata = _read_repaired(path, password, max_pages, reader, error)
    if pages and not any(page.words for page in pages):
        raise NoTextLayer(
            f"no text layer on any of its {len(pages)} pages; it looks scanned (OCR it first)", path
        )
    return pages, metadata


#: Set in a document's metadata when it could only be read after a repair.
REPAIRED_KEY = "planextract:repaired"


def _read_repaired(path: Path, password: str | None, max_pages: int | None, reader: Backend,
                   error: CorruptPdf) -> tuple[list[Page], dict[str, str]]:
    """Try Ghostscript's rewrite (pdfplumber's repair path) on a damaged file, and say so."""
    import shutil
    import tempfile

    if shutil.which("gs") is None:
        raise CorruptPdf(f"{error.message}; no repair tried: Ghostscript (gs) is not installed", path) from None
    from pdfplumber.repair import repair

    with tempfile.TemporaryDirectory(prefix="planextract-repair-") as folder:
        repaired = Path(folder) / "repaired.pdf"
        try:
            repair(path, outfile=repaired, password=password)
            pages, metadata = reader(repaired, password, max_pages)
        except PlanextractError:
            raise CorruptPdf(f"{error.message}; Ghostscript's repair did not make it readable", path) from None
        except Exception as failure:
            raise CorruptPdf(f"{error.message}; Ghostscript's repair failed ({_describe(failure)})", path) from None
    metadata[REPAIRED_KEY] = f"read after Ghostscript repaired it ({error.message})"
    return pages, metadata


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
    path: Path, password: str | None, max_pages: int | None
) -> tuple[list[Page], dict[str, str]]:
    """Parse every page once with pdfplumber, keep words, fonts and rules, close everything."""
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
            if max_pages is not None and count > max_pages:
                raise TooManyPages(f"{count} pages, over the limit of {max_pages}", path)
            pages = [_read_page(page, number) for number, page in enumerate(pdf.pages, 1)]
            metadata = {str(k): str(v) for k, v in (pdf.metadata or {}).items()}
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


def _read_page(page, number: int) -> Page:
    try:
        raw_words = page.extract_words(
            x_tolerance_ratio=X_TOLERANCE_RATIO, extra_attrs=["fontname", "size"]
        )
        words = tuple(
            Word(
                text=w["text"].replace("\u00ad", ""),
                x0=float(w["x0"]),
                top=float(w["top"]),
                x1=float(w["x1"]),
                bottom=float(w["bottom"]),
                fontname=_strip_subset(str(w["fontname"])),
                size=round(float(w["size"]), 2),
                page=number,
            )
            for w in raw_words
            if w["text"].replace("\u00ad", "").strip()
        )
        rules = tuple(
            Rule(float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]), number)
            for o in list(page.lines) + list(page.rects)
            if min(float(o["width"]), float(o["height"])) <= RULE_THICKNESS
        )
        return Page(
            number=number,
            width=float(page.width),
            height=float(page.height),
            words=words,
            rules=rules,
            landscape=float(page.width) > float(page.height),
        )
    finally:
        page.close()


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


def read_with_pdfium(path: Path, password: str | None, max_pages: int | None) -> tuple[list[Page], dict[str, str]]:
    """PDFium (pypdfium2): the same pages as pdfplumber's, read about 7× faster."""
    from .pdfium_backend import read_with_pdfium as read

    return read(path, password, max_pages)


BACKENDS: dict[str, Backend] = {"pdfplumber": read_with_pdfplumber, "pdfium": read_with_pdfium}
