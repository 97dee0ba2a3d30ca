"""Typeset the two plan transcriptions with Typst: a third producer, independent of reportlab.

    from tests.producers.typst_plans import render
    pdf = render("ksl2008", tmp_path)                  # -> tmp_path / "ksl2008_typst_default.pdf"
    pdf = render("storsthlm2021", tmp_path, "alt")     # -> tmp_path / "storsthlm2021_typst_alt.pdf"

``python -m tests.producers.typst_plans OUT_DIR`` renders all four (era, style) PDFs.

The transcription (``samples/source/<era>.txt``) is parsed with the sample builder's own
parser (``samples/build.py``: ``parse``), turned into a small JSON document model
(``plan.json``) and laid out by a Typst template (``templates/<era>.typ``).  Typst writes
its own text layer: its fonts (Libertinus Serif, New Computer Modern, Bitstream Vera Sans
from reportlab's font folder when it is installed), ligatures, justification and Swedish
hyphenation.  Every paragraph, heading, bullet and table row of the transcription is in
the PDF in its order, numbers exactly as printed (the string is passed through: no Typst
markup, so no smart quotes or minus signs are made up).

Deliberate departures, the ones a real re-typesetting makes:
  * the transcription's table of contents (texts and page numbers of the original) is
    replaced by Typst's ``outline()`` of the real headings, with this PDF's pages;
  * the KSL resource table, printed by the original in two parts (the second with its own
    title and a slightly different header), is one Typst table whose header repeats on
    every page it spans;
  * the "■" keys of the planned-hours legend are drawn squares, not text;
  * the cover carries a one-line colophon ("Icke-officiell testutgåva. ...").  It is there
    for the text layer: Typst's PDF writer gives a glyph the text it first stood for, and
    the hyphen Typst adds when it hyphenates a word stands for U+00AD; in a font face whose
    first hyphen is such a one, every later "-" -- minus signs included -- reads as a soft
    hyphen (pdfplumber: "\xad3 467"; planextract drops it: "3 467").  The colophon sets a
    real "-" in each face of the body font first.

Styles: ``default`` and ``alt`` per era (see ``STYLES``); ``alt`` swaps sans and serif,
changes the body size, mirrors the margins and centres table cells vertically.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "samples" / "source"
TEMPLATES = Path(__file__).resolve().parent / "templates"
ERAS = ("ksl2008", "storsthlm2021")
SANS = "Bitstream Vera Sans"  # reportlab ships it (reportlab/fonts/Vera*.ttf)
SERIF = "Libertinus Serif"  # embedded in Typst
SERIF2 = "New Computer Modern"  # embedded in Typst

# Style parameters the templates read from plan.json (lengths in mm, sizes in pt).
STYLES: dict[str, dict[str, dict[str, Any]]] = {
    "ksl2008": {
        # A4 report: Libertinus Serif 11 pt justified, numbered headings 1 / 1.1, ruled 8.5 pt
        # resource table, 7 pt fee table right after it (portrait).
        "default": {
            "body_font": [SERIF], "heading_font": [SERIF], "size": 11, "table_size": 8.5, "fee_size": 7,
            "margin": {"top": 27, "bottom": 25, "left": 25, "right": 22}, "numbered": True,
            "horizon": False, "bullet": "\u2013", "fee_landscape": False,
        },
        # Sans body (Vera) 9.5 pt, serif headings (New Computer Modern), unnumbered, mirrored
        # margins, 7.5 pt tables whose wrapped labels have their numbers vertically centred,
        # the fee table alone on a landscape page.
        "alt": {
            "body_font": [SANS, SERIF2], "heading_font": [SERIF2], "size": 9.5, "table_size": 7.5, "fee_size": 7,
            "margin": {"top": 22, "bottom": 24, "inside": 32, "outside": 17}, "numbered": False,
            "horizon": True, "bullet": "\u2013", "fee_landscape": True,
        },
    },
    "storsthlm2021": {
        # Brochure: Vera 9.5 pt, two columns, teal headings, unruled zebra tables.
        "default": {
            "body_font": [SANS, SERIF], "heading_font": [SANS, SERIF], "size": 9.5, "table_size": 8.5,
            "margin": {"top": 20, "bottom": 22, "left": 18, "right": 18}, "gutter": 8,
            "horizon": False, "bullet": "\u2022", "primary": "#0b5d6b", "accent": "#d9502f",
            "zebra": "#eef4f5", "unit": "#cfe3e6",
        },
        # Serif (New Computer Modern) 10.5 pt, mirrored margins, cells vertically centred, "▪".
        "alt": {
            "body_font": [SERIF2], "heading_font": [SANS, SERIF2], "size": 10.5, "table_size": 9,
            "margin": {"top": 24, "bottom": 24, "inside": 26, "outside": 15}, "gutter": 6,
            "horizon": True, "bullet": "\u25aa", "primary": "#6a2c70", "accent": "#b83b5e",
            "zebra": "#f6eef6", "unit": "#e6d3e7",
        },
    },
}


# --------------------------------------------------------------------------- the builder's parser
@cache
def builder():
    """samples/build.py as a module (samples/ is not a package)."""
    spec = importlib.util.spec_from_file_location("planextract_samples_build", ROOT / "samples" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def source_text(era: str) -> str:
    if era not in ERAS:
        raise ValueError(f"unknown era {era!r} (use one of {ERAS})")
    return (SOURCE / f"{era}.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- inline text
_INLINE = re.compile(r"\*\*(?P<b>.+?)\*\*|(?<![\w*])\*(?=\S)(?P<i>.+?)(?<=\S)\*(?![\w*])", re.S)


def runs(text: str, *, bold: bool = False) -> list[dict]:
    """Transcription inline markup -> [{"t", "b", "i"} | {"br": True}] (no Typst markup: the
    strings go into the document as they are)."""
    t = text.replace("\\*", "\x00")
    out: list[dict] = []

    def add(piece: str, b: bool, i: bool) -> None:
        for k, line in enumerate(piece.split("\n")):
            if k:
                out.append({"br": True})
            line = re.sub(r"[ \t]+", " ", line.replace("\x00", "*"))
            if line:
                out.append({"t": line, "b": b or bold, "i": i})

    pos = 0
    for m in _INLINE.finditer(t):
        add(t[pos:m.start()], False, False)
        if m.group("b") is not None:
            add(m.group("b"), True, False)
        else:
            add(m.group("i"), False, True)
        pos = m.end()
    add(t[pos:], False, False)
    # no space at the edges of the paragraph or around a forced break
    for k, r in enumerate(out):
        if "t" in r:
            if k == 0 or "br" in out[k - 1]:
                r["t"] = r["t"].lstrip()
            if k == len(out) - 1 or "br" in out[k + 1]:
                r["t"] = r["t"].rstrip()
    return [r for r in out if "br" in r or r["t"]]


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "").replace("\\*", "*")).strip()


def designed_breaks(text: str, commas: bool = True) -> list[str]:
    """A header or title with the designer's breaks: 'Års- arbetare' -> ['Års-', 'arbetare'],
    and with ``commas`` (short table headers): 'Konsulter, bidrag, konf.' -> one item a line,
    'Övriga kostnader' -> ['Övriga', 'kostnader']."""
    t = re.sub(r"(?<=\w)- (?!och\b|eller\b|samt\b)", "-\x01", text.strip())
    if commas and len(t) < 32:
        t = t.replace(", ", ",\x01")
        if "\x01" not in t and len(t.split(" ")) == 2:
            t = t.replace(" ", "\x01")
    return [x for x in t.split("\x01")]


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).casefold()


def _similar(a: str, b: str) -> bool:
    a, b = _key(a), _key(b)
    return a == b or (len(b) >= 5 and a.endswith(b)) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.92


@dataclass
class Front:
    title: str
    before: list          # blocks between the title and the contents heading
    toc_title: str
    toc: list             # TocEntry blocks
    body: list


def split_front(blocks: list) -> Front:
    b = builder()
    if not blocks or not isinstance(blocks[0], b.Heading) or blocks[0].level != 1:
        raise ValueError("the transcription does not start with a '# title' heading")
    i = 1
    while i < len(blocks) and not (isinstance(blocks[i], b.Heading) and i + 1 < len(blocks)
                                   and isinstance(blocks[i + 1], b.TocEntry)):
        i += 1
    if i == len(blocks):
        raise ValueError("the transcription has no table of contents")
    end = i + 1
    while end < len(blocks) and isinstance(blocks[end], b.TocEntry):
        end += 1
    return Front(blocks[0].text, blocks[1:i], blocks[i].text, blocks[i + 1:end], blocks[end:])


def _cells(row) -> list[str]:
    return [re.sub(r"\s+", " ", c.text).strip() for c in row]


def _bullets(items: list, block) -> None:
    """Append a bullet to the open list, or open one."""
    if items and items[-1]["k"] == "ul":
        items[-1]["items"].append(runs(block.text))
    else:
        items.append({"k": "ul", "items": [runs(block.text)]})


# --------------------------------------------------------------------------- KSL 2008
def ksl_plan(source: str) -> dict:
    b = builder()
    front = split_front(b.parse(source))
    subtitle = " ".join(plain(x.text) for x in front.before if isinstance(x, b.Paragraph))
    main = [e.text for e in front.toc if e.bold]
    topics: dict[str, list[str]] = {}
    current = None
    for e in front.toc:
        if e.bold:
            current = e.text
            topics[current] = []
        elif current:
            topics[current].append(e.text)

    out: list[dict] = []
    section = None           # the current level-1 heading (a bold TOC entry)
    resources = None         # the resource table, while its parts are being joined
    caption = None
    body = front.body
    i = 0
    while i < len(body):
        x = body[i]
        nxt = body[i + 1] if i + 1 < len(body) else None
        i += 1
        if isinstance(x, b.Heading):
            text = plain(x.text)
            if x.italic:    # "Övergripande mål", "Vad ska uppnås under 2008", "Inriktningsmål"
                out.append({"k": "lh", "text": text})
                continue
            topic = next((t for t in topics.get(section, []) if _similar(text, t)), None)
            if any(_similar(text, m) for m in main):
                level, section = 1, next(m for m in main if _similar(text, m))
            elif topic is not None:
                level = 2
                topics[section].remove(topic)     # each contents entry names one heading
            else:
                level = 3
            out.append({"k": "h", "level": level, "lines": [text]})
        elif isinstance(x, b.Paragraph) and isinstance(nxt, b.Table):
            if caption is not None and plain(x.text) == caption and resources is not None:
                continue    # the second part of the resource table: same title, joined below
            caption = plain(x.text)
            out.append({"k": "caption", "runs": runs(x.text)})
        elif isinstance(x, b.Paragraph) and x.text.startswith("\\*"):
            notes = [runs(part.strip()) for part in x.text.split("\n")]
            if out and out[-1]["k"] == "table":     # the table's notes go with it
                out[-1].setdefault("notes", []).extend(notes)
            else:
                out += [{"k": "note", "runs": n} for n in notes]
        elif isinstance(x, b.Paragraph):
            out.append({"k": "p", "runs": runs(x.text)})
        elif isinstance(x, b.Bullet):
            _bullets(out, x)
        elif isinstance(x, b.Table):
            rows = [_cells(r) for r in x.rows]
            bold = [all(c.bold for c in r if c.text) for r in x.rows]
            if rows[0][0] == "Aktivitet":           # resource table, in one or two parts
                data = [{"cells": r, "bold": bb} for r, bb in zip(rows[1:], bold[1:])]
                if resources is None:
                    resources = {"k": "table", "name": "resources",
                                 "header": [designed_breaks(c) for c in rows[0]], "rows": data}
                    out.append(resources)
                else:
                    resources["rows"] += data
            elif rows[0][0] and not any(rows[0][1:]):   # fee table: title row, header row, data
                width = max(len(r) for r in rows)
                rows = [r + [""] * (width - len(r)) for r in rows]
                out.append({"k": "table", "name": "fees", "title": rows[0][0],
                            "header": [designed_breaks(c, commas=False) for c in rows[1]],
                            "rows": [{"cells": r, "bold": bb} for r, bb in zip(rows[2:], bold[2:])]})
            else:
                raise ValueError(f"unexpected KSL table starting {rows[0]!r}")
        elif isinstance(x, b.Separator):
            out.append({"k": "sep"})
        else:
            raise ValueError(f"unexpected block {x!r}")
    years = re.findall(r"\b(?:19|20)\d\d\b", front.title)
    return {"era": "ksl2008", "title": plain(front.title), "subtitle": subtitle,
            "running": f"Verksamhetsplan {years[-1]}" if years else "Verksamhetsplan",
            "org": "Kommunförbundet Stockholms Län", "toc_title": plain(front.toc_title), "blocks": out}


# --------------------------------------------------------------------------- Storsthlm 2021
def _display(x) -> bool:
    """'Samverkan' / 'som gör' / 'skillnad': a title set over several lines in the source."""
    b = builder()
    return (isinstance(x, b.Paragraph) and len(x.parts) > 1
            and all(len(p.split()) <= 3 and not p.rstrip().endswith((".", ":", ",")) for p in x.parts))


def storsthlm_plan(source: str) -> dict:
    b = builder()
    front = split_front(b.parse(source))
    toc = [plain(e.text.replace("\n", " ")) for e in front.toc]
    outlined: set[str] = set()

    def chapter(lines: list[str], kind: str = "chapter") -> dict:
        text = " ".join(lines)
        hit = next((t for t in toc if t not in outlined and _similar(text.replace("- ", ""), t)), None)
        if hit:
            outlined.add(hit)
        return {"k": "chapter", "kind": kind, "lines": lines, "outlined": hit is not None}

    sections: list[dict] = []

    def new(opener: list[dict], cols: int = 2, kind: str = "text") -> dict:
        sections.append({"kind": kind, "opener": opener, "body": [], "cols": cols})
        return sections[-1]

    body = front.body
    sec = None
    in_samverkan = False
    budget_seen = 0
    i = 0
    while i < len(body):
        x = body[i]
        nxt = body[i + 1] if i + 1 < len(body) else None
        i += 1
        if isinstance(x, b.Heading) and x.level == 2 and isinstance(nxt, b.Heading) and nxt.level == 1:
            # "Fokusområde" kicker, the focus-area title with its designed break, the bold lead
            i += 1
            opener = [{"k": "kicker", "text": plain(x.text)}, chapter(designed_breaks(plain(nxt.text), False), "focus")]
            if i < len(body) and isinstance(body[i], b.Paragraph) and body[i].text.startswith("**"):
                opener.append({"k": "lead", "runs": runs(body[i].text)})
                i += 1
            sec = new(opener)
            in_samverkan = False
            continue
        if isinstance(x, b.Heading) and x.level == 1:
            text = plain(x.text)
            in_samverkan = False
            if text == "Vi växer ihop" and isinstance(nxt, b.Paragraph):
                i += 1
                sec = new([chapter([text], "manifesto"), {"k": "manifesto", "runs": runs(nxt.text)}], 1, "manifesto")
                continue
            if isinstance(nxt, b.Table) or (text.startswith("Budget") and budget_seen):
                sec = new([chapter([text], "table_title")], 1, "table")
            elif isinstance(nxt, b.Paragraph) and i + 1 < len(body) and isinstance(body[i + 1], b.Table):
                i += 1     # "Serviceavgift": title, subtitle, table
                sec = new([chapter([text], "table_title"), {"k": "subtitle", "runs": runs(nxt.text)}], 1, "table")
            else:
                sec = new([chapter([text])])
            budget_seen += text.startswith("Budget")
            continue
        if _display(x):
            sec = new([chapter([p.strip() for p in x.parts], "display")])
            in_samverkan = True
            continue
        if isinstance(x, b.Paragraph) and nxt is None and x.text.startswith("**"):
            sections.append({"kind": "back", "opener": [{"k": "back", "runs": runs(x.text)}], "body": [], "cols": 1})
            continue
        if sec is None:
            raise ValueError(f"content before the first chapter: {x!r}")
        items = sec["body"]
        if isinstance(x, b.Heading):
            text = plain(x.text)
            level = 2 if (in_samverkan and x.level == 3) else x.level
            if text == "Aktiviteter":
                items.append({"k": "h", "level": 3, "kind": "list", "text": text})
            elif isinstance(nxt, b.Table) and nxt.rows and nxt.rows[0][0].text.startswith("\u25a0"):
                items.append({"k": "h", "level": 3, "kind": "hours", "text": text})
            elif x.level == 3 and isinstance(body[i - 2], b.Heading) and plain(body[i - 2].text) == "Organisation":
                items.append({"k": "org", "text": text})      # the organisation chart's box
            else:
                items.append({"k": "h", "level": min(level, 3), "kind": "section", "text": text})
        elif isinstance(x, b.Paragraph):
            text = x.text
            if text.startswith("Foto "):
                items.append({"k": "photo", "text": plain(text)})
            elif text.startswith("\\*"):
                for part in text.split("\n"):
                    items.append({"k": "note", "runs": runs(part.strip())})
            elif text.startswith("Bilden är"):
                items.append({"k": "caption", "runs": runs(text)})
            else:
                items.append({"k": "p", "runs": runs(text)})
        elif isinstance(x, b.Bullet):
            _bullets(items, x)
        elif isinstance(x, b.Separator):
            items.append({"k": "sep"})
        elif isinstance(x, b.Table):
            items.append(_storsthlm_table(x))
        else:
            raise ValueError(f"unexpected block {x!r}")
    missing = [t for t in toc if t not in outlined]
    if missing:
        raise ValueError(f"table-of-contents entries without a chapter: {missing}")
    return {"era": "storsthlm2021", "title": plain(front.title), "org": "Storsthlm",
            "toc_title": plain(front.toc_title), "sections": sections}


def _is_note(text: str) -> bool:
    return len(text.split()) >= 4 and any(ch.isalpha() for ch in text)


def _storsthlm_table(x) -> dict:
    rows = [_cells(r) for r in x.rows]
    bold = [bool(r[0].bold) for r in x.rows]
    if all(r[0].startswith("\u25a0") for r in rows):        # planned hours: legend lines
        return {"k": "hours", "rows": [{"label": r[0].lstrip("\u25a0").strip(), "value": r[1]} for r in rows]}
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header, data, bold = rows[0], rows[1:], bold[1:]
    name = "budget" if any("Budget" in h for h in header) else "fees"
    kinds = []
    for r, row in enumerate(data):
        label = row[0]
        kinds.append("total" if label.startswith(("Totalt", "Länets")) else
                     "sum" if bold[r] and label.startswith("Summa") else
                     "unit" if bold[r] and not any(re.search(r"\d{2}", v) for v in row[2:]) else
                     "result" if bold[r] else "line")
    # the 2019 note: a text cell over the empty cells below it, down to the next unit row
    out = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(data):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            cell = {"t": text}
            if c > 0 and _is_note(text):
                end = r
                while end + 1 < len(data) and not data[end + 1][c] and kinds[end + 1] in ("line", "result"):
                    end += 1
                    covered.add((end, c))
                cell.update(rowspan=end - r + 1, note=True)
            cells.append(cell)
        out.append({"cells": cells, "bold": bold[r], "kind": kinds[r]})
    # short two-word headers stack ("Budget" / "2021"), long ones wrap
    heads = [h.split(" ") if len(h.split(" ")) == 2 else designed_breaks(h, commas=False) for h in header]
    return {"k": "table", "name": name, "header": heads, "rows": out}


# --------------------------------------------------------------------------- compile
PLANS = {"ksl2008": ksl_plan, "storsthlm2021": storsthlm_plan}


def plan(era: str, style: str = "default") -> dict:
    if era not in ERAS:
        raise ValueError(f"unknown era {era!r} (use one of {ERAS})")
    if style not in STYLES[era]:
        raise ValueError(f"unknown style {style!r} for {era} (use one of {sorted(STYLES[era])})")
    doc = PLANS[era](source_text(era))
    doc["style"] = dict(STYLES[era][style], name=style)
    return doc


def font_paths() -> list[str]:
    """Folders with extra fonts: reportlab's (Bitstream Vera Sans), when reportlab is installed.
    System fonts are never used, so the PDF is the same on every machine."""
    try:
        import reportlab
    except ImportError:      # the templates fall back to the fonts Typst embeds
        return []
    folder = Path(reportlab.__file__).resolve().parent / "fonts"
    return [str(folder)] if (folder / "Vera.ttf").is_file() else []


def render(era: str, out_dir: Path, style: str = "default") -> Path:
    """Typeset ``era`` ("ksl2008" | "storsthlm2021") in ``style`` ("default" | "alt") into
    ``out_dir/<era>_typst_<style>.pdf`` and return its path.  The Typst sources are kept in
    ``out_dir/<era>_typst_<style>/`` (main.typ + plan.json) for inspection."""
    import typst

    out_dir = Path(out_dir)
    doc = plan(era, style)
    work = out_dir / f"{era}_typst_{style}"
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / f"{era}.typ", work / "main.typ")
    (work / "plan.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    pdf = out_dir / f"{era}_typst_{style}.pdf"
    typst.compile(str(work / "main.typ"), output=str(pdf), root=str(work), font_paths=font_paths(),
                  ignore_system_fonts=True, timestamp=datetime(2024, 1, 1, tzinfo=timezone.utc))
    return pdf


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Typeset the plan transcriptions with Typst.")
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--era", choices=ERAS, action="append")
    ap.add_argument("--style", choices=["default", "alt"], action="append")
    args = ap.parse_args(argv)
    for era in args.era or ERAS:
        for style in args.style or ["default", "alt"]:
            print(render(era, args.out, style))
    return 0


if __name__ == "__main__":
    sys.exit(main())
