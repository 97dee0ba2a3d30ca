"""``planextract debug``: a page picture with words, lines, rules and the extractor's regions."""

from __future__ import annotations

from click.testing import CliRunner
from PIL import Image

from planextract.api import open_document
from planextract.cli import cli
from planextract.debug import Region, bounding_regions, extractor_regions, render_page

from .pdfs import make_pdf


def test_render_draws_over_the_page_at_the_resolution(tmp_path):
    pdf = make_pdf(tmp_path / "p.pdf", [["Budget 2015", "Kansli 1 200"]], rule=True)
    document = open_document(pdf)
    regions = bounding_regions(document.page(1).lines, "table")
    assert regions == [Region(1, *regions[0][1:5], "table")] and regions[0].x0 < 72 < regions[0].x1
    out = render_page(document, 1, tmp_path / "out" / "p.png", regions=regions, resolution=72)
    with Image.open(out) as image:
        assert abs(image.size[0] - 595) <= 1 and abs(image.size[1] - 842) <= 1  # A4 at 72 dpi
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16)) > 3  # page, words, lines, rule, region


def test_regions_are_clipped_to_the_page_and_optional(tmp_path):
    document = open_document(make_pdf(tmp_path / "p.pdf", [["Budget 2015"]]))

    class Sloppy:
        def regions(self, document):
            return [(1, -5, -5, 9999, 9999, "all")]

    page = document.page(1)
    assert extractor_regions(Sloppy(), document) == [Region(1, 0.0, 0.0, page.width, page.height, "all")]
    assert extractor_regions(object(), document) == []


def test_cli_without_a_matching_plugin_still_draws_and_says_why(tmp_path, other_pdf, monkeypatch):
    monkeypatch.setenv("PLANEXTRACT_LOAD_PLUGINS", "")
    result = CliRunner().invoke(cli, ["debug", str(other_pdf), "--page", "1", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 0, result.output
    assert "regions: none on this page" in result.output and "no regions: no plugin recognises it" in result.output
    assert (tmp_path / "x.png").stat().st_size > 1000
    unknown = CliRunner().invoke(cli, ["debug", str(other_pdf), "--page", "1", "--plugin", "nope", "-o",
                                       str(tmp_path / "y.png")])
    assert unknown.exit_code == 2 and "[unknown-plugin]" in unknown.output
