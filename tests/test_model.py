"""The cross-era canonical model an analyst relies on (issue 13): both samples in one
database, one sign per measure, closed vocabularies, municipalities by SCB code, dates as
dates, the README's queries printing what the README shows, old databases refused."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from planextract.canonical import (
    AREAS, COUNTY_TOTAL, KINDS, MEASURES, MUNICIPALITIES, MUNICIPALITY_CODES, ROW_KINDS, SOURCE_UNITS, Fees,
    municipality_name,
)
from planextract.checks import CHECK_UNITS
from planextract.cli import cli
from planextract.database import connect, load_result

ROOT = Path(__file__).resolve().parent.parent
EXE = str(Path(sys.executable).with_name("planextract"))


@pytest.fixture(scope="module")
def results():
    import planextract

    return {name: planextract.extract(ROOT / "samples" / f"{name}.pdf") for name in ("ksl2008", "storsthlm2021")}


@pytest.fixture(scope="module")
def database(results, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("model") / "plans.duckdb"
    with connect(path) as connection:
        for result in results.values():
            load_result(connection, result)
    return path


def rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_one_sign_per_measure_across_eras(database):
    totals = dict(((year, measure), amount) for year, measure, amount in rows(database, """
        SELECT document_year, measure, sum(amount_kr) FROM budget_lines
        WHERE row_kind = 'line' AND budget_year = document_year AND measure <> 'fte' GROUP BY ALL"""))
    for year in (2008, 2021):
        assert totals[year, "revenues"] > 0 and totals[year, "personnel_costs"] < 0
    # a unit's lines sum to its result in both eras (up to the plan's own rounding of a few kronor)
    off = rows(database, """
        SELECT document_year, org_unit, item, sum(amount_kr) FILTER (WHERE measure <> 'result')
               - sum(amount_kr) FILTER (WHERE measure = 'result') AS gap
        FROM budget_lines WHERE measure <> 'fte' AND row_kind = 'line' GROUP BY ALL HAVING abs(gap) > 3""")
    assert off == []


def test_every_value_is_in_its_vocabulary(database):
    assert {r[0] for r in rows(database, "SELECT DISTINCT measure FROM budget_lines")} <= set(MEASURES)
    assert {r[0] for r in rows(database, "SELECT DISTINCT row_kind FROM budget_lines")} == set(ROW_KINDS)
    assert {r[0] for r in rows(database, "SELECT DISTINCT source_unit FROM budget_lines")} == {"kr", "tkr", "fte"}
    assert set(SOURCE_UNITS) >= {"kr", "tkr", "fte"}
    assert {r[0] for r in rows(database, "SELECT DISTINCT kind FROM activities")} == set(KINDS)
    assert {r[0] for r in rows(database, "SELECT DISTINCT area FROM activities")} == set(AREAS)
    assert {r[0] for r in rows(database, "SELECT DISTINCT unit FROM checks")} - {None} <= set(CHECK_UNITS.values())
    staff = rows(database, "SELECT count(*), count(fte), count(amount_kr) FROM budget_lines WHERE measure = 'fte'")
    assert staff[0][0] == staff[0][1] > 0 and staff[0][2] == 0
    assert rows(database, "SELECT count(fte) FROM budget_lines WHERE measure <> 'fte'") == [(0,)]


def test_26_municipalities_with_codes_in_both_years_and_no_others(database):
    per_year = rows(database, """SELECT fee_year, count(DISTINCT municipality_code), count(*) FROM fees
                                 WHERE NOT is_total GROUP BY 1 ORDER BY 1""")
    assert per_year == [(2008, 26, 26), (2021, 26, 26)]
    assert rows(database, "SELECT count(*) FROM fees f ANTI JOIN municipalities m USING (municipality_code) "
                          "WHERE NOT is_total") == [(0,)]
    assert rows(database, "SELECT municipality_code, municipality FROM municipalities WHERE municipality_code "
                          "IN ('0180', '0192') ORDER BY 1") == [("0180", "Stockholm"), ("0192", "Nynäshamn")]
    assert rows(database, "SELECT DISTINCT municipality, municipality_code FROM fees WHERE is_total") == [
        (COUNTY_TOTAL, None)]


def test_goals_in_both_eras_with_their_activities_attached(database):
    counts = dict(((year, kind), n) for year, kind, n in rows(
        database, "SELECT document_year, kind, count(*) FROM activities GROUP BY ALL"))
    assert counts == {(2008, "aim"): 10, (2008, "goal"): 39, (2008, "activity"): 133,
                      (2021, "aim"): 3, (2021, "goal"): 14, (2021, "activity"): 116}
    # every goal_path names goal or aim rows of the same document, and each goal serves activities
    dangling = rows(database, """SELECT count(*) FROM activities a WHERE goal_path IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM activities g WHERE g.kind <> 'activity' AND g.heading_path = a.goal_path
        AND g.document_sha256 = a.document_sha256)""")
    assert dangling == [(0,)]
    idle = rows(database, """SELECT document_year, text FROM activities g WHERE kind = 'goal' AND NOT EXISTS (
        SELECT 1 FROM activities a WHERE a.goal_path = g.heading_path AND a.document_sha256 = g.document_sha256)""")
    assert idle == []
    # 2021: the "Vi …" headings are the goals their Aktiviteter serve; the prerequisite and support
    # chapters state none
    assert rows(database, """SELECT count(*) FILTER (WHERE goal_path = heading_path), count(*) FILTER (WHERE
        goal_path IS NULL), count(*) FROM activities WHERE document_year = 2021 AND kind = 'activity'""") == [
        (87, 29, 116)]
    assert rows(database, """SELECT DISTINCT area FROM activities WHERE document_year = 2021 AND kind = 'activity'
                             AND goal_path IS NULL ORDER BY 1""") == [("board",), ("support",)]
    # 2008: a lead-in and the bullets completing its sentence are one aim
    (board,) = rows(database, "SELECT text FROM activities WHERE document_year = 2008 AND kind = 'aim' "
                              "AND heading_path = 'Styrelsen'")
    assert board[0].startswith("Inriktningsmålet är att") and board[0].count("\n- ") == 4
    assert rows(database, """SELECT count(*) FROM activities WHERE document_year = 2008 AND kind = 'activity'
                             AND goal_path IS NULL""") == [(0,)]


def test_areas_map_both_eras_onto_one_vocabulary(database):
    areas = rows(database, "SELECT document_year, heading, area FROM areas ORDER BY 1, 3")
    assert [(y, h, a) for y, h, a in areas] == [
        (2008, "Styrelsen", "board"), (2008, "Utbildningsberedningen", "education_labour"),
        (2008, "Övrig verksamhet", "joint_operations"), (2008, "Samhällsbyggnadsberedningen", "planning_environment"),
        (2008, "Vård- och omsorgsberedningen", "welfare_health"),
        (2021, "Förutsättningar och fokusområden", "board"), (2021, "Utbildning och arbetsmarknad", "education_labour"),
        (2021, "Samhällsbygggnad och miljö", "planning_environment"), (2021, "Stödjande funktioner", "support"),
        (2021, "Social välfärd och hälsa", "welfare_health")]
    shared = {area for year, _, area in areas if year == 2008} & {area for year, _, area in areas if year == 2021}
    assert shared == {"board", "education_labour", "welfare_health", "planning_environment"}
    assert ("2021", "Samhällsbygggnad och miljö") in {(str(y), h) for y, h, a in areas if a == "planning_environment"}
    assert rows(database, "SELECT count(*) FROM activities a ANTI JOIN areas r ON r.area = a.area "
                          "AND r.document_sha256 = a.document_sha256 AND starts_with(a.heading_path, r.heading)") == [(0,)]


def test_an_unmapped_heading_fails_the_schema_naming_it():
    from planextract.canonical import Activities, activities_from_era

    era = pd.DataFrame({"document_year": [2030], "heading_path": ["Nämnden för rymdfart"], "list_heading": ["Mål"],
                        "kind": ["goal"], "item": [1], "text": ["Att nå månen."], "page": [4]})
    frame = activities_from_era(era, "storsthlm", kinds=lambda row: row["kind"], areas=(("Styrelsen", "board"),))
    with pytest.raises(Exception, match="Nämnden för rymdfart"):
        Activities.validate(frame)


def test_check_figures_are_exact_in_the_database(database):
    kinds = {name: kind for name, kind, *_ in rows(database, "DESCRIBE checks")}
    assert kinds["expected"] == kinds["tolerance"] == "DECIMAL(38,9)"
    big = rows(database, "SELECT max(expected) FROM checks WHERE unit = 'kr'")[0][0]
    assert big == int(big) and big > 10**11  # the county's tax base, to the krona
    assert {r[0] for r in rows(database, "SELECT libraries['pandas'] FROM documents")} == {pd.__version__}


def test_dates_are_dates(database):
    kinds = {name: kind for name, kind, *_ in rows(database, "DESCRIBE fees")}
    assert kinds["population_date"] == "DATE" and kinds["fee_kr"] == "BIGINT"
    assert {str(r[0]) for r in rows(database, "SELECT DISTINCT population_date FROM fees")} == {
        "2006-11-01", "2019-12-31"}


@given(st.sampled_from(MUNICIPALITIES), st.sampled_from(["{}", "{} kommun", "{}s kommun", "{} stad", "{}s stad"]),
       st.sampled_from([str, str.upper, str.lower]), st.booleans())
def test_a_municipality_is_found_through_its_name_variants(name, form, case, hyphen):
    printed = case(form.format(name))
    if hyphen:
        printed = printed.replace(" ", "-", 1) if " " in name else printed
    assert municipality_name(printed) == name


def test_an_unknown_municipality_fails_the_schema_naming_it():
    frame = pd.DataFrame({"document_year": [2021], "page": [3], "fee_year": [2022], "municipality_code": [None],
                          "municipality": [municipality_name("Gotlands kommun")],
                          "municipality_as_printed": ["Gotlands kommun"], "is_total": [False], "population": [1],
                          "population_date": ["2020-12-31"], "fee_base_kr": [1], "fee_rate_promille": [0.5],
                          "fee_kr": [1]})
    with pytest.raises(Exception, match="Gotlands kommun"):
        Fees.validate(frame)
    assert municipality_name("Stockholms stad") == "Stockholm" and len(MUNICIPALITY_CODES) == 26


def readme_queries() -> list[tuple[str, str]]:
    """Each README `planextract db query` command and the output printed under it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r'```sh\nplanextract db query plans\.duckdb "(.+?)"\n```\n\n```text\n(.*?)```', text, re.S)
    assert len(found) >= 2
    return found


