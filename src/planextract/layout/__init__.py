"""The layout toolkit: how planextract reads any faithful typesetting of a plan.

Plugins declare what a document holds; this package reads it, from content and structure
only (never fonts, coordinates or page numbers of one rendering):

* :func:`read_body` — furniture dropped (:mod:`.furniture`), columns and reading order
  (:mod:`.columns`), the body text's style (:mod:`.styles`);
* :func:`read_table` — a declared table (:class:`TableDecl`) over pages (:mod:`.tables`,
  :mod:`.grid`, :mod:`.cells`);
* :func:`read_blocks` — headings, paragraphs and list items (:mod:`.blocks`);
* :func:`read_toc` — a table of contents, as evidence (:mod:`.outline`);
* :func:`stated_figures` — amounts and rates stated in the text (:mod:`.figures`).
"""

from .blocks import Block, heading_levels, read_blocks
from .body import Body, read_body
from .columns import Placed
from .figures import stated_figures
from .outline import TocEntry, read_toc, same_heading
from .styles import Style, line_style
from .tables import ColumnDecl, TableDecl, TableReading, TableRow, read_table

__all__ = [
    "Block",
    "Body",
    "ColumnDecl",
    "Placed",
    "Style",
    "TableDecl",
    "TableReading",
    "TableRow",
    "TocEntry",
    "heading_levels",
    "line_style",
    "read_blocks",
    "read_body",
    "read_table",
    "read_toc",
    "same_heading",
    "stated_figures",
]
