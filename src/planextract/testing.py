"""The contract test kit for planextract plugins, loaded by pytest as a plugin (``pytest11``).

Fixtures, in any test of a project that has planextract installed:

- ``plugin_manager``: a fresh plugin manager with entry points off (no installed plugin leaks in);
- ``register_plugin``: ``register_plugin(plugin_or_extractor, name=None)`` registers a plugin
  module or object, or a bare extractor, on that manager for one test;
- ``load_plugins_dir``: ``load_plugins_dir(folder)`` gives a manager with the ``*.py`` plugins
  of a folder, exactly as ``planextract --plugins-dir`` loads them.

:class:`ExtractorContract` is what every extractor must pass. Subclass it in a test module
(the subclass's name starts with ``Test``) and say which extractor and samples::

    class TestMyEraContract(ExtractorContract):
        extractor = "myera"                      # an installed extractor's name, or an instance
        samples = [SAMPLES / "myera.pdf"]        # the era's own sample PDFs
        golden_dir = SAMPLES / "golden"          # golden_dir/<sample stem>/<table>.csv
        other_samples = [OTHER / "ksl2008.pdf"]  # other eras' PDFs: detect must not claim them

Golden files are CSVs of every column but ``top``; ``PLANEXTRACT_WRITE_GOLDEN=1`` writes them
(review the diff before committing). pandas and pandera load only when a contract test runs:
pytest imports this module in every run of every project that has planextract installed.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .hookspecs import hookimpl

if TYPE_CHECKING:
    import pandas as pd
    import pluggy

    from .document import Document
    from .extractor import Extractor

#: Set to 1 to (re)write golden files from the current extraction instead of comparing.
WRITE_GOLDEN_ENV = "PLANEXTRACT_WRITE_GOLDEN"
#: How far (points) a row's ``top`` may be from the top of a word on its page.
TOP_TOLERANCE = 1.0
#: Text of no plan at all; no extractor may claim it.
UNRELATED_TEXT = (
    "Pannkakor", "Tre ägg, sex deciliter mjölk och två och en halv deciliter vetemjöl.",
    "Vispa mjölet i hälften av mjölken, tillsätt resten av mjölken och äggen.", "Summa 4 portioner",
)


# --------------------------------------------------------------------------- fixtures
@pytest.fixture
def plugin_manager() -> pluggy.PluginManager:
    """A fresh plugin manager: hookspecs only, no entry points, no environment settings."""
    from .host import get_plugin_manager

    return get_plugin_manager(load_entry_points=False, environ={})


@pytest.fixture
def register_plugin(plugin_manager) -> Callable[..., pluggy.PluginManager]:
    """``register_plugin(plugin, name=None)``: a module, an object with hookimpls, or an extractor."""

    def register(plugin: Any, name: str | None = None) -> pluggy.PluginManager:
        if all(hasattr(plugin, a) for a in ("name", "detect", "extract")):
            plugin = _SingleExtractor(plugin)
        plugin_manager.register(plugin, name=name)
        return plugin_manager

    return register


@pytest.fixture
def load_plugins_dir() -> Callable[[str | Path], pluggy.PluginManager]:
    """``load_plugins_dir(folder)``: a new manager with the folder's ``*.py`` plugins, entry points off."""
    from .host import get_plugin_manager

    def load(folder: str | Path) -> pluggy.PluginManager:
        return get_plugin_manager(load_entry_points=False, plugins_dir=folder, environ={})

    return load


class _SingleExtractor:
    """A plugin registering one extractor object (what ``register_plugin(extractor)`` wraps)."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    @hookimpl
    def planextract_register_extractors(self, register) -> None:
        register(self.extractor)


# --------------------------------------------------------------------------- helpers
def _fail(message: str) -> None:
    """Fail with ``message`` alone, no traceback: it tells the plugin's author what to do."""
    pytest.fail(message, pytrace=False)


_DOCUMENTS: dict[tuple[str, int, int], Document] = {}


def open_sample(path: str | Path) -> Document:
    """Parse a PDF once per test session; parsing is most of what a contract run costs."""
    from .document import Document

    path = Path(path).resolve()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _DOCUMENTS:
        _DOCUMENTS[key] = Document.open(path)
    return _DOCUMENTS[key]


