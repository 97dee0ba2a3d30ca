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

from .numbers import UNITS, Quantity, plain_decimal, round_to, truncate_to

#: The ``checks`` table, column by column.
CHECK_COLUMNS = {
    "check": "the rule's name, <table>.<what> (fees.column_total, completeness.rows, …)",
    "location": "what was checked: table, row and column, or the sentence",
    "expected": "what the parts imply (a sum, rate × base, the table figure a sentence describes)",
    "actual": "what the document states",
    "difference": "actual − expected",
    "tolerance": "the largest difference that is rounding, by the rule",
    "unit": "the unit of the figures (CHECK_UNITS); none for a check without figures",
    "status": "ok, rounding (within tolerance), fail or skipped (a figure is not printed)",
    "rule": "how expected was computed and why the tolerance is what it is, or why the check passed or was skipped",
    "page": "the page of the stated figure",
}
#: The figures of a check, exact decimals (``Decimal``; None where there is none) in ``unit``:
#: a float would print 71 904 782 960 kr as 7.190478e+10 and 0.1 FTE as 0.1000000000000000055.
AMOUNT_COLUMNS = ("expected", "actual", "difference", "tolerance")
#: A check's unit, one spelling each, whatever the plugin or the prose said ("miljoner kronor"
#: is mnkr, "FTE" fte); a check that compares no figures has none.
CHECK_UNITS = {
    "kr": "kr", "kronor": "kr", "tkr": "tkr", "mnkr": "mnkr", "miljoner kronor": "mnkr",
    "mdkr": "mdkr", "miljarder kronor": "mdkr", "promille": "promille", "procent": "percent",
    "percent": "percent", "fte": "fte", "inhabitants": "inhabitants", "rate": "rate",
}


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
    """The results as the ``checks`` table every output carries: figures exact, units from
    :data:`CHECK_UNITS` (an unknown unit is an error: a plugin's typo, not a new unit)."""
    rows = [
        {
            "check": r.check,
            "location": r.location,
            "expected": _exact(r.expected),
            "actual": _exact(r.actual),
            "difference": _exact(r.difference),
            "tolerance": _exact(r.tolerance),
            "unit": check_unit(r.unit),
            "status": str(r.status),
            "rule": r.rule,
            "page": r.page,
        }
        for r in results
    ]
    frame = pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
    frame["page"] = frame["page"].astype("Int64")
    for column in AMOUNT_COLUMNS:
        frame[column] = frame[column].astype(object)
    return frame


def check_unit(unit: str | None) -> str | None:
    """The one spelling of a check's unit (None for a check without figures)."""
    if not unit:
        return None
    try:
        return CHECK_UNITS[unit.strip().lower()]
    except KeyError:
        raise ValueError(f"check unit {unit!r} is none of {sorted(set(CHECK_UNITS.values()))}") from None


def summarize(checks: pd.DataFrame) -> dict[str, int]:
    """How many checks ended in each status (every status listed, zeros included)."""
    counts = checks["status"].value_counts()
    return {str(status): int(counts.get(str(status), 0)) for status in Status}


#: Decimal places a check's figures keep: a quotient ("ca" figures in promille) may have 28,
#: the database's DECIMAL(38, 9) holds nine; no printed figure has more than four.
FIGURE_PLACES = 9


def _exact(value) -> Decimal | None:
    """A check's figure as a plain Decimal (a plugin may have passed an int or a float), to
    :data:`FIGURE_PLACES` places at most."""
    if value is None:
        return None
    value = value if isinstance(value, Decimal) else exact(value)
    if value.as_tuple().exponent < -FIGURE_PLACES:  # type: ignore[operator]
        value = value.quantize(Decimal(1).scaleb(-FIGURE_PLACES))
    return plain_decimal(value)


def exact(value) -> Decimal:
    """A table cell as an exact Decimal: integers as they are, floats by their shortest repr
    (3.65 → Decimal("3.65"), never 3.649999…), so sums of printed figures stay exact."""
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))
