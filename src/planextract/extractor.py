"""The extractor interface: what an era plugin hands the host.

An extractor knows one document era. The host asks every extractor to :meth:`detect` a
document, runs the best one's :meth:`extract`, validates each table against the schema the
extractor declared, then runs its :meth:`check`. Data flows one way:
Document → extract → frames → schema validation → check → outputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import pandas as pd

    from .checks import CheckResult
    from .document import Document


@dataclass(frozen=True)
class Detection:
    """How sure an extractor is that a document is its era (0..1), and why; ``year``: the plan
    year it found (two claims with different years are two plans in one file)."""

    score: float
    reason: str
    year: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"detection score must be within 0..1, got {self.score}")


@dataclass(frozen=True)
class TableSpec:
    """A table an extractor produces: its name, its pandera model and what it holds.
    ``terms`` are columns stating one term of the whole table on every row (a fee rate):
    the host checks they have one value."""

    name: str
    schema: type
    description: str
    terms: tuple[str, ...] = ()


@dataclass
class Extraction:
    """What :meth:`Extractor.extract` hands back: the tables it read, those it could not read
    (name → why, with the page where it looked), how each table was read, and the evidence
    that it was read whole.

    A table that cannot be read costs that table, not the document: the host validates and
    checks the others and reports the document incomplete. An extractor may also return a
    plain mapping of frames (every table read).
    """

    tables: dict[str, pd.DataFrame]
    missing: dict[str, str] = field(default_factory=dict)
    readings: dict[str, str] = field(default_factory=dict)
    #: What the page shows, per table (:mod:`planextract.completeness`): the completeness
    #: checks compare the frames with it.
    evidence: dict[str, object] = field(default_factory=dict)
    #: Per page, how many words went to tables, headings, paragraphs, items, furniture or
    #: nowhere (:func:`planextract.completeness.coverage`).
    coverage: dict[int, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, returned: Extraction | Mapping[str, pd.DataFrame]) -> Extraction:
        return returned if isinstance(returned, Extraction) else cls(dict(returned))


@runtime_checkable
class Extractor(Protocol):
    """One document era. Implementations are plain classes; no base class is required."""

    name: str
    version: str
    tables: tuple[TableSpec, ...]

    def detect(self, document: Document) -> Detection | None:
        """Score the document, or ``None`` when it is plainly not this era."""

    def extract(self, document: Document) -> Extraction | Mapping[str, pd.DataFrame]:
        """Every declared table as a DataFrame, rows in document order, each with ``page``;
        a table that could not be read goes in :attr:`Extraction.missing` with the reason."""

    def check(self, tables: Mapping[str, pd.DataFrame]) -> Iterable[CheckResult]:
        """Reconcile the validated tables: sums, products, narrative figures."""

    def canonical(self, tables: Mapping[str, pd.DataFrame]) -> Mapping[str, pd.DataFrame]:
        """The cross-era tables (:mod:`planextract.canonical`: fees, budget_lines, activities,
        areas) filled from the validated era tables, with the helpers there:
        ``fees_from_era``, ``budget_line``/``staff_line`` (amounts in the income statement's
        signs), ``activities_from_era`` (the era's kinds mapped onto aim/goal/activity, its top
        headings onto :data:`~planextract.canonical.AREAS`) and ``areas_from_activities``.
        Optional: an extractor without it contributes no canonical rows."""
