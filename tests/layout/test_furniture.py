"""Page furniture (planextract.layout.furniture.find_furniture): running heads, footers and
page numbers, by position and text, wherever a producer put them; never a body line that
merely repeats.
"""

from __future__ import annotations

import pytest

from planextract.document import Document, Word
from planextract.layout.body import read_body
from planextract.layout.furniture import find_furniture, fold, is_page_number

from .synth import LEADING_EM, SIZE, document, page, text_line

LEADING = LEADING_EM * SIZE
SENTENCES = [
    "Förbundet arbetar med kommunerna i länet",
    "och samordnar deras arbete inom flera områden",
    "under året som kommer att följa planen noga",
    "Arbetet följs upp varje kvartal av styrelsen",
    "Presidiet bereder ärenden till förbundsstyrelsen",
    "Kansliet stöder medlemmarna i deras uppdrag",
    "Regional utveckling är ett av fokusområdena",
    "Välfärdsutveckling sker tillsammans med regionen",
    "Gymnasieantagningen hanterar alla ansökningar",
]


def body(number: int, top: float = 100.0, lines: int = 6, x: float = 70.0) -> list[Word]:
    """Running text that differs from page to page (no body line recurs by accident)."""
    return [w for i in range(lines)
            for w in text_line(SENTENCES[(number * 2 + i) % len(SENTENCES)], x, top + i * LEADING, page=number)]


def found(doc: Document) -> dict[int, list[str]]:
    """Each page's furniture lines, by text."""
    furniture = find_furniture(doc)
    out = {}
    for p in doc.pages:
        texts = [line.text for k, line in enumerate(p.lines) if furniture.is_furniture(p.number, k)]
        if texts:
            out[p.number] = texts
    return out


def body_texts(doc: Document) -> list[str]:
    return [placed.text for placed in read_body(doc).reading]


# --------------------------------------------------------------------------- page numbers
@pytest.mark.parametrize("text", [
    "7", "Sida 3 (24)", "Sida 3 av 24", "Sidan 3 av 24",
    "sid. 3", "3 av 24", "3 / 24", "- 3 -", "– 12 –", "(12)", "iv", "XII", "s. 4",
    "Page 5 of 9",
])
def test_page_number_texts(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["Budget 2021 7", "Aktiviteter", "46 958", "12 345", "Mål 3", "3,5"])
def test_not_page_number_texts(text):
    assert not is_page_number(text)


@pytest.mark.parametrize("label", ["{n}", "Sida {n} ({total})", "Sidan {n} av {total}",
                                   "{n} av {total}", "- {n} -"])
def test_a_page_number_at_either_edge_is_furniture_on_a_single_page_too(label):
    bottom = page(1, [*body(1), *text_line(label.format(n=3, total=24), 290, 800)])
    top = page(2, [*text_line(label.format(n=4, total=24), 290, 40, page=2), *body(2)])
    assert found(document([bottom, top])) == {1: [label.format(n=3, total=24)], 2: [label.format(n=4, total=24)]}


def test_roman_numerals_on_front_matter():
    pages = [page(n, [*body(n), *text_line(numeral, 290, 800, page=n)])
             for n, numeral in enumerate(["i", "ii", "iii", "iv"], 1)]
    assert found(document(pages)) == {1: ["i"], 2: ["ii"], 3: ["iii"], 4: ["iv"]}


def test_a_lone_number_in_the_body_is_not_furniture():
    words = [*body(1, lines=3), *text_line("12", 290, 100 + 3 * LEADING), *body(1, top=100 + 4 * LEADING)]
    assert found(document([page(1, words)])) == {}


# --------------------------------------------------------------------------- running heads and footers
def test_odd_and_even_footers_with_the_number_in_the_outer_corner():
    pages = []
    for n in range(1, 9):
        if n % 2:
            footer = [*text_line("Verksamhetsplan och budget 2021", 70, 800, page=n),
                      *text_line(str(n), 520, 800, page=n)]
        else:
            footer = [*text_line(str(n), 70, 800, page=n), *text_line("Storsthlm", 470, 800, page=n)]
        pages.append(page(n, [*body(n), *footer]))
    doc = document(pages)
    assert found(doc) == {n: [f"Verksamhetsplan och budget 2021 {n}" if n % 2 else f"{n} Storsthlm"]
                          for n in range(1, 9)}
    assert not any("Storsthlm" in t or "Verksamhetsplan" in t for t in body_texts(doc))


