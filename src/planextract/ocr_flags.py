"""Right or flagged: the figures OCR was unsure of, tied to the table rows they were read into.

On pages read by OCR every word carries the engine's confidence; a figure below
:data:`~.ocr.LOW_CONFIDENCE`, or one whose thousands spaces were put back from its digits, is a
*flag*. Flags are listed (``ocr_flags``: page, position, what was read, why) with the table row
they sit on. The reconciliation checks are the safety net: where a check fails on a page with
flags, a failing ``ocr.suspect`` check names the flagged figures there, so a wrong reading is
never silent; where every check holds, ``ocr.flags`` says how many flags there were.
"""

from __future__ import annotations

import pandas as pd

from .checks import CheckResult, failed, passed
from .document import Document, Word
from .ocr import LOW_CONFIDENCE

FLAG_COLUMNS = ["page", "top", "x0", "text", "confidence", "reason", "table", "row"]


def flags_frame(document: Document, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every doubtful figure OCR read into a table, with the row whose line it is on."""
    rows = []
    for page in document.pages:
        for word in page.words:
            reason = _doubt(word)
            table, row = _row_of(word, tables) if reason else (None, None)
            if table is not None:  # a figure of a table (stated figures included), not of the cover
                rows.append({"page": word.page, "top": round(word.top, 1), "x0": round(word.x0, 1),
                             "text": word.text, "confidence": word.confidence, "reason": reason,
                             "table": table, "row": row})
    frame = pd.DataFrame(rows, columns=FLAG_COLUMNS)
    return frame.astype({"page": "int64", "top": "float64", "x0": "float64", "confidence": "float64",
                         "row": "Int64"})


def _doubt(word: Word) -> str:
    """Why a word read by OCR is doubtful ("" when it is not, or has no digits)."""
    if word.confidence is None or not any(ch.isdigit() for ch in word.text):
        return ""
    if word.ocr_note:
        return word.ocr_note
    if word.confidence < LOW_CONFIDENCE:
        return f"confidence {word.confidence:.0f} < {LOW_CONFIDENCE:.0f}"
    return ""


def _row_of(word: Word, tables: dict[str, pd.DataFrame]) -> tuple[str | None, int | None]:
    """The table row on the word's page whose top is closest to the word's, within a line."""
    best: tuple[float, str | None, int | None] = (word.size, None, None)
    for name, frame in tables.items():
        if not {"page", "top"} <= set(frame.columns):
            continue
        here = frame[frame["page"] == word.page]
        for index, top in zip(here.index, here["top"]):
            distance = abs(float(top) - word.top)
            if distance < best[0]:
                best = (distance, name, int(index))
    return best[1], best[2]


def flag_checks(flags: pd.DataFrame, checks: pd.DataFrame) -> list[CheckResult]:
    """``ocr.suspect`` (failed) per failing check whose page has flags, naming them; else one
    ``ocr.flags`` saying how many flags the held checks vouch for."""
    if flags.empty:
        return [passed("ocr.flags", "no doubtful figures read by OCR", "every figure read with confidence")]
    failing = checks[(checks["status"] == "fail") & checks["page"].notna()]
    out = []
    for row in failing.itertuples(index=False):
        here = flags[flags["page"] == row.page]
        if not here.empty:
            named = "; ".join(f"{f.text!r} at ({f.x0:g}, {f.top:g}) {f.reason}" +
                              (f" in {f.table} row {f.row}" if f.table else "") for f in here.itertuples())
            out.append(failed("ocr.suspect", f"{row.check}: {row.location}",
                              f"read by OCR; doubtful figures on page {int(row.page)}: {named}",
                              page=int(row.page)))
    if not out:
        held = "every reconciliation held with them" if failing.empty and not (checks["status"] == "fail").any() \
            else "none is on the page of a failed check"
        out.append(passed("ocr.flags", f"{len(flags)} doubtful figures read by OCR", f"{held}; they are listed in "
                          "ocr_flags"))
    return out
