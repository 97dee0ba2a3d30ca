"""The ``planextract`` command line.

Exit codes: 0 every document extracted and every check ok, rounding or skipped;
1 a check failed; 2 a document could not be processed, or bad usage. The worst wins.
Errors are one line on stderr naming the file, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from .errors import EXIT_CHECKS_FAILED, EXIT_OK, EXIT_UNPROCESSABLE, OutputError, PlanextractError
from .numbers import json_number, plain_decimal
from .paths import one_line as _shown
from .paths import printable_path


@dataclass(frozen=True)
class Settings:
    plugins_dir: str | None


def _plugin_manager(ctx: click.Context, plugin: str | None = None):
    """The plugin manager; a ``--plugin`` that names no extractor stops here, before any PDF."""
    from .host import collect_extractors, get_plugin_manager

    settings: Settings = ctx.find_object(Settings)
    try:
        pm = get_plugin_manager(plugins_dir=settings.plugins_dir)
        names = sorted(collect_extractors(pm)) if plugin else []
    except PlanextractError as error:
        _fail_usage(str(error))
    if plugin and plugin not in names:
        _fail_usage(f"--plugin {plugin!r} names no installed extractor (installed: {', '.join(names) or 'none'}) "
                    "[unknown-plugin]")
    return pm


def _fail_usage(message: str) -> None:
    click.echo(f"planextract: error: {message}", err=True)
    sys.exit(EXIT_UNPROCESSABLE)


def _report_error(error: BaseException, path: str) -> None:
    if isinstance(error, PlanextractError):
        error.path = _shown(error.path or path)
        message = str(error)
    else:  # a bug; still one line, and the file it happened on
        message = f"{_shown(path)}: internal error: {type(error).__name__}: {error} [internal]"
    click.echo(f"planextract: error: {message}", err=True)


json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
plugin_option = click.option("--plugin", metavar="NAME",
                             help="Use this extractor, whatever detection says (a file holding two plans is refused).")
password_option = click.option("--password", envvar="PLANEXTRACT_PASSWORD",
                               help="Password of encrypted PDFs (or PLANEXTRACT_PASSWORD: not shown by ps).")
backend_option = click.option("--backend", type=click.Choice(["pdfplumber", "pdfium"]), default="pdfplumber",
                              show_default=True, help="PDF parser (pdfium: about 7x faster).")
ocr_option = click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                          help="Read pages from their images with Tesseract: those without a text layer (auto), "
                               "every page, replacing a bad text layer (always), or none (never).")
pdf_arguments = click.argument("pdfs", nargs=-1, required=True, type=click.Path(dir_okay=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planextract")
@click.option("--plugins-dir", type=click.Path(file_okay=False), help="Also load plugin modules (*.py) from this folder.")
@click.pass_context
def cli(ctx: click.Context, plugins_dir: str | None) -> None:
    """Extract checked, typed data from KSL and Storsthlm annual plans (verksamhetsplaner)."""
    ctx.obj = Settings(plugins_dir)


#: Sane ranges of the limits: a week of CPU per document, a tebibyte of memory.
MAX_TIMEOUT = 7 * 24 * 3600.0
MAX_MEMORY_MB = 1 << 20


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value != value:  # NaN passes every comparison click makes
        raise click.BadParameter("must be a number of seconds, not NaN")
    return value


def _page_range(ctx: click.Context, param: click.Parameter, value: str | None):
    from .document import parse_page_range

    if value is None:
        return None
    try:
        return parse_page_range(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def batch_options(command: Callable) -> Callable:
    """Inputs and limits shared by the commands that process documents."""
    from .batch import DEFAULT_MAX_PAGES, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, WALL_FACTOR

    options = [
        click.argument("inputs", nargs=-1, type=click.Path()),
        click.option("-r", "--recursive", is_flag=True, help="Take PDFs from folders' subfolders too."),
        click.option("--list", "list_file", type=click.File(encoding="utf-8-sig", errors="surrogateescape"),
                     help="A file naming one input per line (- for stdin)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1, max=256), default=os.cpu_count() or 1, show_default=True,
                     help="Documents processed in parallel, each in its own worker process."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True, max=MAX_TIMEOUT), default=DEFAULT_TIMEOUT,
                     show_default=True, callback=_finite,
                     help=f"CPU seconds one document may take (wall clock: {WALL_FACTOR:g} times as long)."),
        click.option("--max-pages", type=click.IntRange(min=1), default=DEFAULT_MAX_PAGES, show_default=True,
                     help="Refuse documents with more pages."),
        click.option("--pages", metavar="FIRST-LAST", callback=_page_range,
                     help="Read only these pages (38-74, 38-, -37): one plan of a file that binds several."),
        click.option("--max-memory", type=click.IntRange(min=64, max=MAX_MEMORY_MB), default=DEFAULT_MEMORY_MB,
                     show_default=True, help="MiB of memory one document may use."),
        click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary; no progress bar."),
        plugin_option,
        password_option,
        backend_option,
        ocr_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass(frozen=True)
class BatchRequest:
    inputs: tuple[str, ...]
    recursive: bool
    list_file: Any
    jobs: int
    timeout: float
    max_pages: int
    pages: tuple[int, int | None] | None
    max_memory: int
    quiet: bool


def _run_batch(request: BatchRequest, task: Callable[[Path], Any],
               handle: Callable[[Path, Any], Any], prepare: Callable[[list[Path]], None] | None = None):
    """Run ``task`` per input in workers; ``handle`` turns each result into an Outcome here.

    Returns (outcomes in input order, interrupted?). Every input gets an outcome.
    """
    from .batch import NOT_DONE, Limits, Outcome, expand_inputs, run_isolated

    items = list(request.inputs)
    if request.list_file is not None:
        items += [line.strip() for line in request.list_file if line.strip() and not line.startswith("#")]
    if not items:
        _fail_usage("no input PDFs given (name files or folders, or use --list)")
    notes: list[str] = []
    entries = expand_inputs(items, recursive=request.recursive, notes=notes)
    for note in notes:
        click.echo(f"planextract: note: {_shown(note)}", err=True)
    order = {str(e.path if isinstance(e, Outcome) else e): i for i, e in enumerate(entries)}
    paths = [e for e in entries if not isinstance(e, Outcome)]
    outcomes = [e for e in entries if isinstance(e, Outcome)]
    for outcome in outcomes:
        click.echo(f"planextract: error: {_shown(outcome.path)}: {outcome.message} [{outcome.code}]", err=True)
    if prepare is not None:
        prepare(paths)
    bar = _progress(len(paths)) if not request.quiet and sys.stderr.isatty() and len(paths) > 1 else None

    def on_done(path: Path, payload: Any, seconds: float) -> None:
        with bar.external_write_mode() if bar is not None else contextlib.nullcontext():  # lines print with the bar cleared
            outcome = _outcome(path, payload, handle)
        outcome.seconds = round(seconds, 3)
        outcomes.append(outcome)
        if bar is not None:
            bar.update(1)

    limits = Limits(timeout=request.timeout, max_pages=request.max_pages, memory_mb=request.max_memory)
    interrupted = False
    try:
        run_isolated(paths, task, on_done, limits=limits, jobs=request.jobs)
    except KeyboardInterrupt:
        interrupted = True
        done = {o.path for o in outcomes}
        outcomes += [Outcome(str(p), NOT_DONE, "interrupted", "interrupted before it was done")
                     for p in paths if str(p) not in done]
    finally:
        if bar is not None:
            bar.close()
    outcomes.sort(key=lambda o: order.get(o.path, len(order)))
    return outcomes, interrupted


def _progress(total: int):
    """A progress bar on the terminal (tqdm owns the line; results print above it)."""
    from tqdm import tqdm

    return tqdm(total=total, desc="planextract", unit="pdf", file=sys.stderr, leave=False, dynamic_ncols=True)


def _summarize_batch(outcomes, interrupted: bool) -> int:
    """One summary line, one line per failure; the worst exit status (130 when interrupted)."""
    from .batch import CHECKS_FAILED, FAILED, NOT_DONE, OK, SKIPPED

    counts = {s: sum(o.status == s for o in outcomes) for s in (OK, CHECKS_FAILED, FAILED, SKIPPED, NOT_DONE)}
    if len(outcomes) > 1 or interrupted:  # one document's own lines already said it all
        click.echo("planextract: " + ", ".join(f"{n} {s}" for s, n in counts.items()), err=True)
        for outcome in outcomes:
            if outcome.status in (FAILED, NOT_DONE):
                click.echo(f"  {outcome.status}: {_shown(outcome.path)}: {outcome.message} [{outcome.code}]", err=True)
    if interrupted:
        return 130
    return max((o.exit_code for o in outcomes), default=EXIT_OK)


@cli.command()
@batch_options
@click.option("-o", "--output", "outdir", default="planextract-out", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the results: one subfolder per PDF.")
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx", "json"]), default="csv",
              show_default=True, help="File format of the tables.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Also load every document into this DuckDB database (replacing its earlier rows).")
@click.option("--skip-existing", is_flag=True, help="Skip inputs whose checksum OUTDIR already has a result for.")
@click.pass_context
def extract(ctx: click.Context, outdir: str, fmt: str, db_path: str | None, skip_existing: bool,
            plugin: str | None, password: str | None, backend: str, ocr: str, **batch: Any) -> None:
    """Extract tables, activity lists and checks from each PDF into OUTDIR/<pdf name>/.

    Inputs are PDF files or folders of them. Each document runs in its own worker process
    within the limits; one failing never stops the others. OUTDIR/run-manifest.json lists
    every input and its outcome.
    """
    from datetime import UTC, datetime

    from .api import extract as run
    from .batch import CHECKS_FAILED, OK, SKIPPED, Outcome
    from .checks import summarize
    from .document import finished_key, sha256_of, split_key
    from .output import existing_results, is_complete, sweep_leftovers
    from .placement import Placement

    request = BatchRequest(**batch)
    pm = _plugin_manager(ctx, plugin)
    out = Path(outdir)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _fail_usage(f"{out}: cannot create the output folder: {error.strerror}")
    held = _check_database(db_path) if db_path else set()
    sweep_leftovers(out)  # a killed run's staging folders and temp files
    existing = existing_results(out)  # from earlier runs
    known = {key: found.folder for key, found in existing.items()}
    done = {key: found.folder for key, found in existing.items()
            if skip_existing and is_complete(found.folder, fmt, found.manifest) and (not db_path or key in held)}
    placement: Placement | None = None

    def prepare(paths: list[Path]) -> None:
        nonlocal placement
        placement = Placement(out, paths, known)

    def task(path: Path):
        """In the worker: the checksum first (a finished document is not read again), then the plan."""
        if done:
            try:
                key = finished_key(done, sha256_of(path), request.pages)
            except OSError:
                key = None  # extract() says why the file cannot be read
            if key:
                return Outcome(str(path), SKIPPED, None, f"already extracted to {done[key]}", split_key(key)[0],
                               str(done[key]))
        return run(path, plugin, password=password, pm=pm, max_pages=request.max_pages, backend=backend, ocr=ocr,
                   pages=request.pages)

    def handle(path: Path, result) -> Outcome:
        if isinstance(result, Outcome):  # skipped
            if not request.quiet:
                click.echo(f"{_shown(path)}: skipped, already extracted to {result.output}")
            return result
        sha = result.manifest["sha256"]
        assert placement is not None  # prepared before any document runs
        target = _publish(result, placement.folder(path, result.manifest["document_key"]), fmt, db_path)
        summary = summarize(result.checks)
        if not request.quiet:
            rows = ", ".join(f"{t} {len(f)}" for t, f in result.tables.items())
            checks = ", ".join(f"{n} {s}" for s, n in summary.items() if n)
            repaired = "; REPAIRED: " + result.manifest["repaired"] if result.manifest.get("repaired") else ""
            gaps = _incomplete_note(result.manifest["incomplete"], "; ")
            warned = result.manifest.get("warnings") or []
            notes = f"; {len(warned)} library warnings in the manifest" if warned else ""
            click.echo(f"{_shown(path)}: {result.plugin} -> {_shown(target)} "
                       f"(rows: {rows}; checks: {checks}{gaps}{repaired}{notes})")
        status = OK if result.ok else CHECKS_FAILED
        return Outcome(str(path), status, None if result.ok else "checks-failed",
                       _failed_note(summary, result.manifest["incomplete"]), sha, str(target))

    outcomes, interrupted = [], False
    try:
        outcomes, interrupted = _run_batch(request, task, handle, prepare=prepare)
    finally:
        _write_run_manifest(out, started, interrupted, outcomes, {
            "format": fmt, "db": db_path, "plugin": plugin, "backend": backend, "ocr": ocr, "jobs": request.jobs,
            "timeout": request.timeout, "max_pages": request.max_pages, "max_memory_mb": request.max_memory,
            "pages": list(request.pages) if request.pages else None})
    sys.exit(_summarize_batch(outcomes, interrupted))


def _outcome(path: Path, payload: Any, handle: Callable[[Path, Any], Any]):
    """The outcome of one input from what its worker returned: ``handle`` it, or report why not."""
    from .batch import FAILED, Outcome

    try:
        if isinstance(payload, PlanextractError):
            raise payload
        return handle(path, payload)
    except PlanextractError as error:
        _report_error(error, str(path))
        return Outcome(str(path), FAILED, error.code, error.message)
    except OSError as error:  # the environment: a folder name taken, permissions, a full disk
        failure = OutputError(f"could not write the result: {error.strerror or error}", str(path))
        _report_error(failure, str(path))
        return Outcome(str(path), FAILED, failure.code, failure.message)
    except Exception as error:  # a bug in planextract: this file only
        _report_error(error, str(path))
        return Outcome(str(path), FAILED, "internal", f"{type(error).__name__}: {error}")


def _write_run_manifest(out: Path, started: str, interrupted: bool, outcomes, options: dict) -> None:
    """Every input and its outcome, written even when the batch itself ended badly; when
    OUTDIR cannot take it (read-only, full), printed to stderr as JSON instead."""
    from datetime import UTC, datetime

    from .output import write_json

    manifest = {
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "interrupted": interrupted,
        "options": options,
        "inputs": [o.as_dict() for o in outcomes],
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_json(out / "run-manifest.json", manifest)
    except OSError as error:
        click.echo(f"planextract: error: {_shown(out)}: cannot write run-manifest.json: "
                   f"{error.strerror or error} [output-failed]; the run manifest follows", err=True)
        click.echo(json.dumps(manifest, ensure_ascii=True, default=str), err=True)


def _check_database(path: str) -> set[str]:
    """Fail early, before any work, when the database cannot be opened; the keys of the
    documents it holds (for --skip-existing)."""
    from .database import check_model, connect, held_keys

    try:
        with connect(path) as connection:
            check_model(connection)
            return held_keys(connection)
    except Exception as error:  # locked, not a DuckDB file, no permission, another model
        _fail_usage(f"{path}: cannot open database: {str(error).splitlines()[0]} [database-failed]")
        raise  # not reached: _fail_usage exits


def _publish(result, target: Path, fmt: str, db_path: str | None) -> Path:
    """Write the result folder and load the database as one outcome: the folder is staged,
    the rows loaded in an open transaction, the folder swapped in, then the transaction
    committed. A failure anywhere leaves neither (the earlier folder and rows stay)."""
    from .errors import OutputError
    from .output import staged_result

    try:
        with staged_result(result, target, fmt) as publish:
            if db_path:
                _load_then(db_path, result, publish)
            else:
                publish()
    except (OSError, UnicodeError) as error:
        raise OutputError(f"could not write {_shown(target)}: {getattr(error, 'strerror', None) or error}") from error
    return target


def _load_then(db_path: str, result, publish: Callable[[], None]) -> None:
    """Load the result into the database and run ``publish`` inside the transaction."""
    from .database import DatabaseLocked, connect, loading
    from .errors import DatabaseError

    try:
        connection = connect(db_path)
    except DatabaseLocked as error:
        raise DatabaseError(str(error)) from None
    except Exception as error:
        raise DatabaseError(f"could not open {db_path}: {error}".splitlines()[0]) from error
    with connection:
        try:
            with loading(connection, result):
                publish()
        except OSError:
            raise  # the folder could not be published; the rows were rolled back
        except Exception as error:  # the database refused the rows
            raise DatabaseError(f"could not load into {db_path}: {error}".splitlines()[0]) from error


@cli.command()
@batch_options
@json_option
@click.option("--explain", is_flag=True,
              help="Also list every signal of every extractor, found or missing, with its weight, and the rule.")
@click.pass_context
def detect(ctx: click.Context, as_json: bool, explain: bool, plugin: str | None, password: str | None,
           backend: str, ocr: str, **batch: Any) -> None:
    """Show every extractor's score and reason for each PDF, and which one would run."""
    from .api import open_document
    from .batch import OK, Outcome
    from .host import choose, collect_extractors, detect_all

    request = BatchRequest(**batch)
    extractors = collect_extractors(_plugin_manager(ctx, plugin))
    report: list[dict[str, Any]] = []

    def task(path: Path) -> dict[str, Any]:
        document = open_document(path, password=password, max_pages=request.max_pages, backend=backend, ocr=ocr,
                                 pages=request.pages)
        candidates = detect_all(document, extractors)
        entry: dict[str, Any] = {
            "path": printable_path(path),
            "candidates": [
                {"extractor": c.extractor.name, "score": c.score,
                 "reason": c.detection.reason if c.detection else c.error or "not this era"}
                for c in candidates
            ],
        }
        if explain:
            from .explain import explain_candidates

            entry["explain"] = explain_candidates(document, candidates)
        try:
            entry["chosen"] = choose(document, extractors, plugin, candidates)[0].name
        except PlanextractError as error:
            entry["chosen"] = None
            entry["error"] = {"code": error.code, "message": error.message}
        return entry

    def handle(path: Path, entry: dict[str, Any]) -> Outcome:
        report.append(entry)
        if not as_json:
            click.echo(f"{_shown(path)}: {entry['chosen'] or 'no extractor'}")
            for c in [] if request.quiet else entry["candidates"]:
                click.echo(f"  {c['extractor']:<20} {c['score']:.2f}  {c['reason']}")
            if explain:
                from .explain import format_explanation

                click.echo("\n".join(format_explanation(entry["explain"])))
        if entry.get("error"):
            error = PlanextractError(entry["error"]["message"], path)
            error.code = entry["error"]["code"]
            raise error
        return Outcome(str(path), OK)

    outcomes, interrupted = _run_batch(request, task, handle)
    if as_json:
        click.echo(json.dumps(_json_report(report, outcomes), indent=2, ensure_ascii=False))
    sys.exit(_summarize_batch(outcomes, interrupted))


