"""Registers the KSL 2008 extractor through planextract's public hook, like any third party."""

from planextract import hookimpl

from .extractor import Ksl2008Extractor


@hookimpl
def planextract_register_extractors(register):
    register(Ksl2008Extractor())
