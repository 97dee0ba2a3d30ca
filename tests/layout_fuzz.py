"""The layout fuzzer's parts: hypothesis strategies drawing a faithful typesetting of either
plan, a check that a built PDF really is faithful, and the comparison of an extraction with
the golden data.  Used by tests/test_layout_fuzz.py and bench/fuzz_layouts.py.

- :func:`ksl_typesettings`, :func:`storsthlm_typesettings` draw valid ``build.Typesetting``
  values.  Every choice lists the era's own value first, so hypothesis shrinks a failing
  layout towards the bundled sample: a shrunk example names the few deviations that matter.
  One draw in three is "nasty": each field then comes from its hardest values (opaque font
  names, synthetic bold, body-size headings, no rules, centred cells, unbold shaded
  subtotals, no repeated header, odd/even running heads, mirrored margins, ...).
- :func:`build_pdf` typesets a drawn variant; :func:`unfaithful` says what of the
  transcription's words, numbers, bullets and headings a PDF drops or reorders (text read
  in drawing order with PDFium, independent of planextract's own parser).
- :func:`differences` compares an extraction with ``samples/golden/<era>``: every table,
  every column but ``page`` and ``top``, values exactly as the golden CSVs hold them; and
  no check may fail.
"""

from __future__ import annotations

import csv
import html
import io
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = SAMPLES / "golden"
if str(SAMPLES) not in sys.path:
    sys.path.insert(0, str(SAMPLES))

import build  # noqa: E402  (samples/build.py)

ERAS = ("ksl2008", "storsthlm2021")
TABLES = {
    "ksl2008": ("resources", "fees", "activities", "stated_figures"),
    "storsthlm2021": ("budget", "fees", "hours", "activities", "stated_figures"),
}
DEFAULTS = {"ksl2008": build.KSL_DEFAULT, "storsthlm2021": build.STORSTHLM_DEFAULT}
BUILDERS = {"ksl2008": build.build_ksl, "storsthlm2021": build.build_storsthlm}
IGNORED_COLUMNS = ("page", "top")

BULLETS = ("\u2022", "\u2013", "-", "\u25a0", "\u25aa", "\u25e6", "\u27a2", "o", build.SYMBOL_BULLET)
SEPARATORS = (" ", "\u00a0", "\u2009", "\u202f")       # space, no-break, thin, narrow no-break
MINUSES = ("-", "\u2212", "\u2013")
INDENTS = ((None, None), (1.2, 0.0), (2.5, 0.5), (3.5, 1.0), (1.6, 0.15), (5.0, 2.0))  # (text, bullet) em


@cache
def source(era: str) -> str:
    return (SAMPLES / "source" / f"{era}.txt").read_text(encoding="utf-8")


@cache
def body_count(era: str) -> int:
    return len(build.body_blocks(source(era)))


def _first(default, options) -> list:
    """``options`` with ``default`` first (hypothesis shrinks towards the first)."""
    return [default] + [o for o in options if o != default]


def _words_fit(era: str, ts: build.Typesetting) -> bool:
    return _fits(era, ts.font, ts.size, ts.two_column, ts.margins_mm, ts.hanging_em)


@cache
def _fits(era: str, font: str, size: float, two_column: bool, margins: float, hanging: float | None) -> bool:
    ts = replace(DEFAULTS[era], font=font, size=size, two_column=two_column, margins_mm=margins, hanging_em=hanging)
    return build.words_fit(source(era), ts) is None


