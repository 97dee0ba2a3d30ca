"""Outputs analysts use: formats that round-trip, the DuckDB store, exported JSON Schemas."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner

import planextract
from planextract.canonical import CANONICAL_TABLES
from planextract.cli import cli
from planextract.database import connect, load_result
from planextract.host import collect_extractors, get_plugin_manager
from planextract.output import write_result
from planextract.schema_export import schema_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.pdf"))


@pytest.fixture(scope="module")
def results():
    pm = get_plugin_manager()
    return {path.stem: planextract.extract(path, pm=pm) for path in SAMPLES}


@pytest.fixture(scope="module")
def extractors():
    return collect_extractors(get_plugin_manager())


def specs(result, extractors):
    """(output name, schema) of every table a result writes."""
    era = {spec.name: spec.schema for spec in extractors[result.plugin].tables}
    canonical = {f"canonical/{spec.name}": spec.schema for spec in CANONICAL_TABLES}
    return era | canonical


def read_back(target: Path, fmt: str, name: str) -> pd.DataFrame:
    if fmt == "parquet":
        return pd.read_parquet(target / f"{name}.parquet")
    if fmt == "json":
        return pd.DataFrame(json.loads((target / f"{name}.json").read_text(encoding="utf-8")))
    codes = {"municipality_code": str}  # a code with a leading zero is text, as an analyst reads it
    if fmt == "csv":
        return pd.read_csv(target / f"{name}.csv", dtype=codes)
    return pd.read_excel(target / f"{target.name}.xlsx", sheet_name=name.replace("/", "_"), dtype=codes)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "json"])
def test_every_format_round_trips_through_the_schemas(results, extractors, tmp_path, fmt):
    for stem, result in results.items():
        target = write_result(result, tmp_path / stem, fmt)
        frames = {name: result.tables.get(name) if "/" not in name else result.canonical[name.split("/")[1]]
                  for name in specs(result, extractors)}
        for name, schema in specs(result, extractors).items():
            back = read_back(target, fmt, name)
            assert (back["document_sha256"] == result.manifest["sha256"]).all()
            validated = schema.validate(back.drop(columns="document_sha256"))
            original = frames[name]
            pd.testing.assert_frame_equal(
                validated[original.columns].reset_index(drop=True), original.reset_index(drop=True),
                check_dtype=False, check_exact=False, rtol=1e-12, obj=f"{stem} {name} ({fmt})",
            )


def test_exported_json_schemas_validate_the_json_output(results, extractors, tmp_path):
    files = schema_files(extractors)
    for stem, result in results.items():
        target = write_result(result, tmp_path / stem, "json")
        for name in specs(result, extractors):
            group = "canonical" if name.startswith("canonical/") else result.plugin
            schema = json.loads(files[f"{group}/{name.split('/')[-1]}.schema.json"])
            records = json.loads((target / f"{name}.json").read_text(encoding="utf-8"))
            jsonschema.validate(records, schema)
            assert records, f"{stem} {name} is empty"


def test_schemas_folder_is_up_to_date(extractors):
    files = schema_files(extractors)
    stale = [rel for rel, text in files.items()
             if not (ROOT / "schemas" / rel).exists() or (ROOT / "schemas" / rel).read_text(encoding="utf-8") != text]
    assert not stale, f"run `planextract schemas` to regenerate: {stale}"


def test_the_data_dictionary_is_the_models(extractors):
    """docs/data-dictionary.md is generated from the models, and says every column and value."""
    from planextract.canonical import AREAS, CANONICAL_TABLES, MEASURES
    from planextract.schema_export import data_dictionary

    text = data_dictionary()
    assert (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == text, \
        "run `planextract schemas --dictionary docs/data-dictionary.md`"
    for spec in CANONICAL_TABLES:
        for name, column in spec.schema.to_schema().columns.items():
            assert f"| `{name}` |" in text and column.description, (spec.name, name)
    assert all(f"- `{key}`: " in text for key in [*AREAS, *MEASURES])


FEE_COMPARISON = """
    SELECT municipality,
           max(fee_kr) FILTER (WHERE fee_year = 2008) AS fee_2008,
           max(fee_kr) FILTER (WHERE fee_year = 2021) AS fee_2021
    FROM fees WHERE NOT is_total
    GROUP BY municipality ORDER BY municipality