def test_a_running_head_and_a_footer_of_two_lines():
    pages = [page(n, [*text_line("Kommunförbundet Stockholms Län", 70, 30, page=n),
                      *text_line("Verksamhetsplan 2008", 400, 30, page=n),
                      *body(n),
                      *text_line("Box 38145 • 100 64 Stockholm • www.ksl.se", 70, 795, page=n),
                      *text_line(f"{n} av 6", 480, 810, page=n)])
             for n in range(1, 7)]
    assert found(document(pages)) == {
        n: ["Kommunförbundet Stockholms Län Verksamhetsplan 2008", "Box 38145 • 100 64 Stockholm • www.ksl.se",
            f"{n} av 6"] for n in range(1, 7)}


def test_a_large_top_margin_does_not_hide_the_running_head():
    """The head sits 140 pt down (a wide-margin or landscape layout), below any fixed band."""
    pages = [page(n, [*text_line("Avgift till KSL", 70, 140, page=n), *body(n, top=180),
                      *text_line(f"{n} av 5", 290, 700, page=n)], size=(842.0, 595.0))
             for n in range(1, 6)]
    assert found(document(pages)) == {n: ["Avgift till KSL", f"{n} av 5"] for n in range(1, 6)}


def test_a_chapters_running_head_on_consecutive_pages():
    """"Ekonomi" heads pages 5–7 of 20: not a quarter of the document, but consecutive pages."""
    pages = []
    for n in range(1, 21):
        head = text_line("Kapitel 2 Ekonomi", 70, 30, page=n) if n in (5, 6, 7) else []
        pages.append(page(n, [*head, *body(n), *text_line(str(n), 290, 800, page=n)]))
    got = found(document(pages))
    assert {n: texts for n, texts in got.items() if len(texts) > 1} == {
        n: ["Kapitel 2 Ekonomi", str(n)] for n in (5, 6, 7)}
    assert all(got[n] == [str(n)] for n in range(1, 21) if n not in (5, 6, 7))


def test_furniture_stops_at_the_first_body_line_from_the_edge():
    """A bare number just above the last line of body text (a figure set on its own line)
    or just below the first is body text, though it reads as a page number."""
    bottom = [*body(1, lines=4), *text_line("12", 290, 100 + 4 * LEADING), *body(1, top=100 + 5 * LEADING, lines=1)]
    top = [*body(2, top=40, lines=1), *text_line("7", 290, 40 + LEADING, page=2), *body(2, top=40 + 2 * LEADING)]
    doc = document([page(1, bottom), page(2, top)])
    assert found(doc) == {}
    assert "12" in body_texts(doc) and "7" in body_texts(doc)


# --------------------------------------------------------------------------- not furniture
def test_a_list_heading_that_starts_three_pages_is_not_furniture():
    """"Aktiviteter" happens to start pages 2, 4 and 6, and also heads lists mid-page on
    pages 1, 3, 5 and 7: most of its occurrences are in the body."""
    pages = []
    for n in range(1, 9):
        words = body(n, top=120)
        if n in (2, 4, 6):
            words = [*text_line("Aktiviteter", 70, 60, page=n, weight=700), *words]
        if n in (1, 3, 5, 7):
            words += text_line("Aktiviteter", 70, 120 + 7 * LEADING, page=n, weight=700)
            words += body(n, top=120 + 8.5 * LEADING, lines=2)
        pages.append(page(n, [*words, *text_line(str(n), 290, 800, page=n)]))
    doc = document(pages)
    assert found(doc) == {n: [str(n)] for n in range(1, 9)}
    assert body_texts(doc).count("Aktiviteter") == 7


def test_a_kicker_atop_three_section_openers_is_not_furniture():
    """"Fokusområde" over the focus areas' titles on pages 9, 12 and 15 of 16: not on
    consecutive pages and on fewer than a quarter of them."""
    pages = []
    for n in range(1, 17):
        words = body(n, top=140)
        if n in (9, 12, 15):
            words = [*text_line("Fokusområde", 70, 60, page=n, color="#c0392b"),
                     *text_line("Regional utveckling", 70, 60 + 1.5 * SIZE, page=n, size=20), *words]
        pages.append(page(n, words))
    doc = document(pages)
    assert found(doc) == {}
    assert body_texts(doc).count("Fokusområde") == 3


def test_a_text_recurring_at_different_heights_is_not_a_running_head():
    pages = [page(n, [*text_line("Sammanfattning", 70, 40 + 25 * n, page=n), *body(n, top=200)]) for n in range(1, 6)]
    assert found(document(pages)) == {}


def test_fold_folds_digits_roman_page_numbers_and_case():
    assert fold("Sida 3 (24)") == fold("SIDA 12 (24)") == "sida # (#)"
    assert fold("Verksamhetsplan  iv") == fold("Verksamhetsplan 7") == "verksamhetsplan #"
    assert fold("Vision") != fold("Vision #") and fold("ﬁnans") == "finans"
