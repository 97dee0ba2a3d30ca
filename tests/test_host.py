"""The plugin host: discovery, selection, ties, no match, override, broken plugins."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from planextract import hookimpl
from planextract.document import Document, Page, Word
from planextract.errors import AmbiguousPlugin, NoPluginMatch, PluginError, UnknownPlugin
from planextract.extractor import Detection
from planextract.host import (
    LOAD_PLUGINS_ENV,
    choose,
    collect_extractors,
    get_plugin_manager,
    plugin_infos,
)


def memory_document(text: str) -> Document:
    words = tuple(
        Word(w, 10 + 40 * i, 10, 40 + 40 * i, 20, "Helvetica", 10, 1) for i, w in enumerate(text.split())
    )
    return Document(Path("mem.pdf"), "0" * 64, 0, (Page(1, 600, 800, words),))


class FakeExtractor:
    version = "1.0"
    tables = ()

    def __init__(self, name: str, score: float | None, explode: bool = False, year: int | None = None):
        self.name, self._score, self._explode, self._year = name, score, explode, year

    def detect(self, document):
        if self._explode:
            raise RuntimeError("boom")
        return None if self._score is None else Detection(self._score, f"{self.name} says so", self._year)

    def extract(self, document):
        return {}

    def check(self, tables):
        return []


def manager_with(*extractors):
    class Plugin:
        @hookimpl
        def planextract_register_extractors(self, register):
            for extractor in extractors:
                register(extractor)

    pm = get_plugin_manager(load_entry_points=False)
    pm.register(Plugin(), name="test")
    return pm


DOC = memory_document("Verksamhetsplan")


def test_best_score_above_threshold_wins():
    pm = manager_with(FakeExtractor("a", 0.9), FakeExtractor("b", 0.3), FakeExtractor("c", None))
    chosen, candidates = choose(DOC, collect_extractors(pm))
    assert chosen.name == "a"
    assert [c.extractor.name for c in candidates] == ["a", "b", "c"]


def test_tie_is_refused_listing_every_candidate():
    pm = manager_with(FakeExtractor("a", 0.8), FakeExtractor("b", 0.78), FakeExtractor("c", 0.1))
    with pytest.raises(AmbiguousPlugin) as info:
        choose(DOC, collect_extractors(pm))
    message = str(info.value)
    assert "a: 0.80 (a says so)" in message and "b: 0.78" in message and "c: 0.10" in message
    assert info.value.code == "ambiguous-plugin"


def test_no_match_lists_scores_and_reasons():
    pm = manager_with(FakeExtractor("a", 0.4), FakeExtractor("b", None))
    with pytest.raises(NoPluginMatch, match=r"no plugin recognises it \(a: 0.40 \(a says so\); b: 0.00 \(not this era\)\)"):
        choose(DOC, collect_extractors(pm))


def test_two_plans_of_different_years_in_one_file_are_refused_even_with_plugin():
    pm = manager_with(FakeExtractor("ksl", 1.0, year=2008), FakeExtractor("storsthlm", 0.85, year=2021))
    extractors = collect_extractors(pm)
    for plugin in (None, "ksl"):
        with pytest.raises(AmbiguousPlugin, match=r"plans of 2 years \(2008, 2021\): two documents in one file"):
            choose(DOC, extractors, plugin=plugin)


def test_a_neighbouring_years_plugin_claiming_the_same_plan_is_chosen_with_plugin():
    pm = manager_with(FakeExtractor("ksl2008", 1.0, year=2008), FakeExtractor("ksl2009", 1.0, year=2008))
    extractors = collect_extractors(pm)
    with pytest.raises(AmbiguousPlugin, match="use --plugin to choose"):
        choose(DOC, extractors)
    assert choose(DOC, extractors, plugin="ksl2009")[0].name == "ksl2009"


def test_both_samples_in_one_file_are_refused(samples):
    import planextract

    ksl, sthlm = (planextract.open_document(samples / f"{n}.pdf") for n in ("ksl2008", "storsthlm2021"))
    both = Document(Path("both.pdf"), "0" * 64, 0, ksl.pages + sthlm.pages)
    extractors = collect_extractors(get_plugin_manager())
    with pytest.raises(AmbiguousPlugin, match=r"\(2008, 2021\)"):
        choose(both, extractors, plugin="ksl2008")


def test_override_chooses_and_unknown_name_is_an_error():
    pm = manager_with(FakeExtractor("a", 0.9), FakeExtractor("b", None))
    extractors = collect_extractors(pm)
    assert choose(DOC, extractors, plugin="b")[0].name == "b"
    with pytest.raises(UnknownPlugin, match="known: a, b"):
        choose(DOC, extractors, plugin="zzz")


def test_a_detect_that_raises_is_no_match_not_a_crash():
    pm = manager_with(FakeExtractor("a", 0.9), FakeExtractor("bad", 0.0, explode=True))
    chosen, candidates = choose(DOC, collect_extractors(pm))
    assert chosen.name == "a"
    assert "error in detect (RuntimeError: boom)" in candidates[-1].describe()


def test_duplicate_extractor_names_are_refused():
    pm = manager_with(FakeExtractor("a", 0.9), FakeExtractor("a", 0.5))
    with pytest.raises(PluginError, match="two extractors are named 'a'"):
        collect_extractors(pm)


def test_every_manager_is_fresh():
    first = manager_with(FakeExtractor("a", 0.9))
    second = get_plugin_manager(load_entry_points=False)
    assert "a" in collect_extractors(first)
    assert collect_extractors(second) == {}


@pytest.fixture
def installed_plugin(tmp_path, monkeypatch):
    """A third-party plugin 'installed' on sys.path with a planextract entry point."""
    (tmp_path / "thirdparty_era.py").write_text(textwrap.dedent('''
        from planextract import hookimpl
        from planextract.extractor import Detection

        class Era:
            name = "thirdparty"
            version = "9.9"
            tables = ()
            def detect(self, document):
                return Detection(1.0, "always") if "Verksamhetsplan" in document.text else None
            def extract(self, document):
                return {}
            def check(self, tables):
                return []

        @hookimpl
        def planextract_register_extractors(register):
            register(Era())
    '''))
    dist = tmp_path / "thirdparty_era-9.9.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: thirdparty-era\nVersion: 9.9\n")
    (dist / "entry_points.txt").write_text("[planextract]\nthirdparty = thirdparty_era\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "thirdparty"


def test_entry_point_plugins_are_discovered(installed_plugin):
    pm = get_plugin_manager(environ={})
    extractors = collect_extractors(pm)
    assert installed_plugin in extractors
    assert {"ksl2008", "storsthlm2021"} <= set(extractors)  # built-ins come the same way
    sources = {info.name: info.source for info in plugin_infos(pm)}
    assert sources["thirdparty"] == "thirdparty-era 9.9"


def test_environment_variable_restricts_loading(installed_plugin):
    only = collect_extractors(get_plugin_manager(environ={LOAD_PLUGINS_ENV: "thirdparty"}))
    assert set(only) == {"thirdparty"}
    assert collect_extractors(get_plugin_manager(environ={LOAD_PLUGINS_ENV: ""})) == {}


def test_plugins_dir_loads_modules(tmp_path):
    (tmp_path / "quick.py").write_text(textwrap.dedent('''
        from planextract import hookimpl
        class Quick:
            name, version, tables = "quick", "0", ()
            def detect(self, d): return None
            def extract(self, d): return {}
            def check(self, t): return []
        @hookimpl
        def planextract_register_extractors(register):
            register(Quick())
    '''))
    pm = get_plugin_manager(load_entry_points=False, plugins_dir=tmp_path)
    assert set(collect_extractors(pm)) == {"quick"}