@pytest.mark.parametrize("sql, printed", readme_queries())
def test_the_readme_queries_print_what_the_readme_shows(database, sql, printed):
    done = CliRunner().invoke(cli, ["db", "query", str(database), sql])
    assert done.exit_code == 0, done.output
    assert done.output == printed


def test_query_formats_and_errors(database):
    sql = "SELECT municipality_code, population_date FROM fees WHERE municipality_code = '0180' ORDER BY 2"
    csv = subprocess.run([EXE, "db", "query", str(database), sql, "--format", "csv"], capture_output=True, text=True)
    assert csv.stdout == "municipality_code,population_date\n0180,2006-11-01\n0180,2019-12-31\n"
    as_json = CliRunner().invoke(cli, ["db", "query", str(database), sql, "--format", "json"])
    assert as_json.output.splitlines()[0] == '{"municipality_code": "0180", "population_date": "2006-11-01"}'
    bad = subprocess.run([EXE, "db", "query", str(database), "SELECT nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("planextract: error: ") and "[database-failed]" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_a_database_of_model_2_is_refused_saying_what_changed(tmp_path):
    old = tmp_path / "model2.duckdb"
    with duckdb.connect(str(old)) as connection:
        connection.execute("CREATE TABLE planextract_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        connection.execute("INSERT INTO planextract_meta VALUES ('model_version', '2')")
    query = subprocess.run([EXE, "db", "query", str(old), "SELECT 1"], capture_output=True, text=True)
    assert query.returncode == 2 and "holds canonical model 2" in query.stderr
    assert "aims and goals as rows" in query.stderr and "Traceback" not in query.stderr


def test_a_database_of_the_earlier_model_is_refused_not_misread(tmp_path, samples):
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as connection:  # model 1: planextract tables, no version
        connection.execute("CREATE TABLE documents (document_sha256 VARCHAR, file_name VARCHAR)")
        connection.execute("INSERT INTO documents VALUES ('abc', 'ksl2008.pdf')")
    before = old.read_bytes()
    done = subprocess.run([EXE, "extract", str(samples / "ksl2008.pdf"), "-o", str(tmp_path / "out"), "--db", str(old)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "holds canonical model 1" in done.stderr and "new database" in done.stderr
    assert old.read_bytes() == before
    query = subprocess.run([EXE, "db", "query", str(old), "SELECT 1"], capture_output=True, text=True)
    assert query.returncode == 2 and "holds canonical model 1" in query.stderr


def test_the_duckdb_command_line_tool_opens_the_database(database, tmp_path):
    """The DuckDB CLI people have (PyPI's duckdb-cli: the current release line, 1.5, and the
    one before, 1.4) opens what planextract writes, exact decimals and maps included."""
    venv = tmp_path / "cli"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    for line in ("1.5", "1.4"):
        install = subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "--quiet",
                                  "--disable-pip-version-check", f"duckdb-cli=={line}.*"],
                                 capture_output=True, text=True, timeout=600)
        if install.returncode:
            pytest.skip(f"cannot install duckdb-cli {line} from the package index: {install.stderr.strip()[-200:]}")
        version = subprocess.run([venv / "bin" / "duckdb", "-version"], capture_output=True, text=True, timeout=60)
        assert version.stdout.startswith(f"v{line}."), version.stdout
        read = subprocess.run([venv / "bin" / "duckdb", "-readonly", str(database), "-csv", "-noheader", "-c",
                               "SELECT count(*) FROM fees; SELECT max(expected) FROM checks WHERE unit = 'kr'; "
                               "SELECT count(*) FROM activities WHERE kind = 'goal'; "
                               "SELECT DISTINCT libraries['pandas'] FROM documents"],
                              capture_output=True, text=True, timeout=120)
        assert read.returncode == 0, read.stderr
        assert read.stdout.split() == ["54", "366378150397.000000000", "53", pd.__version__], (line, read.stdout)


def test_a_lead_in_takes_the_bullets_that_complete_it_and_nothing_else():
    from planextract.canonical import activities_from_era

    def era(*texts, kind="goal"):
        return pd.DataFrame({"document_year": 2008, "heading_path": "Styrelsen", "list_heading": "Mål",
                             "kind": kind, "item": range(1, len(texts) + 1), "text": texts, "page": 3})

    def goals(frame):
        return activities_from_era(frame, "ksl", kinds=lambda row: row["kind"], areas=(("Styrelsen", "board"),)
                                   )["text"].tolist()

    assert goals(era("KSL ska verka för att:", "öka x", "minska y")) == ["KSL ska verka för att:\n- öka x\n- minska y"]
    # bullets without a lead-in, or after a sentence that ends, are goals of their own
    assert goals(era("stärka samverkan", "tillse analys")) == ["stärka samverkan", "tillse analys"]
    assert goals(era("Ett mål.", "ökad helhetssyn")) == ["Ett mål.", "ökad helhetssyn"]
    assert goals(era("Ta fram en webbplats", "e-hälsa i länet")) == ["Ta fram en webbplats", "e-hälsa i länet"]
    # activities are never joined
    assert goals(era("Följa upp:", "avtalen", kind="activity")) == ["Följa upp:", "avtalen"]


@pytest.mark.parametrize("name", ["ksl2008", "storsthlm2021"])
def test_a_plan_whose_activities_were_not_read_still_has_its_other_canonical_tables(results, name):
    from planextract.host import collect_extractors, get_plugin_manager
    from planextract.schema import empty_frame

    extractor = collect_extractors(get_plugin_manager())[name]
    tables = dict(results[name].tables)
    tables["activities"] = empty_frame(next(s.schema for s in extractor.tables if s.name == "activities"))
    canonical = extractor.canonical(tables)
    assert canonical["activities"].empty and canonical["areas"].empty
    assert len(canonical["fees"]) == 27


def test_a_long_quotient_keeps_nine_places_and_loads(tmp_path):
    from decimal import Decimal

    from planextract.checks import checks_frame, stated_figure_check
    from planextract.numbers import parse_quantity

    frame = checks_frame([stated_figure_check("n", "rate", parse_quantity("ca 0,45 promille"),
                                              Decimal(30919057) / Decimal(71904782960))])
    assert str(frame.loc[0, "expected"]) == "0.430000005"


def test_loading_a_document_again_removes_rows_its_new_reading_has_no_table_for(results, tmp_path):
    from dataclasses import replace

    path = tmp_path / "plans.duckdb"
    result = results["storsthlm2021"]
    flagged = replace(result, ocr_flags=pd.DataFrame({"page": [22], "top": [180.0], "x0": [482.0], "text": ["2"],
                                                      "confidence": [60.0], "reason": ["regrouped"],
                                                      "table": ["fees"], "row": [1]}))
    with connect(path) as connection:
        load_result(connection, flagged)
        assert connection.execute("SELECT count(*) FROM ocr_flags").fetchall() == [(1,)]
        load_result(connection, result)  # read again from a text layer: no flags, none left behind
        assert connection.execute("SELECT count(*) FROM ocr_flags").fetchall() == [(0,)]
        assert connection.execute("SELECT count(*) FROM fees").fetchall() == [(27,)]


def test_the_documents_table_is_the_one_the_data_dictionary_describes(database):
    from planextract.database import DOCUMENT_COLUMNS

    assert [row[0] for row in rows(database, "DESCRIBE documents")] == list(DOCUMENT_COLUMNS)