"""


def test_both_eras_in_one_database_compare_fees(results, tmp_path):
    db = tmp_path / "plans.duckdb"
    with connect(db) as connection:
        for result in results.values():
            load_result(connection, result)
        rows = connection.execute(FEE_COMPARISON).fetchall()
        assert len(rows) == 26
        assert all(fee_2008 and fee_2021 for _, fee_2008, fee_2021 in rows)
        as_dict = {name: (a, b) for name, a, b in rows}
        assert as_dict["Upplands Väsby"] == (622942, 993843)  # "UPPLANDS-VÄSBY" / "UPPLANDS VÄSBY"
        assert as_dict["Stockholm"] == (12119873, 17743494)
        tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
        assert {"fees", "budget_lines", "activities", "checks", "documents",
                "ksl2008_fees", "ksl2008_resources", "storsthlm2021_budget", "storsthlm2021_hours"} <= tables


def table_counts(db: Path) -> dict[str, int]:
    with connect(db, read_only=True) as connection:
        names = [row[0] for row in connection.execute("SHOW TABLES").fetchall()]
        return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def test_reloading_replaces_rows_and_another_file_of_the_same_year_is_kept(results, tmp_path):
    db = tmp_path / "plans.duckdb"
    ksl = results["ksl2008"]
    with connect(db) as connection:
        load_result(connection, ksl)
    first = table_counts(db)
    with connect(db) as connection:
        load_result(connection, ksl)
    assert table_counts(db) == first
    other = planextract.extract(_retyped_copy(tmp_path))
    with connect(db) as connection:
        load_result(connection, other)
        years = connection.execute("SELECT document_year, count(*) FROM documents GROUP BY 1").fetchall()
        assert years == [(2008, 2)]
        per_doc = connection.execute(
            "SELECT count(DISTINCT document_sha256) FROM fees WHERE fee_year = 2008").fetchone()[0]
        assert per_doc == 2
    assert table_counts(db)["fees"] == 2 * first["fees"]


def _retyped_copy(tmp_path: Path) -> Path:
    """The same 2008 plan typeset differently: another file, another checksum, the same year."""
    sys.path.insert(0, str(ROOT / "samples"))
    import build  # noqa: PLC0415  the samples builder

    out = tmp_path / "ksl2008-helvetica.pdf"
    source = (ROOT / "samples" / "source" / "ksl2008.txt").read_text(encoding="utf-8")
    build.build_ksl(source, out, build.Typesetting(font="Helvetica", size=10, ruled_tables=True))
    return out


def test_cli_db_and_db_info(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["extract", *map(str, SAMPLES), "-o", "out", "--db", "plans.duckdb", "--format", "parquet"]
    assert runner.invoke(cli, args).exit_code == 0
    once = table_counts(tmp_path / "plans.duckdb")
    assert runner.invoke(cli, args).exit_code == 0
    assert table_counts(tmp_path / "plans.duckdb") == once
    info = runner.invoke(cli, ["db", "info", "plans.duckdb", "--json"])
    assert info.exit_code == 0
    documents = json.loads(info.output)["documents"]
    assert sorted(d["plugin"] for d in documents) == ["ksl2008", "storsthlm2021"]


def test_a_run_killed_half_way_leaves_database_and_files_intact(tmp_path):
    db, out = tmp_path / "plans.duckdb", tmp_path / "out"
    exe = str(Path(sys.executable).with_name("planextract"))
    command = [exe, "extract", *map(str, SAMPLES), "-o", str(out), "--db", str(db)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    before = table_counts(db)
    files = visible_files(out)
    for delay in (0.5, 1.5, 2.5, 3.5):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert table_counts(db) == before
        assert visible_files(out) == files


def visible_files(out: Path) -> dict[Path, bytes]:
    """The result files a user sees (staging folders of a killed run start with '.')."""
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*.csv")
            if not any(part.startswith(".") for part in p.relative_to(out).parts)}


def test_the_workbook_explains_itself_and_reads_as_a_table(results, tmp_path):
    import openpyxl

    result = results["ksl2008"]
    folder = result.write(tmp_path, format="xlsx")
    book = openpyxl.load_workbook(folder / "ksl2008.xlsx")
    assert book.sheetnames[0] == "about" and book.sheetnames[-1] == "manifest"
    about = dict(row for row in book["about"].iter_rows(values_only=True) if row[0])
    assert about["sha256"] == result.manifest["sha256"] and about["plan year"] == 2008
    assert about["check results"] == "188 ok, 19 rounding, 0 fail, 1 skipped"
    assert about["canonical_activities"] == len(result.canonical["activities"])
    fees = book["canonical_fees"]
    header = [c.value for c in fees[1]]
    stockholm = next(row for row in fees.iter_rows(min_row=2) if row[header.index("municipality")].value == "Stockholm")
    fee, day, year = (stockholm[header.index(c)] for c in ("fee_kr", "population_date", "fee_year"))
    assert (fee.value, fee.number_format) == (12119873, "#,##0")
    assert day.is_date and day.value.date().isoformat() == "2006-11-01" and day.number_format == "yyyy-mm-dd"
    assert year.number_format == "General"  # a year is no amount: 2008, not 2 008
    assert fees.freeze_panes == "A2" and fees.auto_filter.ref == fees.dimensions
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(header.index("municipality") + 1)  # its longest cell, not its header
    assert fees.column_dimensions[letter].width == len("Länets kommuner") + 2
    checks = book["checks"]
    columns = [c.value for c in checks[1]]
    fte = next(row for row in checks.iter_rows(min_row=2) if row[columns.index("unit")].value == "fte"
               and row[columns.index("expected")].value != int(row[columns.index("expected")].value))
    assert fte[columns.index("expected")].number_format == "#,##0.0#####"


def test_check_figures_are_exact_in_every_format(results, tmp_path):
    result = results["ksl2008"]
    csv = result.write(tmp_path / "csv") / "checks.csv"
    text = csv.read_text(encoding="utf-8")
    assert ",71904782960,71904782960,0,1,kr," in text  # the county's tax base, to the krona
    assert "e+1" not in text and "71904782960.0" not in text  # no float noise
    big = result.checks.loc[result.checks["expected"].map(lambda v: v is not None and v > 10**10), "expected"]
    assert all(f",{value}," in text for value in big)
    records = json.loads((result.write(tmp_path / "json", format="json") / "checks.json").read_text())
    figures = [r["expected"] for r in records if r["expected"] is not None]
    assert figures and all(isinstance(v, (int, float)) for v in figures)
    assert any(isinstance(v, int) and v > 10**10 for v in figures)
