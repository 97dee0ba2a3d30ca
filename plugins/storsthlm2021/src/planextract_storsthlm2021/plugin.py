"""Registers the Storsthlm 2021 extractor through planextract's public hook, like any third party."""

from planextract import hookimpl

from .extractor import Storsthlm2021Extractor


@hookimpl
def planextract_register_extractors(register):
    register(Storsthlm2021Extractor())
