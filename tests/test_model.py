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
    COUNTY_TOTAL, MEASURES, MUNICIPALITIES, MUNICIPALITY_CODES, ROW_KINDS, SOURCE_UNITS, Fees, municipality_name,
)
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
    assert {r[0] for r in rows(database, "SELECT DISTINCT kind FROM activities")} <= {"goal", "activity"}
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


def test_the_previous_duckdb_release_opens_the_database(database, tmp_path):
    """DuckDB 1.5 (the release line before the current 2.x) reads what planextract writes."""
    venv = tmp_path / "duckdb15"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              "duckdb==1.5.*"], capture_output=True, text=True, timeout=600)
    if install.returncode:
        pytest.skip(f"cannot install DuckDB 1.5 from the package index: {install.stderr.strip()[-200:]}")
    read = subprocess.run([python, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                           "print(duckdb.__version__, c.execute('SELECT count(*) FROM fees').fetchall()[0][0])",
                           str(database)], capture_output=True, text=True, timeout=120)
    assert read.returncode == 0, read.stderr
    version, count = read.stdout.split()
    assert version.startswith("1.5.") and count == "54"
