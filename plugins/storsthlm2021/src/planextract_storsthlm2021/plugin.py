"""Registers the Storsthlm 2021 extractor through planextract's public hook, like any third party."""

from planextract import hookimpl


@hookimpl
def planextract_register_extractors(register):
    from .extractor import (
        Storsthlm2021Extractor,  # pandas and pandera load only when a plugin is used
    )

    register(Storsthlm2021Extractor())
