"""The plans typeset by an independent producer (Typst, tests/producers/typst_plans.py).

* faithfulness: the PDF holds every table row's numbers as printed, every bullet and every
  heading of the transcription, in order -- checked on planextract's text layer only, so it
  says whether the producer is faithful whatever the extractor does;
* extraction: ``planextract.extract`` gives the golden data of samples/golden/<era>/ from it.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import planextract
from planextract.document import Line

from .producers.typst_plans import ERAS, ROOT, STYLES, source_text

CASES = [(era, style) for era in ERAS for style in ("default", "alt")]
IDS = [f"{era}-{style}" for era, style in CASES]
GOLDEN = ROOT / "samples" / "golden"
MM = 72 / 25.4
NUMBER = re.compile(r"-?\d{1,3}(?: \d{3})*(?:,\d+)?")


@pytest.fixture(scope="module")
def typeset(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, planextract.Document]]:
    """Each (era, style) rendered once and parsed once.  Parsing four PDFs with pdfplumber is
    most of this module's time, so it runs in one process per core."""
    from .producers.typst_plans import render

    out = tmp_path_factory.mktemp("typst")
    pdfs = [render(era, out, style) for era, style in CASES]
    workers = min(len(pdfs), os.cpu_count() or 1)
    if workers < 2:
        documents = [planextract.open_document(pdf) for pdf in pdfs]
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            documents = list(pool.map(planextract.open_document, pdfs))
    return {case: (pdf, document) for case, pdf, document in zip(CASES, pdfs, documents)}


# --------------------------------------------------------------------------- the transcription
def strip_markup(text: str) -> str:
    text = re.sub(r"</?b>", "", text).replace("\\*", "\x00")
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("\x00", "*")).strip()


def transcription(era: str) -> tuple[list[tuple[str, list[str]]], list[tuple[str, str]]]:
    """Read straight from the source lines (not through any parser): the table rows that
    hold numbers, as (label, numbers as printed); and the headings, bullets and paragraph
    lines in order -- but for the contents (the PDF has its own) and a paragraph repeated
    word for word (the resource table's title over its second part, printed once)."""
    rows, items, seen = [], [], set()
    in_contents = False
    for line in source_text(era).splitlines():
        s = line.strip()
        if "\t" in line:
            cells = [strip_markup(c) for c in line.split("\t")]
            numbers = [c for c in cells[1:] if NUMBER.fullmatch(c)]
            if numbers and "....." not in line:
                rows.append((cells[0], numbers))
        elif re.match(r"#{1,6}\s", s):
            heading = strip_markup(s.split(None, 1)[1])
            in_contents = heading.startswith("Innehåll")
            items.append(("heading", heading))
        elif s.startswith("- "):
            items.append(("bullet", strip_markup(s[2:])))
        elif s and not in_contents and not re.fullmatch(r"-{3,}", s) and strip_markup(s) not in seen:
            seen.add(strip_markup(s))
            items.append(("paragraph", strip_markup(s)))
    return rows, items


