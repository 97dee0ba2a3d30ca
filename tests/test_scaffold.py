"""``planextract new-plugin``: the skeleton and the ``--from`` copy install, are discovered and
pass the contract kit; before the author adds samples, their tests fail saying so.

Plugins are installed into an overlay venv (tests/venvs.py), never into the project's venv.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from planextract.cli import cli
from planextract.scaffold import ScaffoldError, new_plugin

from .venvs import Overlay

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SKELETON_FILES = [
    "README.md", "pyproject.toml", "samples/README.md", "src/planextract_demo2015/__init__.py",
    "src/planextract_demo2015/declarations.py", "src/planextract_demo2015/extractor.py",
    "src/planextract_demo2015/plugin.py", "src/planextract_demo2015/schemas.py",
    "tests/test_demo2015_contract.py",
]
GOLDEN = "document_year,label,row_kind,amount,page\n2015,Kansli,line,1200000,1\n" \
         "2015,Projekt och nätverk,line,800000,1\n2015,Summa,total,2000000,1\n"


def budget_plan(path: Path) -> Path:
    """A one-page plan of the kind the skeleton reads: a title, a 'Budget 2015' table, a total."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 72
    for text, size in (("Exempelförbundet", 18), ("Verksamhetsplan 2015", 14)):
        pdf.setFont("Helvetica-Bold", size)
        pdf.drawString(72, y, text)
        y -= 28
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, y, "Förbundet planerar för ett år av samverkan.")
    y -= 30
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(72, y, "Budget 2015")
    y -= 20
    rows = (("Post", "Belopp, kr", True), ("Kansli", "1 200 000", False), ("Projekt och nätverk", "800 000", False),
            ("Summa", "2 000 000", True))
    for label, amount, bold in rows:
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 10)
        pdf.drawString(72, y, label)
        pdf.drawRightString(400, y, amount)
        y -= 16
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, y - 20, "Styrelsen fastställer budgeten i december.")
    pdf.showPage()
    pdf.save()
    return path


def test_skeleton_is_a_complete_distribution(tmp_path):
    plugin = new_plugin("demo2015", tmp_path)
    assert sorted(str(p.relative_to(plugin)) for p in plugin.rglob("*") if p.is_file()) == SKELETON_FILES
    assert (plugin / "samples" / "golden").is_dir() and (plugin / "samples" / "other").is_dir()
    texts = {p: p.read_text(encoding="utf-8") for p in plugin.rglob("*") if p.is_file()}
    assert not [p for p, text in texts.items() if re.search(r"__(NAME|PACKAGE|DIST|CAMEL)__", text)]
    for path, text in texts.items():
        if path.suffix == ".py":
            compile(text, str(path), "exec")
    project = tomllib.loads(texts[plugin / "pyproject.toml"])["project"]
    assert project["name"] == "planextract-demo2015"
    assert project["entry-points"]["planextract"] == {"demo2015": "planextract_demo2015.plugin"}
    assert "class Demo2015Extractor" in texts[plugin / "src/planextract_demo2015/extractor.py"]


@pytest.mark.parametrize(("name", "source", "message"), [
    ("Bad-Name", None, "use lower-case letters"),
    ("class", None, "use lower-case letters"),
    ("ksl2008", None, "already installed"),
    ("ksl2015", "nosuchera", "no installed plugin has that name (installed: ksl2008, storsthlm2021"),
])
def test_names_and_sources_are_checked(tmp_path, name, source, message):
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        new_plugin(name, tmp_path, source)


def test_cli_prints_the_next_steps_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    first = runner.invoke(cli, ["new-plugin", "demo2015", "--dir", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert f"pip install -e {tmp_path / 'demo2015'}" in first.output
    again = runner.invoke(cli, ["new-plugin", "demo2015", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_scaffolded_plugin_installs_is_discovered_and_passes_the_contract(tmp_path):
    overlay = Overlay(tmp_path / "venv")
    plugin = new_plugin("demo2015", tmp_path)
    overlay.install(plugin)
    listed = {e["name"]: e for e in json.loads(overlay.planextract("plugins", "--json").stdout)}
    assert listed["demo2015"]["source"] == "planextract-demo2015 0.1.0"
    assert listed["demo2015"]["tables"] == ["amounts"]

    before = overlay.run("-m", "pytest", "-p", "no:cacheprovider", cwd=plugin)
    assert before.returncode == 1, before.stdout
    assert "no sample PDFs: put at least one plan of this era into the plugin's samples/ folder" in before.stdout

    sample = budget_plan(plugin / "samples" / "demo2015.pdf")
    (plugin / "samples" / "golden" / "demo2015").mkdir()
    (plugin / "samples" / "golden" / "demo2015" / "amounts.csv").write_text(GOLDEN, encoding="utf-8")
    for other in ("ksl2008.pdf", "storsthlm2021.pdf"):
        shutil.copy(SAMPLES / other, plugin / "samples" / "other")
    after = overlay.run("-m", "pytest", "-p", "no:cacheprovider", cwd=plugin)
    assert after.returncode == 0, after.stdout
    assert "13 passed" in after.stdout, after.stdout
    detected = json.loads(overlay.planextract("detect", "--json", sample).stdout)
    assert detected[0]["chosen"] == "demo2015"


def test_copy_of_ksl2008_is_renamed_installs_and_passes_its_contract(tmp_path):
    plugin = new_plugin("ksl2015", tmp_path, source="ksl2008")
    code = [p for p in plugin.rglob("*") if p.suffix in (".py", ".toml") and "samples" not in p.parts]
    assert len(code) > 20 and not [p for p in code if re.search("ksl2008", p.read_text(encoding="utf-8"), re.I)]
    assert (plugin / "src" / "planextract_ksl2015" / "extractor.py").read_text().count("class Ksl2015Extractor") == 1
    assert sorted(p.name for p in (plugin / "samples" / "golden" / "ksl2015").iterdir()) == [
        "activities.csv", "fees.csv", "resources.csv", "stated_figures.csv"]
    assert (plugin / "samples" / "ksl2015.pdf").read_bytes() == (SAMPLES / "ksl2008.pdf").read_bytes()
    assert [p.name for p in (plugin / "samples" / "other").iterdir()] == ["storsthlm2021.pdf"]

    overlay = Overlay(tmp_path / "venv")
    overlay.install(plugin)
    listed = {e["name"]: e for e in json.loads(overlay.planextract("plugins", "--json").stdout)}
    assert listed["ksl2015"]["tables"] == listed["ksl2008"]["tables"]
    run = overlay.run("-m", "pytest", "-p", "no:cacheprovider", "tests/test_ksl2015_contract.py", cwd=plugin)
    assert run.returncode == 0, run.stdout
    assert re.search(r"\d+ passed", run.stdout) and "failed" not in run.stdout
