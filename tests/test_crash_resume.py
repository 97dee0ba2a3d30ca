"""Crash consistency: a batch killed at random points and resumed ends identical to a clean
run — the same folders with the same files, the same database rows — and leaves no process."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_processes import _gone

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXE = str(Path(sys.executable).with_name("planextract"))
VOLATILE = {"extracted_at", "path"}  # when and from where; everything else must match


def _inputs(folder: Path, count: int) -> Path:
    """Distinct documents: the samples with a comment appended after %%EOF (other bytes,
    other checksums, the same plan)."""
    folder.mkdir()
    for n in range(count):
        source = SAMPLES / ("ksl2008.pdf" if n % 2 else "storsthlm2021.pdf")
        (folder / f"plan-{n}.pdf").write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
    return folder


def _run(inbox: Path, out: Path, db: Path, kill_after: float | None = None) -> int | None:
    command = [EXE, "extract", str(inbox), "-o", str(out), "--db", str(db), "--jobs", "2", "--quiet",
               "--skip-existing"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        return proc.wait(timeout=600)
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return None


def _snapshot(out: Path, db: Path) -> dict:
    folders = {}
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if path.name == "manifest.json":
                    manifest = {k: v for k, v in json.loads(data).items() if k not in VOLATILE}
                    manifest.pop("libraries", None)
                    data = json.dumps(manifest, sort_keys=True).encode()
                files[str(path.relative_to(folder))] = data
        folders[folder.name] = files
    from planextract.database import connect

    with connect(db, read_only=True) as connection:
        tables = sorted(row[0] for row in connection.execute("SHOW TABLES").fetchall())
        rows = {t: connection.execute(f'SELECT count(*), count(DISTINCT document_sha256) FROM "{t}"').fetchall()
                if "document_sha256" in {c[0] for c in connection.execute(f'DESCRIBE "{t}"').fetchall()}
                else connection.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()  # reference tables
                for t in tables}
    return {"folders": folders, "rows": rows, "stray": sorted(p.name for p in out.iterdir() if p.name.startswith("."))}


@pytest.mark.slow
def test_a_batch_killed_at_random_and_resumed_ends_as_a_clean_run(tmp_path):
    inbox = _inputs(tmp_path / "inbox", 6)
    clean_out, clean_db = tmp_path / "clean", tmp_path / "clean.duckdb"
    assert _run(inbox, clean_out, clean_db) == 0
    out, db = tmp_path / "out", tmp_path / "plans.duckdb"
    rng = random.Random(20081121)
    for _ in range(3):
        _run(inbox, out, db, kill_after=rng.uniform(1.0, 8.0))
        assert not _gone(str(out)), "a worker outlived its killed batch"
    assert _run(inbox, out, db) == 0
    assert _snapshot(out, db) == _snapshot(clean_out, clean_db)
