"""Seconds to extract each bundled sample, beside the floor: one pdfplumber pass over its words.

Run: ``.venv/bin/python bench/bench_extract.py [--repeat N] [PDF ...]``. The floor is what any
extractor built on pdfplumber must pay; the difference is planextract's own work (layout,
tables, lists, validation, checks). Median of N runs, wall-clock.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

import planextract
from planextract.host import get_plugin_manager

ROOT = Path(__file__).resolve().parent.parent


def pdfplumber_floor(path: Path) -> None:
    """Read the words of every page once, nothing more."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words(extra_attrs=["fontname", "size"])
            page.close()


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=sorted((ROOT / "samples").glob("*.pdf")))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pm = get_plugin_manager()
    print(f"{'document':<22}{'pages':>6}{'floor s':>10}{'parse s':>10}{'extract s':>11}{'ratio':>8}"
          f"{'pdfium parse s':>16}{'pdfium extract s':>18}")
    for path in args.pdfs:
        floor = median_seconds(lambda: pdfplumber_floor(path), args.repeat)
        parse = median_seconds(lambda: planextract.open_document(path), args.repeat)
        full = median_seconds(lambda: planextract.extract(path, pm=pm), args.repeat)
        fast_parse = median_seconds(lambda: planextract.open_document(path, backend="pdfium"), args.repeat)
        fast = median_seconds(lambda: planextract.extract(path, pm=pm, backend="pdfium"), args.repeat)
        pages = planextract.open_document(path).page_count
        print(f"{path.name:<22}{pages:>6}{floor:>10.3f}{parse:>10.3f}{full:>11.3f}{full / floor:>8.2f}"
              f"{fast_parse:>16.3f}{fast:>18.3f}")


if __name__ == "__main__":
    main()
