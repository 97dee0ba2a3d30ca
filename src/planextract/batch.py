"""Many documents, each in its own worker process, each with one outcome.

A worker is forked per document, so a hang, a crash or a memory blow-up in one PDF is
contained: the parent kills it at the time limit, caps its memory, and goes on with the rest.
Results come back over a pipe; the parent alone writes outputs, so nothing is half-written.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from .errors import (
    EXIT_CHECKS_FAILED,
    EXIT_OK,
    EXIT_UNPROCESSABLE,
    PlanextractError,
    ResourceLimitExceeded,
    TimeLimitExceeded,
    WorkerCrashed,
)
from .paths import printable_path

DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_PAGES = 1000
DEFAULT_MEMORY_MB = 4096
#: The time limit counts a worker's CPU seconds; its wall-clock time is capped at this many
#: times the limit (a worker waiting for a CPU with more jobs than cores is not stopped).
WALL_FACTOR = 3.0
#: Signals that stop a batch like Ctrl-C: finished documents kept, the rest listed not-done.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

#: Outcome statuses, from best to worst.
OK, SKIPPED, CHECKS_FAILED, FAILED, NOT_DONE = "ok", "skipped", "checks-failed", "failed", "not-done"
_EXIT = {OK: EXIT_OK, SKIPPED: EXIT_OK, CHECKS_FAILED: EXIT_CHECKS_FAILED, FAILED: EXIT_UNPROCESSABLE,
         NOT_DONE: EXIT_UNPROCESSABLE}


@dataclass(frozen=True)
class Limits:
    """Per-document limits: CPU seconds (wall clock capped at :data:`WALL_FACTOR` times),
    pages, and memory (MiB) above the parent's."""

    timeout: float = DEFAULT_TIMEOUT
    max_pages: int = DEFAULT_MAX_PAGES
    memory_mb: int | None = DEFAULT_MEMORY_MB

    def __post_init__(self) -> None:
        if not (0 < self.timeout < float("inf")) or self.max_pages <= 0 \
                or (self.memory_mb is not None and self.memory_mb <= 0):
            raise ValueError(f"limits must be positive and finite: {self}")

    @property
    def wall(self) -> float:
        return WALL_FACTOR * self.timeout


class Interrupted(KeyboardInterrupt):
    """The batch was stopped by a signal (Ctrl-C, SIGTERM, SIGHUP)."""


@dataclass
class Outcome:
    """What happened to one input; a line of the run manifest."""

    path: str
    status: str
    code: str | None = None
    message: str | None = None
    sha256: str | None = None
    output: str | None = None
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return _EXIT[self.status]

    def as_dict(self) -> dict[str, Any]:
        """For JSON: paths with bytes that are not UTF-8 escaped (``\\xe5``)."""
        row = asdict(self)
        for key in ("path", "output"):
            if row[key] is not None:
                row[key] = printable_path(row[key])
        return row


def expand_inputs(items: Iterable[str], *, recursive: bool = False,
                  notes: list[str] | None = None) -> list[Path | Outcome]:
    """PDF paths from files and folders (``*.pdf`` inside; below too with ``recursive``), in
    input order. A path that does not exist, or a folder without PDFs, becomes a failed
    outcome in its place, not an abort. ``notes`` gets what the user should know: subfolders
    not searched, a PDF given twice.
    """
    notes = [] if notes is None else notes
    paths: list[Path | Outcome] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            pdfs, folders = _pdfs_in(path, recursive)
            if folders:
                notes.append(f"{item}: {folders} subfolders not searched (use --recursive)")
            if not pdfs:
                hint = "" if recursive else " (use --recursive for subfolders)"
                paths.append(Outcome(item, FAILED, "not-found", f"no PDF files in this folder{hint}"))
            paths.extend(pdfs)
        elif path.exists():
            paths.append(path)
        else:
            paths.append(Outcome(item, FAILED, "not-found", "no such file or folder"))
    seen: set[Path] = set()
    unique: list[Path | Outcome] = []
    for entry in paths:  # a PDF named twice (directly and through its folder) runs once
        if isinstance(entry, Path):
            key = entry.resolve()
            if key in seen:
                notes.append(f"{entry}: given twice; extracted once")
                continue
            seen.add(key)
        unique.append(entry)
    return unique


def _pdfs_in(folder: Path, recursive: bool) -> tuple[list[Path], int]:
    """The folder's PDFs (its subfolders' too with ``recursive``: walked with a stack, not
    recursion, so a folder 1,500 levels deep is fine; symlinked folders are not followed, so
    a loop is too), and how many subfolders were left unsearched."""
    pdfs: list[Path] = []
    skipped = 0
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if recursive:
                        stack.append(Path(entry.path))
                    else:
                        skipped += 1
                elif entry.is_file() and entry.name.lower().endswith(".pdf"):
                    pdfs.append(Path(entry.path))
            except OSError:
                continue
    return sorted(pdfs), skipped


