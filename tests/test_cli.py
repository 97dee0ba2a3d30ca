"""The command line: outputs, exit codes and one-line errors, through click and as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from planextract.cli import cli

from .pdfs import make_pdf

TOY_PLUGIN = textwrap.dedent('''
    """A toy era: 'Toyplan' documents with 'Post <n>' lines and a stated 'Summa <n>'."""
    from decimal import Decimal
    import pandas as pd
    import pandera.pandas as pa
    from pandera.typing import Series
    from planextract import hookimpl
    from planextract.checks import sum_check
    from planextract.detection import Signal, score
    from planextract.extractor import TableSpec
    from planextract.schema import ProvenanceModel

    class Posts(ProvenanceModel):
        label: Series[str]
        amount: Series[int] = pa.Field(ge=0)

    class Toy:
        name, version = "toy", "1.0"
        tables = (TableSpec("posts", Posts, "lines with amounts"),)
        def detect(self, document):
            return score(document, [Signal("the word Toyplan", r"Toyplan", 0.9)])
        def extract(self, document):
            rows = [{"label": l.words[0].text, "amount": int(l.words[-1].text), "page": l.page, "top": l.top}
                    for l in document.lines() if l.words[0].text in ("Post", "Summa")]
            return {"posts": pd.DataFrame(rows)}
        def check(self, tables):
            posts = tables["posts"]
            terms = [Decimal(int(v)) for v in posts[posts.label == "Post"].amount]
            stated = Decimal(int(posts[posts.label == "Summa"].amount.iloc[0]))
            return [sum_check("posts.total", "Summa", stated, terms)]

    @hookimpl
    def planextract_register_extractors(register):
        register(Toy())
''')


@pytest.fixture
def toy(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "toy.py").write_text(TOY_PLUGIN)
    good = make_pdf(tmp_path / "good.pdf", [["Toyplan", "Post 1", "Post 2", "Summa 3"]])
    bad = make_pdf(tmp_path / "bad.pdf", [["Toyplan", "Post 1", "Post 2", "Summa 30"]])
    return plugins, good, bad


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("PLANEXTRACT_LOAD_PLUGINS", "")  # only what a test loads itself
    return CliRunner()


def test_extract_writes_tables_checks_and_manifest(runner, toy, tmp_path):
    plugins, good, _ = toy
    out = tmp_path / "out"
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "extract", str(good), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "good").iterdir()) == ["checks.csv", "manifest.json", "posts.csv"]
    assert (out / "good" / "posts.csv").read_text().splitlines()[0] == "label,amount,page,top,document_sha256"
    manifest = json.loads((out / "good" / "manifest.json").read_text())
    assert manifest["plugin"] == {"name": "toy", "version": "1.0"}
    assert manifest["row_counts"] == {"posts": 3}
    assert manifest["checks"] == {"ok": 1, "rounding": 0, "fail": 0, "skipped": 0}
    assert len(manifest["sha256"]) == 64 and manifest["pages"] == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_failed_check_exits_1_and_names_it(runner, toy):
    plugins, good, bad = toy
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "check", str(good), str(bad)])
    assert result.exit_code == 1
    assert "fail     posts.total: Summa: expected 3, found 30" in result.output


def test_check_json(runner, toy):
    plugins, good, _ = toy
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "check", "--json", "--all", str(good)])
    assert result.exit_code == 0
    [doc] = json.loads(result.stdout)
    assert doc["summary"]["ok"] == 1 and doc["checks"][0]["check"] == "posts.total"


def test_batch_goes_on_after_a_bad_file_and_exits_2(runner, toy, tmp_path):
    plugins, good, _ = toy
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf at all")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "extract", str(junk), str(good), "-o", str(out)])
    assert result.exit_code == 2
    assert (out / "good" / "posts.csv").exists() and not (out / "junk").exists()
    assert f"planextract: error: {junk}: not a PDF" in result.output
    assert "Traceback" not in result.output


def test_unknown_document_exits_2_listing_scores(runner, toy, other_pdf):
    plugins, _, _ = toy
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "detect", str(other_pdf)])
    assert result.exit_code == 2
    assert "no plugin recognises it (toy: 0.00 (not this era))" in result.output


def test_usage_error_exits_2(runner):
    assert runner.invoke(cli, ["extract"]).exit_code == 2
    assert runner.invoke(cli, ["frobnicate"]).exit_code == 2


def test_plugins_json_with_entry_points(monkeypatch):
    monkeypatch.delenv("PLANEXTRACT_LOAD_PLUGINS", raising=False)
    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert result.exit_code == 0
    by_name = {p["name"]: p for p in json.loads(result.output)}
    assert by_name["ksl2008"]["source"].startswith("planextract-ksl2008 ")
    assert by_name["storsthlm2021"]["plugin"] == "storsthlm2021"


def planextract_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("planextract")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


def test_as_a_process_errors_are_one_line_without_traceback(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    proc = planextract_process("detect", str(empty), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"planextract: error: {empty}: empty file (0 bytes) [empty-file]"


@pytest.mark.parametrize(("sample", "era"), [("ksl2008.pdf", "ksl2008"), ("storsthlm2021.pdf", "storsthlm2021")])
def test_detect_picks_each_samples_era_as_a_process(samples, sample, era, tmp_path):
    proc = planextract_process("detect", "--json", str(samples / sample), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [entry] = json.loads(proc.stdout)
    assert entry["chosen"] == era
    best = entry["candidates"][0]
    assert best["extractor"] == era and best["score"] >= 0.9 and "found" in best["reason"]


def test_detect_other_document_as_a_process(other_pdf, tmp_path):
    proc = planextract_process("detect", str(other_pdf), cwd=tmp_path)
    assert proc.returncode == 2
    assert "no plugin recognises it" in proc.stderr and "Traceback" not in proc.stderr


def test_plugin_option_overrides_detection(runner, toy, tmp_path):
    plugins, good, _ = toy
    unrecognised = make_pdf(tmp_path / "plain.pdf", [["Post 1", "Post 2", "Summa 3"]])
    base = ["--plugins-dir", str(plugins), "check"]
    assert runner.invoke(cli, [*base, str(unrecognised)]).exit_code == 2
    assert runner.invoke(cli, [*base, "--plugin", "toy", str(unrecognised)]).exit_code == 0
    wrong = runner.invoke(cli, [*base, "--plugin", "nope", str(good)])
    assert wrong.exit_code == 2 and "--plugin 'nope' names no installed extractor (installed: toy) [unknown-plugin]" in wrong.output


def test_inputs_from_a_list_file_and_missing_paths(runner, toy, tmp_path):
    plugins, good, bad = toy
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# plans to read\n{good}\n\n{tmp_path / 'gone.pdf'}\n")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "extract", "--list", str(listing), "-o", str(out)])
    assert result.exit_code == 2
    assert f"planextract: error: {tmp_path / 'gone.pdf'}: no such file or folder [not-found]" in result.output
    entries = json.loads((out / "run-manifest.json").read_text())["inputs"]
    assert [(Path(e["path"]).name, e["status"]) for e in entries] == [("good.pdf", "ok"), ("gone.pdf", "failed")]


def test_no_inputs_is_a_usage_error(runner):
    result = runner.invoke(cli, ["extract"])
    assert result.exit_code == 2 and "no input PDFs given" in result.output


def test_same_named_inputs_are_named_by_input_order(runner, toy, tmp_path):
    plugins, good, bad = toy
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "plan.pdf", tmp_path / "b" / "plan.pdf"
    first.write_bytes(bad.read_bytes())
    second.write_bytes(good.read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "extract", str(first), str(second),
                                 "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1  # the first copy's check fails
    entries = json.loads((out / "run-manifest.json").read_text())["inputs"]
    assert [Path(e["output"]).name for e in entries] == ["plan", f"plan-{entries[1]['sha256'][:8]}"]
    assert oct((out / "plan").stat().st_mode & 0o777) != oct(0o700)  # results are not left private


def test_folder_without_pdfs_and_unusable_output_folder(runner, toy, tmp_path):
    plugins, good, _ = toy
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "extract", str(empty), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no PDF files in this folder" in result.output
    blocked = tmp_path / "file.txt"
    blocked.write_text("x")
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "extract", str(good), "-o", str(blocked / "out")])
    assert result.exit_code == 2 and "cannot create the output folder" in result.output
    assert "Traceback" not in result.output


def test_check_json_lists_every_input_in_order(runner, toy, tmp_path):
    plugins, good, bad = toy
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf")
    result = runner.invoke(cli, ["--plugins-dir", str(plugins), "check", "--json", str(junk), str(good), str(bad)])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [Path(e["path"]).name for e in report] == ["junk.pdf", "good.pdf", "bad.pdf"]
    assert report[0]["error"]["code"] == "not-a-pdf"
    assert report[2]["summary"]["fail"] == 1


def test_schemas_check_notices_stray_files(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["schemas", "-o", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["schemas", "--check", "-o", str(tmp_path)]).exit_code == 0
    (tmp_path / "canonical" / "old_table.schema.json").write_text("{}")
    stale = runner.invoke(cli, ["schemas", "--check", "-o", str(tmp_path)])
    assert stale.exit_code == 1 and "old_table.schema.json" in stale.output
