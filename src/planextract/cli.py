"""The ``planextract`` command line.

Exit codes: 0 every document extracted and every check ok, rounding or skipped;
1 a check failed; 2 a document could not be processed, or bad usage. The worst wins.
Errors are one line on stderr naming the file, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .errors import EXIT_CHECKS_FAILED, EXIT_OK, EXIT_UNPROCESSABLE, PlanextractError


@dataclass(frozen=True)
class Settings:
    plugins_dir: str | None


def _plugin_manager(ctx: click.Context):
    from .host import get_plugin_manager

    settings: Settings = ctx.find_object(Settings)
    try:
        return get_plugin_manager(plugins_dir=settings.plugins_dir)
    except PlanextractError as error:
        _fail_usage(str(error))


def _fail_usage(message: str) -> None:
    click.echo(f"planextract: error: {message}", err=True)
    sys.exit(EXIT_UNPROCESSABLE)


def _report_error(error: BaseException, path: str) -> None:
    if isinstance(error, PlanextractError):
        error.path = error.path or path
        message = str(error)
    else:  # a bug; still one line, and the file it happened on
        message = f"{path}: internal error: {type(error).__name__}: {error} [internal]"
    click.echo(f"planextract: error: {message}", err=True)


def _each_document(paths: Iterable[str], work: Callable[[str], int]) -> int:
    """Run ``work`` on every path independently; the worst exit status wins."""
    status = EXIT_OK
    for path in paths:
        try:
            status = max(status, work(path))
        except KeyboardInterrupt:
            raise
        except Exception as error:
            _report_error(error, path)
            status = EXIT_UNPROCESSABLE
    return status


json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
plugin_option = click.option("--plugin", metavar="NAME", help="Use this extractor; skip detection.")
password_option = click.option("--password", help="Password of encrypted PDFs.")
pdf_arguments = click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planextract")
@click.option("--plugins-dir", type=click.Path(file_okay=False), help="Also load plugin modules (*.py) from this folder.")
@click.pass_context
def cli(ctx: click.Context, plugins_dir: str | None) -> None:
    """Extract checked, typed data from KSL and Storsthlm annual plans (verksamhetsplaner)."""
    ctx.obj = Settings(plugins_dir)


@cli.command()
@pdf_arguments
@click.option("-o", "--output", "outdir", default="planextract-out", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the results: one subfolder per PDF.")
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx", "json"]), default="csv",
              show_default=True, help="File format of the tables.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Also load every document into this DuckDB database (replacing its earlier rows).")
@plugin_option
@password_option
@click.pass_context
def extract(ctx: click.Context, pdfs: tuple[str, ...], outdir: str, fmt: str, db_path: str | None,
            plugin: str | None, password: str | None) -> None:
    """Extract tables, activity lists and checks from each PDF into OUTDIR/<pdf name>/."""
    from .api import extract as run
    from .checks import summarize
    from .output import write_result

    pm = _plugin_manager(ctx)
    used: set[str] = set()
    connection = _open_database(db_path) if db_path else None

    def work(path: str) -> int:
        result = run(path, plugin, password=password, pm=pm)
        name = Path(path).stem
        if name in used:  # two inputs with one name: keep both, told apart by checksum
            name = f"{name}-{result.manifest['sha256'][:8]}"
        used.add(name)
        target = write_result(result, Path(outdir) / name, fmt)
        if connection is not None:
            from .database import load_result

            load_result(connection, result)
        summary = summarize(result.checks)
        rows = ", ".join(f"{t} {len(f)}" for t, f in result.tables.items())
        checks = ", ".join(f"{n} {s}" for s, n in summary.items() if n)
        click.echo(f"{path}: {result.plugin} -> {target} (rows: {rows}; checks: {checks})")
        return EXIT_OK if result.ok else EXIT_CHECKS_FAILED

    try:
        status = _each_document(pdfs, work)
    finally:
        if connection is not None:
            connection.close()
    sys.exit(status)


def _open_database(path: str):
    from .database import connect

    try:
        return connect(path)
    except Exception as error:  # locked, not a DuckDB file, no permission
        _fail_usage(f"{path}: cannot open database: {error}".splitlines()[0])


@cli.command()
@pdf_arguments
@json_option
@password_option
@click.pass_context
def detect(ctx: click.Context, pdfs: tuple[str, ...], as_json: bool, password: str | None) -> None:
    """Show every extractor's score and reason for each PDF, and which one would run."""
    from .api import open_document
    from .host import choose, collect_extractors, detect_all

    extractors = collect_extractors(_plugin_manager(ctx))
    report: list[dict[str, Any]] = []

    def work(path: str) -> int:
        document = open_document(path, password=password)
        candidates = detect_all(document, extractors)
        entry: dict[str, Any] = {
            "path": path,
            "candidates": [
                {"extractor": c.extractor.name, "score": c.score,
                 "reason": c.detection.reason if c.detection else c.error or "not this era"}
                for c in candidates
            ],
        }
        try:
            chosen, _ = choose(document, extractors)
            entry["chosen"] = chosen.name
            status = EXIT_OK
        except PlanextractError as error:
            entry["chosen"] = None
            entry["error"] = {"code": error.code, "message": error.message}
            if not as_json:
                _report_error(error, path)
            status = EXIT_UNPROCESSABLE
        report.append(entry)
        if not as_json:
            click.echo(f"{path}: {entry['chosen'] or 'no extractor'}")
            for c in entry["candidates"]:
                click.echo(f"  {c['extractor']:<20} {c['score']:.2f}  {c['reason']}")
        return status

    status = _each_document(pdfs, work)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    sys.exit(status)


