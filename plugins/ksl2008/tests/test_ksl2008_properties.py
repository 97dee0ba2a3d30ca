"""The KSL era's table rules: row kinds, the fee table's own terms (population date, fee rate,
base year), and declarations that compile and name every column the schemas read.

How the core finds and reads a declared table (header meaning over the real declarations,
row grouping, numbers from digit groups) is tested in tests/layout/.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planextract.errors import TableNotFound
from planextract.layout import TableReading, TableRow
from planextract.layout.tables import header_key
from planextract_ksl2008 import declarations
from planextract_ksl2008.schemas import FeesSchema, ResourcesSchema
from planextract_ksl2008.tables import (
    FEE_AMOUNTS,
    RESOURCE_AMOUNTS,
    base_year,
    fee_rate,
    fees_frame,
    population_date,
    resource_kind,
    resources_frame,
)

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
FEE_HEADER = "Avgift 2008 Total avgift uppgår till 0,43 promille av summan skatter, bidrag, avgifter under 2007"
TITLE = "Avgift till KSL 2008, baserat på prel utbetalda skatter och bidrag under 2007"


def row(label: str, values: dict[str, str], emphasis: frozenset[str] = frozenset(), top: float = 100.0) -> TableRow:
    return TableRow(label, values, {}, {}, emphasis, 7, top, top + 9, ())


def reading(name: str, rows: list[TableRow], title: str = "", headers: dict[str, str] | None = None,
            footnotes: tuple[str, ...] = ()) -> TableReading:
    return TableReading(name, title, headers or {}, tuple(rows), (7,), frozenset(), "test", footnotes)


# --------------------------------------------------------------------------- resources
@pytest.mark.parametrize(("label", "emphasised", "kind"), [
    ("Intern service", True, "subtotal"),
    ("Ekonomi-IT-Vakm-stab", False, "line"),
    ("KSL TOTALT", True, "total"),
    ("Totalt", True, "total"),
    ("Totala kostnader", True, "total"),
    ("Totalt", False, "line"),  # only a row that stands out sums the table
    ("Totalförsvar och beredskap", True, "subtotal"),  # a word starting with "total" is no total
])
def test_resource_kind(label, emphasised, kind):
    assert resource_kind(label, emphasised) == kind


def test_resource_rows_carry_their_group_and_kind():
    bold = frozenset({"bold"})
    amounts = {"personnel_kr": "5 445 555", "consultants_grants_conferences_kr": "500 000", "other_costs_kr": "-5 945 555",
               "revenues_kr": "0", "net_cost_kr": "0"}
    rows = [row("Intern service", {"fte": "3,65", **amounts}, bold),
            row("Ekonomi-IT-Vakm-stab", {"fte": "3,65", **amounts}),
            row("Andra organisationer", {"personnel_kr": "186 681"}, frozenset({"shaded"})),
            row("SEU", {"fte": "0,00", "net_cost_kr": "3 080 000"}),
            row("KSL TOTALT", {"fte": "3,65", **amounts}, bold)]
    frame = resources_frame(reading("resources", rows), 2008)
    assert frame[["group", "activity", "row_kind"]].values.tolist() == [
        ["Intern service", "Intern service", "subtotal"], ["Intern service", "Ekonomi-IT-Vakm-stab", "line"],
        ["Andra organisationer", "Andra organisationer", "subtotal"], ["Andra organisationer", "SEU", "line"],
        ["KSL TOTALT", "KSL TOTALT", "total"]]
    assert frame["fte"].tolist()[:2] == [3.65, 3.65] and pd.isna(frame["fte"].iloc[2])
    assert frame["other_costs_kr"].tolist()[0] == -5_945_555
    assert frame["net_cost_kr"].tolist()[3] == 3_080_000 and pd.isna(frame["personnel_kr"].iloc[3])
    assert all(str(frame[c].dtype) == "Int64" for c in RESOURCE_AMOUNTS)
    ResourcesSchema.validate(frame)


# --------------------------------------------------------------------------- fee terms
@settings(max_examples=100, deadline=None)
@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(1990, 2040),
       spelling=st.sampled_from(["full", "abbreviated", "dotted"]), upper=st.booleans(), spaced=st.booleans(),
       before=st.sampled_from(["Antal invånare den", "Folkmängd", "Invånare"]))
def test_population_date_reads_any_date_the_header_states(day, month, year, spelling, upper, spaced, before):
    name = MONTHS[month - 1]
    written = {"full": name, "abbreviated": name[:3], "dotted": name[:3] + "."}[spelling]
    printed = f"{str(year)[0]} {str(year)[1:]}" if spaced else str(year)  # "2 006" as in "Totala bidrag 2 007"
    header = f"{before} {day} {written.upper() if upper else written} {printed}"
    assert population_date(header) == f"{year}-{month:02d}-{day:02d}"


def test_a_population_header_without_a_date_names_itself():
    with pytest.raises(TableNotFound, match="'Antal invånare' states no date"):
        population_date("Antal invånare")


@pytest.mark.parametrize(("header", "notes", "rate"), [
    (FEE_HEADER, (), Decimal("0.43")),
    ("Avgift 2008", ("* Avgiften uppgår till 0,43 promille av summan skatter och bidrag.",), Decimal("0.43")),
    ("Avgift 2021 uppgår till 0,39 promille", ("* Högst 0,50 promille.",), Decimal("0.39")),  # the header first
    ("Avgift 2008", ("* Sänkt med 4,5 procent.", "** Till 0,45 promille."), Decimal("0.45")),
])
def test_fee_rate(header, notes, rate):
    assert fee_rate(header, notes) == rate


def test_a_fee_rate_stated_nowhere_is_an_error():
    with pytest.raises(TableNotFound, match="no rate in promille"):
        fee_rate("Avgift 2008", ("* Sänkt med 4,5 procent.",))


@pytest.mark.parametrize(("title", "headers", "year"), [
    (TITLE, {}, 2007),
    ("Avgift till KSL 2008", {"own_tax_income_kr": "Egna skatte- intäkter 2007"}, 2007),
    ("Avgift till KSL 2008", {"total_grants_kr": "Totala bidrag 2 007"}, 2007),  # a year set like an amount
    ("Avgift till KSL 2009", {"taxes_and_grants_kr": "Summa skatter och bidrag 2008", "total_grants_kr": "Bidrag 2007"},
     2008),
])
def test_base_year_from_the_title_else_the_amount_headers(title, headers, year):
    assert base_year(reading("fees", [], title, headers)) == year


def test_a_base_year_stated_nowhere_is_an_error():
    with pytest.raises(TableNotFound, match="nor the headers state the base year"):
        base_year(reading("fees", [], "Avgift till KSL 2008", {"own_tax_income_kr": "Egna skatteintäkter"}))


def test_fee_rows_and_terms():
    headers = {"population": "Antal invånare den 1 nov 2006", "fee_kr": FEE_HEADER}
    values = {"population": "77 432", "tax_rate": "0,2013", "tax_base_kr": "11 321 102 934",
              "own_tax_income_kr": "2 278 938 021", "total_grants_kr": "913 714 223", "taxes_and_grants_kr": "3 192 652 244",
              "fee_kr": "1 372 840"}
    rows = [row("Länets Kommuner", values, frozenset({"bold"})), row("BOTKYRKA", values),
            row("Summa", values)]  # labelled a sum: a total even without emphasis
    frame = fees_frame(reading("fees", rows, TITLE, headers), 2008)
    assert frame["row_kind"].tolist() == ["total", "municipality", "total"]
    assert frame[["population_date", "base_year", "fee_year", "fee_rate_promille"]].drop_duplicates().values.tolist() \
        == [["2006-11-01", 2007, 2008, 0.43]]
    assert frame["tax_rate"].tolist()[1] == 0.2013 and frame["fee_kr"].tolist()[1] == 1_372_840
    FeesSchema.validate(frame)
    short = {k: v for k, v in values.items() if k != "fee_kr"}
    with pytest.raises(TableNotFound, match="'DANDERYD' has no fee"):
        fees_frame(reading("fees", [row("DANDERYD", short)], TITLE, headers), 2008)


# --------------------------------------------------------------------------- declarations
def _patterns(decl) -> list[str]:
    return [p for p in (decl.title, *decl.stops, *(c.header for c in decl.columns)) if p]


@pytest.mark.parametrize(("decl", "schema", "read"), [
    (declarations.RESOURCES, ResourcesSchema, {"fte", *RESOURCE_AMOUNTS}),
    (declarations.FEES, FeesSchema, {"population", "tax_rate", *FEE_AMOUNTS}),
], ids=["resources", "fees"])
def test_declarations_compile_and_name_every_schema_column(decl, schema, read):
    """Every declared column (and the label) is a schema column, every schema column read
    from the table is declared, required and a number, and every pattern compiles."""
    columns = set(schema.to_schema().columns)
    assert decl.label in columns
    assert {c.name for c in decl.columns} == read <= columns
    assert all(c.required and c.kind == "number" for c in decl.columns)
    assert len({c.name for c in decl.columns}) == len(decl.columns)
    for pattern in _patterns(decl):
        re.compile(pattern)


def test_the_titles_match_the_printed_titles_and_stop_each_other():
    resources = "Sammanställning över resurser per aktivitet i verksamhetsplanen för år 2008"
    assert re.search(declarations.RESOURCES.title, header_key(resources))
    match = re.search(declarations.FEES.title, header_key(TITLE))
    assert match and match["year"] == "2008"
    assert declarations.FEES.title in declarations.RESOURCES.stops
    assert declarations.RESOURCES.title in declarations.FEES.stops
    assert not re.search(declarations.FEES.title, header_key(resources))


def test_signals_and_year_patterns_compile():
    for signal in declarations.SIGNALS:
        re.compile(signal.pattern)
    for pattern in (*declarations.YEAR_PATTERNS, declarations.GOAL_LIST, declarations.ACTIVITY_LIST):
        assert re.compile(pattern).groups <= 1
    assert all(re.compile(p).groups == 1 for p in declarations.YEAR_PATTERNS)
