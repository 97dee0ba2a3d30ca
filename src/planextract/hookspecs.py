"""Every hook planextract offers. This module is the hook reference.

A plugin is a module or object with functions marked ``@planextract.hookimpl`` whose names
match the specs below. Plugins are found through the ``planextract`` entry-point group; the
built-in era plugins under ``plugins/`` use exactly that route. For a quick experiment,
``planextract --plugins-dir DIR`` also loads every ``*.py`` module in ``DIR`` as a plugin.

Besides the members of :class:`planextract.extractor.Extractor`, an extractor may have:

- ``signals``: the :class:`planextract.detection.Signal` objects its ``detect`` scores, so
  ``planextract detect --explain`` can list each one as found or missing, with its weight;
- ``regions(document)``: where it read its tables, as ``(page, x0, top, x1, bottom, label)``
  tuples in PDF points (:class:`planextract.debug.Region`), drawn by
  ``planextract debug PDF --page N -o page.png``.

The contract every extractor must pass is :class:`planextract.testing.ExtractorContract`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .extractor import Extractor

hookspec = pluggy.HookspecMarker("planextract")
hookimpl = pluggy.HookimplMarker("planextract")


@hookspec
def planextract_register_extractors(register: Callable[[Extractor], None]) -> None:
    """Register the plugin's extractors by calling ``register(extractor)`` once for each.

    An extractor (see :class:`planextract.extractor.Extractor`) has a unique ``name``, a
    ``version``, the ``tables`` it produces with their pandera schemas, and ``detect``,
    ``extract`` and ``check`` methods. Registering two extractors with the same name is an
    error that names both plugins.
    """
