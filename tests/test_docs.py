"""docs/plugins.md cannot drift: its hook reference is generated from the code, its worked
example runs, its commands exist and the output it shows is what the command prints."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from planextract.cli import cli
from planextract.extractor import Extractor
from planextract.guide import hook_names, hook_reference, section

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "plugins.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(GUIDE.read_text(encoding="utf-8")) if lang == language]


def test_every_hook_is_documented():
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [name for name in hook_names() if f"#### `{name}(" not in guide]
    assert hook_names() and not missing, f"hooks missing from {GUIDE}: {missing}"


def test_every_extractor_member_is_documented():
    guide = section(GUIDE.read_text(encoding="utf-8"))
    members = [*Extractor.__annotations__, *(n for n, v in vars(Extractor).items() if callable(v) and n[0] != "_")]
    assert [m for m in [*members, "signals", "regions"] if f"`{m}" not in guide] == []


def test_hook_reference_is_current():
    assert section(GUIDE.read_text(encoding="utf-8")) == hook_reference(), (
        "docs/plugins.md's hook reference is stale: run `python -m planextract.guide docs/plugins.md`")


def test_worked_example_runs(monkeypatch, capsys):
    """Every ``# guide: run`` block, in order, in one namespace, from the repository's root;
    ``# file: PATH`` blocks are written to ``workdir/PATH`` where they appear."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delenv("PLANEXTRACT_WRITE_GOLDEN", raising=False)
    namespace: dict = {"__name__": "guide_example"}
    ran = 0
    try:
        for body in blocks("python"):
            first = body.splitlines()[0]
            if first.startswith("# file: "):
                path = namespace["workdir"] / first.removeprefix("# file: ").strip()
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
            elif first == "# guide: run":
                exec(compile(body, f"{GUIDE}:block{ran}", "exec"), namespace)
                ran += 1
    finally:
        if "workdir" in namespace:
            shutil.rmtree(namespace["workdir"], ignore_errors=True)
    assert ran >= 5
    assert "resources: page 5: header 'Lönekostnader' names none of the columns" in capsys.readouterr().out


def test_commands_in_the_guide_exist():
    """Every option of every ``planextract …`` command line the guide shows is a real option."""
    lines = [line.split("#")[0] for body in blocks("sh") for line in body.splitlines()]
    lines += re.findall(r"`(planextract [^`]*)`", GUIDE.read_text(encoding="utf-8"))
    checked = 0
    for line in (shlex.split(line) for line in lines):
        if not line or line[0] != "planextract":
            continue
        command: click.Command = cli
        for word in line[1:]:
            if isinstance(command, click.Group) and word in command.commands:
                command = command.commands[word]
            elif word.startswith("-"):
                options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
                assert word.split("=")[0] in options, f"{' '.join(line)}: {command.name} has no {word}"
        checked += 1
    assert checked >= 10


def test_debug_output_shown_in_the_guide_is_real(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    shown = next(body for body in blocks("") if body.startswith("page.png: page 5 of samples/ksl2008.pdf"))
    out = tmp_path / "page.png"
    result = CliRunner().invoke(cli, ["debug", "samples/ksl2008.pdf", "--page", "5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.replace(str(out), "page.png") == shown
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_detect_explain_output_shown_in_the_guide_is_real():
    result = CliRunner().invoke(cli, ["detect", "--explain", str(ROOT / "samples" / "ksl2008.pdf")])
    assert result.exit_code == 0, result.output
    shown = next(body for body in blocks("") if body.startswith("  threshold 0.50")).splitlines()
    missing = [line for line in shown if line.strip() != "…" and line not in result.output.splitlines()]
    assert not missing, result.output


def test_explain_reports_every_signal_with_the_threshold_and_verdict():
    from planextract.explain import explain_candidates
    from planextract.host import collect_extractors, detect_all, get_plugin_manager
    from planextract.testing import open_sample

    document = open_sample(ROOT / "samples" / "storsthlm2021.pdf")
    report = explain_candidates(document, detect_all(document, collect_extractors(get_plugin_manager())))
    assert (report["threshold"], report["tie_margin"]) == (0.5, 0.05)
    by_name = {c["extractor"]: c for c in report["candidates"]}
    assert [s["found"] for s in by_name["storsthlm2021"]["signals"]] == [True] * 5
    assert [s["found"] for s in by_name["ksl2008"]["signals"]] == [False] * 5
    assert by_name["ksl2008"]["score"] == 0 and not by_name["ksl2008"]["claims"]
    assert report["verdict"] == "storsthlm2021 is chosen: 1.00 ≥ 0.50, 1.00 ahead of ksl2008"

    class Quiet:  # no `signals`: the report says so instead of guessing
        name, version, tables = "quiet", "1", ()

        def detect(self, document):
            from planextract.extractor import Detection

            return Detection(0.98, "sure")

        extract = check = detect

    pm = get_plugin_manager(environ={"PLANEXTRACT_LOAD_PLUGINS": "storsthlm2021"})
    extractors = {**collect_extractors(pm), "quiet": Quiet()}
    report = explain_candidates(document, detect_all(document, extractors))
    assert report["verdict"].startswith("tie: storsthlm2021 1.00 and quiet 0.98 are less than 0.05 apart")
    assert next(c for c in report["candidates"] if c["extractor"] == "quiet")["signals"] is None


def test_every_error_code_is_in_the_readme_table():
    """Every code planextract can report (each error class, the batch's own) has a row in the
    README's table of codes, and no row names a code that does not exist."""
    from planextract import errors

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE))
    raised = {cls.code for cls in vars(errors).values()
              if isinstance(cls, type) and issubclass(cls, errors.PlanextractError) and cls.code != "error"}
    own = {"internal"}  # a bug in planextract, still one line
    assert raised | own <= documented, f"undocumented: {sorted(raised | own - documented)}"
    assert documented <= raised | own | {"checks-failed", "interrupted"}, sorted(documented - raised - own)
