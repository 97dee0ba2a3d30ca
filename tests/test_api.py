"""The Python API: extract() runs the pipeline; schema violations are named precisely."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

import planextract
from planextract import hookimpl
from planextract.checks import sum_check
from planextract.errors import PluginError, SchemaViolation, TableNotFound
from planextract.extractor import Detection, TableSpec
from planextract.host import get_plugin_manager
from planextract.schema import ProvenanceModel

from .pdfs import make_pdf


class Fees(ProvenanceModel):
    municipality: Series[str]
    fee: Series[int] = pa.Field(ge=0)


class Era:
    name, version = "era", "2.0"
    tables = (TableSpec("fees", Fees, "fees"),)

    def __init__(self, rows=None, raise_in_extract=False):
        self.rows, self.raise_in_extract = rows, raise_in_extract

    def detect(self, document):
        return Detection(1.0, "test")

    def extract(self, document):
        if self.raise_in_extract == "give-up":
            raise TableNotFound("no fee table on any page")
        if self.raise_in_extract:
            raise KeyError("column")
        return {} if self.rows is None else {"fees": pd.DataFrame(self.rows)}

    def check(self, tables):
        fees = tables["fees"]
        if fees.empty:
            return []
        return [sum_check("fees.total", "fee", fees.fee.iloc[0], list(fees.fee.iloc[1:]))]


def manager(extractor):
    class Plugin:
        @hookimpl
        def planextract_register_extractors(self, register):
            register(extractor)

    pm = get_plugin_manager(load_entry_points=False)
    pm.register(Plugin())
    return pm


@pytest.fixture
def pdf(tmp_path):
    return make_pdf(tmp_path / "plan.pdf", [["Plan"], ["Plan, sida 2"]])


GOOD = [
    {"municipality": "Länets Kommuner", "fee": 3, "page": 1, "top": 10.0},
    {"municipality": "A", "fee": 1, "page": 1, "top": 20.0},
    {"municipality": "B", "fee": 2, "page": 2, "top": 30.0},
]


def test_extract_returns_validated_tables_checks_and_manifest(pdf):
    result = planextract.extract(pdf, pm=manager(Era(GOOD)))
    assert result.plugin == "era"
    assert list(result.tables["fees"].columns) == ["municipality", "fee", "page", "top"]
    assert list(result.checks["status"]) == ["ok"]
    manifest = result.manifest
    assert manifest["file_name"] == "plan.pdf" and manifest["pages"] == 2
    assert manifest["plugin"] == {"name": "era", "version": "2.0"}
    assert manifest["row_counts"] == {"fees": 3}
    assert manifest["checks"]["ok"] == 1
    assert {"pdfplumber", "pandas", "pandera", "python"} <= set(manifest["libraries"])


def test_schema_violation_names_table_column_row_and_page(pdf):
    rows = [dict(r) for r in GOOD]
    rows[2]["fee"] = -5
    with pytest.raises(SchemaViolation) as info:
        planextract.extract(pdf, pm=manager(Era(rows)))
    assert "table fees, column fee, row 2 (page 2)" in str(info.value)
    assert str(pdf) in str(info.value) and info.value.code == "schema-violation"


def test_all_failures_are_collected(pdf):
    rows = [dict(r, fee=-1) for r in GOOD]
    with pytest.raises(SchemaViolation) as info:
        planextract.extract(pdf, pm=manager(Era(rows)))
    assert len(info.value.failures) == 3


def test_a_missing_table_is_an_empty_frame_and_a_failed_check(pdf):
    """The document is incomplete, not an error: the other tables would still come out."""
    result = planextract.extract(pdf, pm=manager(Era(None)))
    assert result.tables["fees"].empty and list(result.tables["fees"].columns) == ["municipality", "fee", "page", "top"]
    failed = result.checks[result.checks.status == "fail"]
    assert list(failed.check) == ["completeness.table"] and list(failed.location) == ["fees: not read"]
    assert list(failed.rule) == ["era produced no table 'fees'"]
    assert result.manifest["incomplete"] == {"fees": "era produced no table 'fees'"}
    assert not result.ok


def test_giving_up_and_plugin_bug_are_one_line_errors(pdf):
    with pytest.raises(TableNotFound, match="no fee table on any page") as info:
        planextract.extract(pdf, pm=manager(Era(None, raise_in_extract="give-up")))
    assert info.value.path == str(pdf)
    with pytest.raises(PluginError, match="plugin era 2.0 failed in extract: KeyError"):
        planextract.extract(pdf, pm=manager(Era(GOOD, raise_in_extract=True)))


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, planextract; print(any(m in sys.modules for m in ('pandas', 'pdfplumber', 'camelot', 'cv2')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_results_and_documents_read_well_in_a_notebook(tmp_path, samples):
    import duckdb

    result = planextract.extract(samples / "storsthlm2021.pdf")
    assert repr(result) == ("<ExtractionResult storsthlm2021.pdf storsthlm2021: budget 46×11, fees 27×12, hours 6×6, "
                            "activities 133×8, stated_figures 7×11; checks 81 ok, 3 rounding, 4 skipped>")
    html = result._repr_html_()
    assert "canonical/activities" in html and result.manifest["sha256"] in html and "81 ok" in html
    document = planextract.open_document(samples / "storsthlm2021.pdf")
    assert repr(document).startswith("<Document storsthlm2021.pdf: 23 pages, ") and len(repr(document)) < 120
    assert repr(document.page(3)).startswith("<Page 3: ") and "<td>3</td>" in document._repr_html_()

    folder = result.write(tmp_path / "out")
    assert folder == tmp_path / "out" / "storsthlm2021" and (folder / "canonical" / "areas.csv").is_file()
    result.to_duckdb(tmp_path / "plans.duckdb")
    result.to_duckdb(tmp_path / "plans.duckdb")  # again: the document's rows replaced, not doubled
    with duckdb.connect(str(tmp_path / "plans.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM activities").fetchall() == [(133,)]