def draw_typesetting(choose: Callable[[list], Any], era: str) -> build.Typesetting | None:
    """A typesetting of ``era``'s plan from ``choose(options) -> one of them``; None when the
    drawn sizes and measures cannot set every word whole (the caller draws again).

    Each choice lists the era's own value first.  ``nasty`` draws take every field from its
    hardest values."""
    d = DEFAULTS[era]
    ksl = era == "ksl2008"
    nasty = choose([False, False, True])

    def pick(default, options, hard=None):
        return choose(list(hard)) if nasty and hard else choose(_first(default, options))

    families = build.font_families()
    font = pick(d.font, families, [f for f in families if build.is_truetype(f)])
    ttf = build.is_truetype(font)
    size = pick(d.size, [8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12], [8, 9.5, 12])
    opaque = ttf and pick(False, [True], [True])
    synthetic = pick(False, [True], [True])
    heading_style, heading_scale = pick(
        ("bold", 1.0),
        [("bold", 0.0), ("italic", 0.0), ("bold-italic", 0.0), ("bold-italic", 1.0), ("colour", 1.0),
         ("colour", 0.5), ("bold", 1.5), ("italic", 1.0)],
        [("bold", 0.0), ("italic", 0.0), ("colour", 0.5), ("bold-italic", 0.0)])
    margins = pick(d.margins_mm, [15, 18, 20, 30], [15, 30])
    top = pick(None, [15, 40, 60, 75], [60, 75])
    bottom = pick(None, [15, 20, 35], [15, 35])
    mirror = pick(0, [3, 8, 14, 20], [8, 20])
    running = pick("same", ["odd-even", "none"], ["odd-even"])
    running_at = pick("", ["top", "bottom"])
    folio = pick("plain", ["sida", "av", "none"], ["sida", "av"])
    folio_at = pick("", build.FOLIO_PLACES, ["bottom-outer", "top-outer", "top-right"])
    roman = pick(False, [True], [True])
    rules = pick(None, ["grid", "horizontal", "none"], ["horizontal", "none"])
    valign = pick("top", ["middle", "bottom"], ["middle", "bottom"])
    shading, subtotal_bold = pick(("none", True), [("subtotals", True), ("subtotals", False), ("zebra", True)],
                                  [("subtotals", False), ("zebra", True)])
    repeat_header = pick(True, [False], [False])
    label_width = pick(1.0, [0.8, 0.6, 0.45], [0.45, 0.6])
    header_breaks = pick("source", ["flow", "joined", "rehyphen"], ["joined", "rehyphen"])
    two_column = pick(d.two_column, [not d.two_column], [not d.two_column] if ksl else None)
    landscape = ksl and pick(False, [True])
    para_gap = pick(1.0, [0.5, 1.5, 2.0])
    bullets = [b for b in BULLETS if build.has_glyph(font, b)]
    bullet = pick(d.bullet, bullets, [b for b in bullets if b not in "\u2022-"])
    separators = [c for c in SEPARATORS if build.has_glyph(font, c)]
    sep = pick(d.thousands_sep, separators, [c for c in separators if c != " "] or None)
    minuses = [c for c in MINUSES if build.has_glyph(font, c)]
    minus = pick(d.minus, minuses, [c for c in minuses if c != "-"] or None)
    ts = replace(
        d, font=font, size=size, opaque_font_names=opaque, synthetic_bold=synthetic,
        heading_style=heading_style, heading_scale=heading_scale, margins_mm=margins, top_margin_mm=top,
        bottom_margin_mm=bottom, mirror_pt=mirror, running=running, running_at=running_at, folio=folio,
        folio_at=folio_at, roman_front=roman, table_rules=rules, cell_valign=valign, shading=shading,
        subtotal_bold=subtotal_bold, repeat_header=repeat_header, label_width=label_width,
        header_breaks=header_breaks, para_gap=para_gap, two_column=two_column, landscape_fee_table=landscape,
        bullet=bullet, thousands_sep=sep, minus=minus)
    # list indents the glyph fits; page-break shifts the frame holds
    glyph = build.glyph_em(ts, bullet)
    hanging, bullet_indent = pick((None, None), [(t, b) for t, b in INDENTS if t is None or t - b >= glyph + 0.3])
    room = 0.9 * build.frame_height(ts)
    shift_lines = pick(0, [n for n in (3, 5, 10, 18, 25, 40) if n * size * 1.22 <= room * 0.6])
    amounts = [a for a in (12.0, 40.0, 90.0, 150.0, 240.0, 330.0) if shift_lines * size * 1.22 + a <= room]
    blocks = sorted({choose(list(range(body_count(era)))) for _ in range(choose([0, 1, 2, 3]))})
    space_before = tuple((k, choose(amounts)) for k in blocks)
    ts = replace(ts, hanging_em=hanging, bullet_indent_em=bullet_indent, shift_lines=shift_lines,
                 space_before=space_before)
    build.validate(ts)          # a ValueError here is a bug of this module
    return ts if _words_fit(era, ts) else None


@st.composite
def typesettings(draw, era: str) -> build.Typesetting:
    """A valid typesetting of ``era``'s plan (see :func:`draw_typesetting`)."""
    ts = draw_typesetting(lambda options: draw(st.sampled_from(options)), era)
    assume(ts is not None)
    return ts


def ksl_typesettings() -> st.SearchStrategy[build.Typesetting]:
    return typesettings("ksl2008")


def storsthlm_typesettings() -> st.SearchStrategy[build.Typesetting]:
    return typesettings("storsthlm2021")