def key(text: str) -> str:
    """Compare text without whitespace and hyphens: lines break anywhere, Typst hyphenates
    ("arbetsut-" / "skott") and a designed break keeps its hyphen ("arbets-" / "marknad")."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", unicodedata.normalize("NFKC", text))


def reading_lines(document: planextract.Document, era: str, style: str) -> list[str]:
    """The body text of the document in reading order: running header and footer cut off,
    lines cut where a gap crosses the middle of the text area (two columns share a
    baseline), the left column read before the right one."""
    margin = STYLES[era][style]["margin"]
    out = []
    for page in document.pages:
        body = [line for line in page.lines
                if line.bottom > margin["top"] * MM - 2 and line.top < page.height - margin["bottom"] * MM + 2]
        if not body:
            continue
        odd = page.number % 2 == 1          # mirrored margins: inside is on the left of odd pages
        left = margin.get("left", margin.get("inside" if odd else "outside"))
        right = margin.get("right", margin.get("outside" if odd else "inside"))
        middle = (left * MM + page.width - right * MM) / 2
        pieces = []     # (right column, top, x0, text)
        for line in body:
            words = line.words
            cut = next((k for k in range(1, len(words)) if words[k - 1].x1 <= middle + 1 <= words[k].x0 + 2
                        and words[k].x0 - words[k - 1].x1 > max(8, 0.6 * min(words[k - 1].size, words[k].size))),
                       None)
            parts = [words] if cut is None else [words[:cut], words[cut:]]
            for part in parts:
                pieces.append((part[0].x0 > middle, line.top, part[0].x0, Line(tuple(part)).text))
        out += [text for *_, text in sorted(pieces)]
    return out


def in_order(line: str, numbers: list[str]) -> bool:
    pos = 0
    for number in numbers:
        m = re.compile(r"(?<![\d,])" + re.escape(number) + r"(?![\d,])").search(line, pos)
        if not m:
            return False
        pos = m.end()
    return True


# --------------------------------------------------------------------------- tests
@pytest.mark.parametrize(("era", "style"), CASES, ids=IDS)
def test_the_typst_pdf_is_faithful_to_the_transcription(typeset, era, style):
    pdf, document = typeset[era, style]
    rows, items = transcription(era)
    assert len(rows) == {"ksl2008": 87, "storsthlm2021": 79}[era]     # the parse found the tables
    assert sum(kind == "bullet" for kind, _ in items) > 100 and sum(kind == "paragraph" for kind, _ in items) > 50

    # every table row: its numbers exactly as printed, in order, on one line of the PDF
    lines = [line.text for line in document.lines()]
    missing_rows = [(label, numbers) for label, numbers in rows if not any(in_order(t, numbers) for t in lines)]
    assert not missing_rows, f"{len(missing_rows)} table rows not found, e.g. {missing_rows[:3]}"

    # every heading, the first 40 characters of every bullet and paragraph line, in order
    reading = reading_lines(document, era, style)
    text = key(" ".join(reading))
    pos, missing, disorder = 0, [], []
    for kind, item in items:
        wanted = key(item if kind == "heading" else item[:40])
        at = text.find(wanted, pos)
        if at < 0:
            (disorder if wanted in text else missing).append((kind, item[:60]))
        else:
            pos = at + len(wanted)
    assert not missing, f"{len(missing)} items missing, e.g. {missing[:5]}"
    assert not disorder, f"{len(disorder)} items out of order, e.g. {disorder[:5]}"

    # hyphens are text, not soft hyphens: every hyphenated word of the transcription is there
    # (a line ending in "-" runs on: kept for "covid-19-" / "pandemin", dropped for "KS-ordförande-"
    # / "möten" where Typst hyphenated the word itself)
    kept = dropped = ""
    for line in reading:
        line = unicodedata.normalize("NFKC", line)
        ends = line.endswith("-")
        kept += line + ("" if ends else " ")
        dropped += (line[:-1] if ends else line + " ")
    words = set(re.findall(r"\w+(?:-\w+)+", source_text(era)))
    lost = sorted(w for w in words if w not in kept and w not in dropped)
    assert len(words) > 10 and not lost, f"{len(lost)} hyphenated words not found, e.g. {lost[:8]}"


@pytest.mark.parametrize(("era", "style"), CASES, ids=IDS)
def test_extraction_from_the_typst_pdf_gives_the_golden_data(typeset, era, style):
    import pandas as pd

    from planextract.testing import table_csv

    pdf, document = typeset[era, style]
    result = planextract.extract(pdf, document=document)
    assert result.plugin == era
    goldens = sorted((GOLDEN / era).glob("*.csv"))
    assert set(result.tables) == {golden.stem for golden in goldens}
    ignore = ("page", "top")
    for golden in goldens:
        expected = pd.read_csv(io.StringIO(golden.read_text(encoding="utf-8")), dtype=str, keep_default_na=False)
        assert table_csv(result.tables[golden.stem], ignore) == table_csv(expected, ignore), golden.name
    failed = result.checks[result.checks["status"] == "fail"]
    assert failed.empty, failed.to_string()
