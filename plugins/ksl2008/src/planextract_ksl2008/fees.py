"""The fee table, "Avgift till KSL <year>": the county total and every municipality.

Besides the numbers, the table states its own terms: the fee year (title), the year of the
taxes and grants it is based on (title or headers), the date of the population count
(header) and the fee rate in promille (fee header, else the table's footnote). All are read
from the document; nothing about a particular year is assumed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

from planextract.document import Line
from planextract.errors import TableNotFound
from planextract.numbers import find_quantities, parse_int, parse_number

from .grid import Table, read_table
from .headers import FEE_HEADERS
from .layout import line_text

TITLE = re.compile(r"Avgift\s+till\s+KSL\s+(?P<year>\d{4})", re.IGNORECASE)
_TOTAL = re.compile(r"\b(?:länets|summa|totalt?)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d,])(?:19|20|1 9|2 0)\s?\d{2}(?![\d,])")
_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(_MONTHS)})[a-zåäö]*\.?\s+(?P<year>\d\s?\d{{3}})", re.IGNORECASE
)
AMOUNTS = ("tax_base", "own_tax_income", "total_grants", "taxes_and_grants", "fee")
COLUMNS = ["document_year", "municipality", "row_kind", "population", "population_date", "tax_rate",
           *AMOUNTS, "base_year", "fee_year", "fee_rate_promille", "page", "top"]


def read_fees(lines: Sequence[Line], year: int, stops: Sequence[re.Pattern[str]] = (),
              headers: Mapping[str, str] = FEE_HEADERS) -> tuple[pd.DataFrame, set[int]]:
    """The fee table as a frame in document order, and the indices of the lines it used."""
    table = read_table(lines, TITLE, headers, name="fees", stops=stops)
    notes = footnotes(lines, table.end)
    terms = {
        "base_year": base_year(table),
        "fee_year": int(TITLE.match(table.title)["year"]),
        "population_date": population_date(table.header["population"]),
        "fee_rate_promille": float(fee_rate(table, [line_text(lines[i]) for i in notes])),
    }
    records = []
    for row in table.rows:
        kind = "total" if row.bold or _TOTAL.search(row.label) else "municipality"
        record = {"document_year": year, "municipality": row.label, "row_kind": kind, **terms,
                  "page": row.page, "top": row.top}
        record["population"] = parse_int(row.numbers["population"])
        record["tax_rate"] = float(parse_number(row.numbers["tax_rate"]))
        record.update({column: parse_int(row.numbers[column]) for column in AMOUNTS})
        records.append(record)
    return pd.DataFrame.from_records(records, columns=COLUMNS), set(table.consumed) | set(notes)


def footnotes(lines: Sequence[Line], start: int) -> list[int]:
    """The table's footnotes: lines marked '*' right after it (on its page or atop the next),
    with their wrapped lines."""
    found: list[int] = []
    for i in range(start, len(lines)):
        line, previous = lines[i], lines[i - 1]
        marked = line.words[0].text.startswith("*")
        wrapped = bool(found) and found[-1] == i - 1 and line.page == previous.page \
            and abs(line.size - previous.size) < 0.3 and 0 <= line.top - previous.bottom < 0.5 * line.size
        if not (marked or wrapped):
            break
        found.append(i)
    return found


def base_year(table: Table) -> int:
    """The year of the taxes and grants: "… under 2007" in the title, else the amount headers."""
    match = re.search(r"\bunder\s+(\d{4})\b", table.title)
    if match:
        return int(match[1])
    for column in ("own_tax_income", "taxes_and_grants", "total_grants"):
        years = _YEAR.findall(table.header[column])
        if years:
            return int(years[-1].replace(" ", ""))
    raise TableNotFound(f"fees: neither the title {table.title!r} nor the headers state the base year")


def population_date(header: str) -> str:
    """"Antal invånare den 1 nov 2006" → "2006-11-01"."""
    match = _DATE.search(header)
    if match is None:
        raise TableNotFound(f"fees: the population header {header!r} states no date")
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    return f"{int(match['year'].replace(' ', ''))}-{month:02d}-{int(match['day']):02d}"


def fee_rate(table: Table, notes: Sequence[str]) -> Decimal:
    """The fee rate in promille, as the fee column's header or the table's footnotes state it."""
    for text in (table.header["fee"], *notes):
        rates = [q for _, q in find_quantities(text) if q.unit == "promille"]
        if rates:
            return rates[0].value
    raise TableNotFound(f"fees: no rate in promille in the fee header {table.header['fee']!r} or its footnotes")