STRATEGIES = {"ksl2008": ksl_typesettings, "storsthlm2021": storsthlm_typesettings}


def random_typesettings(era: str, n: int, seed: int) -> list[build.Typesetting]:
    """``n`` independent draws from the same choices with a seeded ``random.Random`` (what
    bench/fuzz_layouts.py runs: uniform over the choices, unlike hypothesis' search)."""
    rng = random.Random(f"{era}:{seed}")
    out: list[build.Typesetting] = []
    while len(out) < n:
        ts = draw_typesetting(rng.choice, era)
        if ts is not None:
            out.append(ts)
    return out


def build_pdf(era: str, ts: build.Typesetting, path: Path) -> Path:
    BUILDERS[era](source(era), path, ts)
    return path


# --------------------------------------------------------------------------- faithfulness
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")


def _words(text: str) -> list[str]:
    return _SPACES.sub(" ", text).split()


def _drawn(markup: str) -> list[str]:
    """The words of reportlab paragraph markup."""
    return _words(html.unescape(re.sub(r"<br/>", " ", re.sub(r"<(?!br/)[^>]+>", "", markup))))


def expected_words(era: str, ts: build.Typesetting) -> list[tuple[str, str]]:
    """(word, where) for every word, number, bullet and heading of the transcription that the
    typesetting must show, in reading order.  Table header rows are left out: their words
    may be joined or hyphenated differently (``header_breaks``)."""
    title, front, toc_head, toc, body = build._split_front(build.parse(source(era)))
    out: list[tuple[str, str]] = []

    def add(words: list[str], where: str) -> None:
        out.extend((w, where) for w in words)

    add(_drawn(build.inline(title.text)), "title")
    if era == "ksl2008":
        for b in front:
            if isinstance(b, build.Paragraph):
                add(_drawn(build.inline(b.text)), "front")
    if toc_head:
        add(_drawn(build.inline(toc_head.text)), "contents")
        for e in toc:
            add(_words(e.text) + [e.page], f"contents: {e.text[:30]}")
    for k, b in enumerate(body):
        where = f"body block {k} ({type(b).__name__})"
        if isinstance(b, build.Heading):
            add(_drawn(build.inline(b.text)), where)
        elif isinstance(b, build.Paragraph):
            text = " ".join(b.parts) if era == "storsthlm2021" and build._display_title(b) else b.text
            add(_drawn(build.inline(text, "<br/>")), where)
        elif isinstance(b, build.Bullet):
            add([ts.bullet] + _drawn(build.inline(b.text)), where)
        elif isinstance(b, build.Table):
            _, rows, has_title, h, first_data = build.table_shape(b)
            legend = all(r[0].text.startswith("\u25a0") for r in b.rows)
            for r, row in enumerate(rows):
                if legend:
                    cells = [row[0].text.lstrip("\u25a0").strip()] + [c.text for c in row[1:]]
                elif h <= r < first_data:
                    continue
                else:
                    cells = [c.text for c in row]
                for c, text in enumerate(cells):
                    words = _drawn(build.inline(build.fmt_numbers(text, ts))) if c == 0 else \
                        _words(build.fmt_numbers(text, ts))
                    add(words, f"{where} row {r}")
    return out


