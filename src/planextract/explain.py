"""Why a document went to one extractor: every signal found or missing, and the host's rule.

``planextract detect --explain`` prints this. An extractor that publishes its detection
signals (an optional ``signals`` attribute, a sequence of :class:`~.detection.Signal`) gets
each one listed with its weight and the text it matched; every extractor gets its score, and
the verdict applies the host's threshold and tie margin (:mod:`planextract.host`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .detection import Signal
from .document import Document
from .host import THRESHOLD, TIE_MARGIN, Candidate


@dataclass(frozen=True)
class SignalResult:
    """One signal against one document: found or not, and the text it matched."""

    label: str
    pattern: str
    weight: float
    found: bool
    match: str | None


def explain(document: Document, signals: Sequence[Signal]) -> list[SignalResult]:
    """Each signal, matched as :func:`planextract.detection.score` matches it (whitespace folded)."""
    text = " ".join(document.text.split())
    results = []
    for signal in signals:
        match = re.search(signal.pattern, text, re.IGNORECASE)
        results.append(SignalResult(signal.label, signal.pattern, signal.weight, match is not None,
                                    match.group(0)[:80] if match else None))
    return results


def explain_candidates(document: Document, candidates: Sequence[Candidate]) -> dict[str, Any]:
    """Every candidate's score, signals (when published) and standing, and the overall verdict."""
    entries = []
    for candidate in candidates:
        signals = getattr(candidate.extractor, "signals", None)
        entries.append({
            "extractor": candidate.extractor.name,
            "score": candidate.score,
            "claims": candidate.score >= THRESHOLD,
            "error": candidate.error,
            "signals": None if signals is None else [asdict(s) for s in explain(document, signals)],
        })
    return {"threshold": THRESHOLD, "tie_margin": TIE_MARGIN, "candidates": entries,
            "verdict": verdict(candidates)}


def verdict(candidates: Sequence[Candidate]) -> str:
    """The host's decision in words (the same rule as :func:`planextract.host.choose`)."""
    above = sorted((c for c in candidates if c.score >= THRESHOLD), key=lambda c: -c.score)
    if not above:
        return f"no extractor reaches the threshold {THRESHOLD:.2f}: none is chosen"
    best = above[0]
    if len(above) > 1 and best.score - above[1].score < TIE_MARGIN:
        return (f"tie: {best.extractor.name} {best.score:.2f} and {above[1].extractor.name} {above[1].score:.2f} "
                f"are less than {TIE_MARGIN:.2f} apart: none is chosen (use --plugin)")
    runner_up = next((c for c in candidates if c is not best), None)
    lead = (f", {best.score - runner_up.score:.2f} ahead of {runner_up.extractor.name}" if runner_up else "")
    return f"{best.extractor.name} is chosen: {best.score:.2f} ≥ {THRESHOLD:.2f}{lead}"


def format_explanation(report: dict[str, Any]) -> list[str]:
    """The report as indented lines for the terminal."""
    lines = [f"  threshold {report['threshold']:.2f}, tie margin {report['tie_margin']:.2f}"]
    for entry in report["candidates"]:
        standing = "error in detect" if entry["error"] else "claims it" if entry["claims"] else "below threshold"
        lines.append(f"  {entry['extractor']}: {entry['score']:.2f} ({standing})")
        if entry["signals"] is None:
            lines.append("      signals not published (give the extractor a `signals` attribute to list them)")
            continue
        for s in entry["signals"]:
            mark, what = ("+", f"matched {s['match']!r}") if s["found"] else ("-", "missing")
            lines.append(f"    {mark} {s['weight']:.2f}  {s['label']}: {what}  /{s['pattern']}/")
    lines.append(f"  verdict: {report['verdict']}")
    return lines
