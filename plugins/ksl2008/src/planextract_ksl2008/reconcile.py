"""Do the figures add up? Fees, resources and the prose, checked against each other.

Tolerances follow :mod:`planextract.checks`: a sum of n terms each rounded to a unit may be
off by n × unit/2 (``rounding``), a fee may be off its rate × base by one krona. Amounts in
the tables are whole kronor; FTE are given to the number of decimals printed (0,05 → 0.01).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
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
from planextract.numbers import parse_quantity

from .declarations import GROUP_OF_PART, MEMBERS
from .tables import RESOURCE_AMOUNTS

FEE_SUMMED = ("population", "tax_base_kr", "own_tax_income_kr", "total_grants_kr", "taxes_and_grants_kr", "fee_kr")
RESOURCE_COLUMNS = ("fte", *RESOURCE_AMOUNTS)
COST_COLUMNS = ("personnel_kr", "consultants_grants_conferences_kr", "other_costs_kr")


def check_all(tables: Mapping[str, pd.DataFrame]) -> list[CheckResult]:
    fees, resources = tables["fees"], tables["resources"]
    return [
        *structure_checks(resources, fees, tables["activities"]),
        *fee_checks(fees),
        *resource_checks(resources),
        *narrative_checks(tables["stated_figures"], resources, fees),
    ]


# --------------------------------------------------------------------------- structure
def structure_checks(resources: pd.DataFrame, fees: pd.DataFrame, activities: pd.DataFrame) -> list[CheckResult]:
    """The totals close their tables, every member is in the fee table once, and the resource
    table's groups and the plan's parts name each other."""
    return [
        total_check("resources", resources, "activity", last=True),
        total_check("fees", fees, "municipality", last=False),
        members_check("fees", fees, "municipality", "municipality", MEMBERS),
        section_check(resources, activities),
    ]


def section_check(resources: pd.DataFrame, activities: pd.DataFrame) -> CheckResult:
    """Each part of the plan with activities ("Utbildningsberedningen") has its group in the
    resource table ("Verksamheter under Utbildningsberedningen", or the group the plan names
    for it: :data:`GROUP_OF_PART`) and each "Verksamheter under …" group a part."""
    parts = list(dict.fromkeys(path.split(" > ")[0] for path in activities["heading_path"]))
    subtotals = set(resources.loc[resources["row_kind"] == "subtotal", "activity"])
    groups = [g for g in sorted(subtotals) if re.match(r"verksamheter\s+under\s+", g, re.IGNORECASE)]
    named = {g: re.sub(r"^verksamheter\s+under\s+", "", g, flags=re.IGNORECASE).casefold() for g in groups}
    problems = [f"part {p!r} has no {GROUP_OF_PART.get(p, 'Verksamheter under …')!r} group in the resource table"
                for p in parts if p.casefold() not in named.values() and GROUP_OF_PART.get(p) not in subtotals]
    problems += [f"group {g!r} names no part of the plan" for g, n in named.items()
                 if n not in {p.casefold() for p in parts}]
    location = f"resources: {len(groups)} groups for {len(parts)} parts of the plan"
    if problems:
        return failed("completeness.sections", location, "resources or activities incomplete: " + "; ".join(problems))
    return passed("completeness.sections", location, "every part has its group" + "".join(
        f"; {p}: {GROUP_OF_PART[p]!r}" for p in parts if p in GROUP_OF_PART))


# --------------------------------------------------------------------------- fees
def fee_checks(fees: pd.DataFrame) -> Iterator[CheckResult]:
    for row in fees.itertuples():
        where = f"fees: {row.municipality}"
        yield sum_check("fees.row_sum", f"{where}, taxes_and_grants_kr", exact(row.taxes_and_grants_kr),
                        [exact(row.own_tax_income_kr), exact(row.total_grants_kr)], page=row.page)
        rate = exact(row.fee_rate_promille) / 1000
        yield product_check("fees.fee_rate", f"{where}, fee_kr", exact(row.fee_kr), rate, exact(row.taxes_and_grants_kr),
                            page=row.page)
    totals = fees[fees["row_kind"] == "total"]
    municipalities = fees[fees["row_kind"] == "municipality"]
    if len(totals) != 1:
        return  # completeness.total fails
    total = totals.iloc[0]
    page = int(total["page"])
    for column in FEE_SUMMED:
        location = f"fees: {total['municipality']}, {column}"
        terms = [exact(v) for v in municipalities[column]]
        if column == "population":  # head counts are exact: no rounding to allow for
            yield compare("fees.column_total", location, sum(terms, Decimal(0)), exact(total[column]), Decimal(0),
                          unit="inhabitants", rule=f"sum of {len(terms)} exact counts", page=page)
        else:
            yield sum_check("fees.column_total", location, exact(total[column]), terms, page=page)
    yield skipped("fees.column_total", f"fees: {total['municipality']}, tax_rate",
                  "utdebitering is a rate, not a sum of the municipalities' rates", unit="rate",
                  page=page)


# --------------------------------------------------------------------------- resources
def resource_checks(resources: pd.DataFrame) -> Iterator[CheckResult]:
    units = {column: _unit(resources[column]) for column in RESOURCE_COLUMNS}
    for row in resources.to_dict("records"):
        where = _where(row)
        terms = [exact(row[c]) for c in RESOURCE_AMOUNTS[:-1] if _present(row[c])]
        if _present(row["net_cost_kr"]):
            yield sum_check("resources.net_cost", f"{where}, net_cost_kr", exact(row["net_cost_kr"]), terms, page=row["page"])
        else:
            yield skipped("resources.net_cost", f"{where}, net_cost_kr", "no net cost printed", page=row["page"])
    yield from _subtotal_checks(resources, units)
    yield from _total_checks(resources, units)


def _subtotal_checks(resources: pd.DataFrame, units) -> Iterator[CheckResult]:
    subtotals = resources[resources["row_kind"] == "subtotal"]
    for _, subtotal in subtotals.iterrows():
        lines = resources[(resources["row_kind"] == "line") & (resources["group"] == subtotal["group"])]
        for column in RESOURCE_COLUMNS:
            yield _column_sum("resources.subtotal", f"resources: {subtotal['group']}, {column}", subtotal, lines,
                              column, units[column])


def _total_checks(resources: pd.DataFrame, units) -> Iterator[CheckResult]:
    totals = resources[resources["row_kind"] == "total"]
    subtotals = resources[resources["row_kind"] == "subtotal"]
    if len(totals) != 1:
        yield skipped("resources.total", "resources: total row", f"{len(totals)} total rows, expected one")
        return
    total = totals.iloc[0]
    for column in RESOURCE_COLUMNS:
        yield _column_sum("resources.total", f"resources: {total['activity']}, {column}", total, subtotals, column,
                          units[column])


def _column_sum(check: str, location: str, stated: pd.Series, parts: pd.DataFrame, column: str,
                unit: Decimal) -> CheckResult:
    terms = [exact(v) for v in parts[column] if _present(v)]
    unit_name = "FTE" if column == "fte" else "kr"
    if not _present(stated[column]):
        if terms:
            return skipped(check, location, "no figure printed for a column with figures", unit=unit_name,
                           page=int(stated["page"]))
        return skipped(check, location, "column empty", unit=unit_name, page=int(stated["page"]))
    return sum_check(check, location, exact(stated[column]), terms, unit=unit, unit_name=unit_name,
                     page=int(stated["page"]))


def _where(row: Mapping) -> str:
    if row["row_kind"] == "line":
        return f"resources: {row['group']} > {row['activity']}"
    if row["row_kind"] == "subtotal":
        return f"resources: {row['group']} (subtotal)"
    return f"resources: {row['activity']}"


# --------------------------------------------------------------------------- narrative
def narrative_checks(figures: pd.DataFrame, resources: pd.DataFrame, fees: pd.DataFrame) -> Iterator[CheckResult]:
    """Each stated figure with a subject against the table figure it describes."""
    for row in figures.itertuples():
        if row.subject == "other":
            continue
        check, location = f"narrative.{row.subject}", f"stated_figures: '{row.text}' (page {row.page})"
        source = TABLE_FIGURES.get(row.subject)
        value = source.value(resources, fees) if source else None
        if value is None:
            yield skipped(check, location, f"no table figure for {row.subject}", page=row.page)
            continue
        yield stated_figure_check(check, f"{location} vs {source.description}", parse_quantity(row.text), value,
                                  page=row.page)


@dataclass(frozen=True)
class ResourceSum:
    """A sum over resource rows: rows of ``kind`` whose activity matches ``include`` and not
    ``exclude``, over ``columns``; revenues are negative in the table and stated positive."""

    description: str
    kind: str
    columns: tuple[str, ...]
    include: str | None = None
    exclude: str | None = None
    negate: bool = False

    def value(self, resources: pd.DataFrame, fees: pd.DataFrame) -> Decimal | None:
        rows = resources[resources["row_kind"] == self.kind]
        if self.include:
            rows = rows[rows["activity"].str.contains(self.include, case=False, regex=True)]
        if self.exclude:
            rows = rows[~rows["activity"].str.contains(self.exclude, case=False, regex=True)]
        total = _sum(rows, self.columns)
        return -total if total is not None and self.negate else total


@dataclass(frozen=True)
class Derived:
    description: str
    compute: Callable[[pd.DataFrame, pd.DataFrame], Decimal | None]

    def value(self, resources: pd.DataFrame, fees: pd.DataFrame) -> Decimal | None:
        return self.compute(resources, fees)


def _sum(rows: pd.DataFrame, columns) -> Decimal | None:
    if rows.empty:
        return None
    return sum((exact(v) for c in columns for v in rows[c] if _present(v)), Decimal(0))


def _fee_total(fees: pd.DataFrame, column: str) -> Decimal | None:
    return _sum(fees[fees["row_kind"] == "total"], [column])


def _fee_rate(resources: pd.DataFrame, fees: pd.DataFrame) -> Decimal | None:
    fee, base = _fee_total(fees, "fee_kr"), _fee_total(fees, "taxes_and_grants_kr")
    return fee / base if fee is not None and base else None


def _net_interest(resources: pd.DataFrame, fees: pd.DataFrame) -> Decimal | None:
    financing = ResourceSum("", "line", ("revenues_kr",), include=r"medlemsavgift", negate=True).value(resources, fees)
    fee = _fee_total(fees, "fee_kr")
    return None if financing is None or fee is None else financing - fee


_BEREDNINGAR = r"^verksamheter under"
REVENUES = ("revenues_kr",)

#: What each subject's figure is in the tables.
TABLE_FIGURES: dict[str, ResourceSum | Derived] = {
    "fee_income": Derived("fees: total fee", lambda r, f: _fee_total(f, "fee_kr")),
    "fee_rate": Derived("fees: total fee / total taxes and grants", _fee_rate),
    "net_interest": Derived("resources: revenues of the financing line less the fees", _net_interest),
    "total_income": ResourceSum("resources: KSL total revenues", "total", REVENUES, negate=True),
    "total_costs": ResourceSum("resources: KSL total costs", "total", COST_COLUMNS),
    "other_income": ResourceSum("resources: revenues of the groups other than the externally financed units "
                                "and financing", "subtotal", REVENUES, exclude=r"externfinansierade|finansiering",
                                negate=True),
    "adult_education_income": ResourceSum("resources: revenues of the adult education lines", "line", REVENUES,
                                          include=r"\bvux", negate=True),
    "board_and_committees_costs": ResourceSum("resources: costs of the groups 'Verksamheter under …'",
                                              "subtotal", COST_COLUMNS, include=_BEREDNINGAR),
    "management_costs": ResourceSum("resources: costs of the groups other than the board, the beredningar, "
                                    "other organisations and the externally financed units", "subtotal",
                                    COST_COLUMNS, exclude=r"andra organisationer|externfinansierade|" + _BEREDNINGAR),
    "other_organisations_costs": ResourceSum("resources: costs of 'Andra organisationer'", "subtotal",
                                             COST_COLUMNS, include=r"andra organisationer"),
    "seu_grant": ResourceSum("resources: costs of the SEU line", "line", COST_COLUMNS, include=r"^SEU$"),
    "external_costs": ResourceSum("resources: costs of 'Externfinansierade enheter'", "subtotal", COST_COLUMNS,
                                  include=r"externfinansierade"),
}


# --------------------------------------------------------------------------- values
def _present(value) -> bool:
    return value is not None and not pd.isna(value)


def _unit(column: pd.Series) -> Decimal:
    """The unit a column is printed to: 1 for whole numbers, else 10^-decimals."""
    decimals = max((-exact(v).normalize().as_tuple().exponent for v in column if _present(v)), default=0)
    return Decimal(1).scaleb(-max(decimals, 0))
