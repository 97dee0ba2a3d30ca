"""The contract kit (planextract.testing): its fixtures, its golden files, and a contract that
passes a good extractor and tells the author of a broken one what to do."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from planextract.extractor import Detection
from planextract.host import collect_extractors
from planextract.testing import ExtractorContract, assert_golden, unrelated_document

from .pdfs import make_pdf

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
OTHER_ERA = ROOT / "samples" / "storsthlm2021.pdf"

TOY = textwrap.dedent('''
    """A toy era: "Toyplan" documents with "Post <n>" lines and a stated "Summa <n>"."""
    from decimal import Decimal

    import pandas as pd
    import pandera.pandas as pa
    from pandera.typing import Series

    from planextract import hookimpl
    from planextract.checks import sum_check
    from planextract.detection import Signal, score
    from planextract.extractor import TableSpec
    from planextract.schema import ProvenanceModel


    class Posts(ProvenanceModel):
        label: Series[str]
        amount: Series[int] = pa.Field(ge=0)


    class Toy:
        name, version = "toy", "1.0"
        tables = (TableSpec("posts", Posts, "posts and their stated sum"),)
        signals = (Signal("the word Toyplan", r"\\bToyplan\\b", 0.9),)

        def detect(self, document):
            return score(document, self.signals)

        def extract(self, document):
            rows = [{"label": line.words[0].text, "amount": int(line.words[-1].text), "page": line.page,
                     "top": line.top} for line in document.lines() if line.words[0].text in ("Post", "Summa")]
            return {"posts": pd.DataFrame(rows, columns=["label", "amount", "page", "top"])}

        def check(self, tables):
            posts = tables["posts"]
            terms = [Decimal(int(v)) for v in posts[posts.label == "Post"].amount]
            return [sum_check("posts.total", "Summa", Decimal(int(posts.amount.iloc[-1])), terms)]


    @hookimpl
    def planextract_register_extractors(register):
        register(Toy())
''')
GOLDEN = "label,amount,page\nPost,1,1\nPost,2,1\nSumma,3,1\n"


@pytest.fixture
def toy_dir(tmp_path) -> Path:
    """A plugins folder holding the toy era, a sample of it and the sample's golden file."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "toy_era.py").write_text(TOY, encoding="utf-8")
    make_pdf(tmp_path / "toy.pdf", [["Toyplan 2020", "Post 1", "Post 2", "Summa 3"]])
    (tmp_path / "golden" / "toy").mkdir(parents=True)
    (tmp_path / "golden" / "toy" / "posts.csv").write_text(GOLDEN, encoding="utf-8")
    return folder


@pytest.fixture
def toy(toy_dir, load_plugins_dir):
    return collect_extractors(load_plugins_dir(toy_dir))["toy"]


def contract(extractor, folder: Path) -> ExtractorContract:
    attributes = {"extractor": extractor, "samples": [folder.parent / "toy.pdf"], "golden_dir": folder.parent / "golden",
                  "other_samples": [OTHER_ERA]}
    return type("TestToyContract", (ExtractorContract,), attributes)()


def failure(test, *args, **kwargs) -> str:
    with pytest.raises(pytest.fail.Exception) as info:
        test(*args, **kwargs)
    return str(info.value)


# --------------------------------------------------------------------------- fixtures
def test_plugin_manager_has_no_installed_plugins(plugin_manager):
    assert collect_extractors(plugin_manager) == {}  # although ksl2008 and storsthlm2021 are installed


def test_register_plugin_takes_an_extractor_or_a_plugin(register_plugin, plugin_manager, toy):
    assert register_plugin(toy) is plugin_manager
    assert list(collect_extractors(plugin_manager)) == ["toy"]

    class Other:
        name, version, tables = "other", "1", ()

        def detect(self, document):
            return Detection(0.1, "hardly")

        extract = check = detect

    class Plugin:
        from planextract import hookimpl

        @hookimpl
        def planextract_register_extractors(self, register):
            register(Other())

    register_plugin(Plugin(), name="other-plugin")
    assert sorted(collect_extractors(plugin_manager)) == ["other", "toy"]


def test_load_plugins_dir_loads_the_folder_like_the_cli(toy_dir, load_plugins_dir):
    pm = load_plugins_dir(toy_dir)
    assert [name for name, _ in pm.list_name_plugin()] == ["toy_era"]


