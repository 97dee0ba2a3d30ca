"""Errors a user can act on, each with a stable code and the exit status it maps to.

The CLI prints ``str(error)`` as one line; nothing here carries a traceback to the user.
"""

from __future__ import annotations

from pathlib import Path

#: Exit statuses, documented in the README.
EXIT_OK = 0
EXIT_CHECKS_FAILED = 1
EXIT_UNPROCESSABLE = 2


class PlanextractError(Exception):
    """Base class: a document could not be processed. ``code`` is stable and documented."""

    code = "error"
    exit_code = EXIT_UNPROCESSABLE

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"


class NotAPdf(PlanextractError):
    code = "not-a-pdf"


class InputNotFound(PlanextractError):
    code = "not-found"


class UnreadableFile(PlanextractError):
    code = "unreadable"


class EmptyFile(PlanextractError):
    code = "empty-file"


class CorruptPdf(PlanextractError):
    code = "corrupt-pdf"


class RevisionsDisagree(CorruptPdf):
    """A damaged cross-reference table makes the file read one way and, rebuilt as viewers
    rebuild it, another: which revision of a page is meant cannot be told."""

    code = "revisions-disagree"


class EncryptedPdf(PlanextractError):
    code = "encrypted"


class NoTextLayer(PlanextractError):
    code = "no-text-layer"


class OcrUnavailable(PlanextractError):
    code = "ocr-unavailable"


class NoPluginMatch(PlanextractError):
    code = "no-plugin"


class AmbiguousPlugin(PlanextractError):
    code = "ambiguous-plugin"


class UnknownPlugin(PlanextractError):
    code = "unknown-plugin"


class TableNotFound(PlanextractError):
    code = "table-not-found"


class SchemaViolation(PlanextractError):
    code = "schema-violation"

    def __init__(self, message: str, failures: list[str], path: str | Path | None = None) -> None:
        super().__init__(message, path)
        self.failures = failures


class PagesOutOfRange(PlanextractError):
    """``--pages`` selects pages the file does not have."""

    code = "no-such-pages"


class TooManyPages(PlanextractError):
    code = "too-many-pages"


class TimeLimitExceeded(PlanextractError):
    code = "timeout"


class ResourceLimitExceeded(PlanextractError):
    code = "resource-limit"


class WorkerCrashed(PlanextractError):
    code = "worker-crashed"


class OutputError(PlanextractError):
    """The result could not be written (permissions, a full disk, a name the file system
    refuses): the environment's fault; nothing was published for the document."""

    code = "output-failed"


class DatabaseError(PlanextractError):
    """The database could not take the result (locked after waiting, not a DuckDB file, full):
    nothing was published for the document."""

    code = "database-failed"


class PluginError(PlanextractError):
    """A plugin misbehaved (raised, or broke its contract): the plugin's fault, not the file's."""

    code = "plugin-error"


class NumberFormatError(ValueError):
    """Text that is not a number in the documents' Swedish format."""

    def __init__(self, text: str, reason: str = "not a number") -> None:
        super().__init__(f"{reason}: {text!r}")
        self.text = text
