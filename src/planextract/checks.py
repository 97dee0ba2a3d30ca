"""Reconciliation results and the shared rules that produce them.

Every check compares a figure the document states with the figure its parts imply.
The tolerance is principled and recorded with the result: a sum of ``n`` terms each rounded
to a unit may be off by up to ``n × unit / 2``. Within it a difference is ``rounding``,
reported, never hidden; beyond it ``fail``. The source is never "fixed".
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import pandas as pd

from .numbers import UNITS, Quantity, round_to, truncate_to

CHECK_COLUMNS = [
    "check", "location", "expected", "actual", "difference", "tolerance", "unit", "status",
    "rule", "page",
]


class Status(StrEnum):
    OK = "ok"
    ROUNDING = "rounding"
    FAIL = "fail"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckResult:
    """One reconciliation: what was expected, what the document says, and the verdict."""

    check: str
    location: str
    expected: Decimal | None
    actual: Decimal | None
    tolerance: Decimal
    status: Status
    unit: str = "kr"
    rule: str = ""
    page: int | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected


def compare(
    check: str,
    location: str,
    expected: Decimal,
    actual: Decimal,
    tolerance: Decimal,
    *,
    unit: str = "kr",
    rule: str = "",
    page: int | None = None,
) -> CheckResult:
    """``ok`` when equal, ``rounding`` when within ``tolerance``, else ``fail``."""
    difference = abs(actual - expected)
    if difference == 0:
        status = Status.OK
    elif difference <= tolerance:
        status = Status.ROUNDING
    else:
        status = Status.FAIL
    return CheckResult(check, location, expected, actual, tolerance, status, unit, rule, page)


def passed(check: str, location: str, reason: str, *, unit: str = "", page: int | None = None) -> CheckResult:
    """A check that holds for a reason, not a number: every row read, every member listed."""
    return CheckResult(check, location, None, None, Decimal(0), Status.OK, unit, reason, page)


def failed(check: str, location: str, reason: str, *, unit: str = "", page: int | None = None) -> CheckResult:
    """A check that failed for a reason, not a number: a table not read, a row missing."""
    return CheckResult(check, location, None, None, Decimal(0), Status.FAIL, unit, reason, page)


def skipped(check: str, location: str, reason: str, *, unit: str = "kr", page: int | None = None) -> CheckResult:
    """A check that cannot run (a figure is missing in the source), with the reason."""
    return CheckResult(check, location, None, None, Decimal(0), Status.SKIPPED, unit, reason, page)


def sum_check(
    check: str,
    location: str,
    stated: Decimal,
    terms: Sequence[Decimal],
    *,
    unit: Decimal = Decimal(1),
    unit_name: str = "kr",
    page: int | None = None,
) -> CheckResult:
    """The stated total against the sum of its terms, each rounded to ``unit``."""
    tolerance = len(terms) * unit / 2
    rule = f"sum of {len(terms)} terms rounded to {unit} {unit_name}: tolerance {len(terms)} × {unit}/2"
    return compare(check, location, sum(terms, Decimal(0)), stated, tolerance,
                   unit=unit_name, rule=rule, page=page)


def product_check(
    check: str,
    location: str,
    stated: Decimal,
    rate: Decimal,
    base: Decimal,
    *,
    unit: Decimal = Decimal(1),
    unit_name: str = "kr",
    page: int | None = None,
) -> CheckResult:
    """A stated figure against ``rate × base`` rounded to ``unit``.

    Equal to the half-up rounded product: ``ok``. Within one unit (the document rounded
    another way, or from an unrounded base): ``rounding``. Beyond: ``fail``.
    """
    exact = rate * base
    expected = round_to(exact / unit, 0) * unit
    result = compare(check, location, expected, stated, unit, unit=unit_name, page=page,
                     rule=f"{rate} × {base} = {exact}, rounded half up to {unit} {unit_name}")
    return result


def stated_figure_check(
    check: str,
    location: str,
    stated: Quantity,
    table_value: Decimal,
    *,
    page: int | None = None,
) -> CheckResult:
    """A figure stated in prose against the table value it describes, at the stated precision.

    "46,9 miljoner kronor" matches 46 957 644 kr by truncation; "30,9" matches 30 919 057 by
    rounding. The rule that matched is recorded. "ca" figures may differ by 5 %.
    """
    value_in_unit = table_value / UNITS[stated.unit]
    rounded = round_to(value_in_unit, stated.decimals)
    truncated = truncate_to(value_in_unit, stated.decimals)
    half = Decimal(1).scaleb(-stated.decimals) / 2
    common = dict(unit=stated.unit, page=page)
    if stated.value == rounded:
        return CheckResult(check, location, rounded, stated.value, half, Status.OK,
                           rule=f"rounded to {stated.decimals} decimals", **common)
    if stated.value == truncated:
        return CheckResult(check, location, truncated, stated.value, half, Status.OK,
                           rule=f"truncated to {stated.decimals} decimals", **common)
    if stated.approximate:
        tolerance = abs(value_in_unit) * Decimal("0.05")
        return compare(check, location, value_in_unit, stated.value, tolerance,
                       rule="approximate ('ca'): within 5 %", **common)
    return CheckResult(check, location, rounded, stated.value, half, Status.FAIL,
                       rule=f"neither rounded nor truncated to {stated.decimals} decimals", **common)


def checks_frame(results: Iterable[CheckResult]) -> pd.DataFrame:
    """The results as the ``checks`` table every output carries."""
    rows = [
        {
            "check": r.check,
            "location": r.location,
            "expected": _float(r.expected),
            "actual": _float(r.actual),
            "difference": _float(r.difference),
            "tolerance": _float(r.tolerance),
            "unit": r.unit,
            "status": str(r.status),
            "rule": r.rule,
            "page": r.page,
        }
        for r in results
    ]
    frame = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    frame["page"] = frame["page"].astype("Int64")
    for column in ("expected", "actual", "difference", "tolerance"):
        frame[column] = frame[column].astype("float64")
    return frame


def summarize(checks: pd.DataFrame) -> dict[str, int]:
    """How many checks ended in each status (every status listed, zeros included)."""
    counts = checks["status"].value_counts()
    return {str(status): int(counts.get(str(status), 0)) for status in Status}


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def exact(value) -> Decimal:
    """A table cell as an exact Decimal: integers as they are, floats by their shortest repr
    (3.65 → Decimal("3.65"), never 3.649999…), so sums of printed figures stay exact."""
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))
