"""An independent reading of the transcription ``samples/source/storsthlm2021.txt`` (the truth).

It shares no code with the extractor: tables are tab-separated rows (``<b>`` = bold), the
activity lists are ``- `` lines under ``### Aktiviteter``, headings are ``#`` lines. The tests
compare the extractor's tables, read from the typeset PDF, with what this module reads here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = re.compile(r"^-?\d{1,3}(?: \d{3})*(?:,\d+)?$")
_HYPHEN_BREAK = re.compile(r"(\w)- (?!och\b|eller\b|samt\b)(?=[a-zåäö])")


def _num(text: str):
    text = text.strip()
    if not _NUM.match(text):
        return None
    text = text.replace(" ", "")
    return float(text.replace(",", ".")) if "," in text else int(text)


def _cell(text: str) -> tuple[str, bool]:
    m = re.fullmatch(r"\s*<b>(.*)</b>\s*", text)
    return (m.group(1).strip(), True) if m else (text.strip(), False)


def _tables(source: str) -> list[list[list[tuple[str, bool]]]]:
    tables, current = [], []
    for line in source.splitlines():
        if "\t" in line:
            current.append([_cell(c) for c in line.split("\t")])
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


@dataclass
class Truth:
    budget: list[dict]
    fees: list[dict]
    hours: list[dict]
    activities: list[dict]
    figures: list[str]


def read_truth(source: str, year: int = 2021) -> Truth:
    tables = _tables(source)
    budget = next(t for t in tables if sum(c[0].startswith("Budget") for c in t[0]) >= 2)
    fees = next(t for t in tables if any("invånare" in c[0] for c in t[0]))
    return Truth(_budget(budget), _fees(fees), _hours(source), _activities(source), _figures(source))


def _budget(table) -> list[dict]:
    rows, unit, group = [], None, []
    groups = []
    for cells in table[1:]:
        label, bold = cells[0]
        values = [c[0] for c in cells[1:]] + [""] * (4 - len(cells[1:]))
        amounts = [_num(v) for v in values[1:4]]
        notes = {i: v for i, v in enumerate(values[1:4]) if v and _num(v) is None and v != "tkr"}
        if label.startswith("Totalt"):
            kind = "total"
        elif label.startswith("Summa"):
            kind = "sum"
        elif label in ("Resultat", "Nettokostnad"):
            kind = "result"
        elif bold:
            kind = "unit"
        else:
            kind = "line"
        if kind in ("unit", "sum", "total"):
            unit = label
            group = []
            groups.append(group)
        row = {"unit": unit, "item": label, "row_kind": kind, "fte": _num(values[0]) if values[0] else None,
               "budget_tkr": amounts[0], "budget_prev_tkr": amounts[1], "budget_prev2_tkr": amounts[2],
               "note": None, "_notes": notes}
        group.append(row)
        rows.append(row)
    for group in groups:  # a note stands for each amount of its unit left blank in its column
        notes = {i: t for row in group for i, t in row["_notes"].items()}
        for row in group:
            if row["row_kind"] != "unit":
                texts = [t for i, t in notes.items() if [row["budget_tkr"], row["budget_prev_tkr"],
                                                         row["budget_prev2_tkr"]][i] is None]
                row["note"] = " ".join(texts) or None
    for row in rows:
        del row["_notes"]
        if row["fte"] is not None:
            row["fte"] = float(row["fte"])
    return rows


def _fees(table) -> list[dict]:
    rows = []
    for cells in table[1:]:
        (label, bold), *values = cells
        rows.append({"municipality": label, "row_kind": "total" if bold else "municipality",
                     "population": _num(values[0][0]), "taxes_and_grants_kr": _num(values[1][0]),
                     "fee_kr": _num(values[2][0])})
    return rows


def _hours(source: str) -> list[dict]:
    rows, financing, inside = [], None, False
    for line in source.splitlines():
        if line.startswith("## "):
            inside = "planerade timmar" in line
        elif inside and line.startswith("### "):
            financing = line[4:].strip()
        elif inside and line.startswith("■"):
            label, number = line[1:].split("\t")
            rows.append({"financing": financing, "area": label.strip(), "hours": _num(number)})
        elif line.startswith("# "):
            inside = False
    return rows


def _dehyphenate(text: str) -> str:
    return _HYPHEN_BREAK.sub(r"\1", text)


def _activities(source: str) -> list[dict]:
    """Focus-area statements, goal headings and Aktiviteter bullets with their heading path, in order."""
    out = []
    root = section = None
    kicker = focus_open = in_list = focus = False
    item = 0
    pending = None
    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = line[level:].strip().strip("*").strip()
            in_list = False
            if level == 2 and text == "Fokusområde":
                kicker = True
                continue
            if level == 1:
                root, section, pending = (_dehyphenate(text) if kicker else text), None, None
                focus_open, focus, kicker = kicker, kicker, False
            elif level == 2:
                section = pending = text
                focus_open = False
            elif level == 3 and text == "Aktiviteter":
                in_list, item = True, 0
                if focus and pending:
                    out.append({"heading_path": f"{root} > {section}", "list_heading": root, "kind": "goal",
                                "item": 1, "text": section})
                    pending = None
            continue
        if focus_open and line.startswith("**") and line.endswith("**"):
            out.append({"heading_path": root, "list_heading": root, "kind": "area_goal", "item": 1,
                        "text": line.strip("*").strip()})
            focus_open = False
            continue
        focus_open = False
        if line.startswith("- ") and in_list:
            item += 1
            out.append({"heading_path": f"{root} > {section}", "list_heading": "Aktiviteter", "kind": "activity",
                        "item": item, "text": " ".join(line[2:].split())})
        elif not line.startswith("- "):
            in_list = False
    return out


def _figures(source: str) -> list[str]:
    """Every amount with a unit stated in a prose paragraph (tables and headings left out)."""
    found = []
    unit = r"miljoner kronor|miljarder kronor|promille|procent|mnkr|tkr|kronor|kr"
    for line in source.splitlines():
        if "\t" in line or line.startswith("#"):
            continue
        found += [m.group(0) for m in re.finditer(rf"\b\d+(?:,\d+)?\s(?:{unit})\b", line)]
    return found
