"""A large batch killed at random and resumed must end as a clean run: same folders, same
files, same database rows, no process left.

Run: ``.venv/bin/python bench/crash_resume.py [--docs 200] [--kills 10] [--seed 0] [--dir DIR]``.
The documents are the two samples with a comment appended after ``%%EOF`` (distinct
checksums); the batch runs with ``--jobs 2 --skip-existing --db``; each kill is a SIGKILL of
the main process at a random point; then the batch is resumed until it finishes. The
comparison (tests/test_crash_resume.py, which runs the same with 6 documents and 3 kills in
CI) ignores only when and from where each document was read.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_crash_resume import _inputs, _run, _snapshot  # noqa: E402
from tests.test_processes import _gone  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", type=Path, help="work here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="crash-resume-"))
    work.mkdir(parents=True, exist_ok=True)
    inbox = _inputs(work / "inbox", args.docs)
    started = time.perf_counter()
    assert _run(inbox, work / "clean", work / "clean.duckdb") == 0
    clean = time.perf_counter() - started
    print(f"clean run: {args.docs} documents in {clean:.0f} s")
    rng = random.Random(args.seed)
    out, db = work / "out", work / "plans.duckdb"
    done = 0
    for k in range(args.kills):
        at = rng.uniform(1.0, 5.0 + clean * (1 - done / args.docs))  # while work remains
        _run(inbox, out, db, kill_after=at)
        left = _gone(str(out) + "/")
        done = len(list(out.glob("*/manifest.json"))) if out.exists() else 0
        print(f"kill {k + 1}: after {at:.1f} s, {done} folders so far, {len(left)} processes left")
        if left:
            sys.exit(f"processes outlived the killed batch: {left}")
    resumes = 0
    while _run(inbox, out, db) != 0:
        resumes += 1
    same = _snapshot(out, db) == _snapshot(work / "clean", work / "clean.duckdb")
    print(f"resumed ({resumes} extra runs): {'identical to the clean run' if same else 'DIFFERENT from the clean run'}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
