"""Registers the KSL 2008 extractor through planextract's public hook, like any third party."""

from planextract import hookimpl


@hookimpl
def planextract_register_extractors(register):
    from .extractor import (
        Ksl2008Extractor,  # pandas and pandera load only when a plugin is used
    )

    register(Ksl2008Extractor())
