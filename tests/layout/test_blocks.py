"""Headings, paragraphs and list items (planextract.layout.blocks.read_blocks) read from a
body built the way the extractors build it: ``read_body`` over a document of hand-made pages.
"""

from __future__ import annotations

import pytest

from planextract.layout import heading_levels, read_blocks
from planextract.layout.blocks import Block

from .synth import LEADING_EM, SIZE, SPACE_EM, body_of, run, text_line

LEADING = LEADING_EM * SIZE
INTRO = ["Förbundet arbetar med kommunerna i länet och samordnar deras arbete",
         "inom flera områden under året som kommer att följa planen noga.",
         "Arbetet följs upp varje kvartal av styrelsen och presidiet."]


def paragraph(lines, top: float, x: float = 70.0, **style):
    return [w for k, text in enumerate(lines) for w in text_line(text, x, top + k * LEADING, **style)]


def kinds(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks]


# --------------------------------------------------------------------------- list items
@pytest.mark.parametrize("glyph", ["•", "(cid:127)", "\x7f", "\uf0b7", "\uf0a7", "■", "▪", "➢", "–", "-", "o",
                                   "1.", "a)"])
def test_a_glyph_with_a_hanging_indent_starts_a_list_item(glyph):
    """Whatever a broken encoding made of the bullet: a Symbol-font private-use glyph, an
    undecodable (cid:n), reportlab's 0x7F; a dash, "o" or a number before a hanging indent."""
    top = 100 + 4 * LEADING
    first = run([(glyph, 0), ("Stödja", 1.0), ("kommunerna", SPACE_EM), ("i", SPACE_EM), ("arbetet", SPACE_EM)],
                70, top)
    indent = first[1].x0
    words = [*paragraph(INTRO, 100), *first, *text_line("med digitalisering och annat.", indent, top + LEADING),
             *run([(glyph, 0), ("Andra", 1.0), ("punkten.", SPACE_EM)], 70, top + 2 * LEADING),
             *paragraph(["Ett nytt stycke efter listan börjar här."], top + 4 * LEADING)]
    blocks = read_blocks(body_of(words))
    assert kinds(blocks) == [
        ("paragraph", " ".join(INTRO)),
        ("item", "Stödja kommunerna i arbetet med digitalisering och annat."),
        ("item", "Andra punkten."),
        ("paragraph", "Ett nytt stycke efter listan börjar här."),
    ]
    assert [b.marker for b in blocks] == ["", glyph, glyph, ""]


def test_a_bullet_glued_to_its_text_starts_an_item():
    words = [*paragraph(INTRO, 100), *text_line("•Stödja kommunerna.", 70, 100 + 4 * LEADING)]
    assert kinds(read_blocks(body_of(words)))[-1] == ("item", "Stödja kommunerna.")


@pytest.mark.parametrize("dash", ["–", "-", "—"])
def test_a_dash_starting_a_wrapped_sentence_is_not_an_item(dash):
    """A dash set with an ordinary word space is a dash in running text, not a bullet."""
    lines = [INTRO[0], INTRO[1].rstrip("."), f"{dash} och socialfonden, som stöder projekt."]
    assert kinds(read_blocks(body_of(paragraph(lines, 100)))) == [
        ("paragraph", f"{INTRO[0]} {INTRO[1].rstrip('.')} {dash} och socialfonden, som stöder projekt.")]


def test_an_item_continues_over_a_page_break():
    """The item's last line on page 1 and its first on page 2 (after the page furniture)."""
    head = "Verksamhetsplan för Kommunförbundet Stockholms Län 2008"
    p1 = [*text_line(head, 70, 30), *paragraph(INTRO, 100), *paragraph(INTRO, 160),
          *paragraph(INTRO, 700 - 8 * LEADING)]
    first = run([("•", 0), ("KSL", 1.0), ("ska", SPACE_EM), ("lämna", SPACE_EM)], 70, 700)
    indent = first[1].x0
    p1 += [*first, *text_line("remissvar till regeringen", indent, 700 + LEADING), *text_line("1", 520, 810)]
    p2 = [*text_line(head, 70, 30, page=2),
          *text_line("och även till riksdagen.", indent, 73, page=2),
          *paragraph(["Nästa stycke börjar med en versal."], 73 + 2 * LEADING, page=2),
          *paragraph(INTRO, 200, page=2), *text_line("2", 70, 810, page=2)]
    p3 = [*text_line(head, 70, 30, page=3), *paragraph(INTRO, 100, page=3), *text_line("3", 520, 810, page=3)]
    blocks = read_blocks(body_of(p1, p2, p3))
    items = [b for b in blocks if b.kind == "item"]
    assert [(b.text, b.page, b.page_end) for b in items] == [
        ("KSL ska lämna remissvar till regeringen och även till riksdagen.", 1, 2)]
    after = blocks[blocks.index(items[0]) + 1]
    assert (after.kind, after.text, after.page) == ("paragraph", "Nästa stycke börjar med en versal.", 2)
    assert not any("Verksamhetsplan" in b.text or b.text in ("1", "2", "3") for b in blocks)


