"""Time OCR on scanned plans: seconds per scanned page and per plan, with --jobs 1 and --jobs 2.

Scans both samples with samples/scan.py (200 dpi, skew, uneven light, JPEG), then runs
`planextract extract` on the two scans with an empty OCR cache for each job count (a cached
run reads no page again: it is timed too). Wall-clock, machine-dependent, not asserted.

    .venv/bin/python bench/bench_ocr.py [--dpi 200] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))
import scan  # noqa: E402

EXE = str(Path(sys.executable).with_name("planextract"))


def run(pdfs: list[Path], out: Path, jobs: int, cache: Path) -> tuple[float, int]:
    env = os.environ | {"PLANEXTRACT_CACHE": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([EXE, "extract", *map(str, pdfs), "-o", str(out), "--jobs", str(jobs), "-q"],
                          env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="planextract-bench-ocr-") as folder:
        work = Path(folder)
        pdfs = [scan.scan(ROOT / "samples" / f"{name}.pdf", work / f"{name}-scan.pdf", scan.Scanner(dpi=args.dpi))
                for name in ("ksl2008", "storsthlm2021")]
        pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
        report = {"pages": pages, "plans": len(pdfs), "dpi": args.dpi}
        for jobs in args.jobs:
            cache = work / f"cache-{jobs}"
            seconds, code = run(pdfs, work / f"out-{jobs}", jobs, cache)
            cached, _ = run(pdfs, work / f"again-{jobs}", jobs, cache)
            report[f"jobs {jobs}"] = {"seconds": round(seconds, 1), "per page": round(seconds / pages, 2),
                                      "per plan": round(seconds / len(pdfs), 1), "exit": code,
                                      "cached run seconds": round(cached, 1)}
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
