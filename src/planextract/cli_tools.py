"""Commands for plugin authors: ``new-plugin`` (a ready plugin distribution) and ``debug``
(a picture of a page with what the extractor saw). Registered at the end of ``cli.py``.

Only click is imported here; scaffolding and rendering load when their command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import EXIT_UNPROCESSABLE, PlanextractError


@click.command("new-plugin")
@click.argument("name")
@click.option("--from", "source", metavar="PLUGIN",
              help="Start from a copy of this installed plugin (e.g. ksl2008, storsthlm2021), renamed.")
@click.option("--dir", "directory", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Create the plugin's folder NAME inside this folder.")
def new_plugin(name: str, source: str | None, directory: str) -> None:
    """Create a plugin distribution NAME: pyproject, extractor, schemas, samples/ and contract tests."""
    from .scaffold import ScaffoldError
    from .scaffold import new_plugin as create

    try:
        target = create(name, directory, source)
    except ScaffoldError as error:
        click.echo(f"planextract: error: {error}", err=True)
        sys.exit(EXIT_UNPROCESSABLE)
    origin = f"a copy of {source}" if source else "the skeleton"
    click.echo(f"created {target} from {origin}: distribution planextract-{name.replace('_', '-')}, "
               f"extractor {name}\nnext:\n"
               f"  pip install -e {target}        # then `planextract plugins` lists {name}\n"
               f"  put plans of the era into {target / 'samples'}/ and run: pytest {target}\n"
               f"  the failing contract tests say what is left to do; the guide is docs/plugins.md")


@click.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@click.option("--page", "number", type=int, required=True, help="1-based page number.")
@click.option("-o", "--output", "out", default="page.png", show_default=True, type=click.Path(dir_okay=False),
              help="Picture to write: .png, .jpg or .webp.")
@click.option("--plugin", metavar="NAME", help="Show this extractor's regions (default: the detected one).")
@click.option("--resolution", type=click.IntRange(36, 600), default=110, show_default=True, help="Pixels per inch.")
@click.option("--password", envvar="PLANEXTRACT_PASSWORD", help="Password of an encrypted PDF (or PLANEXTRACT_PASSWORD).")
@click.pass_context
def debug(ctx: click.Context, pdf: str, number: int, out: str, plugin: str | None, resolution: int,
          password: str | None) -> None:
    """Draw page N of PDF with the words, lines and ruling lines planextract found, and the regions
    the extractor read (for extractors with a regions() method)."""
    from .api import open_document
    from .cli import _plugin_manager
    from .debug import extractor_regions, image_format, render_page
    from .host import choose, collect_extractors

    try:
        image_format(Path(out))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="-o") from None
    try:
        document = open_document(pdf, password=password)
        if not 1 <= number <= document.page_count:
            raise click.BadParameter(f"the document has {document.page_count} pages", param_hint="--page")
        regions, note = [], ""
        try:
            extractor, _ = choose(document, collect_extractors(_plugin_manager(ctx)), plugin)
            regions = extractor_regions(extractor, document)
            if not hasattr(extractor, "regions"):
                note = f"{extractor.name} reports no regions (it has no regions() method)"
        except PlanextractError as error:
            if error.code == "unknown-plugin":
                raise
            note = f"no regions: {error.message}"
        render_page(document, number, out, regions=regions, resolution=resolution, password=password)
    except PlanextractError as error:
        error.path = error.path or pdf
        click.echo(f"planextract: error: {error}", err=True)
        sys.exit(EXIT_UNPROCESSABLE)
    page = document.page(number)
    click.echo(f"{out}: page {number} of {pdf}: {len(page.words)} words (blue), {len(page.lines)} lines (grey), "
               f"{len(page.rules)} ruling lines (red)")
    here = [r.label for r in regions if r.page == number]
    elsewhere = sorted({f"{r.label} p{r.page}" for r in regions if r.page != number})
    click.echo(f"  regions: {', '.join(here) or 'none on this page'}"
               + (f"; elsewhere: {', '.join(elsewhere)}" if elsewhere else ""))
    if note:
        click.echo(f"  {note}")


def register(group: click.Group) -> None:
    """Add the plugin authors' commands to the ``planextract`` group."""
    group.add_command(new_plugin)
    group.add_command(debug)

