"""planextract: the annual plans of KSL and Storsthlm as checked, typed data.

Public API: :func:`extract` (one PDF to an :class:`ExtractionResult`), :func:`open_document`
(the parsed :class:`Document` plugins work on) and ``hookimpl`` for plugin authors.
Heavy libraries load only when used, so ``import planextract`` stays fast.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .hookspecs import hookimpl

try:
    __version__ = version("planextract")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

__all__ = ["extract", "open_document", "hookimpl", "__version__", "Document", "ExtractionResult"]


def __getattr__(name: str):
    # Lazy: pandas and pandera load only when the pipeline is used.
    if name in ("extract", "open_document"):
        from . import api

        return getattr(api, name)
    if name == "Document":
        from .document import Document

        return Document
    if name == "ExtractionResult":
        from .result import ExtractionResult

        return ExtractionResult
    raise AttributeError(f"module 'planextract' has no attribute {name!r}")
