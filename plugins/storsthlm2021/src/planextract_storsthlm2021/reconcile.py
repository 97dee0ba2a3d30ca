"""The cross-checks: fees against rate × base and their total; the budget's results, sums and
total against their parts; the budget's fee income against the fee table; prose figures
against the tables. Tolerances follow :mod:`planextract.checks` (n × unit / 2 for a sum of n
rounded terms); a year the document leaves blank is ``skipped`` with the reason it gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from planextract.checks import (
    CheckResult,
    compare,
    exact,
    failed,
    passed,
    product_check,
    skipped,
    stated_figure_check,
    sum_check,
)
from planextract.completeness import members_check, total_check
from planextract.numbers import parse_quantity, round_to

from .declarations import MEMBERS, YEAR_COLUMNS

FTE_UNIT = Decimal("0.1")
TKR = Decimal(1000)


def check_all(tables: Mapping[str, pd.DataFrame]) -> list[CheckResult]:
    budget, fees, figures = tables["budget"], tables["fees"], tables["stated_figures"]
    return [
        total_check("budget", budget, "item", last=True),
        total_check("fees", fees, "municipality", last=False),
        members_check("fees", fees, "municipality", "municipality", MEMBERS),
        note_check(budget),
        *fee_checks(fees),
        *budget_checks(budget),
        *cross_checks(budget, fees),
        *narrative_checks(figures, budget, fees),
    ]


def note_check(budget: pd.DataFrame) -> CheckResult:
    """Every amount the budget leaves out is explained by a note printed in its column
    ("Budgetmodellen har ändrats, därför saknas siffror för 2019"): a blank is not a zero."""
    rows = budget[budget["row_kind"] != "unit"]
    blank = rows[rows[list(YEAR_COLUMNS)].isna().any(axis=1) & rows["note"].isna()]
    location = f"budget: {int(rows[list(YEAR_COLUMNS)].isna().sum().sum())} amounts left out"
    if len(blank):
        named = ", ".join(f"{r.unit} / {r.item} (page {r.page})" for r in blank.itertuples())
        return failed("completeness.notes", location, f"budget incomplete: no amount and no note in {named}")
    return passed("completeness.notes", location, "each explained by a note")


# --------------------------------------------------------------------------- fees
def fee_checks(fees: pd.DataFrame) -> Iterator[CheckResult]:
    for row in fees.itertuples():
        rate = exact(row.fee_rate_promille) / 1000
        yield product_check("fees.fee_rate", f"fees: {row.municipality}, fee {row.fee_year}", Decimal(int(row.fee_kr)),
                            rate, Decimal(int(row.taxes_and_grants_kr)), page=int(row.page))
    totals = fees[fees["row_kind"] == "total"]
    parts = fees[fees["row_kind"] == "municipality"]
    if len(totals) != 1:
        return  # completeness.total fails
    total = totals.iloc[0]
    page = int(total["page"])
    terms = [Decimal(int(v)) for v in parts["population"]]
    yield compare("fees.column_total", f"fees: {total['municipality']}, population", sum(terms, Decimal(0)),
                  Decimal(int(total["population"])), Decimal(0), unit="inhabitants", page=page,
                  rule=f"a count: sum of {len(terms)} municipalities, exact")
    for column, label in (("taxes_and_grants_kr", f"taxes and grants {total['base_year']}"),
                          ("fee_kr", f"fee {total['fee_year']}")):
        yield sum_check("fees.column_total", f"fees: {total['municipality']}, {label}", Decimal(int(total[column])),
                        [Decimal(int(v)) for v in parts[column]], page=page)


# --------------------------------------------------------------------------- budget
@dataclass
class Unit:
    """A budget unit: its own row, its lines and its result row."""

    row: pd.Series
    lines: list[pd.Series] = field(default_factory=list)
    result: pd.Series | None = None

    @property
    def name(self) -> str:
        return str(self.row["item"])


@dataclass
class Group:
    """Units closed by a Summa row."""

    units: list[Unit] = field(default_factory=list)
    sum: pd.Series | None = None


def budget_structure(budget: pd.DataFrame) -> tuple[list[Group], pd.Series | None]:
    """The table as groups of units, each closed by its Summa row, and the Totalt row."""
    groups, total = [Group()], None
    for _, row in budget.iterrows():
        kind = row["row_kind"]
        if kind == "unit":
            groups[-1].units.append(Unit(row))
        elif kind in ("line", "result") and groups[-1].units:
            unit = groups[-1].units[-1]
            if kind == "line":
                unit.lines.append(row)
            else:
                unit.result = row
        elif kind == "sum":
            groups[-1].sum = row
            groups.append(Group())
        elif kind == "total":
            total = row
    return [g for g in groups if g.units or g.sum is not None], total


def budget_checks(budget: pd.DataFrame) -> Iterator[CheckResult]:
    if budget.empty:
        return
    year = int(budget["document_year"].iloc[0])
    groups, total = budget_structure(budget)
    units = [u for g in groups for u in g.units]
    for unit in units:
        yield from _result_checks(unit, year)
    for group in groups:
        if group.sum is not None:
            yield from _sum_checks("budget.sum", group.sum, [(u.name, u.result) for u in group.units], year)
            yield _fte_check(group.sum, units=group.units)
    if total is not None:
        sums = [(str(g.sum["item"]), g.sum) for g in groups if g.sum is not None]
        yield from _sum_checks("budget.total", total, sums, year)
        yield _fte_check(total, units=units)


def _years(year: int) -> list[tuple[str, int]]:
    return [(column, year - back) for back, column in enumerate(YEAR_COLUMNS)]


def _result_checks(unit: Unit, year: int) -> Iterator[CheckResult]:
    for column, label in _years(year):
        where = f"budget: {unit.name}, {unit.result['item'] if unit.result is not None else 'result'}, {label}"
        if unit.result is None:
            yield skipped("budget.result", where, "the unit has no Resultat/Nettokostnad row", unit="tkr",
                          page=int(unit.row["page"]))
            continue
        rows = [*unit.lines, unit.result]
        page = int(unit.result["page"])
        missing = [r for r in rows if pd.isna(r[column])]
        if missing:
            yield skipped("budget.result", where, _missing_reason(missing, column), unit="tkr", page=page)
            continue
        yield sum_check("budget.result", where, exact(unit.result[column]), [exact(r[column]) for r in unit.lines],
                        unit_name="tkr", page=page)


def _sum_checks(check: str, stated: pd.Series, parts: list[tuple[str, pd.Series | None]], year: int):
    for column, label in _years(year):
        where = f"budget: {stated['item']}, {label}"
        page = int(stated["page"])
        absent = [name for name, row in parts if row is None or pd.isna(row[column])]
        if pd.isna(stated[column]) or absent or not parts:
            reason = _missing_reason([r for _, r in parts if r is not None and pd.isna(r[column])], column,
                                     names=absent or [str(stated["item"])])
            yield skipped(check, where, reason, unit="tkr", page=page)
            continue
        yield sum_check(check, where, exact(stated[column]), [exact(row[column]) for _, row in parts],
                        unit_name="tkr", page=page)


def _fte_check(stated: pd.Series, units: list[Unit]) -> CheckResult:
    where = f"budget: {stated['item']}, FTE"
    page = int(stated["page"])
    if pd.isna(stated["fte"]):
        return skipped("budget.fte", where, f"no FTE printed on '{stated['item']}'", unit="FTE", page=page)
    missing = [u.name for u in units if pd.isna(u.row["fte"])]
    if missing:
        return skipped("budget.fte", where, f"no FTE printed for {', '.join(missing)}", unit="FTE", page=page)
    return sum_check("budget.fte", where, exact(stated["fte"]), [exact(u.row["fte"]) for u in units],
                     unit=FTE_UNIT, unit_name="FTE", page=page)


def _missing_reason(rows: list[pd.Series], column: str, names: list[str] | None = None) -> str:
    notes = sorted({str(r["note"]) for r in rows if isinstance(r.get("note"), str)})
    who = ", ".join(names) if names else ", ".join(str(r["item"]) for r in rows)
    reason = f"no amount printed for {who}"
    return f"{reason}: {' '.join(notes)}" if notes else reason


# --------------------------------------------------------------------------- cross-table
def fee_income_row(budget: pd.DataFrame) -> pd.Series | None:
    """The budget's fee income: "Intäkter" of the board-and-management unit (Styrelse …)."""
    rows = budget[(budget["row_kind"] == "line")
                  & budget["item"].str.match(r"intäkter", case=False)
                  & budget["unit"].str.contains(r"styrelse", case=False)]
    return rows.iloc[0] if len(rows) else None