@cli.command()
@batch_options
@json_option
@click.option("--all", "show_all", is_flag=True, help="List every check, not only rounding and failures.")
@click.pass_context
def check(ctx: click.Context, as_json: bool, show_all: bool, plugin: str | None, password: str | None,
          backend: str, ocr: str, **batch: Any) -> None:
    """Print the reconciliation results of each PDF; exit 1 when a check fails."""
    from .api import extract as run
    from .batch import CHECKS_FAILED, OK, Outcome
    from .checks import summarize
    from .output import json_ready

    request = BatchRequest(**batch)
    pm = _plugin_manager(ctx, plugin)
    report: list[dict[str, Any]] = []

    def task(path: Path):
        result = run(path, plugin, password=password, pm=pm, max_pages=request.max_pages, backend=backend, ocr=ocr,
                     pages=request.pages)
        return result.plugin, result.manifest["sha256"], result.checks, result.manifest["incomplete"]

    def handle(path: Path, payload) -> Outcome:
        plugin_name, sha, checks, gaps = payload
        summary = summarize(checks)
        listed = ["fail"] if request.quiet else ["rounding", "fail"]
        shown = checks if show_all else checks[checks["status"].isin(listed)]
        if as_json:
            report.append({"path": printable_path(path), "plugin": plugin_name, "sha256": sha, "summary": summary,
                           "checks": json.loads(json_ready(shown).to_json(orient="records", force_ascii=False))})
        else:
            counts = ", ".join(f"{n} {s}" for s, n in summary.items())
            if not request.quiet or summary["fail"]:
                click.echo(f"{_shown(path)}: {plugin_name}: {counts}{_incomplete_note(gaps, '; ')}")
            for row in shown.itertuples():
                click.echo(f"  {row.status:<8} {row.check}: {row.location}: expected {_num(row.expected)}, "
                           f"found {_num(row.actual)}, difference {_num(row.difference)} "
                           f"(tolerance {_num(row.tolerance)} {row.unit}; {row.rule})")
        failed = summary["fail"] > 0
        return Outcome(str(path), CHECKS_FAILED if failed else OK, "checks-failed" if failed else None,
                       _failed_note(summary, gaps), sha)

    outcomes, interrupted = _run_batch(request, task, handle)
    if as_json:
        click.echo(json.dumps(_json_report(report, outcomes), indent=2, ensure_ascii=False))
    sys.exit(_summarize_batch(outcomes, interrupted))


