"""The Storsthlm 2021-format extractor."""

from __future__ import annotations

from planextract.detection import score
from planextract.document import Document
from planextract.extractor import Detection

from .detect import SIGNALS, plan_year


class Storsthlm2021Extractor:
    name = "storsthlm2021"
    version = "0.1.0"
    tables = ()

    def detect(self, document: Document) -> Detection | None:
        return score(document, SIGNALS, year=plan_year(document))

    def extract(self, document: Document):
        raise NotImplementedError("Storsthlm extraction: issue 4")

    def check(self, tables):
        return []