def test_an_item_continues_into_the_next_column():
    left_lines = ["Förbundet arbetar med", "kommunerna i länet och", "samordnar deras arbete", "inom flera områden."]
    words = [*paragraph(left_lines, 100), *paragraph(left_lines, 100 + 5 * LEADING)]
    first = run([("•", 0), ("KSL", 1.0), ("ska", SPACE_EM), ("lämna", SPACE_EM)], 70, 100 + 10 * LEADING)
    indent = first[1].x0 - 70
    words += [*first, *text_line("remissvar till", 70 + indent, 100 + 11 * LEADING)]
    right = 290.0
    words += [*text_line("regeringen om budgeten.", right + indent, 100),
              *paragraph(left_lines, 100 + 2 * LEADING, x=right), *paragraph(left_lines, 100 + 7 * LEADING, x=right)]
    blocks = read_blocks(body_of(words))
    assert kinds(blocks) == [
        ("paragraph", " ".join(left_lines)), ("paragraph", " ".join(left_lines)),
        ("item", "KSL ska lämna remissvar till regeringen om budgeten."),
        ("paragraph", " ".join(left_lines)), ("paragraph", " ".join(left_lines)),
    ]
    assert [line.line.page for line in blocks[2].lines] == [1, 1, 1]
    assert [round(line.left) for line in blocks[2].lines] == [70, 70, 290]


def test_a_paragraph_goes_on_over_a_page_break_only_mid_sentence():
    p1 = [*paragraph(INTRO, 100), *paragraph(["Styrelsen beslutar om", "budgeten för"], 700)]
    p2 = [*paragraph(["kommande år. Detta gäller också planen."], 73, page=2),
          *paragraph(["Ett nytt stycke. Det slutar på sidan."], 700, page=2)]
    p3 = [*paragraph(["Sedan börjar nästa. Och så vidare."], 73, page=3)]
    blocks = read_blocks(body_of(p1, p2, p3))
    assert kinds(blocks)[1:] == [
        ("paragraph", "Styrelsen beslutar om budgeten för kommande år. Detta gäller också planen."),
        ("paragraph", "Ett nytt stycke. Det slutar på sidan."),
        ("paragraph", "Sedan börjar nästa. Och så vidare."),
    ]
    assert [(b.page, b.page_end) for b in blocks[1:]] == [(1, 2), (2, 2), (3, 3)]


# --------------------------------------------------------------------------- paragraphs
def test_an_emphasised_phrase_wrapped_onto_its_own_line_stays_in_its_paragraph():
    words = [*paragraph([INTRO[0], "inom flera områden under året, särskilt med"], 100),
             *text_line("Kommunförbundet Stockholms Län", 70, 100 + 2 * LEADING, weight=700),
             *paragraph(["och dess medlemmar i regionen som helhet."], 100 + 3 * LEADING),
             *paragraph(INTRO, 100 + 5 * LEADING)]
    assert kinds(read_blocks(body_of(words))) == [
        ("paragraph", f"{INTRO[0]} inom flera områden under året, särskilt med Kommunförbundet Stockholms Län "
                      "och dess medlemmar i regionen som helhet."),
        ("paragraph", " ".join(INTRO)),
    ]


def test_paragraphs_are_split_by_white_space_and_hyphens_undone_with_the_documents_words():
    words = [*paragraph(["Kompetensförsörjning är viktig för kommunerna och", "deras arbete med kompetens-"], 100),
             *paragraph(["försörjning ska stärkas under året. EU-frågor och hälso- och sjukvård."],
                        100 + 2 * LEADING),
             *paragraph(["Ett andra stycke efter ett större mellanrum."], 100 + 5 * LEADING)]
    assert kinds(read_blocks(body_of(words))) == [
        ("paragraph", "Kompetensförsörjning är viktig för kommunerna och deras arbete med kompetensförsörjning "
                      "ska stärkas under året. EU-frågor och hälso- och sjukvård."),
        ("paragraph", "Ett andra stycke efter ett större mellanrum."),
    ]


def test_a_short_line_that_ends_a_sentence_ends_its_paragraph_without_space_below():
    """Set solid (no space between paragraphs), a paragraph ends where its last line leaves
    room for the next line's first word: a wrapped line would have taken it."""
    words = [*paragraph([INTRO[0], "inom flera områden.", "Styrelsen följer upp arbetet varje kvartal."], 100)]
    assert kinds(read_blocks(body_of(words))) == [
        ("paragraph", f"{INTRO[0]} inom flera områden."),
        ("paragraph", "Styrelsen följer upp arbetet varje kvartal."),
    ]