def pdf_words(path: Path) -> list[str]:
    """The PDF's words in drawing order, pages one after another.

    Characters come from PDFium's text page (content-stream order); a word ends at a space,
    at a character PDFium generated (line ends) and wherever the next character is not set
    right after the last one on its baseline: a column or page break between a paragraph's
    last word and a bullet glyph is no word of the document."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    words: list[str] = []
    pdf = pdfium.PdfDocument(str(path))
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    try:
        for page in pdf:
            textpage = page.get_textpage()
            handle = textpage.raw
            word: list[str] = []
            last = None         # (right edge, baseline, size) of the last character set
            for i in range(raw.FPDFText_CountChars(handle)):
                code = raw.FPDFText_GetUnicode(handle, i)
                ch = chr(code)
                if raw.FPDFText_IsGenerated(handle, i) or _SPACES.fullmatch(ch) or code in (0xFFFE, 0x02):
                    if code in (0xFFFE, 0x02) or (raw.FPDFText_IsHyphen(handle, i) and ch != " "):
                        word.append("-")        # a line-end hyphen PDFium marked: reportlab breaks at spaces
                    if word:
                        words.append("".join(word))
                    word, last = [], None if ch in "\r\n" else last
                    continue
                raw.FPDFText_GetCharOrigin(handle, i, x, y)
                raw.FPDFText_GetCharBox(handle, i, left, right, bottom, top)
                size = raw.FPDFText_GetFontSize(handle, i) or 1
                if last and word and (abs(y.value - last[1]) > 0.3 * size
                                      or not -0.3 * size < x.value - last[0] < 0.25 * size):
                    words.append("".join(word))
                    word = []
                word.append(ch)
                last = (right.value, y.value, size)
            if word:
                words.append("".join(word))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return words


def unfaithful(era: str, ts: build.Typesetting, path: Path) -> str | None:
    """None if ``path`` shows every expected word in order; else where the first one is missing."""
    got = pdf_words(path)
    j = 0
    for word, where in expected_words(era, ts):
        try:
            j = got.index(word, j) + 1
        except ValueError:
            return f"{word!r} ({where}) is missing or out of order"
    return None


# --------------------------------------------------------------------------- comparison
@dataclass(frozen=True)
class Difference:
    key: str            # what differs first: "resources.net_cost", "fees:rows", "checks:fail:...", "error:..."
    message: str


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return (rows[0], rows[1:]) if rows else ([], [])


def table_difference(era: str, table: str, frame) -> Difference | None:
    """The first difference of ``frame`` from the golden CSV (all columns but page and top)."""
    from planextract.testing import table_csv

    golden = (GOLDEN / era / f"{table}.csv").read_text(encoding="utf-8")
    import pandas as pd

    want_cols, want = _rows(table_csv(pd.read_csv(io.StringIO(golden), dtype=str, keep_default_na=False),
                                      IGNORED_COLUMNS))
    got_cols, got = _rows(table_csv(frame, IGNORED_COLUMNS))
    if got_cols != want_cols:
        return Difference(f"{table}:columns", f"{table}: columns {got_cols} != golden {want_cols}")
    for r, (g, w) in enumerate(zip(got, want)):
        if g != w:
            c = next(i for i, (a, b) in enumerate(zip(g, w)) if a != b)
            return Difference(f"{table}.{want_cols[c]}",
                              f"{table} row {r}: {want_cols[c]} = {g[c]!r}, golden {w[c]!r} "
                              f"({len(got)} rows, golden {len(want)})\n  got    {g}\n  golden {w}")
    if len(got) != len(want):
        extra = got[len(want)] if len(got) > len(want) else want[len(got)]
        return Difference(f"{table}:rows", f"{table}: {len(got)} rows, golden {len(want)}; first "
                                           f"{'extra' if len(got) > len(want) else 'missing'} row {extra}")
    return None


def differences(era: str, result) -> list[Difference]:
    """Every table's first difference from the goldens, then each failing check."""
    out = []
    for table in TABLES[era]:
        if table not in result.tables:
            out.append(Difference(f"{table}:missing", f"no table {table!r}"))
            continue
        diff = table_difference(era, table, result.tables[table])
        if diff:
            out.append(diff)
    checks = result.checks
    for row in checks[checks["status"] == "fail"].itertuples():
        out.append(Difference(f"checks:fail:{row.check}", f"check {row.check} failed at {row.location}: "
                                                          f"expected {row.expected}, actual {row.actual}"))
    return out


def error_key(error: BaseException) -> str:
    """A failure's group: the exception type and its message without numbers."""
    message = re.sub(r"\d+(?:[.,]\d+)?", "N", str(error).splitlines()[0] if str(error) else "")
    return f"error:{type(error).__name__}: {message[:80]}"


def run(era: str, ts: build.Typesetting, folder: Path) -> list[Difference]:
    """Build ``ts``, check the PDF is faithful, extract it and compare with the goldens."""
    import planextract

    path = build_pdf(era, ts, folder / f"{era}.pdf")
    problem = unfaithful(era, ts, path)
    if problem:
        return [Difference("builder:unfaithful", problem)]
    try:
        result = planextract.extract(path)
    except Exception as error:          # noqa: BLE001 -- any failure of the extraction is a finding
        return [Difference(error_key(error), f"{type(error).__name__}: {error}")]
    return differences(era, result)


def report(era: str, ts: build.Typesetting, diffs: list[Difference]) -> str:
    """An assertion message that rebuilds the case: the typesetting's repr, then what differs."""
    return (f"{era} typeset as\n  {ts!r}\nrebuild: build.{BUILDERS[era].__name__}(source, path, ts)\n"
            + "\n".join(f"- [{d.key}] {d.message}" for d in diffs))
