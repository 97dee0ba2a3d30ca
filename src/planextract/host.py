"""The plugin host: builds a fresh plugin manager, collects extractors, picks one per document.

Nothing here is global. :func:`get_plugin_manager` builds a new manager each call, so a test
or a second run never sees plugins left over from the first.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import pluggy

from . import hookspecs
from .document import Document
from .errors import AmbiguousPlugin, NoPluginMatch, PluginError, UnknownPlugin
from .extractor import Detection, Extractor

ENTRY_POINT_GROUP = "planextract"
#: Comma-separated entry-point names to load (unset: all; empty: none).
LOAD_PLUGINS_ENV = "PLANEXTRACT_LOAD_PLUGINS"
#: Set to 1 to print every hook call to stderr.
TRACE_PLUGINS_ENV = "PLANEXTRACT_TRACE_PLUGINS"
#: A document belongs to an extractor when its score reaches this.
THRESHOLD = 0.5
#: Two scores closer than this at the top are a tie: the host refuses to guess.
TIE_MARGIN = 0.05


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin: its name and where it came from (distribution or file)."""

    name: str
    source: str


def get_plugin_manager(
    *,
    load_entry_points: bool = True,
    plugins_dir: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> pluggy.PluginManager:
    """A new manager: hookspecs, then entry-point plugins, then modules from ``plugins_dir``."""
    environ = os.environ if environ is None else environ
    pm = pluggy.PluginManager("planextract")
    pm.add_hookspecs(hookspecs)
    pm.planextract_sources = {}  # type: ignore[attr-defined]  # plugin name -> source
    if load_entry_points:
        allowed = environ.get(LOAD_PLUGINS_ENV)
        names = None if allowed is None else {n.strip() for n in allowed.split(",") if n.strip()}
        _load_entry_points(pm, names)
    if plugins_dir is not None:
        _load_directory(pm, Path(plugins_dir))
    pm.check_pending()
    if environ.get(TRACE_PLUGINS_ENV):
        pm.trace.root.setwriter(sys.stderr.write)
        pm.enable_tracing()
    return pm


def _load_entry_points(pm: pluggy.PluginManager, names: set[str] | None) -> None:
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if names is not None and ep.name not in names:
            continue
        if pm.get_plugin(ep.name) is not None:
            continue
        try:
            plugin = ep.load()
        except Exception as error:
            raise PluginError(f"plugin {ep.name!r} failed to load: {error}") from error
        pm.register(plugin, name=ep.name)
        dist = ep.dist
        source = f"{dist.name} {dist.version}" if dist is not None else ep.value
        pm.planextract_sources[ep.name] = source  # type: ignore[attr-defined]


def _load_directory(pm: pluggy.PluginManager, directory: Path) -> None:
    if not directory.is_dir():
        raise PluginError(f"plugins directory {directory} does not exist")
    for file in sorted(directory.glob("*.py")):
        name = f"planextract_dir_plugin_{file.stem}"
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            raise PluginError(f"plugin file {file} failed to load: {error}") from error
        pm.register(module, name=file.stem)
        pm.planextract_sources[file.stem] = str(file)  # type: ignore[attr-defined]


def plugin_infos(pm: pluggy.PluginManager) -> list[PluginInfo]:
    sources: dict[str, str] = getattr(pm, "planextract_sources", {})
    return [
        PluginInfo(name, sources.get(name, "registered in code"))
        for name, plugin in pm.list_name_plugin()
        if plugin is not None
    ]


def collect_extractors(pm: pluggy.PluginManager) -> dict[str, Extractor]:
    """Every registered extractor by name; two with one name is an error naming both."""
    found: dict[str, Extractor] = {}

    def register(extractor: Extractor) -> None:
        missing = [a for a in ("name", "version", "tables", "detect", "extract", "check")
                   if not hasattr(extractor, a)]
        if missing:
            raise PluginError(f"extractor {extractor!r} lacks {', '.join(missing)}")
        if extractor.name in found:
            raise PluginError(
                f"two extractors are named {extractor.name!r}: "
                f"{type(found[extractor.name]).__module__} and {type(extractor).__module__}"
            )
        found[extractor.name] = extractor

    pm.hook.planextract_register_extractors(register=register)
    return found


@dataclass(frozen=True)
class Candidate:
    """One extractor's answer to a document: a detection, nothing, or the error it raised."""

    extractor: Extractor
    detection: Detection | None
    error: str | None = None

    @property
    def score(self) -> float:
        return self.detection.score if self.detection else 0.0

    def describe(self) -> str:
        if self.error:
            return f"{self.extractor.name}: error in detect ({self.error})"
        if self.detection is None:
            return f"{self.extractor.name}: 0.00 (not this era)"
        return f"{self.extractor.name}: {self.detection.score:.2f} ({self.detection.reason})"


def detect_all(document: Document, extractors: Mapping[str, Extractor]) -> list[Candidate]:
    """Ask every extractor; best first. A detect that raises counts as no match, with its error."""
    candidates = []
    for extractor in extractors.values():
        try:
            detection = extractor.detect(document)
            candidates.append(Candidate(extractor, detection))
        except Exception as error:  # a broken plugin must not take the others down
            candidates.append(Candidate(extractor, None, f"{type(error).__name__}: {error}"))
    return sorted(candidates, key=lambda c: (-c.score, c.extractor.name))


def choose(
    document: Document, extractors: Mapping[str, Extractor], plugin: str | None = None,
    candidates: list[Candidate] | None = None,
) -> tuple[Extractor, list[Candidate]]:
    """The extractor for ``document``: ``plugin`` if given, else the clear best detection.
    A file in which extractors find plans of different years holds two documents: refused,
    even with ``plugin`` (it would label one plan's figures with the other's year), until
    the pages of one are selected (``Document.page_range``)."""
    if plugin is not None and plugin not in extractors:
        known = ", ".join(sorted(extractors)) or "none"
        raise UnknownPlugin(f"no extractor named {plugin!r} (known: {known})", document.path)
    if candidates is None:  # ``detect`` asks every extractor itself, and passes what they said
        candidates = detect_all(document, extractors)
    scores = "; ".join(c.describe() for c in candidates) or "no extractors are installed"
    above = [c for c in candidates if c.score >= THRESHOLD]
    years = sorted({c.detection.year for c in above if c.detection.year is not None})
    if len(years) > 1:
        raise AmbiguousPlugin(f"it holds plans of {len(years)} years ({', '.join(map(str, years))}): two documents "
                              f"in one file; select one plan's pages with --pages FIRST-LAST (or split the file), "
                              f"--plugin cannot choose ({scores})", document.path)
    if plugin is not None:
        return extractors[plugin], candidates
    if not above:
        raise NoPluginMatch(f"no plugin recognises it ({scores})", document.path)
    if len(above) > 1 and above[0].score - above[1].score < TIE_MARGIN:
        raise AmbiguousPlugin(
            f"more than one plugin claims it; use --plugin to choose ({scores})", document.path
        )
    return above[0].extractor, candidates
