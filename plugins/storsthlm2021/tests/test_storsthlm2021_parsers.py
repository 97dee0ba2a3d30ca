"""The Storsthlm era's own rules: budget row kinds, the subject of a stated figure, the
hours legend's labels, the declarations; and what the extractor says when a plan lacks
something.

Reading the page (columns and reading order, row grouping, numbers and legend lines, header
meaning over these declarations) is the core's job and is tested in tests/layout/.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from planextract.document import Document, Page, Word
from planextract.errors import TableNotFound
from planextract.layout import TableReading, TableRow
from planextract.layout.tables import header_key
from planextract.numbers import parse_quantity
from planextract_storsthlm2021 import declarations
from planextract_storsthlm2021.extractor import Storsthlm2021Extractor
from planextract_storsthlm2021.figures import subject
from planextract_storsthlm2021.schemas import BudgetSchema, FeesSchema, HoursSchema
from planextract_storsthlm2021.tables import budget_frame, budget_kind, hours_frame


def row(label: str, values: dict[str, str], emphasis: frozenset[str] = frozenset(),
        notes: dict[str, str] | None = None, top: float = 100.0) -> TableRow:
    return TableRow(label, values, {}, dict(notes or {}), emphasis, 12, top, top + 9, ())


def reading(name: str, rows: list[TableRow]) -> TableReading:
    return TableReading(name, "", {}, tuple(rows), (12,), frozenset(), "test")


# --------------------------------------------------------------------------- budget rows
@pytest.mark.parametrize(("label", "bold", "amounts", "fte", "kind"), [
    ("Styrelse och ledning", True, False, True, "unit"),
    ("Regional utveckling", False, False, True, "unit"),
    ("Välfärdsutveckling", True, False, False, "unit"),
    ("Intäkter", False, True, False, "line"),
    ("Intäkter", False, False, False, "line"),  # every amount left blank: still a line
    ("Resultat", True, True, False, "result"),
    ("Nettokostnad", False, True, False, "result"),
    ("Netto", False, True, False, "result"),
    ("Fördelade kostnader/intäkter", True, True, False, "result"),  # stands out with amounts
    ("Summa avgiftsfinansierad verksamhet", True, True, True, "sum"),
    ("Summa projekt- och avtalsfinansierad verksamhet", True, True, False, "sum"),
    ("Totalt Storsthlm", True, True, True, "total"),
    ("Totalt", False, False, False, "total"),
    ("Resultatet av projekten", False, True, False, "line"),  # "Resultat" must be the word
])
def test_budget_kind(label, bold, amounts, fte, kind):
    assert budget_kind(label, bold, amounts, fte) == kind


def test_budget_rows_carry_their_unit_and_a_note_stands_for_the_missing_year():
    bold = frozenset({"bold"})
    note = "Budgetmodellen har ändrats, därför saknas siffror för 2019."
    rows = [
        row("Kommunikation och processtöd", {"fte": "6,5"}, bold),
        row("Intäkter", {"budget_tkr": "0", "budget_prev_tkr": "0"}, notes={"budget_prev2_tkr": note}),
        row("Rörelsekostnader", {"budget_tkr": "-1 335", "budget_prev_tkr": "-2 081"}),
        row("Nettokostnad", {"budget_tkr": "-6 724", "budget_prev_tkr": "-7 213"}, bold),
        row("Stab och gemensamma bolagskostnader", {"fte": "4,5"}, bold),
        row("Intäkter", {"budget_tkr": "1 774", "budget_prev_tkr": "1 671", "budget_prev2_tkr": "1 660"}),
        row("Totalt Storsthlm", {"fte": "50,0", "budget_tkr": "0", "budget_prev_tkr": "4", "budget_prev2_tkr": "1"},
            bold),
    ]
    frame = budget_frame(reading("budget", rows), 2021)
    assert frame[["unit", "item", "row_kind"]].values.tolist() == [
        ["Kommunikation och processtöd", "Kommunikation och processtöd", "unit"],
        ["Kommunikation och processtöd", "Intäkter", "line"],
        ["Kommunikation och processtöd", "Rörelsekostnader", "line"],
        ["Kommunikation och processtöd", "Nettokostnad", "result"],
        ["Stab och gemensamma bolagskostnader", "Stab och gemensamma bolagskostnader", "unit"],
        ["Stab och gemensamma bolagskostnader", "Intäkter", "line"],
        ["Totalt Storsthlm", "Totalt Storsthlm", "total"],
    ]
    notes = [n if isinstance(n, str) else None for n in frame["note"]]
    assert notes == [None, note, note, note, None, None, None]
    assert frame["budget_prev_tkr"].tolist()[2] == -2081 and frame["fte"].tolist()[0] == 6.5
    BudgetSchema.validate(frame)


# --------------------------------------------------------------------------- hours legend
def test_hours_legend_labels_lose_their_marker_and_sit_under_their_financing():
    rows = [
        row("Serviceavgiftsfinansierat", {}),
        row("■ Regional utveckling", {"hours": "12 100"}),
        row("▪Välfärdsutveckling", {"hours": "9 075"}),
        row("• Styrelse och ledning", {"hours": "3 025"}),
        row("\uf0a7 Avtalsfinansierat", {}),
        row("Gymnasieantagningen", {"hours": "19 775"}),
    ]
    frame = hours_frame(reading("hours", rows), 2021)
    assert frame[["financing", "area", "hours"]].values.tolist() == [
        ["Serviceavgiftsfinansierat", "Regional utveckling", 12100],
        ["Serviceavgiftsfinansierat", "Välfärdsutveckling", 9075],
        ["Serviceavgiftsfinansierat", "Styrelse och ledning", 3025],
        ["Avtalsfinansierat", "Gymnasieantagningen", 19775],
    ]
    HoursSchema.validate(frame)


def test_an_hours_entry_under_no_financing_heading_is_an_error():
    with pytest.raises(TableNotFound, match="'Regional utveckling' stands under no financing heading"):
        hours_frame(reading("hours", [row("■ Regional utveckling", {"hours": "12 100"})]), 2021)


# --------------------------------------------------------------------------- stated figures
@pytest.mark.parametrize(("sentence", "printed", "expected"), [
    ("Den totala serviceavgiftsintäkten för 2021 är 46,9 miljoner kronor, jämfört med 46,7 miljoner kronor "
     "föregående år.", "46,9 miljoner kronor", "fee_income"),
    ("Den totala serviceavgiftsintäkten för 2021 är 46,9 miljoner kronor, jämfört med 46,7 miljoner kronor "
     "föregående år.", "46,7 miljoner kronor", "fee_income_prev"),
    ("Serviceavgiftsintäkten för 2020 var 46,7 mnkr.", "46,7 mnkr", "fee_income_prev"),
    ("Till år 2020 sänkes avgiften till 0,40 och till 2021 ner till 0,39 promille av summa skatter.",
     "0,39 promille", "fee_rate"),
    ("Förbundsmötet beslutade i mars 2019 att avgiften högst får vara 0,50 promille av intäkterna.",
     "0,50 promille", "other"),
    ("För 2021 budgeteras för externfinansierade projekt motsvarande 13,9 miljoner kronor.",
     "13,9 miljoner kronor", "project_income"),
    ("För 2020 budgeterades för externfinansierade projekt motsvarande 44,4 miljoner kronor.",
     "44,4 miljoner kronor", "other"),
    ("Kansliet har 50 årsarbetare och kostar 20 miljoner kronor.", "20 miljoner kronor", "other"),
])
def test_subject_comes_from_the_sentence_not_the_value(sentence, printed, expected):
    start = sentence.index(printed)
    assert subject(sentence, start, start + len(printed), parse_quantity(printed), 2021) == expected


def test_a_changed_figure_keeps_its_subject():
    """A tampered value is still compared with the table it describes."""
    sentence = "Den totala serviceavgiftsintäkten för 2021 är {} miljoner kronor."
    for value in ("46,9", "12,0", "99 999,9"):
        text = sentence.format(value)
        printed = f"{value} miljoner kronor"
        start = text.index(printed)
        assert subject(text, start, start + len(printed), parse_quantity(printed), 2021) == "fee_income"


# --------------------------------------------------------------------------- declarations
@pytest.mark.parametrize(("decl", "schema", "read"), [
    (declarations.budget_table(2021), BudgetSchema, {"fte", *declarations.YEAR_COLUMNS}),
    (declarations.FEES, FeesSchema, {"population", "taxes_and_grants_kr", "fee_kr"}),
    (declarations.HOURS, HoursSchema, {"hours"}),
], ids=["budget", "fees", "hours"])
def test_declarations_compile_and_name_every_schema_column(decl, schema, read):
    columns = set(schema.to_schema().columns)
    assert decl.label in columns
    assert {c.name for c in decl.columns} == read <= columns
    assert len({c.name for c in decl.columns}) == len(decl.columns)
    for pattern in (decl.title, *decl.stops, *(c.header for c in decl.columns)):
        re.compile(pattern)


@pytest.mark.parametrize("year", [2019, 2021, 2024])
def test_the_budget_is_declared_for_the_plans_year(year):
    decl = declarations.budget_table(year)
    assert re.search(decl.title, header_key(f"Budget {year}"))
    assert not re.search(decl.title, header_key(f"Budget {year - 1}"))
    assert not re.search(decl.title, header_key(f"Budget {year} och verksamhetsplan"))
    years = {c.name: c.header for c in decl.columns if c.name != "fte"}
    assert [name for k in range(3) for name, pattern in years.items()
            if re.search(pattern, header_key(f"Budget {year - k}"))] == list(declarations.YEAR_COLUMNS)


def test_the_tables_stop_at_each_other():
    assert declarations.FEES_TITLE in declarations.budget_table(2021).stops
    assert declarations.HOURS_TITLE in declarations.FEES.stops
    assert declarations.FEES_TITLE in declarations.HOURS.stops
    assert declarations.HOURS.headerless and not declarations.FEES.headerless


# --------------------------------------------------------------------------- whole extractions
def _document(lines: list[str]) -> Document:
    words, top = [], 100.0
    for text in lines:
        x = 70.0
        for token in text.split():
            words.append(Word(token, x, top, x + 5.0 * len(token), top + 10.0, "Helvetica", 10.0, 1))
            x += 5.0 * len(token) + 2.8
        top += 20.0
    return Document(Path("other.pdf"), "0" * 64, 0, (Page(1, 595.0, 842.0, tuple(words)),))


def test_a_document_without_a_plan_year_says_so():
    with pytest.raises(TableNotFound, match="no plan year"):
        Storsthlm2021Extractor().extract(_document(["Pannkakor", "Tre ägg och mjölk."]))


def test_a_plan_without_its_tables_names_what_was_looked_for():
    """A table not read costs that table, not the document: each missing one says why."""
    extraction = Storsthlm2021Extractor().extract(_document(["Verksamhetsplan och budget 2021", "Aktiviteter"]))
    assert set(extraction.missing) == {"budget", "fees", "hours", "activities"}
    assert re.search(r"^budget: .*/\^budget\\s\+2021\$/", extraction.missing["budget"])
    assert "serviceavgift" in extraction.missing["fees"] and "planerade" in extraction.missing["hours"]
    assert "'Aktiviteter' heading" in extraction.missing["activities"]
    assert list(extraction.tables) == ["stated_figures"] and extraction.tables["stated_figures"].empty


def test_decimal_helpers_are_exact():
    from planextract.checks import exact as _dec

    assert _dec(0.39) / 1000 == Decimal("0.00039") and _dec(46958) == Decimal(46958)