# --------------------------------------------------------------------------- headings
HEADING_STYLES = {
    # emphasis the backend read from the font's descriptor, whatever the font is called
    "bold by weight, font TT1Ct00": dict(font="TT1Ct00", weight=700),
    "italic by slant, font TT2": dict(font="TT2", oblique=True),
    "larger": dict(size=13),
    "coloured": dict(color="#1f5fa8"),
    "named bold, weight not told": dict(font="Helvetica-Bold"),
}
BODY_STYLES = {
    "named bold but weight 400": dict(font="Helvetica-Bold", weight=400),
    "named oblique but upright": dict(font="Helvetica-Oblique", oblique=False),
    "grey": dict(color="#555555"),
    "smaller and bold": dict(size=8, weight=700),
}


def _with_line(style: dict, body_style: dict | None = None) -> list[tuple[str, str]]:
    base = body_style or dict(font="TT0", weight=400, oblique=False)
    size = style.get("size", SIZE)
    words = [*paragraph(INTRO, 100, **base), *text_line("Regional utveckling", 70, 100 + 4 * LEADING, **style),
             *paragraph(INTRO, 100 + 4 * LEADING + size + 0.5 * LEADING, **base)]
    return [kind for kind, _ in kinds(read_blocks(body_of(words)))]


@pytest.mark.parametrize("style", HEADING_STYLES.values(), ids=list(HEADING_STYLES))
def test_a_line_set_apart_from_the_body_is_a_heading(style):
    assert _with_line(style) == ["paragraph", "heading", "paragraph"]


@pytest.mark.parametrize("style", BODY_STYLES.values(), ids=list(BODY_STYLES))
def test_a_line_not_set_apart_from_the_body_is_no_heading(style):
    assert _with_line(style) == ["paragraph", "paragraph", "paragraph"]


def test_emphasis_is_relative_to_the_body():
    """In a document set in bold, bold is the body; black (900) over it is a heading."""
    bold = dict(weight=700)
    assert _with_line(dict(weight=700), bold) == ["paragraph", "paragraph", "paragraph"]
    assert _with_line(dict(weight=900), bold) == ["paragraph", "heading", "paragraph"]


def test_a_wrapped_heading_is_one_heading_and_levels_rank_by_size_then_weight():
    words = [*text_line("Verksamhetsplan och budget", 70, 60, size=20, weight=700),
             *text_line("för Storsthlm", 70, 60 + 22, size=20, weight=700),
             *text_line("Regional utveckling", 70, 120, size=14, weight=700),
             *paragraph(INTRO, 145),
             *text_line("Aktiviteter", 70, 145 + 4 * LEADING, weight=700),
             *paragraph(INTRO, 145 + 5.3 * LEADING)]
    blocks = read_blocks(body_of(words))
    assert kinds(blocks) == [("heading", "Verksamhetsplan och budget för Storsthlm"),
                             ("heading", "Regional utveckling"), ("paragraph", " ".join(INTRO)),
                             ("heading", "Aktiviteter"), ("paragraph", " ".join(INTRO))]
    levels = heading_levels(blocks)
    assert [levels[b.style] for b in blocks if b.kind == "heading"] == [1, 2, 3]


def test_words_set_aside_are_left_out():
    """The extractors pass the words of the tables they read: those lines are not text."""
    words = [*paragraph(INTRO, 100), *paragraph(["Intäkter 46 958"], 100 + 4 * LEADING),
             *paragraph(INTRO, 100 + 6 * LEADING)]
    body = body_of(words)
    table = {w for w in words if w.top == 100 + 4 * LEADING}
    assert kinds(read_blocks(body, table)) == [("paragraph", " ".join(INTRO))] * 2


def test_an_unpunctuated_paragraph_ends_where_its_column_had_room():
    """A goal without a full stop fills its last line but ends a column with room below;
    the next column starts a new paragraph (had the goal gone on, its column would be full)."""
    first = ["Förbundet arbetar med länets", "kommuner och samordnar deras", "arbete inom flera områden."]
    goal = ["Kommunerna ska bli en stark", "aktör i relation till andra"]
    right = ["KSL ska tillsammans med dem", "utveckla samverkan i länet"] + ["och följa upp arbetet varje"] * 5 \
        + ["kvartal under hela året."]
    words = [*paragraph(first, 100), *paragraph(goal, 100 + 4 * LEADING), *paragraph(right, 100, x=260.0)]
    blocks = read_blocks(body_of(words))
    assert [text for _, text in kinds(blocks)] == [" ".join(first), " ".join(goal), " ".join(right)]