def project_income_row(budget: pd.DataFrame) -> pd.Series | None:
    """The budgeted project income: "Intäkter" of the project-financed unit."""
    rows = budget[(budget["row_kind"] == "line")
                  & budget["item"].str.match(r"intäkter", case=False)
                  & budget["unit"].str.contains(r"projekt", case=False)]
    return rows.iloc[0] if len(rows) else None


def fee_total(fees: pd.DataFrame) -> pd.Series | None:
    totals = fees[fees["row_kind"] == "total"]
    return totals.iloc[0] if len(totals) else None


def cross_checks(budget: pd.DataFrame, fees: pd.DataFrame) -> Iterator[CheckResult]:
    income, total = fee_income_row(budget), fee_total(fees)
    where = "budget: Styrelse och ledning, Intäkter vs fees: total fee"
    if income is None or total is None or pd.isna(income["budget_tkr"]):
        yield skipped("cross.fee_income", where, "no fee income row in the budget or no total in the fee table",
                      unit="tkr")
        return
    year = int(income["document_year"])
    where = (f"budget: {income['unit']}, {income['item']}, {year} "
             f"vs fees: {total['municipality']}, fee {total['fee_year']}")
    kronor = Decimal(int(total["fee_kr"]))
    yield compare("cross.fee_income", where, round_to(kronor / TKR, 0), exact(income["budget_tkr"]), Decimal(1),
                  unit="tkr", page=int(income["page"]),
                  rule=f"fee table total {kronor} kr rounded half up to tkr; tolerance 1 tkr")


