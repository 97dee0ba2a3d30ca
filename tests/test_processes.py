"""Workers under attack: stop signals, a killed parent, CPU hogs and odd limits.

Each case runs the real command as a process and then looks for any process still holding
its unique output path: a worker must never outlive its batch or keep the caller waiting.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .pdfs import make_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXE = str(Path(sys.executable).with_name("planextract"))

BUSY_PLUGIN = textwrap.dedent('''
    from planextract import hookimpl
    from planextract.extractor import Detection

    class Busy:
        name, version, tables = "busy", "1.0", ()
        def detect(self, document):
            while True:
                pass
        def extract(self, document): return {}
        def check(self, tables): return []

    @hookimpl
    def planextract_register_extractors(register):
        register(Busy())
''')


def holding(marker: str) -> list[str]:
    """Processes whose command line names ``marker`` (the batch and its forked workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in args and state != "Z":
            found.append(f"{entry.name}: {args}")
    return found


def _gone(marker: str, within: float = 10.0) -> list[str]:
    deadline = time.monotonic() + within
    while (left := holding(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _batch(tmp_path: Path, copies: int = 4) -> tuple[Path, Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(copies):
        shutil.copy(SAMPLES / "ksl2008.pdf", inbox / f"plan-{n}.pdf")
    return inbox, tmp_path / "out"


def _started(out: Path, proc: subprocess.Popen, marker: str) -> None:
    """Wait until the batch has forked its workers."""
    deadline = time.monotonic() + 60
    while len(holding(marker)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_is_handled_like_ctrl_c(tmp_path, stop):
    inbox, out = _batch(tmp_path)
    proc = subprocess.Popen([EXE, "extract", str(inbox), "-o", str(out), "--jobs", "2", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _started(out, proc, str(out))
    proc.send_signal(stop)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    manifest = json.loads((out / "run-manifest.json").read_text())
    assert manifest["interrupted"] and len(manifest["inputs"]) == 4
    assert {e["status"] for e in manifest["inputs"]} <= {"ok", "not-done"}
    assert not _gone(str(out))


def test_workers_die_with_a_killed_parent_and_let_go_of_its_output(tmp_path):
    inbox, out = _batch(tmp_path)
    proc = subprocess.Popen([EXE, "extract", str(inbox), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _started(out, proc, str(out))
    proc.kill()
    proc.communicate(timeout=30)  # EOF on stdout and stderr: no worker holds them
    assert not _gone(str(out))


def test_a_worker_burning_cpu_is_stopped_by_its_cpu_time(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "busy.py").write_text(BUSY_PLUGIN)
    pdf = make_pdf(tmp_path / "plan.pdf", [["Verksamhetsplan"]])
    proc = subprocess.run([EXE, "--plugins-dir", str(plugins), "check", str(pdf), "--timeout", "1"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PLANEXTRACT_LOAD_PLUGINS": ""})
    assert proc.returncode == 2
    assert f"{pdf}: stopped after the time limit of 1 s of CPU time [timeout]" in proc.stderr


@pytest.mark.parametrize("option, value", [("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "-1"),
                                           ("--max-memory", "99999999999999"), ("--jobs", "100000")])
def test_limits_out_of_range_are_usage_errors(tmp_path, option, value):
    proc = subprocess.run([EXE, "extract", str(SAMPLES / "ksl2008.pdf"), "-o", str(tmp_path), option, value],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and option in proc.stderr


# --------------------------------------------------------------------------- the command line as people meet it
def test_inputs_are_explained_before_any_work(tmp_path):
    """Subfolders skipped without -r are counted; a file given twice runs once and says so;
    a --list file with a byte-order mark and Latin-1 names loses nothing; an unknown
    --plugin stops before any PDF is read."""
    from click.testing import CliRunner

    from planextract.cli import cli

    inbox = tmp_path / "inbox"
    (inbox / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(SAMPLES / "ksl2008.pdf", inbox / "a.pdf")
    shutil.copy(SAMPLES / "ksl2008.pdf", inbox / "sub" / "b.pdf")
    latin = tmp_path / os.fsdecode(b"pl\xe5n.pdf")
    shutil.copy(SAMPLES / "ksl2008.pdf", latin)
    listing = tmp_path / "inputs.txt"
    listing.write_bytes(b"\xef\xbb\xbf" + str(inbox / "a.pdf").encode() + b"\n" + os.fsencode(latin) + b"\n")
    run = CliRunner().invoke(cli, ["detect", str(inbox), str(inbox / "a.pdf"), "--list", str(listing)])
    assert run.exit_code == 0, run.output
    assert "1 subfolders not searched (use --recursive)" in run.output
    assert "a.pdf: given twice; extracted once" in run.output
    assert run.output.count("-> ksl2008") == 2 or run.output.count("ksl2008") >= 2
    unknown = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.pdf"), "--plugin", "nosuch"])
    assert unknown.exit_code == 2 and "[unknown-plugin]" in unknown.output


def test_a_folder_1500_levels_deep_is_walked(tmp_path):
    from planextract.batch import expand_inputs

    folder = tmp_path / "deep"
    current = folder
    folder.mkdir()
    for _ in range(1500):
        current = current / "d"
        current.mkdir()  # os.makedirs would recurse 1,500 deep itself
    shutil.copy(SAMPLES / "ksl2008.pdf", current / "plan.pdf")
    found = expand_inputs([str(folder)], recursive=True)
    assert [p.name for p in found] == ["plan.pdf"]
    (current / "plan.pdf").unlink()
    while current != folder.parent:  # shutil.rmtree (pytest's clean-up) would recurse as deep
        current.rmdir()
        current = current.parent


def test_debug_writes_the_format_its_name_says(tmp_path):
    from click.testing import CliRunner

    from planextract.cli import cli

    out = tmp_path / "page.jpg"
    run = CliRunner().invoke(cli, ["debug", str(SAMPLES / "ksl2008.pdf"), "--page", "5", "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert out.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG, not PNG bytes
    wrong = CliRunner().invoke(cli, ["debug", str(SAMPLES / "ksl2008.pdf"), "--page", "5", "-o", str(tmp_path / "p.gif")])
    assert wrong.exit_code == 2 and "Traceback" not in wrong.output


def test_a_locked_database_is_waited_for_then_named(tmp_path):
    """Another process holds the database: the run retries for PLANEXTRACT_DB_LOCK_WAIT
    seconds, then stops with one line and database-failed, before any PDF is read."""
    db = tmp_path / "plans.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        proc = subprocess.run([EXE, "extract", str(SAMPLES / "ksl2008.pdf"), "-o", str(tmp_path / "out"),
                               "--db", str(db)], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PLANEXTRACT_DB_LOCK_WAIT": "2"})
        assert proc.returncode == 2 and time.monotonic() - started >= 2
        assert "locked by another process; waited 2 s [database-failed]" in proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        holder.kill()
        holder.wait()


def test_on_a_terminal_result_lines_are_not_glued_to_the_progress_bar(tmp_path):
    """Run on a pseudo-terminal: every result line, after the bar's carriage returns, starts
    with its path."""
    import pty
    import select

    inbox, out = _batch(tmp_path, copies=3)
    leader, follower = pty.openpty()
    proc = subprocess.Popen([EXE, "extract", str(inbox), "-o", str(out), "--jobs", "2"],
                            stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    raw = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(leader)
    lines = [line.rstrip("\r").rsplit("\r", 1)[-1] for line in raw.decode(errors="replace").split("\n")]
    results = [line for line in lines if " -> " in line]
    assert len(results) == 3, raw
    assert all(line.startswith(str(inbox)) for line in results), results