# --------------------------------------------------------------------------- golden files
def test_assert_golden_passes_equal_data_and_shows_a_diff_otherwise(toy_dir, toy):
    import pandas as pd

    frame = pd.DataFrame({"label": ["Post"], "amount": [1], "page": [1], "top": [72.5]})
    golden = toy_dir.parent / "one.csv"
    golden.write_text("label,amount,page\nPost,1,1\n", encoding="utf-8")
    assert_golden(frame, golden)
    assert_golden(frame.assign(page=[2]), golden, ignore=("top", "page"))
    message = failure(assert_golden, frame.assign(amount=[7]), golden)
    assert "-Post,1,1" in message and "+Post,7,1" in message and "PLANEXTRACT_WRITE_GOLDEN=1" in message


def test_goldens_are_written_on_request_but_never_by_a_partial_comparison(tmp_path, monkeypatch):
    import pandas as pd

    frame = pd.DataFrame({"label": ["Post"], "amount": [1], "page": [1], "top": [72.5]})
    monkeypatch.setenv("PLANEXTRACT_WRITE_GOLDEN", "1")
    with pytest.raises(pytest.skip.Exception):
        assert_golden(frame, tmp_path / "g" / "posts.csv")
    assert (tmp_path / "g" / "posts.csv").read_text() == "label,amount,page\nPost,1,1\n"
    message = failure(assert_golden, frame, tmp_path / "missing.csv", ignore=("top", "page"))
    assert "no golden file" in message and not (tmp_path / "missing.csv").exists()


# --------------------------------------------------------------------------- the contract
def test_a_good_extractor_passes_one_test_per_sample_and_table(pytester, toy_dir):
    pytester.makepyfile(test_toy=f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(toy_dir)!r})
        from toy_era import Toy
        from planextract.testing import ExtractorContract

        class TestToyContract(ExtractorContract):
            extractor = Toy()
            samples = [Path({str(toy_dir.parent / "toy.pdf")!r})]
            golden_dir = Path({str(toy_dir.parent / "golden")!r})
            other_samples = [Path({str(OTHER_ERA)!r})]
    """)
    result = pytester.runpytest("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=10, skipped=2)  # no canonical(), no regions(): both optional
    result.stdout.fnmatch_lines(["*test_detect_rejects_other_eras?storsthlm2021.pdf? PASSED*",
                                 "*test_output_equals_golden?toy.pdf-posts? PASSED*"])


def test_detection_failures_say_what_to_change(toy, toy_dir):
    class Timid(type(toy)):
        def detect(self, document):
            return Detection(0.2, "not sure")

    class Greedy(type(toy)):
        def detect(self, document):
            return Detection(0.9, "everything is mine")

    sample = toy_dir.parent / "toy.pdf"
    timid, greedy = contract(Timid(), toy_dir), contract(Greedy(), toy_dir)
    assert "scored its own sample toy.pdf 0.20, below the threshold 0.5" in failure(
        timid.test_detect_claims_its_own_sample, sample)
    assert "claims storsthlm2021.pdf, another era's plan, with 0.90" in failure(
        greedy.test_detect_rejects_other_eras, OTHER_ERA)
    assert "claims a pancake recipe" in failure(greedy.test_detect_rejects_unrelated_text)
    assert type(toy)().detect(unrelated_document()) is None


def test_extraction_failures_say_what_to_change(toy, toy_dir):
    import pandas as pd

    class Forgetful(type(toy)):
        def extract(self, document):
            return {"extra": pd.DataFrame()}

    class Negative(type(toy)):
        def extract(self, document):
            frame = super().extract(document)["posts"]
            return {"posts": frame.assign(amount=-frame["amount"])}

    class Nowhere(type(toy)):
        def extract(self, document):
            return {"posts": super().extract(document)["posts"].assign(top=500.0)}

    class Silent(type(toy)):
        def check(self, tables):
            return []

    sample = toy_dir.parent / "toy.pdf"
    assert "returned no table posts" in failure(contract(Forgetful(), toy_dir).test_extract_produces_every_declared_table,
                                                sample)
    message = failure(contract(Negative(), toy_dir).test_table_is_not_empty_and_passes_its_schema, sample, "posts")
    assert "breaks its schema" in message and "column amount" in message and "(page 1)" in message
    assert "no word on page 1 starts at top 500.0" in failure(
        contract(Nowhere(), toy_dir).test_every_row_has_provenance, sample, "posts")
    assert "check() returned nothing" in failure(contract(Silent(), toy_dir).test_checks_run_and_return_check_results,
                                                 sample)


def test_an_incomplete_or_missing_extractor_is_named(toy_dir):
    class Half:
        name, version, tables = "half", "", ()

        def detect(self, document):
            return None

    message = failure(contract(Half(), toy_dir).test_extractor_is_installed_and_complete)
    assert "set `version`" in message and "set `tables`" in message and "implement `extract()`" in message
    message = failure(contract("no-such-era", toy_dir).test_extractor_is_installed_and_complete)
    assert "no installed extractor is named 'no-such-era'" in message and "pip install -e" in message
