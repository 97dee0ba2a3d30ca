"""Hostile and broken input in one batch: every file gets an outcome and a documented code.

The corpus is built here: truncations and byte flips of a sample at seeded offsets, an empty
file, text named .pdf, an encrypted PDF, a scan without text, thousands of blank pages, a
compression bomb, a document of another kind, a plugin that hangs. Bounded: it runs in
well under a minute on two cores.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from .pdfs import make_blank_pdf, make_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXE = str(Path(sys.executable).with_name("planextract"))
#: Every error code the README documents.
CODES = {
    "empty-file", "not-a-pdf", "corrupt-pdf", "revisions-disagree", "encrypted", "no-text-layer", "too-many-pages", "no-such-pages", "timeout",
    "resource-limit", "worker-crashed", "no-plugin", "ambiguous-plugin", "unknown-plugin", "table-not-found",
    "schema-violation", "plugin-error", "not-found", "checks-failed", "internal", "output-failed", "database-failed",
}
ERROR_LINE = re.compile(r"^planextract: error: (?P<path>\S+): (?P<message>.+) \[(?P<code>[a-z-]+)\]$")
SEED = 20081121


def compression_bomb(path: Path, megabytes: int = 300) -> Path:
    """One page whose content stream inflates to ``megabytes`` of spaces."""
    data = zlib.compress(b" " * (megabytes << 20), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def many_blank_pages(path: Path, pages: int) -> Path:
    c = canvas.Canvas(str(path), invariant=1)
    for _ in range(pages):
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, str | None]:
    """name → the error code it must get (None: any documented outcome)."""
    folder = tmp_path_factory.mktemp("inbox")
    (folder / "good").mkdir()
    for sample in SAMPLES.glob("*.pdf"):
        shutil.copy(sample, folder / "good" / sample.name)
    expected: dict[str, str | None] = {"good/ksl2008.pdf": "ok", "good/storsthlm2021.pdf": "ok"}
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.pdf").write_text("Anteckningar från mötet, inte en PDF.\n", encoding="utf-8")
    make_pdf(folder / "locked.pdf", [["Verksamhetsplan 2008"]], encrypt="hemligt")
    make_blank_pdf(folder / "scan.pdf", pages=3)
    many_blank_pages(folder / "thousands.pdf", 3000)
    compression_bomb(folder / "bomb.pdf")
    make_pdf(folder / "recipe.pdf", [["Pannkakor", "Tre ägg och sex deciliter mjölk."]])
    expected |= {"empty.pdf": "empty-file", "notes.pdf": "not-a-pdf", "locked.pdf": "encrypted",
                 "scan.pdf": "no-text-layer", "thousands.pdf": "too-many-pages", "bomb.pdf": "resource-limit",
                 "recipe.pdf": "no-plugin"}
    data = (SAMPLES / "storsthlm2021.pdf").read_bytes()
    rng = random.Random(SEED)
    for cut in sorted(rng.sample(range(1, len(data) - 1), 10)):
        (folder / f"cut-{cut}.pdf").write_bytes(data[:cut])
        expected[f"cut-{cut}.pdf"] = None
    for number in range(10):
        flipped = bytearray(data)
        for offset in rng.sample(range(len(data)), 25):
            flipped[offset] ^= 1 << rng.randrange(8)
        (folder / f"flip-{number}.pdf").write_bytes(bytes(flipped))
        expected[f"flip-{number}.pdf"] = None
    return {"folder": folder, "expected": expected}


@pytest.fixture(scope="module")
def batch_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    started = time.monotonic()
    proc = subprocess.run(
        [EXE, "extract", str(corpus["folder"]), "--recursive", "-o", str(out), "--jobs", "2",
         "--timeout", "60", "--max-memory", "256", "--quiet"],
        capture_output=True, text=True, timeout=600,
    )
    return proc, out, time.monotonic() - started


def test_batch_completes_with_every_input_accounted_for(corpus, batch_run):
    proc, out, _ = batch_run
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    manifest = json.loads((out / "run-manifest.json").read_text())
    by_name = {str(Path(e["path"]).relative_to(corpus["folder"])): e for e in manifest["inputs"]}
    assert set(by_name) == set(corpus["expected"])
    for name, code in corpus["expected"].items():
        entry = by_name[name]
        if code == "ok":
            assert entry["status"] == "ok", entry
        elif code is not None:
            assert (entry["status"], entry["code"]) == ("failed", code), entry
        else:
            assert entry["status"] in {"ok", "checks-failed", "failed"}
            assert entry["code"] is None or entry["code"] in CODES, entry
            assert entry["code"] != "internal", f"a damaged file hit a bug: {entry}"


def test_errors_are_single_documented_lines(batch_run):
    proc, _, _ = batch_run
    error_lines = [line for line in proc.stderr.splitlines() if line.startswith("planextract: error:")]
    assert error_lines
    for line in error_lines:
        match = ERROR_LINE.match(line)
        assert match, line
        assert match["code"] in CODES, line


def test_nothing_written_for_bad_files(batch_run):
    _, out, _ = batch_run
    inputs = json.loads((out / "run-manifest.json").read_text())["inputs"]
    # a damaged copy that Ghostscript could repair may be extracted; every other input writes nothing
    written = {Path(e["output"]).name for e in inputs if e["status"] in ("ok", "checks-failed")}
    assert {"ksl2008", "storsthlm2021"} <= written
    assert all(name.startswith(("cut-", "flip-")) for name in written - {"ksl2008", "storsthlm2021"})
    assert sorted(p.name for p in out.iterdir()) == sorted(written | {"run-manifest.json"})


def test_the_batch_is_bounded(batch_run, corpus):
    _, _, seconds = batch_run
    assert seconds < 300, f"{len(corpus['expected'])} inputs took {seconds:.0f} s"


HANGING_PLUGIN = textwrap.dedent('''
    import time
    from planextract import hookimpl
    class Hang:
        name, version, tables = "hang", "0", ()
        def detect(self, document):
            time.sleep(3600)
        def extract(self, document): return {}
        def check(self, tables): return []
    @hookimpl
    def planextract_register_extractors(register):
        register(Hang())
''')


def test_a_hanging_plugin_is_stopped_by_the_time_limit(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "hang.py").write_text(HANGING_PLUGIN)
    pdf = make_pdf(tmp_path / "plan.pdf", [["Verksamhetsplan"]])
    started = time.monotonic()
    proc = subprocess.run([EXE, "--plugins-dir", str(plugins), "check", str(pdf), "--timeout", "2"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PLANEXTRACT_LOAD_PLUGINS": ""})
    assert time.monotonic() - started < 30
    assert proc.returncode == 2
    assert f"planextract: error: {pdf}: stopped after 6 s of wall-clock time (3 × the time limit of 2 s) [timeout]" in proc.stderr


def test_interrupt_keeps_finished_documents_and_names_the_rest(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(6):
        shutil.copy(SAMPLES / "storsthlm2021.pdf", inbox / f"plan-{n}.pdf")
    out = tmp_path / "out"
    proc = subprocess.Popen([EXE, "extract", str(inbox), "-o", str(out), "--jobs", "1", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(out.glob("plan-*/manifest.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    manifest = json.loads((out / "run-manifest.json").read_text())
    statuses = [e["status"] for e in manifest["inputs"]]
    assert manifest["interrupted"] and "ok" in statuses and "not-done" in statuses
    for entry in manifest["inputs"]:
        if entry["status"] == "ok":
            assert (Path(entry["output"]) / "manifest.json").exists()
    assert "not-done:" in stderr


def test_skip_existing_resumes_by_checksum(tmp_path):
    out = tmp_path / "out"
    first = subprocess.run([EXE, "extract", str(SAMPLES / "storsthlm2021.pdf"), "-o", str(out), "--quiet"],
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    renamed = tmp_path / "same-content.pdf"
    shutil.copy(SAMPLES / "storsthlm2021.pdf", renamed)
    again = subprocess.run([EXE, "extract", str(renamed), "-o", str(out), "--skip-existing"],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0
    assert "skipped, already extracted to" in again.stdout
    entry = json.loads((out / "run-manifest.json").read_text())["inputs"][0]
    assert entry["status"] == "skipped" and entry["output"].endswith("storsthlm2021")
