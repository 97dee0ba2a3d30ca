"""Paths as text any output can hold: light enough for the CLI to import at start-up."""

from __future__ import annotations

import os


def printable_path(path) -> str:
    """A path as text JSON, CSV and databases can hold: bytes that are not UTF-8 (a Latin-1
    file name) written as ``\\xe5`` escapes."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def one_line(path) -> str:
    """A path as one printable line: control characters (a newline in a file name could forge
    an output line) escaped too."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in printable_path(path))
