"""Completeness: the checks that prove everything printed was read.

Three layers: the checks on hand-made frames and evidence; losses injected into the reading
of a real sample (a row the grid lost, a table cut at a page break, two items merged, a list
heading read as text) — each must fail, name the table and reach the CLI as "incomplete" with
exit 1; and on every genuine rendering the checks stay quiet (tests/test_layout_fuzz.py and
the goldens assert no failing check).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from types import SimpleNamespace

import pandas as pd
import pytest
from click.testing import CliRunner

import planextract
from planextract.cli import cli
from planextract.completeness import (
    FigureEvidence,
    ListEvidence,
    ListOccurrence,
    Printed,
    Stray,
    TableEvidence,
    list_checks,
    members_check,
    number_check,
    row_check,
    figure_check,
    terms_check,
    total_check,
)
from planextract.errors import EXIT_CHECKS_FAILED

from .conftest import SAMPLES


def _fees() -> pd.DataFrame:
    return pd.DataFrame({"municipality": ["Länet", "Botkyrka", "Danderyd"], "row_kind": ["total", "municipality", "municipality"],
                         "population": [300, 100, 200], "fee": [30.5, 10.25, 20.25], "page": [1, 1, 1]})


def _proof(**changes) -> TableEvidence:
    printed = tuple(Printed(c, str(v), Decimal(str(v)), label, 1, 10.0 * k)
                    for k, (label, p, f) in enumerate(zip(["Länet", "Botkyrka", "Danderyd"], [300, 100, 200],
                                                          ["30,5", "10,25", "20,25"]))
                    for c, v in (("population", p), ("fee", f.replace(",", "."))))
    return dataclasses.replace(TableEvidence("fees", "municipality", ("Länet", "Botkyrka", "Danderyd"), printed),
                               **changes)


# --------------------------------------------------------------------------- numbers and rows
def test_every_printed_number_found_in_its_column_is_ok():
    assert number_check(_fees(), _proof()).status == "ok"
    assert row_check(_fees(), _proof()).status == "ok"


@pytest.mark.parametrize("damage", [
    lambda f: f.drop(index=1),
    lambda f: f.assign(fee=[30.5, None, 20.25]),
    lambda f: f.assign(fee=[30.5, 10.26, 20.25]),
    lambda f: f.assign(population=[300, 200, 100], fee=[30.5, 20.25, 20.25]),  # a value read twice, one lost
    lambda f: f.drop(columns="fee"),
])
def test_a_number_printed_but_not_in_the_frame_fails_naming_it(damage):
    result = number_check(damage(_fees()), _proof())
    assert result.status == "fail"
    assert result.rule.startswith("fees incomplete: ")
    assert "page 1" in result.rule


def test_a_number_in_the_tables_region_that_no_row_holds_fails_with_its_position():
    result = number_check(_fees(), _proof(strays=(Stray("4 711", 2, 412.4, 300.2),)))
    assert result.status == "fail"
    assert "4 711 at page 2, x 412, top 300 stands in no row" in result.rule


def test_a_row_label_not_in_the_frame_fails():
    result = row_check(_fees().iloc[:2], _proof())
    assert result.status == "fail" and "'Danderyd'" in result.rule


def test_a_note_printed_in_the_table_must_be_in_the_note_column():
    frame = _fees().assign(note=[None, "Modellen har ändrats.", None])
    proof = _proof(notes=("Modellen har ändrats.",), note_column="note")
    assert row_check(frame, proof).status == "ok"
    assert row_check(frame.assign(note=None), proof).status == "fail"


# --------------------------------------------------------------------------- totals, members, terms
def test_a_total_that_closes_its_table_must_be_its_last_row():
    budget = pd.DataFrame({"item": ["A", "B", "Totalt"], "row_kind": ["line", "line", "total"]})
    assert total_check("budget", budget, "item", last=True).status == "ok"
    assert total_check("budget", budget.iloc[:2], "item", last=True).status == "fail"  # cut before the total
    ran_on = pd.concat([budget, budget.iloc[:1]], ignore_index=True)
    assert "1 rows after the total" in total_check("budget", ran_on, "item", last=True).rule
    assert total_check("budget", ran_on, "item", last=False).status == "ok"


def test_every_member_once():
    assert members_check("fees", _fees(), "municipality", "municipality", 2).status == "ok"
    assert "3 members" in members_check("fees", _fees(), "municipality", "municipality", 3).rule
    doubled = _fees().assign(municipality=["Länet", "Botkyrka", "BOTKYRKA"])
    assert "'botkyrka' listed twice" in members_check("fees", doubled, "municipality", "municipality", 2).rule


def test_terms_stated_once_have_one_value():
    fees = _fees().assign(document_year=2008, fee_rate=[0.43, 0.43, 0.43])
    assert {r.status for r in terms_check({"fees": fees}, {"fees": ("fee_rate",)})} == {"ok"}
    changed = fees.assign(fee_rate=[0.43, 0.44, 0.43])
    assert [r.status for r in terms_check({"fees": changed}, {"fees": ("fee_rate",)})] == ["fail"]
    other_year = {"fees": fees, "lists": pd.DataFrame({"document_year": [2009]})}
    assert {r.location: r.status for r in terms_check(other_year, {})} == {
        "fees: terms stated once": "fail", "lists: terms stated once": "fail"}


# --------------------------------------------------------------------------- lists
def _activities() -> pd.DataFrame:
    rows = [("A", "Mål", "goal", 1, "Ett mål"), ("A", "Vad", "activity", 1, "Göra x"), ("A", "Vad", "activity", 2, "Göra y"),
            ("B", "Vad", "activity", 1, "Göra z")]
    return pd.DataFrame(rows, columns=["heading_path", "list_heading", "kind", "item", "text"])


def _lists(**changes) -> ListEvidence:
    occurrences = (ListOccurrence("Mål", 1, 10, ("Ett mål",), 0), ListOccurrence("Vad", 1, 50, ("Göra x", "Göra y"), 2),
                   ListOccurrence("Vad", 2, 10, ("Göra z",), 1))
    return dataclasses.replace(ListEvidence("activities", occurrences), **changes)


def test_lists_as_printed_are_ok():
    assert [r.status for r in list_checks(_activities(), _lists())] == ["ok"]


@pytest.mark.parametrize("damage, says", [
    (lambda f: f.drop(index=2), "2 items printed, the frame's list holds 1"),
    (lambda f: f.assign(heading_path=["A", "A", "B", "B"]), "numbering"),  # last item moved to the next list
    (lambda f: f.assign(item=[1, 1, 3, 1]), "(item 3 first)"),
    (lambda f: f.assign(list_heading=["Vad", "Vad", "Vad", "Vad"]), "is headed 'Vad'"),
    (lambda f: f.iloc[:3], "are not in the frame"),
])
def test_a_list_read_otherwise_than_printed_fails(damage, says):
    result, = list_checks(damage(_activities()), _lists())
    assert result.status == "fail" and result.rule.startswith("activities incomplete")
    assert says in result.rule or says == "numbering"


def test_a_heading_without_items_merged_bullets_and_unread_headings_fail():
    empty = _lists(occurrences=(*_lists().occurrences, ListOccurrence("Vad", 3, 10, (), 0)))
    assert "'Vad' on page 3 has no items" in list_checks(_activities(), empty)[0].rule
    merged = _lists(occurrences=(ListOccurrence("Mål", 1, 10, ("Ett mål",), 0),
                                 ListOccurrence("Vad", 1, 50, ("Göra x", "Göra y"), 3),
                                 ListOccurrence("Vad", 2, 10, ("Göra z",), 1)))
    assert "3 bulleted lines, 2 items" in list_checks(_activities(), merged)[0].rule
    unread = _lists(unread=(("Vad ska uppnås under 2008", 4),))
    assert "reads as running text" in list_checks(_activities(), unread)[0].rule


def test_only_the_declared_kinds_are_compared():
    goals_only = ListEvidence("activities", (ListOccurrence("Mål", 1, 10, ("Ett mål",), 0),), ("goal",))
    assert list_checks(_activities(), goals_only)[0].status == "ok"


# --------------------------------------------------------------------------- stated figures
def test_every_figure_in_the_text_is_a_row_read_as_printed():
    blocks = [dataclasses.make_dataclass("B", ["kind", "text", "page"])("paragraph", "Intäkterna blir 30,9 miljoner kronor.", 3)]
    proof = FigureEvidence.of(blocks)
    row = {"text": "30,9 miljoner kronor", "value": 30.9, "unit": "miljoner kronor", "decimals": 1,
           "approximate": False, "value_base": 30_900_000.0}
    assert figure_check(pd.DataFrame([row]), proof).status == "ok"
    assert "read as 31.9" in figure_check(pd.DataFrame([{**row, "value": 31.9}]), proof).rule
    assert "is not in the frame" in figure_check(pd.DataFrame([], columns=list(row)), proof).rule


# --------------------------------------------------------------------------- reading order
def _text_line(page: int, parts: list[tuple[float, str]]):
    from planextract.document import Word

    words = tuple(Word(t, x, 100.0, x + 5 * len(t), 110.0, "Helvetica", 10.0, page) for x, t in parts)
    return SimpleNamespace(words=words, page=page, text=" ".join(t for _, t in parts))


def test_lines_read_across_a_gutter_fail_once_several_line_up():
    from planextract.completeness import ReadingEvidence, reading_check

    across = [_text_line(20, [(70, "och"), (90, "andra"), (300, "Vi"), (315, "stöttar")]) for _ in range(3)]
    spread = [_text_line(6, [(70, "Kommunförbundet"), (160, "Län"), (480, "Verksamhetsplan")])]  # a running head
    bullet = [_text_line(5, [(70, "•"), (120, "Utveckla"), (170, "samverkan")])]
    blocks = [SimpleNamespace(kind="paragraph", lines=lines) for lines in (across, spread, bullet)]
    result = reading_check(ReadingEvidence.of(blocks, "activities"))
    assert result.status == "fail" and "page 20: 3 lines of text read across a gutter at x" in result.rule
    assert reading_check(ReadingEvidence.of(blocks[1:] + [SimpleNamespace(kind="paragraph", lines=across[:2])],
                                            "activities")).status == "ok"


# --------------------------------------------------------------------------- losses in a real reading
def _inject(monkeypatch, module: str, name: str, damage) -> None:
    """Wrap ``module.name`` (a reader the extractor calls) so its result is damaged."""
    import importlib

    target = importlib.import_module(module)
    original = getattr(target, name)
    monkeypatch.setattr(target, name, lambda *a, **k: damage(original(*a, **k)))


def _lose_row(reading):
    if reading.name != "resources":
        return reading
    return dataclasses.replace(reading, rows=reading.rows[:10] + reading.rows[11:])


def _cut_at_page_break(reading):
    if reading.name != "resources":
        return reading
    first = reading.pages[0]
    rows = tuple(r for r in reading.rows if r.page == first)
    words = frozenset(w for w in reading.words if w.page == first)
    return dataclasses.replace(reading, rows=rows, pages=(first,), words=words)


def _merge_items(blocks):
    out = list(blocks)
    heading = next(k for k, b in enumerate(out) if b.kind == "heading" and b.text.startswith("Vad ska uppnås"))
    k = next(k for k in range(heading, len(out) - 1) if out[k].kind == "item" and out[k + 1].kind == "item")
    a, b = out[k], out[k + 1]
    out[k:k + 2] = [dataclasses.replace(a, lines=a.lines + b.lines, text=f"{a.text} {b.marker} {b.text}")]
    return out


def _heading_as_text(blocks):
    out = list(blocks)
    k = next(k for k, b in enumerate(out) if b.kind == "heading" and b.text.startswith("Vad ska uppnås"))
    out[k] = dataclasses.replace(out[k], kind="paragraph")
    return out


@pytest.mark.parametrize("module, name, damage, table, says", [
    ("planextract_ksl2008.extractor", "read_table", _lose_row, "resources", "stands in no row"),
    ("planextract_ksl2008.extractor", "read_table", _cut_at_page_break, "resources", "0 total rows"),
    ("planextract_ksl2008.extractor", "read_blocks", _merge_items, "activities", "bulleted lines"),
    ("planextract_ksl2008.extractor", "read_blocks", _heading_as_text, "activities", "reads as running text"),
])
def test_a_loss_in_the_reading_fails_names_the_table_and_the_cli_says_incomplete(
        monkeypatch, tmp_path, module, name, damage, table, says):
    _inject(monkeypatch, module, name, damage)
    result = planextract.extract(SAMPLES / "ksl2008.pdf")
    failed = result.failed_checks
    assert failed["check"].str.startswith("completeness.").any()
    assert table in result.manifest["incomplete"] and says in result.manifest["incomplete"][table]
    run = CliRunner().invoke(cli, ["extract", str(SAMPLES / "ksl2008.pdf"), "-o", str(tmp_path)])
    assert run.exit_code == EXIT_CHECKS_FAILED == 1
    assert table in run.output.split("incomplete: ", 1)[1].split(")")[0].split(", ")


def test_the_manifest_counts_where_each_pages_words_went():
    result = planextract.extract(SAMPLES / "storsthlm2021.pdf")
    coverage = result.manifest["coverage"]
    assert len(coverage) == result.manifest["pages"]
    assert sum(counts.get("table", 0) for counts in coverage.values()) > 500
    assert all(set(counts) <= {"table", "heading", "paragraph", "item", "contents", "furniture", "nowhere"}
               for counts in coverage.values())
    assert result.manifest["pages_with_words_read_nowhere"] == {}
    assert result.manifest["incomplete"] == {}
