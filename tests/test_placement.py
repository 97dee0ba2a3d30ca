"""Result folders: safe names, inside OUTDIR, never another document's (issue 12, names and paths)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from planextract.cli import cli
from planextract.placement import MAX_NAME_BYTES, Placement, safe_name

from .conftest import SAMPLES

SHA_A, SHA_B, SHA_C = "a" * 64, "b" * 64, "c" * 64


@given(st.text())
def test_a_safe_name_is_one_printable_path_component(stem):
    name = safe_name(stem)
    assert name and name not in (".", "..") and not name.startswith(".")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert all(ch.isprintable() for ch in name)
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert Path(name).name == name


@pytest.mark.parametrize("stem, expected", [
    (".", "document"), ("..", "document"), ("", "document"), ("...hidden", "hidden"),
    ("run-manifest.json", "_run-manifest.json"), ("CON", "_CON"), ("nul.backup", "_nul.backup"),
    ("plan\nok: forged line", "plan_ok_ forged line"), ("a/b", "a_b"),
])
def test_names_that_are_not_folders_are_made_safe(stem, expected):
    assert safe_name(stem) == expected


def test_bytes_that_are_not_utf8_are_escaped():
    stem = os.fsdecode(b"plan-\xe5r-2008")  # Latin-1 "år"
    assert safe_name(stem) == "plan-%E5r-2008"


def _result(folder: Path, sha: str) -> None:
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"sha256": sha}), encoding="utf-8")


def test_a_folder_belongs_to_one_document_across_runs(tmp_path):
    _result(tmp_path / "plan", SHA_A)
    (tmp_path / "notes").mkdir()  # the user's own folder
    placement = Placement(tmp_path, [Path("x/plan.pdf"), Path("y/plan.pdf"), Path("notes.pdf")])
    assert placement.folder(Path("y/plan.pdf"), SHA_A) == tmp_path / "plan"  # the same document keeps it
    assert placement.folder(Path("x/plan.pdf"), SHA_B) == tmp_path / f"plan-{SHA_B[:8]}"  # not another's
    assert placement.folder(Path("notes.pdf"), SHA_C) == tmp_path / f"notes-{SHA_C[:8]}"  # not the user's


def test_a_suffix_already_taken_by_another_document_is_not_reused(tmp_path):
    _result(tmp_path / f"plan-{SHA_B[:8]}", SHA_C)  # a document whose own name was plan-bbbbbbbb
    placement = Placement(tmp_path, [Path("1/plan.pdf"), Path("2/plan.pdf")])
    assert placement.folder(Path("1/plan.pdf"), SHA_A) == tmp_path / "plan"
    assert placement.folder(Path("2/plan.pdf"), SHA_B) == tmp_path / f"plan-{SHA_B[:16]}"


def test_the_first_input_of_a_name_gets_it_whatever_finishes_first(tmp_path):
    placement = Placement(tmp_path, [Path("1/plan.pdf"), Path("2/plan.pdf")])
    assert placement.folder(Path("2/plan.pdf"), SHA_B) == tmp_path / f"plan-{SHA_B[:8]}"
    assert placement.folder(Path("1/plan.pdf"), SHA_A) == tmp_path / "plan"


def test_a_pdf_named_dotdot_never_touches_outdir_or_its_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("the user's file", encoding="utf-8")
    odd = tmp_path / "in" / "..pdf"
    odd.parent.mkdir()
    shutil.copy(SAMPLES / "ksl2008.pdf", odd)
    run = CliRunner().invoke(cli, ["extract", str(odd), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert (out / "keep.txt").read_text(encoding="utf-8") == "the user's file"
    assert (out / "document" / "manifest.json").is_file()


def test_a_later_run_never_replaces_another_documents_folder(tmp_path):
    out, first, second = tmp_path / "out", tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(SAMPLES / "ksl2008.pdf", first / "plan.pdf")
    shutil.copy(SAMPLES / "storsthlm2021.pdf", second / "plan.pdf")
    assert CliRunner().invoke(cli, ["extract", str(first / "plan.pdf"), "-o", str(out)]).exit_code == 0
    for flags in ([], ["--skip-existing"]):
        run = CliRunner().invoke(cli, ["extract", str(second / "plan.pdf"), "-o", str(out), *flags])
        assert run.exit_code == 0, run.output
    plans = {json.loads((d / "manifest.json").read_text())["plugin"]["name"]: d.name
             for d in out.iterdir() if (d / "manifest.json").is_file()}
    assert plans["ksl2008"] == "plan" and plans["storsthlm2021"].startswith("plan-")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_a_latin1_file_name_in_a_batch_is_extracted_under_an_escaped_name(tmp_path):
    src = tmp_path / os.fsdecode(b"plan-\xe5r.pdf")
    shutil.copy(SAMPLES / "ksl2008.pdf", src)
    run = CliRunner().invoke(cli, ["extract", str(src), "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "out" / "plan-%E5r" / "manifest.json").is_file()


# --------------------------------------------------------------------------- one outcome: folder and database
def _db_documents(db: Path) -> list[str]:
    from planextract.database import connect

    with connect(db, read_only=True) as connection:
        if "documents" not in {row[0] for row in connection.execute("SHOW TABLES").fetchall()}:
            return []
        return [row[0] for row in connection.execute("SELECT file_name FROM documents").fetchall()]


def test_a_database_that_refuses_the_rows_leaves_no_folder(tmp_path, monkeypatch):
    import planextract.database as database

    def refuse(connection, result):
        raise RuntimeError("Conversion Error: the rows do not fit")

    monkeypatch.setattr(database, "loading", refuse)
    run = CliRunner().invoke(cli, ["extract", str(SAMPLES / "ksl2008.pdf"), "-o", str(tmp_path / "out"),
                                   "--db", str(tmp_path / "plans.duckdb")])
    assert run.exit_code == 2
    assert "[database-failed]" in run.output and "Traceback" not in run.output
    assert not (tmp_path / "out" / "ksl2008").exists()
    inputs = json.loads((tmp_path / "out" / "run-manifest.json").read_text())["inputs"]
    assert [(i["status"], i["code"]) for i in inputs] == [("failed", "database-failed")]


def test_a_folder_that_cannot_be_published_rolls_the_database_back(tmp_path, monkeypatch):
    import planextract.output as output

    def full(staging, target):
        raise OSError(28, "No space left on device")

    db = tmp_path / "plans.duckdb"
    monkeypatch.setattr(output, "replace_directory", full)
    run = CliRunner().invoke(cli, ["extract", str(SAMPLES / "ksl2008.pdf"), "-o", str(tmp_path / "out"), "--db", str(db)])
    assert run.exit_code == 2 and "No space left on device [output-failed]" in run.output
    assert _db_documents(db) == []  # rolled back
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["run-manifest.json"]  # no staging left behind


def test_skip_existing_completes_what_is_missing(tmp_path):
    out, db = tmp_path / "out", tmp_path / "plans.duckdb"
    pdf = str(SAMPLES / "ksl2008.pdf")
    assert CliRunner().invoke(cli, ["extract", pdf, "-o", str(out)]).exit_code == 0
    run = CliRunner().invoke(cli, ["extract", pdf, "-o", str(out), "--skip-existing", "--db", str(db)])
    assert "skipped, already" not in run.output and _db_documents(db) == ["ksl2008.pdf"]  # not in the database yet
    (out / "ksl2008" / "fees.csv").unlink()
    run = CliRunner().invoke(cli, ["extract", pdf, "-o", str(out), "--skip-existing", "--db", str(db)])
    assert "skipped, already" not in run.output and (out / "ksl2008" / "fees.csv").is_file()  # a table file was missing
    run = CliRunner().invoke(cli, ["extract", pdf, "-o", str(out), "--skip-existing", "--db", str(db), "-f", "json"])
    assert "skipped, already" not in run.output  # another format was asked for
    run = CliRunner().invoke(cli, ["extract", pdf, "-o", str(out), "--skip-existing", "--db", str(db), "-f", "json"])
    assert "skipped, already extracted" in run.output and run.exit_code == 0
