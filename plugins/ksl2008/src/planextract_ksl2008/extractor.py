"""The KSL 2008-format extractor."""

from __future__ import annotations

from planextract.detection import score
from planextract.document import Document
from planextract.extractor import Detection

from .detect import SIGNALS, plan_year


class Ksl2008Extractor:
    name = "ksl2008"
    version = "0.1.0"
    tables = ()

    def detect(self, document: Document) -> Detection | None:
        return score(document, SIGNALS, year=plan_year(document))

    def extract(self, document: Document):
        raise NotImplementedError("KSL extraction: issue 3")

    def check(self, tables):
        return []