# --------------------------------------------------------------------------- narrative
def narrative_checks(figures: pd.DataFrame, budget: pd.DataFrame, fees: pd.DataFrame) -> Iterator[CheckResult]:
    targets = _narrative_targets(budget, fees)
    for row in figures.itertuples():
        if row.subject == "other":
            continue
        check = f"narrative.{row.subject}"
        what, value = targets.get(row.subject, (row.subject, None))
        where = f"text: '{row.text}' (page {row.page}) vs {what}"
        if value is None:
            yield skipped(check, where, f"no table figure for {row.subject}", unit=row.unit, page=int(row.page))
            continue
        yield stated_figure_check(check, where, parse_quantity(row.text), value, page=int(row.page))


def _narrative_targets(budget: pd.DataFrame, fees: pd.DataFrame) -> dict[str, tuple[str, Decimal | None]]:
    income, projects, total = fee_income_row(budget), project_income_row(budget), fee_total(fees)
    targets: dict[str, tuple[str, Decimal | None]] = {}
    if total is not None:
        targets["fee_income"] = (f"fees: {total['municipality']}, fee {total['fee_year']}", Decimal(int(total["fee_kr"])))
        targets["fee_rate"] = (f"fees: header rate, fee {total['fee_year']}", exact(total["fee_rate_promille"]) / 1000)
    for subject, row, column, back in (("fee_income_prev", income, "budget_prev_tkr", 1),
                                       ("project_income", projects, "budget_tkr", 0)):
        if row is not None and not pd.isna(row[column]):
            year = int(row["document_year"]) - back
            targets[subject] = (f"budget: {row['unit']}, {row['item']}, {year}", exact(row[column]) * TKR)
    return targets