@cli.command()
@pdf_arguments
@json_option
@plugin_option
@password_option
@click.option("--all", "show_all", is_flag=True, help="List every check, not only rounding and failures.")
@click.pass_context
def check(ctx: click.Context, pdfs: tuple[str, ...], as_json: bool, plugin: str | None,
          password: str | None, show_all: bool) -> None:
    """Print the reconciliation results of each PDF; exit 1 when a check fails."""
    from .api import extract as run
    from .checks import summarize

    pm = _plugin_manager(ctx)
    report: list[dict[str, Any]] = []

    def work(path: str) -> int:
        result = run(path, plugin, password=password, pm=pm)
        summary = summarize(result.checks)
        shown = result.checks if show_all else result.checks[result.checks["status"].isin(["rounding", "fail"])]
        if as_json:
            report.append({"path": path, "plugin": result.plugin, "summary": summary,
                           "checks": json.loads(shown.to_json(orient="records", force_ascii=False))})
        else:
            counts = ", ".join(f"{n} {s}" for s, n in summary.items())
            click.echo(f"{path}: {result.plugin}: {counts}")
            for row in shown.itertuples():
                click.echo(f"  {row.status:<8} {row.check}: {row.location}: expected {_num(row.expected)}, "
                           f"found {_num(row.actual)}, difference {_num(row.difference)} "
                           f"(tolerance {_num(row.tolerance)} {row.unit}; {row.rule})")
        return EXIT_OK if result.ok else EXIT_CHECKS_FAILED

    status = _each_document(pdfs, work)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    sys.exit(status)


@cli.command()
@json_option
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """List installed plugins, their extractors and the tables they produce."""
    from .host import collect_extractors, plugin_infos

    pm = _plugin_manager(ctx)
    try:
        extractors = collect_extractors(pm)
    except PlanextractError as error:
        _fail_usage(str(error))
    infos = {info.name: info.source for info in plugin_infos(pm)}
    entries = []
    for extractor in sorted(extractors.values(), key=lambda e: e.name):
        plugin_name = _owner(pm, extractor)
        entries.append({
            "name": extractor.name,
            "version": extractor.version,
            "plugin": plugin_name,
            "source": infos.get(plugin_name, "unknown"),
            "tables": [spec.name for spec in extractor.tables],
        })
    if as_json:
        click.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo("no plugins installed")
    for e in entries:
        click.echo(f"{e['name']} {e['version']}  (from {e['source']})\n  tables: {', '.join(e['tables'])}")


@cli.group()
def db() -> None:
    """Inspect a planextract DuckDB database."""


@db.command("info")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@json_option
def db_info(database: str, as_json: bool) -> None:
    """Show the documents in DATABASE and each table's row count."""
    from .database import describe

    try:
        info = describe(database)
    except Exception as error:
        _fail_usage(f"{database}: cannot read database: {error}".splitlines()[0])
    if as_json:
        click.echo(json.dumps(info, indent=2, ensure_ascii=False, default=str))
        return
    click.echo(f"{database}: {len(info['documents'])} documents")
    for doc in info["documents"]:
        click.echo(f"  {doc['document_year']}  {doc['plugin']:<14} {doc['file_name']}  "
                   f"sha256 {doc['document_sha256'][:12]}  {doc['pages']} pages, {doc['checks_fail']} failed checks")
    click.echo("tables:")
    for table, count in info["tables"].items():
        click.echo(f"  {table:<28} {count:>7} rows")


@cli.command()
@click.option("-o", "--output", "outdir", default="schemas", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the schema files into.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if the folder is out of date.")
@click.pass_context
def schemas(ctx: click.Context, outdir: str, check_only: bool) -> None:
    """Export JSON Schema and YAML for the canonical tables and every extractor's tables."""
    from .host import collect_extractors
    from .schema_export import export, schema_files

    extractors = collect_extractors(_plugin_manager(ctx))
    if check_only:
        stale = [rel for rel, text in schema_files(extractors).items()
                 if not (Path(outdir) / rel).exists() or (Path(outdir) / rel).read_text(encoding="utf-8") != text]
        for rel in stale:
            click.echo(f"out of date: {Path(outdir) / rel}")
        sys.exit(EXIT_CHECKS_FAILED if stale else EXIT_OK)
    for path in export(Path(outdir), extractors):
        click.echo(str(path))


def _owner(pm, extractor) -> str:
    """The plugin whose module defines the extractor's class."""
    module = type(extractor).__module__
    for name, plugin in pm.list_name_plugin():
        plugin_module = getattr(plugin, "__name__", None)
        if plugin_module and (module == plugin_module or module.startswith(plugin_module.rsplit(".", 1)[0] + ".")):
            return name
    return "unknown"


def _num(value: float | None) -> str:
    if value is None or value != value:  # NaN
        return "-"
    if float(value).is_integer():
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.6f}".rstrip("0")


def main() -> None:
    """Console entry point: click's standalone mode maps usage errors to exit 2."""
    try:
        cli.main(prog_name="planextract")
    except KeyboardInterrupt:
        click.echo("planextract: interrupted", err=True)
        sys.exit(130)