def run_isolated(
    paths: list[Path],
    task: Callable[[Path], Any],
    on_done: Callable[[Path, Any, float], None],
    *,
    limits: Limits,
    jobs: int,
) -> None:
    """Run ``task(path)`` for every path in forked workers, at most ``jobs`` at once.

    ``on_done(path, payload_or_error, seconds)`` runs in this process as each finishes, with
    the task's return value or a :class:`PlanextractError`; a stop signal (Ctrl-C, SIGTERM,
    SIGHUP) waits for the ``on_done`` under way, then every worker is killed and
    :class:`Interrupted` propagates; paths not reported were not done.
    """
    context = multiprocessing.get_context("fork")
    pending = deque(paths)
    running: dict[Any, tuple[Any, Path, float]] = {}
    stopped: list[int] = []
    previous = _catch(STOP_SIGNALS, lambda signum, frame: stopped.append(signum))
    try:
        while pending or running:
            if stopped:
                raise Interrupted(f"stopped by signal {stopped[0]}")
            while pending and len(running) < max(1, jobs):
                path = pending.popleft()
                receiver, sender = context.Pipe(duplex=False)
                inherited = [receiver, *running]  # pipe ends the worker must not hold open
                process = context.Process(target=_work, daemon=True,
                                          args=(sender, task, path, limits, os.getpid(), inherited))
                process.start()
                sender.close()
                running[receiver] = (process, path, time.monotonic())
            now = time.monotonic()
            next_deadline = min(start + limits.wall for _, _, start in running.values())
            for receiver in wait(list(running), timeout=min(0.25, max(0.0, next_deadline - now))):
                process, path, start = running.pop(receiver)
                on_done(path, _receive(receiver, process, path, limits), time.monotonic() - start)
            now = time.monotonic()
            for receiver, (process, path, start) in list(running.items()):
                if now - start >= limits.wall:
                    del running[receiver]
                    _stop(process, receiver)
                    error = TimeLimitExceeded(f"stopped after {limits.wall:g} s of wall-clock time "
                                              f"({WALL_FACTOR:g} × the time limit of {limits.timeout:g} s)", path)
                    on_done(path, error, now - start)
    finally:
        for receiver, (process, _, _) in running.items():
            _stop(process, receiver)
        _catch(STOP_SIGNALS, previous)


def _catch(signals: Iterable[int], handler) -> dict[int, Any]:
    """Install ``handler`` (one callable, or a dict per signal) where this is the main thread;
    return the handlers it replaced."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}
    replaced = {}
    for number in signals:
        new = handler.get(number) if isinstance(handler, dict) else handler
        if new is not None:
            replaced[number] = signal.signal(number, new)
    return replaced


def _receive(receiver, process, path: Path, limits: Limits) -> Any:
    try:
        kind, *rest = receiver.recv()
    except (EOFError, OSError):
        process.join(5)
        if process.exitcode == -signal.SIGXCPU:
            return TimeLimitExceeded(f"stopped after the time limit of {limits.timeout:g} s of CPU time", path)
        return WorkerCrashed(f"the worker died (exit code {process.exitcode}) while reading it", path)
    finally:
        receiver.close()
    process.join(5)
    if kind == "ok":
        return rest[0]
    code, message = rest
    if code == "resource-limit":
        return ResourceLimitExceeded(f"{message} (memory limit {limits.memory_mb} MiB)", path)
    error = PlanextractError(message, path)
    error.code = code
    return error


def _stop(process, receiver) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.join(5)
    receiver.close()


def _work(sender, task: Callable[[Path], Any], path: Path, limits: Limits, parent: int, inherited) -> None:
    """Child process: drop what it inherited, die with the parent, cap CPU and memory, run the
    task, send back the result or the error, exit."""
    try:
        for connection in inherited:
            connection.close()  # else a sibling's or its own read end keeps a pipe open forever
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        for number in STOP_SIGNALS[1:]:
            signal.signal(number, signal.SIG_DFL)
        _die_with(parent)
        _quiet_stdio()
        os.setpgrp()  # its own group, so a timeout also stops what it started (Ghostscript)
        cpu = max(1, math.ceil(limits.timeout))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        if limits.memory_mb is not None:
            _cap_memory(limits.memory_mb)
        try:
            message: tuple = ("ok", _with_warnings(task, path))
        except PlanextractError as error:
            message = ("error", error.code, error.message)
        except MemoryError:
            message = ("error", "resource-limit", "ran out of memory")
        except RecursionError:
            message = ("error", "corrupt-pdf", "corrupt PDF (objects nested too deeply)")
        except Exception as error:  # a bug: still one line for the user
            message = ("error", "internal", f"internal error: {type(error).__name__}: {error}")
        try:
            sender.send(message)
        except MemoryError:
            sender.send(("error", "resource-limit", "ran out of memory returning the result"))
        except Exception as error:
            sender.send(("error", "internal", f"internal error: result not transferable: {error}"))
    finally:
        sender.close()
        os._exit(0)  # skip the parent's atexit handlers inherited by fork


def _die_with(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies (and check it has not already)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the parent's own cleanup is all there is
    if os.getppid() != parent:
        os._exit(1)


def _quiet_stdio() -> None:
    """The worker lets go of the caller's stdout and stderr: a command waiting on them must not
    wait for a worker; what libraries print goes into the document's warnings instead."""
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _with_warnings(task: Callable[[Path], Any], path: Path) -> Any:
    """Run the task, collecting library warnings (pdfminer's log, Python warnings) into the
    result's manifest, so each is reported with its document."""
    import logging
    import warnings

    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(f"{record.name}: {record.getMessage()}"[:300])

    handler = Collect(logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = task(path)
    finally:
        root.removeHandler(handler)
    seen += [f"{w.category.__name__}: {w.message}"[:300] for w in caught]
    manifest = getattr(result, "manifest", None)
    if isinstance(manifest, dict):
        manifest["warnings"] = list(dict.fromkeys(seen))
    return result


def _cap_memory(memory_mb: int) -> None:
    """Limit the address space to what the process already maps plus ``memory_mb``."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = mapped + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
