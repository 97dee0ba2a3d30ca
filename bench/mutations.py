"""Kill rates of the checks: damage each sample's correct extraction every way and count
what the schema or a failed check catches (see planextract.mutations).

Usage: ``python bench/mutations.py [PDF ...] [--cells N] [--json PATH]`` (default: both
samples, every cell). Prints the rate per kind and the survivors.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import planextract
from planextract.host import choose, collect_extractors, get_plugin_manager
from planextract.mutations import KINDS, kill_rates

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path,
                        default=[ROOT / "samples" / "ksl2008.pdf", ROOT / "samples" / "storsthlm2021.pdf"])
    parser.add_argument("--cells", type=int, default=10**6, help="single-cell mutants per table and kind")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    figures = {}
    for pdf in args.pdfs:
        document = planextract.open_document(pdf)
        extractor, _ = choose(document, collect_extractors(get_plugin_manager()), None)
        started = time.perf_counter()
        report = kill_rates(document, extractor, cells=args.cells)
        seconds = round(time.perf_counter() - started, 1)
        print(f"{pdf.name} ({extractor.name}, {seconds} s)")
        print("\n".join("  " + line for line in report.lines()))
        for kind, survivors in report.survivors.items():
            print(f"  survivors, {kind}:", *survivors[:20], sep="\n    ")
        figures[pdf.name] = {"seconds": seconds, **{kind: {"killed": report.killed[kind], "total": report.total[kind],
                                                          "survivors": report.survivors.get(kind, [])}
                                                   for kind in KINDS}}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
