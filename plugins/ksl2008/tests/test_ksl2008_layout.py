"""The KSL era's structure rules on hand-made blocks: list headings, heading roles from the
table of contents (or, without one, from heading styles), and the heading path of each goal
and activity.

Reading the page (furniture, bullets, blocks over a page break, heading styles) is the core's
job and is tested in tests/layout/; these are the rules only the KSL plans follow.
"""

from __future__ import annotations

import pytest

from planextract.document import Line, Word
from planextract.layout import Block, Placed, Style, TocEntry
from planextract_ksl2008.activities import SEPARATOR, heading_roles, list_kind, read_activities

BODY = Style(11.0, 400, False, "#000000")
PART = Style(16.0, 700, False, "#000000")
SECTION = Style(14.0, 700, False, "#000000")
SUBSECTION = Style(12.0, 700, False, "#000000")
LIST = Style(11.0, 400, True, "#000000")
TITLE = Style(24.0, 700, False, "#000000")


def block(kind: str, text: str, style: Style = BODY, page: int = 1, top: float = 100.0) -> Block:
    word = Word(text.split()[0], 70.0, top, 120.0, top + style.size, "TT0", style.size, page)
    return Block(kind, (Placed(Line((word,)), 0, 70.0, 500.0),), text, style)


def heading(text: str, style: Style) -> Block:
    return block("heading", text, style)


def entry(text: str, level: int) -> TocEntry:
    return TocEntry(text, "4", level, level == 1, ())


# --------------------------------------------------------------------------- list headings
@pytest.mark.parametrize(("text", "kind"), [
    ("Övergripande mål", "goal"),
    ("Inriktningsmål", "goal"),
    ("INRIKTNINGSMÅL", "goal"),
    ("Vad ska uppnås under 2008", "activity"),
    ("Vad ska  uppnås\nunder 2009", "activity"),  # wrapped, spaced apart
    ("Övergripande mål och inriktning", None),  # a heading that only starts like one
    ("Vad ska uppnås", None),
    ("Inriktningsmålet", None),
    ("Kommunalekonomi", None),
])
def test_list_kind(text, kind):
    assert list_kind(text) == kind


# --------------------------------------------------------------------------- heading roles
TOC = [
    entry("Inledning", 1), entry("Vision", 2), entry("Finansiering", 2),
    entry("Styrelsen", 1), entry("Kommunalekonomi", 2), entry("Tillväxt och sysselsättning", 2),
    entry("EU-frågor", 2),
    entry("Utbildningsberedningen", 1), entry("Övergripande insatser", 2),
]


def test_headings_take_their_role_from_the_contents():
    headings = [
        heading("Verksamhetsplan för Kommunförbundet Stockholms Län 2008", TITLE),
        heading("Övergripande mål", LIST),  # a list heading before the first contents entry: front matter
        heading("Inledning", SECTION),  # set smaller than a section elsewhere: the contents decides
        heading("KSLs vision", SUBSECTION),  # contains the entry "Vision"
        heading("Finansiering", SECTION),
        heading("Serviceavgifter", SUBSECTION),
        heading("Styrelsen", PART),
        heading("Inriktningsmål", LIST),
        heading("Kommunalekonomi", PART),
        heading("Utjämningsystemen", SUBSECTION),
        heading("Övergripande mål", LIST),
        heading("Vad ska uppnås under 2008", LIST),
        heading("EU -frågor", SECTION),  # skips the missing "Tillväxt och sysselsättning", a typo apart
        heading("Utbildningsberedningen", PART),
    ]
    blocks = [headings[0], block("paragraph", "Starka kommuner samverkar."), *headings[1:]]
    assert heading_roles(blocks, TOC) == [
        "front", "front", "part", "section", "section", "subsection", "part", "list", "section",
        "subsection", "list", "list", "section", "part",
    ]


def test_a_heading_matching_an_entry_too_far_ahead_is_a_subsection():
    """Only the next three contents entries are looked at: a subsection that happens to
    repeat a later section's name does not jump the reading ahead."""
    headings = [heading("Inledning", PART), heading("Utbildningsberedningen", SECTION),
                heading("Vision", SECTION)]
    assert heading_roles(headings, TOC) == ["part", "subsection", "section"]


def test_without_contents_the_heading_styles_rank_parts_and_sections():
    headings = [
        heading("Verksamhetsplan 2008", TITLE),
        heading("Styrelsen", PART),
        heading("Inriktningsmål", LIST),
        heading("Kommunalekonomi", SECTION),
        heading("Utjämningsystemen", SUBSECTION),
        heading("Vad ska uppnås under 2008", LIST),
        heading("Utbildningsberedningen", PART),
    ]
    assert heading_roles(headings, []) == ["front", "part", "list", "section", "subsection", "list", "part"]


# --------------------------------------------------------------------------- heading paths
def test_goals_and_activities_sit_under_their_heading_path():
    blocks = [
        heading("Styrelsen", PART),
        heading("Inriktningsmål", LIST),
        block("paragraph", "Att stärka regionens konkurrenskraft."),
        heading("Kommunalekonomi", SECTION),
        block("paragraph", "Inledande text som inte är ett mål."),
        heading("Utjämningsystemen", SUBSECTION),
        heading("Fastighetsavgifter", SUBSECTION),
        heading("Övergripande mål", LIST),  # after two subsections: the section's own lists
        block("item", "Ett rättvist utjämningssystem."),
        heading("Vad ska uppnås under 2008", LIST),
        block("paragraph", "Text i en aktivitetslista är ingen aktivitet."),
        block("item", "Bevaka utjämningen."),
        block("item", "Samordna remissvar."),
        heading("Tillväxt och sysselsättning", SECTION),
        heading("Sysselsättning", SUBSECTION),
        heading("Vad ska uppnås under 2008", LIST),  # right after one subsection: its list
        block("item", "Minska arbetslösheten.", page=3, top=250.0),
    ]
    roles = ["part", "list", "section", "subsection", "subsection", "list", "list", "section", "subsection", "list"]
    frame = read_activities(blocks, roles, 2008)
    board, economy = "Styrelsen", SEPARATOR.join(["Styrelsen", "Kommunalekonomi"])
    assert frame[["heading_path", "list_heading", "kind", "item", "text"]].values.tolist() == [
        [board, "Inriktningsmål", "goal", 1, "Att stärka regionens konkurrenskraft."],
        [economy, "Övergripande mål", "goal", 1, "Ett rättvist utjämningssystem."],
        [economy, "Vad ska uppnås under 2008", "activity", 1, "Bevaka utjämningen."],
        [economy, "Vad ska uppnås under 2008", "activity", 2, "Samordna remissvar."],
        [SEPARATOR.join(["Styrelsen", "Tillväxt och sysselsättning", "Sysselsättning"]),
         "Vad ska uppnås under 2008", "activity", 1, "Minska arbetslösheten."],
    ]
    assert set(frame["document_year"]) == {2008}
    assert frame[["page", "top"]].values.tolist()[-1] == [3, 250.0]


def test_a_list_outside_any_list_heading_is_not_read():
    blocks = [heading("Styrelsen", PART), block("item", "En punkt i löptext."),
              heading("Vad ska uppnås under 2008", LIST), block("item", "Bevaka."),
              heading("Utjämningsystemen", SUBSECTION), block("item", "Efter listan.")]
    frame = read_activities(blocks, ["part", "list", "subsection"], 2008)
    assert frame["text"].tolist() == ["Bevaka."]