def samples_folder(start: str | Path, sample: str) -> Path:
    """The nearest ``samples/`` folder above ``start`` that holds ``sample``.

    A plugin's tests find their samples this way wherever the plugin sits: beside it (a plugin
    made by ``planextract new-plugin``) or at a repository's root (the built-in plugins). When
    none holds it, ``samples/`` beside the tests' folder, so the contract says what is missing.
    """
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / "samples" / sample).is_file():
            return folder / "samples"
    return start.parent / "samples"


def unrelated_document() -> Document:
    """A one-page document, built in memory, that is no annual plan of any era."""
    from .document import Document, Page, Word

    words = []
    for row, line in enumerate(UNRELATED_TEXT):
        x = 72.0
        for text in line.split():
            width = 5.5 * len(text)
            words.append(Word(text, x, 72.0 + 16 * row, x + width, 84.0 + 16 * row, "Helvetica", 11.0, 1))
            x += width + 3
    return Document(Path("unrelated.pdf"), "0" * 64, 0, (Page(1, 595.0, 842.0, tuple(words)),))


def table_csv(frame: pd.DataFrame, ignore: Sequence[str] = ("top",)) -> str:
    """A table as its golden file holds it: CSV of every column but ``ignore``."""
    return _normal_csv(frame.to_csv(index=False, lineterminator="\n"), ignore)


def _normal_csv(text: str, ignore: Sequence[str]) -> str:
    """CSV text re-read as strings and written back: only the cells count, not quoting style."""
    import io

    import pandas as pd

    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return frame.drop(columns=[c for c in ignore if c in frame.columns]).to_csv(index=False, lineterminator="\n")


def assert_golden(frame: pd.DataFrame, golden: str | Path, *, ignore: Sequence[str] = ("top",)) -> None:
    """Fail, with a diff, unless ``frame`` equals the golden CSV (both without ``ignore``).

    With ``PLANEXTRACT_WRITE_GOLDEN=1`` the file is written instead, but only for a full
    comparison (``ignore`` is just ``top``), so a variant never overwrites the sample's goldens.
    """
    golden = Path(golden)
    if os.environ.get(WRITE_GOLDEN_ENV) and tuple(ignore) == ("top",):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(table_csv(frame), encoding="utf-8")
        pytest.skip(f"wrote {golden}")
    if not golden.is_file():
        _fail(f"no golden file {golden}. Check the extraction by eye, then write the goldens with "
              f"{WRITE_GOLDEN_ENV}=1 pytest (and review them before committing)")
    got = table_csv(frame, ignore)
    expected = _normal_csv(golden.read_text(encoding="utf-8"), ignore)
    if got != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), got.splitlines(), str(golden), "extracted",
                                              lineterm="", n=0))
        _fail(f"the extraction differs from {golden} (ignoring {', '.join(ignore)}):\n{diff[:6000]}\n"
              f"If the change is intended, rewrite the goldens with {WRITE_GOLDEN_ENV}=1 pytest and review the diff.")


def interface_problems(extractor: Any) -> list[str]:
    """What an extractor lacks or gets wrong in its declared interface, one instruction each."""
    from .detection import Signal
    from .extractor import TableSpec
    from .schema import ProvenanceModel

    problems = []
    for attribute in ("name", "version"):
        if not isinstance(getattr(extractor, attribute, None), str) or not getattr(extractor, attribute):
            problems.append(f"set `{attribute}` to a non-empty string")
    tables = getattr(extractor, "tables", None)
    if not isinstance(tables, tuple) or not tables or not all(isinstance(t, TableSpec) for t in tables):
        problems.append("set `tables` to a non-empty tuple of planextract.extractor.TableSpec")
    else:
        names = [spec.name for spec in tables]
        if len(set(names)) != len(names):
            problems.append(f"table names must be unique, got {names}")
        for spec in tables:
            if not (isinstance(spec.schema, type) and issubclass(spec.schema, ProvenanceModel)):
                problems.append(f"table {spec.name!r}: derive its schema from planextract.schema.ProvenanceModel "
                                "so every row carries page and top")
    for method in ("detect", "extract", "check"):
        if not callable(getattr(extractor, method, None)):
            problems.append(f"implement `{method}()`")
    for optional in ("canonical", "regions"):
        if hasattr(extractor, optional) and not callable(getattr(extractor, optional)):
            problems.append(f"`{optional}` must be a method (it is optional: delete it rather than set it)")
    signals = getattr(extractor, "signals", ())
    if not all(isinstance(s, Signal) for s in signals):
        problems.append("`signals` (optional) must be a sequence of planextract.detection.Signal")
    return problems


