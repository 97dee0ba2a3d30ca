"""A structural-damage corpus, built by script: each file with the outcome it must get.

Page-tree cycles, a cross-reference chain that loops, deep nesting, a broken ToUnicode map,
rotated pages, incremental updates (sound, and with an entry a few bytes off), hidden text and
a form that draws itself. Every case names the code the batch must report and, where the file
is readable, the lines a reader of the page sees (both backends must read exactly those).

Run as a script to write the corpus and its ``expected.json`` into a folder:
``python -m tests.damage OUTDIR``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .pdfs import make_hidden_text_pdf, stream, write_pdf

FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]
    code: str  # the batch's outcome: "no-plugin" for a readable file that is no plan
    lines: tuple[str, ...] | None = None  # what a reader sees; None: unreadable
    repaired: bool = False  # read after the damage was noticed, and the manifest says so
    refused_by: tuple[str, ...] = ()  # backends that refuse it (corrupt-pdf, revisions-disagree)


def _text(*lines: str, x: int = 72, top: int = 770) -> str:
    return "".join(f"BT /F1 12 Tf {x} {top - 16 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines))


def _page(parent: int = 2, contents: int = 4, font: int = 5, extra: str = "") -> str:
    return (f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> {extra}>>")


def one_page(path: Path, *lines: str, page_extra: str = "", font: str = FONT) -> Path:
    return write_pdf(path, ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            _page(extra=page_extra), stream(_text(*lines)), font])


def page_tree_cycle(path: Path) -> Path:
    """The page tree lists itself among its kids: a viewer shows the one real page."""
    return write_pdf(path, ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
                            _page(), stream(_text("Sidträdet pekar på sig självt".encode("cp1252").decode("latin-1"))),
                            FONT])


def xref_loop(path: Path) -> Path:
    """The trailer's /Prev points back at its own cross-reference section."""
    one_page(path, "Tabellen pekar på sig själv".encode("cp1252").decode("latin-1"))
    data = path.read_bytes()
    start = int(data.rsplit(b"startxref", 1)[1].split()[0])
    path.write_bytes(data.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % start))
    return path


def deep_nesting(path: Path, depth: int = 50_000) -> Path:
    """The content stream's array nests deeper than any parser should follow."""
    return write_pdf(path, ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            _page(), stream(b"BT /F1 12 Tf 72 770 Td " + b"[" * depth + b"(x)" + b"]" * depth
                                            + b" TJ ET"), FONT])


def broken_tounicode(path: Path) -> Path:
    """The font's ToUnicode map is garbage: the encoding still says what each code is."""
    garbage = stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 beginbfchar <zz> ")
    return write_pdf(path, ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            _page(), stream(_text("Avgift till KSL")),
                            FONT[:-2] + "/ToUnicode 6 0 R >>", garbage])


def rotated(path: Path) -> Path:
    """A landscape page made by /Rotate 90, its text drawn turned so it reads upright."""
    body = "BT /F1 12 Tf 0 1 -1 0 500 72 Tm (Liggande sida) Tj ET\n"
    return write_pdf(path, ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            _page(extra="/Rotate 90 "), stream(body), FONT])


def incremental(path: Path, new_text: str, shift: int) -> Path:
    """``Avgift 100 kr``, then an update replacing the page's content with ``new_text``; its
    cross-reference entry ``shift`` bytes off where the object starts."""
    one_page(path, "Avgift 100 kr")
    data = path.read_bytes()
    size = int(re.search(rb"/Size (\d+)", data).group(1))
    previous = int(data.rsplit(b"startxref", 1)[1].split()[0])
    body = b"\n4 0 obj\n" + stream(_text(new_text)) + b"\nendobj\n"
    xref = len(data) + len(body)
    tail = (b"xref\n0 1\n0000000000 65535 f \n4 1\n%010d 00000 n \n"
            b"trailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(data) + 1 + shift, size, previous, xref))
    path.write_bytes(data + body + tail)
    return path


def form_draws_itself(path: Path) -> Path:
    """A form XObject whose content invokes the form again."""
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> " \
           b"/XObject << /X 6 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
    content = _text("Formen ritar sig själv".encode("cp1252").decode("latin-1")).encode("latin-1") + b"/X Do\n"
    return write_pdf(path, ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                            "/Resources << /XObject << /X 6 0 R >> >> >>",
                            stream(b"/X Do"), FONT, form % (len(content), content)])


def no_root(path: Path) -> Path:
    """A trailer without /Root: no document to find."""
    one_page(path, "Ingen rot")
    path.write_bytes(path.read_bytes().replace(b"/Root 1 0 R", b""))
    return path


CASES: tuple[Case, ...] = (
    Case("page-tree-cycle", page_tree_cycle, "no-plugin", ("Sidträdet pekar på sig självt",), refused_by=("pdfium",)),
    Case("xref-loop", xref_loop, "no-plugin", ("Tabellen pekar på sig själv",), repaired=True),
    Case("deep-nesting", deep_nesting, "corrupt-pdf"),
    Case("broken-tounicode", broken_tounicode, "no-plugin", ("Avgift till KSL",)),
    Case("rotated", rotated, "no-plugin", ("Liggande sida",)),
    Case("incremental-update", lambda p: incremental(p, "Avgift 999 kr", 0), "no-plugin", ("Avgift 999 kr",)),
    Case("incremental-offset-off", lambda p: incremental(p, "Avgift 999 kr", 3), "revisions-disagree"),
    Case("incremental-offset-off-same-text", lambda p: incremental(p, "Avgift 100 kr", -3), "no-plugin",
         ("Avgift 100 kr",), repaired=True, refused_by=("pdfium",)),  # PDFium reads no text there
    Case("hidden-text", make_hidden_text_pdf, "no-plugin",
         ("Verksamhetsplan 2008", "Vit text på blått", "Inom klippet", "Syns i formen")),
    Case("form-draws-itself", form_draws_itself, "no-plugin", ("Formen ritar sig själv",)),
    Case("no-root", no_root, "corrupt-pdf"),
)


def build(folder: Path) -> dict[str, Case]:
    """Write every case into ``folder``; file name → case."""
    folder.mkdir(parents=True, exist_ok=True)
    return {case.build(folder / f"{case.name}.pdf").name: case for case in CASES}


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("damage-corpus")
    built = build(folder)
    expected = {name: {"code": c.code, "lines": c.lines, "repaired": c.repaired, "refused_by": c.refused_by}
                for name, c in built.items()}
    (folder / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(built)} files and expected.json in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
