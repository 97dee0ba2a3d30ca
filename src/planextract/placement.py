"""Where each document's result goes: a safe folder name, inside OUTDIR, never another's.

A result folder is named after its PDF, made safe for any file system (no ``.``/``..``, no
separators or control characters, non-UTF-8 bytes escaped, short enough), and owned by one
document: the manifests already in OUTDIR say which checksum owns which folder, so a later
run never replaces a different document's folder, whatever its name. The first input of a
name (in input order) gets the plain name, any other ``name-<sha8>``; the same document keeps
its folder from run to run. A document that is some pages of a file (``--pages``) is named
and owned with its pages: ``name-pages-38-74``.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .document import split_key
from .output import existing_results

#: Longest folder name, in UTF-8 bytes (file systems allow 255; the checksum suffix and the
#: staging prefix need room).
MAX_NAME_BYTES = 120
#: Names no result folder may take: the run's own files, and names Windows reserves.
RESERVED = frozenset({"run-manifest.json", "con", "prn", "aux", "nul",
                      *(f"com{k}" for k in range(1, 10)), *(f"lpt{k}" for k in range(1, 10))})
_UNSAFE = set('/\\:*?"<>|')


def safe_name(stem: str) -> str:
    """A folder name for a file stem: printable, no separators, no leading dot, not reserved."""
    out = []
    for ch in os.fsencode(stem).decode("utf-8", "surrogateescape"):
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that is not UTF-8
            out.append(f"%{ord(ch) - 0xDC00:02X}")
        elif ch in _UNSAFE or not ch.isprintable():  # controls, odd spaces, unassigned code points
            out.append("_")
        else:
            out.append(ch)
    name = unicodedata.normalize("NFC", "".join(out)).strip().lstrip(".").rstrip(". ")
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    if not name:
        return "document"
    return f"_{name}" if name.casefold() in RESERVED or name.split(".")[0].casefold() in RESERVED else name


class Placement:
    """Result folders of one run into ``outdir``, decided as each document finishes."""

    def __init__(self, outdir: Path, paths: Sequence[Path], known: dict[str, Path] | None = None) -> None:
        self.outdir = outdir
        if known is None:
            known = {key: found.folder for key, found in existing_results(outdir).items()}
        self.known = known  # document key -> folder, earlier runs
        self.owners = {folder.name: sha for sha, folder in self.known.items()}
        self.first: dict[str, Path] = {}
        for path in paths:
            self.first.setdefault(safe_name(path.stem), path)

    def folder(self, path: Path, key: str) -> Path:
        """The folder for the document ``key`` (its checksum, and pages: ``Document.key``) read
        from ``path``; claimed for it."""
        earlier = self.known.get(key)
        if earlier is not None:
            return earlier
        sha, pages = split_key(key)
        stem = safe_name(path.stem)
        base = f"{stem}-pages-{pages[0]}-{pages[1]}" if pages else stem
        plain = [base] if self.first.get(stem) == path else []
        for name in (*plain, f"{base}-{sha[:8]}", f"{base}-{sha[:16]}", f"{base}-{sha}"):
            if self._free(name, key):
                self.owners[name] = key
                return self.outdir / name
        raise FileExistsError(f"{self.outdir}: every folder name for {path.name} is taken")

    def _free(self, name: str, key: str) -> bool:
        owner = self.owners.get(name)
        if owner is not None:
            return owner == key
        return not os.path.lexists(self.outdir / name)  # a file or folder that is not a result: the user's