# --------------------------------------------------------------------------- the contract
@dataclass
class _Run:
    """One sample through one extractor: the document, then each stage's output or error."""

    document: Document
    raw: dict[str, Any] | None = None
    missing: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    validated: dict[str, pd.DataFrame] = field(default_factory=dict)
    invalid: dict[str, str] = field(default_factory=dict)


#: Runs by (extractor id, sample); the extractor is kept in the value so its id is never reused.
_RUNS: dict[tuple[int, str], tuple[Any, _Run]] = {}
_EXTRACTORS: dict[tuple[type, str], Any] = {}


class ExtractorContract:
    """The contract every extractor passes. Subclass as ``Test…`` and set the four attributes.

    Every failure message says what the plugin's author has to do.
    """

    #: The extractor: its name (looked up among installed plugins) or an instance.
    extractor: Any = None
    #: The era's own sample PDFs.
    samples: Sequence[Path] = ()
    #: Goldens of ``<stem>.pdf`` live in ``golden_dir/<stem>/<table>.csv``.
    golden_dir: Path | None = None
    #: Other eras' sample PDFs, which ``detect`` must score below the threshold.
    other_samples: Sequence[Path] = ()

    # ----------------------------------------------------------------- collection
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """One test per sample, per other era's sample, per (sample, table)."""
        samples = [Path(p) for p in self.samples]
        if "contract_sample" in metafunc.fixturenames:
            tables = [spec.name for spec in getattr(self._resolve(quiet=True), "tables", ()) or ()]
            if "contract_table" in metafunc.fixturenames:
                pairs = [(s, t) for s in samples for t in tables]
                metafunc.parametrize(("contract_sample", "contract_table"), pairs,
                                     ids=[f"{s.name}-{t}" for s, t in pairs])
            else:
                metafunc.parametrize("contract_sample", samples, ids=[s.name for s in samples])
        if "contract_other" in metafunc.fixturenames:
            others = [Path(p) for p in self.other_samples]
            metafunc.parametrize("contract_other", others, ids=[p.name for p in others])

    def _resolve(self, quiet: bool = False) -> Any:
        """The extractor under test; a name is looked up among the installed plugins."""
        if not isinstance(self.extractor, str):
            if self.extractor is None and not quiet:
                _fail("set `extractor` on the contract class to the extractor's name or an instance")
            return self.extractor
        key = (type(self), self.extractor)
        if key not in _EXTRACTORS:
            from .host import collect_extractors, get_plugin_manager

            try:
                _EXTRACTORS[key] = collect_extractors(get_plugin_manager()).get(self.extractor)
            except Exception as error:  # a plugin that fails to load
                _EXTRACTORS[key] = None
                if not quiet:
                    _fail(f"loading the installed plugins failed: {error}")
        found = _EXTRACTORS[key]
        if found is None and not quiet:
            _fail(f"no installed extractor is named {self.extractor!r}. Install the plugin (pip install -e "
                  "<its folder>), check its [project.entry-points.planextract] entry and that its hook registers "
                  "an extractor with this name (`planextract plugins`)")
        return found

    def _run(self, sample: Path) -> _Run:
        """Extract and validate ``sample`` once per session; later tests read the cached stages."""
        from .errors import SchemaViolation
        from .extractor import Extraction
        from .schema import validate_table

        extractor = self._resolve()
        key = (id(extractor), str(Path(sample).resolve()))
        if key in _RUNS:
            return _RUNS[key][1]
        if not Path(sample).is_file():
            _fail(f"sample {sample} does not exist: put the era's PDF there or fix `samples`")
        run = _Run(open_sample(sample))
        try:
            extraction = Extraction.of(extractor.extract(run.document))
            run.raw, run.missing = dict(extraction.tables), dict(extraction.missing)
        except Exception as error:
            run.error = f"{type(error).__name__}: {error}"
        for spec in extractor.tables:
            frame = (run.raw or {}).get(spec.name)
            if frame is None:
                continue
            try:
                run.validated[spec.name] = validate_table(spec.name, frame, spec.schema, sample)
            except SchemaViolation as error:
                run.invalid[spec.name] = "\n  ".join(error.failures)
            except Exception as error:  # not a frame at all
                run.invalid[spec.name] = f"{type(error).__name__}: {error}"
        _RUNS[key] = (extractor, run)
        return run

    def _tables(self, sample: Path) -> dict[str, pd.DataFrame]:
        """Every declared table, validated; skips (the failure is reported once elsewhere) if not."""
        run = self._run(sample)
        if run.error or run.invalid or len(run.validated) < len(self._resolve().tables):
            pytest.skip("extract() or schema validation failed for this sample (see those tests)")
        return run.validated

    # ----------------------------------------------------------------- the interface
    def test_extractor_is_installed_and_complete(self) -> None:
        problems = interface_problems(self._resolve())
        if problems:
            _fail("the extractor's interface is incomplete:\n- " + "\n- ".join(problems))

    def test_has_samples(self) -> None:
        if not self.samples:
            _fail("no sample PDFs: put at least one plan of this era into the plugin's samples/ folder "
                  "(and list it in `samples`)")
        missing = [str(p) for p in self.samples if not Path(p).is_file()]
        if missing:
            _fail(f"sample files missing: {', '.join(missing)}")

    # ----------------------------------------------------------------- detection
    def test_detect_claims_its_own_sample(self, contract_sample: Path) -> None:
        from .extractor import Detection
        from .host import THRESHOLD

        extractor = self._resolve()
        detection = extractor.detect(self._run(contract_sample).document)
        score = detection.score if detection else 0.0
        if score < THRESHOLD:
            _fail(f"{extractor.name}.detect() scored its own sample {contract_sample.name} {score:.2f}, below the "
                  f"threshold {THRESHOLD}: make its signals match what every plan of this era prints "
                  f"(see `planextract detect --explain {contract_sample}`)")
        if not isinstance(detection, Detection) or not detection.reason:
            _fail("detect() must return a planextract.extractor.Detection with a reason")

    def test_detect_rejects_other_eras(self, contract_other: Path) -> None:
        from .host import THRESHOLD

        extractor = self._resolve()
        detection = extractor.detect(open_sample(contract_other))
        if detection is not None and detection.score >= THRESHOLD:
            _fail(f"{extractor.name}.detect() claims {contract_other.name}, another era's plan, with "
                  f"{detection.score:.2f} ({detection.reason}): use signals only this era's plans have "
                  f"(see `planextract detect --explain {contract_other}`)")

    def test_detect_rejects_unrelated_text(self) -> None:
        from .host import THRESHOLD

        extractor = self._resolve()
        detection = extractor.detect(unrelated_document())
        if detection is not None and detection.score >= THRESHOLD:
            _fail(f"{extractor.name}.detect() claims a pancake recipe ({detection.reason}): its signals are too "
                  "general")

    # ----------------------------------------------------------------- extraction
    def test_extract_produces_every_declared_table(self, contract_sample: Path) -> None:
        import pandas as pd

        extractor, run = self._resolve(), self._run(contract_sample)
        if run.error is not None:
            _fail(f"{extractor.name}.extract() failed on {contract_sample.name}: {run.error}")
        declared = [spec.name for spec in extractor.tables]
        unread = {name: why for name, why in run.missing.items() if name in declared}
        if unread:
            _fail(f"extract() could not read {contract_sample.name}'s "
                  + "; ".join(f"{name} ({why})" for name, why in unread.items()))
        missing = [name for name in declared if name not in run.raw]
        if missing:
            _fail(f"extract() returned no table {', '.join(missing)}: return a DataFrame for every TableSpec, "
                  "or say in Extraction.missing why it could not be read")
        extra = sorted(set(run.raw) - set(declared))
        if extra:
            _fail(f"extract() returned undeclared tables {extra}: declare them in `tables` or drop them")
        wrong = [name for name in declared if not isinstance(run.raw[name], pd.DataFrame)]
        if wrong:
            _fail(f"tables {wrong} are not pandas DataFrames")

    def test_table_is_not_empty_and_passes_its_schema(self, contract_sample: Path, contract_table: str) -> None:
        run = self._run(contract_sample)
        if run.raw is None or contract_table not in run.raw:
            pytest.skip("not produced (see test_extract_produces_every_declared_table)")
        if contract_table in run.invalid:
            _fail(f"table {contract_table!r} breaks its schema:\n  {run.invalid[contract_table]}\n"
                  "fix the extraction, or the schema if the document really looks like that")
        if run.validated[contract_table].empty:
            _fail(f"table {contract_table!r} has no rows for {contract_sample.name}: find the table in the document "
                  f"(`planextract debug {contract_sample} --page N -o page.png` shows what the extractor saw)")

    def test_every_row_has_provenance(self, contract_sample: Path, contract_table: str) -> None:
        run = self._run(contract_sample)
        frame = self._tables(contract_sample)[contract_table]
        pages = run.document.page_count
        tops: dict[int, list[float]] = {}
        for index, row in enumerate(frame[["page", "top"]].itertuples(index=False)):
            if not 1 <= row.page <= pages:
                _fail(f"{contract_table} row {index}: page {row.page} is not in 1..{pages}")
            if row.page not in tops:
                tops[row.page] = [w.top for w in run.document.page(row.page).words]
            if not any(abs(top - row.top) <= TOP_TOLERANCE for top in tops[row.page]):
                _fail(f"{contract_table} row {index}: no word on page {row.page} starts at top {row.top:.1f}: "
                      "set `page` and `top` from the words the row was read from")

    def test_checks_run_and_return_check_results(self, contract_sample: Path) -> None:
        from .checks import CheckResult, checks_frame

        results = list(self._resolve().check(self._tables(contract_sample)))
        if not results:
            _fail("check() returned nothing: reconcile something the document states (a total, a sum, a rate) "
                  "with planextract.checks.sum_check, product_check or compare")
        wrong = [r for r in results if not isinstance(r, CheckResult)]
        if wrong:
            _fail(f"check() must yield planextract.checks.CheckResult, not {type(wrong[0]).__name__}")
        checks_frame(results)

    def test_canonical_tables_are_valid(self, contract_sample: Path) -> None:
        from .api import canonical_tables

        extractor = self._resolve()
        if not hasattr(extractor, "canonical"):
            pytest.skip("no canonical() (optional): the extractor adds no rows to the cross-era tables")
        run = self._run(contract_sample)
        canonical_tables(run.document, extractor, self._tables(contract_sample))  # raises naming the failure

    def test_regions_lie_on_their_pages(self, contract_sample: Path) -> None:
        extractor = self._resolve()
        if not hasattr(extractor, "regions"):
            pytest.skip("no regions() (optional): `planextract debug` shows words and rules only")
        document = self._run(contract_sample).document
        for page, x0, top, x1, bottom, label in extractor.regions(document):
            if not 1 <= page <= document.page_count:
                _fail(f"region {label!r}: page {page} does not exist")
            size = document.page(page)
            if not (0 <= x0 <= x1 <= size.width + 1 and 0 <= top <= bottom <= size.height + 1):
                _fail(f"region {label!r} ({x0:.0f}, {top:.0f}, {x1:.0f}, {bottom:.0f}) is not within page {page}")

    def test_output_equals_golden(self, contract_sample: Path, contract_table: str) -> None:
        if self.golden_dir is None:
            _fail("set `golden_dir` (goldens of <stem>.pdf are golden_dir/<stem>/<table>.csv)")
        frame = self._tables(contract_sample)[contract_table]
        assert_golden(frame, Path(self.golden_dir) / contract_sample.stem / f"{contract_table}.csv")
