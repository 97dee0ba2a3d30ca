"""An independent reading of the transcription (samples/source/ksl2008.txt): the truth.

The transcription is plain text: markdown-style headings ('#'), bullets ('- '), paragraphs
separated by blank lines, tables as tab-separated rows with ``<b>…</b>`` marking bold cells,
and the contents as "text .....<TAB>page". This module reads it without any of the plugin's
code (only planextract's number parsers), so the extraction can be compared with it.

Transcription quirks handled here: a paragraph starting in lower case continues the bullet
or paragraph before it (the original broke the page there); footnotes start with '\\*'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from planextract.numbers import find_quantities, parse_number

BOLD = re.compile(r"</?b>")


@dataclass
class Oracle:
    year: int
    resources: list[dict] = field(default_factory=list)
    fees: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    figures: list[tuple[str, Decimal]] = field(default_factory=list)


@dataclass
class _Block:
    kind: str  # heading, bullet, paragraph, table, toc
    text: str
    level: int = 0
    bold: bool = False
    rows: list[list[str]] = field(default_factory=list)


def parse(source: str) -> Oracle:
    blocks = _blocks(source)
    title = next(b.text for b in blocks if b.kind == "heading" and b.level == 1)
    oracle = Oracle(int(re.search(r"(\d{4})\s*$", title)[1]))
    tables = [b for b in blocks if b.kind == "table"]
    oracle.resources = _resources([r for t in tables for r in t.rows if len(r) == 7])
    oracle.fees = _fees([r for t in tables for r in t.rows if len(r) == 8])
    oracle.activities = _activities(blocks)
    oracle.figures = [(text, q.value) for b in blocks if b.kind in ("paragraph", "bullet")
                      for text, q in find_quantities(b.text)]
    return oracle


# --------------------------------------------------------------------------- blocks
def _blocks(source: str) -> list[_Block]:
    blocks: list[_Block] = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", source):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if any("\t" in line for line in lines):
            if all("....." in line for line in lines):
                blocks += [_toc(line) for line in lines]
            else:
                blocks.append(_Block("table", "", rows=[line.split("\t") for line in lines]))
            continue
        paragraph: list[str] = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("#"):
                _flush(blocks, paragraph)
                hashes, text = stripped.split(None, 1)
                blocks.append(_Block("heading", _plain(text), level=len(hashes)))
            elif stripped.startswith("- "):
                _flush(blocks, paragraph)
                blocks.append(_Block("bullet", _plain(stripped[2:])))
            elif not stripped.startswith("\\*"):
                paragraph.append(stripped)
        _flush(blocks, paragraph)
    return blocks


def _flush(blocks: list[_Block], paragraph: list[str]) -> None:
    if not paragraph:
        return
    text = _plain(" ".join(paragraph))
    paragraph.clear()
    if text[:1].islower() and blocks and blocks[-1].kind in ("bullet", "paragraph"):
        blocks[-1].text += " " + text  # continued over a page break in the original
    else:
        blocks.append(_Block("paragraph", text))


def _toc(line: str) -> _Block:
    first = line.split("\t")[0]
    text = re.sub(r"\s*\.{3,}\s*$", "", BOLD.sub("", first)).strip()
    return _Block("toc", text, bold="<b>" in first)


def _plain(text: str) -> str:
    return " ".join(text.replace("*", "").split())


# --------------------------------------------------------------------------- tables
def _number(cell: str) -> Decimal | None:
    text = BOLD.sub("", cell).strip()
    return parse_number(text) if text else None


def _resources(rows: list[list[str]]) -> list[dict]:
    out, group = [], ""
    for cells in rows:
        label = BOLD.sub("", cells[0]).strip()
        if label == "Aktivitet":
            continue
        bold = "<b>" in cells[0]
        kind = "total" if label == "KSL TOTALT" else "subtotal" if bold else "line"
        group = label if kind != "line" else group
        values = [_number(c) for c in cells[1:]]
        out.append({"group": group, "activity": label, "row_kind": kind, "fte": values[0],
                    **dict(zip(["personnel_kr", "consultants_grants_conferences_kr", "other_costs_kr", "revenues_kr",
                                "net_cost_kr"], values[1:]))})
    return out


def _fees(rows: list[list[str]]) -> list[dict]:
    names = ["population", "tax_rate", "tax_base_kr", "own_tax_income_kr", "total_grants_kr", "taxes_and_grants_kr", "fee_kr"]
    out = []
    for cells in rows:
        label = BOLD.sub("", cells[0]).strip()
        if not label or not BOLD.sub("", cells[1]).strip():  # the header row, the title row
            continue
        out.append({"municipality": label, "row_kind": "total" if "<b>" in cells[0] else "municipality",
                    **dict(zip(names, [_number(c) for c in cells[1:]]))})
    return out


# --------------------------------------------------------------------------- activities
def _activities(blocks: list[_Block]) -> list[dict]:
    toc = [b for b in blocks if b.kind == "toc"]
    pointer, started = 0, False
    part = section = None
    subsections: list[str] = []
    last_path = None
    current = None  # (list heading, kind, path)
    count = 0
    out = []
    for block in blocks:
        if block.kind == "heading":
            kind = _list_kind(block.text)
            if kind:
                if started:
                    base = [h for h in (part, section) if h]
                    path = (base + subsections if len(subsections) == 1
                            else last_path if not subsections and last_path else base)
                    last_path, subsections, current, count = path, [], (block.text, kind, path), 0
                continue
            match = next((k for k in range(pointer, min(pointer + 3, len(toc))) if _same(block.text, toc[k].text)),
                         None)
            if match is not None:
                started, pointer = True, match + 1
                if toc[match].bold:
                    part, section = block.text, None
                else:
                    section = block.text
                subsections, last_path, current = [], None, None
            elif started:
                subsections.append(block.text)
                current = None
        elif current and (current[1] == "goal" or block.kind == "bullet") and block.kind in ("bullet", "paragraph"):
            count += 1
            out.append({"heading_path": " > ".join(current[2]), "list_heading": current[0], "kind": current[1],
                        "item": count, "text": block.text})
    return out


def _list_kind(text: str) -> str | None:
    if re.fullmatch(r"Övergripande mål|Inriktningsmål", text):
        return "goal"
    if re.fullmatch(r"Vad ska uppnås under \d{4}", text):
        return "activity"
    return None


def _same(heading: str, entry: str) -> bool:
    a, b = (" ".join(re.sub(r"\s*[-–]\s*", "-", t.casefold().replace("”", "")).split()) for t in (heading, entry))
    if a == b or SequenceMatcher(None, a, b).ratio() >= 0.9:
        return True
    shorter, longer = sorted((a, b), key=len)
    return f" {shorter} " in f" {longer} "
