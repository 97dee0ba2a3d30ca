"""Typeset each plan N ways at random and see which layouts the extraction reads exactly.

Run: ``.venv/bin/python bench/fuzz_layouts.py [--n 200] [--seed 0] [--era ERA] [--jobs J]
[--json PATH] [--keep DIR] [--case K]``.

For each era, N typesettings are drawn (tests/layout_fuzz.py: the same choices as the
hypothesis strategies, drawn independently with ``random.Random(seed)``), built with
samples/build.py, checked to show the whole transcription in order, extracted with
``planextract.extract`` and compared with ``samples/golden/<era>`` (every table and column
but page and top; no failing check).  Failures do not stop the run.  The summary gives
passed/failed per era and groups the failures by their first difference (a table and
column, ``<table>:rows``, ``checks:fail:<check>`` or ``error:<exception>``) with one
example's Typesetting repr each; the JSON report has every case.  ``--case K`` reruns one
case (same --seed and --era) and keeps its PDF.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.layout_fuzz import ERAS, Difference, random_typesettings, run  # noqa: E402


def one_case(era: str, index: int, ts, keep: str | None) -> dict:
    """Build, check and extract one layout; never raises."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        try:
            diffs = run(era, ts, Path(folder))
        except Exception as error:      # noqa: BLE001 -- the builder failing is a finding too
            diffs = [Difference(f"builder:{type(error).__name__}", str(error)[:500])]
        if keep and diffs:
            Path(keep).mkdir(parents=True, exist_ok=True)
            pdf = Path(folder) / f"{era}.pdf"
            if pdf.exists():
                pdf.replace(Path(keep) / f"{era}-{index}.pdf")
    return {"index": index, "typesetting": repr(ts), "ok": not diffs, "seconds": round(time.perf_counter() - start, 2),
            "differences": [{"key": d.key, "message": d.message} for d in diffs]}


def summarise(era: str, cases: list[dict]) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        if not case["ok"]:
            groups[case["differences"][0]["key"]].append(case)
    return {
        "passed": sum(c["ok"] for c in cases),
        "failed": sum(not c["ok"] for c in cases),
        "median_seconds": sorted(c["seconds"] for c in cases)[len(cases) // 2] if cases else None,
        "groups": {key: {"count": len(members), "cases": [c["index"] for c in members],
                         "example": {"index": members[0]["index"], "typesetting": members[0]["typesetting"],
                                     "message": members[0]["differences"][0]["message"]}}
                   for key, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
        "cases": cases,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="layouts per era (200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--era", choices=ERAS, action="append", help="only this era (repeatable)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--json", type=Path, default=Path("fuzz_layouts.json"), help="report path")
    parser.add_argument("--keep", help="folder for the PDFs of failing layouts")
    parser.add_argument("--case", type=int, help="rerun only case K (keeps its PDF in --keep or ./fuzz-cases)")
    args = parser.parse_args(argv)
    eras = args.era or list(ERAS)
    report = {"n": args.n, "seed": args.seed, "eras": {}}
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for era in eras:
            drawn = random_typesettings(era, (args.case + 1) if args.case is not None else args.n, args.seed)
            indices = [args.case] if args.case is not None else range(len(drawn))
            keep = args.keep or ("fuzz-cases" if args.case is not None else None)
            futures = [pool.submit(one_case, era, k, drawn[k], keep) for k in indices]
            cases = []
            for k, future in zip(indices, futures):
                case = future.result()
                cases.append(case)
                mark = "ok " if case["ok"] else "FAIL"
                first = "" if case["ok"] else f"  [{case['differences'][0]['key']}]"
                print(f"{era} {k:>4} {mark} {case['seconds']:>6.1f}s{first}", flush=True)
            report["eras"][era] = summarise(era, cases)
    report["seconds"] = round(time.perf_counter() - started, 1)

    print()
    for era, summary in report["eras"].items():
        total = summary["passed"] + summary["failed"]
        print(f"== {era}: {summary['passed']}/{total} passed, {summary['failed']} failed "
              f"(median {summary['median_seconds']} s a layout)")
        for key, group in summary["groups"].items():
            example = group["example"]
            print(f"  {group['count']:>4} x {key}")
            print(f"         e.g. case {example['index']}: {example['message'].splitlines()[0][:200]}")
            print(f"         {example['typesetting']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\n{report['seconds']} s; report: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
