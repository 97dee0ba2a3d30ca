"""Where the KSL 2008 extractor finds its tables and contents, for ``planextract debug`` images.

The boxes are drawn around exactly the lines the table reader consumed (title, header, rows,
footnotes), so a picture shows what was read, not what was meant to be read. A table that is
not found simply has no box: that is what a debugging author needs to see.
"""

from __future__ import annotations

from collections.abc import Mapping

from planextract.debug import Region, bounding_regions
from planextract.document import Document
from planextract.errors import PlanextractError

from . import fees, resources
from .grid import read_table
from .layout import body_lines
from .outline import read_toc


def table_regions(document: Document, resource_headers: Mapping[str, str],
                  fee_headers: Mapping[str, str]) -> list[Region]:
    lines = body_lines(document)
    found: list[Region] = []
    tables = (("resources", resources.TITLE, resource_headers, fees.TITLE),
              ("fees", fees.TITLE, fee_headers, resources.TITLE))
    for label, title, headers, stop in tables:
        try:
            table = read_table(lines, title, headers, name=label, stops=[stop])
        except PlanextractError:
            continue
        used = set(table.consumed) | (set(fees.footnotes(lines, table.end)) if label == "fees" else set())
        found += bounding_regions((lines[i] for i in sorted(used)), label)
    found += bounding_regions((lines[entry.index] for entry in read_toc(lines)), "contents")
    return found