def _json_report(entries: list[dict[str, Any]], outcomes) -> list[dict[str, Any]]:
    """Entries in input order, with an ``error`` entry for every input that produced none."""
    by_path = {entry["path"]: entry for entry in entries}
    return [
        by_path.get(o.path) or {"path": o.path, "status": o.status,
                                "error": {"code": o.code, "message": o.message}}
        for o in outcomes
    ]


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


@db.command("query")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: aligned columns; csv: with a header row; json: one object per row.")
def db_query(database: str, sql: str, fmt: str) -> None:
    """Run SQL on DATABASE (opened read-only) and print the rows."""
    from .database import query

    try:
        columns, rows = query(database, sql)
    except Exception as error:  # a DuckDB error: bad SQL, not a database, another model
        _fail_usage(f"{database}: {str(error).splitlines()[0]} [database-failed]")
    click.echo(format_rows(columns, rows, fmt), nl=False)


def format_rows(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Query rows as an aligned table, CSV or JSON lines (dates ISO, no float noise)."""
    import csv
    import io

    def text(value: Any) -> str:
        if isinstance(value, Decimal):
            return str(plain_decimal(value))
        return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)

    def number_or_text(value: Any) -> Any:
        return json_number(value) if isinstance(value, Decimal) else text(value)

    if fmt == "json":
        return "".join(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=number_or_text) + "\n"
                       for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[text(v) for v in row] for row in rows])
        return buffer.getvalue()
    cells = [columns, *[[text(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    numeric = [all(isinstance(row[i], (int, float, Decimal)) or row[i] is None for row in rows)
               for i in range(len(columns))]
    lines = ["  ".join(c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric)).rstrip()
             for row in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]]) + "\n"


@cli.command()
@click.option("-o", "--output", "outdir", default="schemas", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the schema files into.")
@click.option("--dictionary", type=click.Path(dir_okay=False),
              help="Also write the canonical model's data dictionary (Markdown) to this file "
                   "(the project keeps it as docs/data-dictionary.md).")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if the folder is out of date.")
@click.pass_context
def schemas(ctx: click.Context, outdir: str, dictionary: str | None, check_only: bool) -> None:
    """Export JSON Schema and YAML for the canonical tables and every extractor's tables."""
    from .host import collect_extractors
    from .output import atomic_write_text
    from .schema_export import data_dictionary, export, schema_files

    extractors = collect_extractors(_plugin_manager(ctx))
    if check_only:
        expected = {Path(outdir) / rel: text for rel, text in schema_files(extractors).items()}
        if dictionary:
            expected[Path(dictionary)] = data_dictionary()
        stale = [path for path, text in expected.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        stale += sorted(p for p in Path(outdir).rglob("*") if p.is_file() and p not in expected)
        for path in stale:
            click.echo(f"out of date: {path}")
        sys.exit(EXIT_CHECKS_FAILED if stale else EXIT_OK)
    for path in export(Path(outdir), extractors):
        click.echo(str(path))
    if dictionary:
        atomic_write_text(Path(dictionary), data_dictionary())
        click.echo(dictionary)


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


from .cli_tools import register as _register_author_tools  # noqa: E402  (new-plugin, debug)

_register_author_tools(cli)


def _incomplete_note(gaps: dict[str, str], lead: str = "") -> str:
    """"incomplete: resources, activities" when tables or lists were not read whole."""
    return f"{lead}incomplete: {', '.join(gaps)}" if gaps else ""


def _failed_note(summary: dict[str, int], gaps: dict[str, str]) -> str | None:
    if not summary["fail"]:
        return None
    return f"{summary['fail']} checks failed" + _incomplete_note(gaps, "; ")
