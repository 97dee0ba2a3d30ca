"""The resource table, "Sammanställning över resurser per aktivitet", as one table.

It runs over two pages with its title and header repeated; :func:`grid.read_table`
stitches the halves. Here each row gets its group (the bold row it sits under) and its kind:
bold rows are group subtotals, the "… TOTALT" row the total. The checks confirm the kinds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from planextract.document import Line
from planextract.numbers import parse_int, parse_number

from .grid import Row, Table, read_table
from .headers import RESOURCE_HEADERS

TITLE = re.compile(r"Sammanställning\s+över\s+resurser\s+per\s+aktivitet", re.IGNORECASE)
_TOTAL = re.compile(r"\btotal(?:t|a|en)?\b", re.IGNORECASE)
AMOUNTS = ("personnel", "consultants_grants_conferences", "other_costs", "revenues", "net_cost")
COLUMNS = ["document_year", "group", "activity", "row_kind", "fte", *AMOUNTS, "page", "top"]


def read_resources(
    lines: Sequence[Line], year: int, stops: Sequence[re.Pattern[str]] = (),
    headers: Mapping[str, str] = RESOURCE_HEADERS,
) -> tuple[pd.DataFrame, Table]:
    """The resource table as a frame in document order, and the lines it was read from.

    ``headers`` maps each column to the pattern its header matches (a neighbouring year that
    renames a header passes its own vocabulary)."""
    table = read_table(lines, TITLE, headers, name="resources", stops=stops)
    records = []
    group = ""
    for row in table.rows:
        kind = row_kind(row)
        if kind != "line":
            group = row.label
        records.append(_record(row, kind, group, year))
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    for column in AMOUNTS:
        frame[column] = frame[column].astype("Int64")
    frame["fte"] = frame["fte"].astype("float64")
    return frame, table


def row_kind(row: Row) -> str:
    """``total`` for the bold "… TOTALT" row, ``subtotal`` for the other bold rows, else ``line``."""
    if row.bold and _TOTAL.search(row.label):
        return "total"
    return "subtotal" if row.bold else "line"


def _record(row: Row, kind: str, group: str, year: int) -> dict:
    fte = row.numbers.get("fte")
    record = {
        "document_year": year,
        "group": group,
        "activity": row.label,
        "row_kind": kind,
        "fte": float(parse_number(fte)) if fte is not None else float("nan"),
        "page": row.page,
        "top": row.top,
    }
    for column in AMOUNTS:
        text = row.numbers.get(column)
        record[column] = parse_int(text) if text is not None else pd.NA
    return record
