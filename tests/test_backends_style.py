"""Style, shades, box rules and text normalisation, the same from both backends.

Each PDF is tiny and built here (reportlab, or by hand where a font dictionary must say
something reportlab would not write); each test runs once per backend.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planextract.backends import BACKENDS, hex_color, normalize_text
from planextract.document import Page, Word

from .pdfs import make_font_pdf, make_styled_pdf

A4_HEIGHT = 841.8898
#: Codes 128-131 of the hand-written font: the ﬁ and ﬂ ligatures, a soft hyphen, a zero-width space.
LIGATURE_ENCODING = ("<< /Type /Encoding /BaseEncoding /WinAnsiEncoding "
                     "/Differences [128 /fi /fl /uni00AD /uni200B] >>")


@pytest.fixture(params=sorted(BACKENDS))
def read(request):
    """Read a PDF with one backend; its pages."""
    reader = BACKENDS[request.param]

    def read_pages(path: Path) -> list[Page]:
        return reader(path, None, None)[0]

    return read_pages


@pytest.fixture(scope="module")
def styled(tmp_path_factory) -> Path:
    return make_styled_pdf(tmp_path_factory.mktemp("style") / "styled.pdf")


def _word(page: Page, text: str) -> Word:
    [word] = [w for w in page.words if w.text == text]
    return word


def test_plain_text_has_no_style_of_its_own(read, styled):
    word = _word(read(styled)[0], "Vanlig")
    assert (word.weight, word.oblique, word.color, word.bold, word.italic) == (0, None, "#000000", False, False)


def test_fill_and_stroke_is_synthetic_bold(read, styled):
    page = read(styled)[0]
    for text in ("Syntetisk", "fetstil"):
        word = _word(page, text)
        assert word.fontname == "Helvetica" and word.weight == 700 and word.bold
    assert not _word(page, "Röd").bold  # the render mode ends with its saved state


def test_coloured_text_has_its_hex(read, styled):
    page = read(styled)[0]
    assert {_word(page, text).color for text in ("Röd", "rubrik")} == {"#cc3366"}
    assert _word(page, "Summa").color == "#000000"
    cover = read(styled)[1]
    assert {w.color for w in cover.words} == {"#ffffff"} and all(w.bold for w in cover.words)


def test_a_gray_row_is_one_shade_with_its_colour_and_box(read, styled):
    page = read(styled)[0]
    [shade] = page.shades  # the white row is no shade, the 1 pt bar is a rule
    assert shade.color == "#d9d9d9"
    assert (shade.x0, shade.top, shade.x1, shade.bottom) == pytest.approx(
        (72, A4_HEIGHT - 618, 472, A4_HEIGHT - 600), abs=0.01)


def test_a_coloured_cover_is_kept_as_a_shade(read, styled):
    [shade] = read(styled)[1].shades
    assert shade.color == "#0a5463"
    assert (shade.x0, shade.top, shade.x1, shade.bottom) == pytest.approx((0, 0, 595.2756, A4_HEIGHT), abs=0.01)


def test_a_stroked_cell_box_is_four_rules(read, styled):
    """Beside the 1 pt bar (a thin rectangle: one rule, as before)."""
    page = read(styled)[0]
    top, bottom = A4_HEIGHT - 520, A4_HEIGHT - 480
    bar = (72, A4_HEIGHT - 541, 472, A4_HEIGHT - 540)
    sides = [(72, top, 222, top), (72, bottom, 222, bottom), (72, top, 72, bottom), (222, top, 222, bottom)]
    found = sorted(tuple(round(v, 2) for v in (r.x0, r.top, r.x1, r.bottom)) for r in page.rules)
    assert found == sorted(tuple(round(v, 2) for v in box) for box in [bar, *sides])
    assert sum(r.horizontal for r in page.rules) == 3


@pytest.mark.parametrize(("descriptor", "weight", "bold"), [
    ("/FontWeight 700", 700, True),
    ("/Flags 262176", 700, True),  # ForceBold
    ("/StemV 140", 700, True),  # a name that says nothing: a thick stem is bold
    ("/FontWeight 400 /StemV 140", 400, False),  # FontWeight is the better evidence
    ("", 0, False),
])
def test_a_font_descriptor_says_bold_for_a_name_that_says_nothing(read, tmp_path, descriptor, weight, bold):
    path = make_font_pdf(tmp_path / "descriptor.pdf", ["Resultat 2021"], descriptor=descriptor)
    words = read(path)[0].words
    assert [w.text for w in words] == ["Resultat", "2021"]
    assert {(w.fontname, w.weight, w.bold, w.italic) for w in words} == {("TT1Ct00", weight, bold, False)}


@pytest.mark.parametrize(("basefont", "descriptor", "bold"), [
    ("NotoSans-Regular", "/StemV 140", False),  # a name that says regular outweighs a stem
    ("Carlito", "/StemV 140", False),  # so does a bare family name
    ("LiberationSans-Bold", "/StemV 80", True),  # a thin stem does not unsay "Bold"
    ("Calibri", "/FontWeight 700 /StemV 80", True),  # FontWeight speaks even for a named font
])
def test_a_named_font_is_taken_at_its_word_but_for_its_fontweight(read, tmp_path, basefont, descriptor, bold):
    path = make_font_pdf(tmp_path / "named.pdf", ["Resultat"], basefont=basefont, descriptor=descriptor)
    [word] = read(path)[0].words
    assert (word.fontname, word.bold) == (basefont, bold)


@pytest.mark.parametrize("descriptor", ["/ItalicAngle -12", "/Flags 96"])
def test_an_italic_angle_or_flag_is_italic(read, tmp_path, descriptor):
    path = make_font_pdf(tmp_path / "italic.pdf", ["Resultat 2021"], descriptor=descriptor)
    words = read(path)[0].words
    assert all(w.oblique is True and w.italic and not w.bold for w in words)
    upright = make_font_pdf(tmp_path / "upright.pdf", ["Resultat"], descriptor="/ItalicAngle 0")
    assert read(upright)[0].words[0].oblique is None


def test_ligatures_soft_hyphens_and_zero_width_spaces_are_normalised(read, tmp_path):
    """ﬁ and ﬂ as single glyphs (PDFium splits them into letters at one origin), U+00AD and
    U+200B inside words."""
    path = make_font_pdf(tmp_path / "ligatures.pdf", [r"\200nansiering verk\202samhet \201era sam\203arbete"],
                         subtype="Type1", encoding=LIGATURE_ENCODING, widths={128: 500, 129: 500, 130: 333, 131: 0})
    words = read(path)[0].words
    assert [w.text for w in words] == ["finansiering", "verksamhet", "flera", "samarbete"]
    # the ligature is as wide as its glyph: ﬁ 500, then n a n s i e r i n g in Helvetica's widths
    assert words[0].x1 == pytest.approx(72 + (500 + 556 + 556 + 556 + 500 + 222 + 556 + 333 + 222 + 556 + 556)
                                        * 12 / 1000, abs=0.01)


def test_both_backends_give_the_same_styles_and_shades(styled, tmp_path):
    fonts = make_font_pdf(tmp_path / "fonts.pdf", ["Resultat 2021"], descriptor="/FontWeight 700 /ItalicAngle -9")
    for path in (styled, fonts):
        plumber, pdfium = (BACKENDS[name](path, None, None)[0] for name in ("pdfplumber", "pdfium"))
        for theirs, mine in zip(plumber, pdfium, strict=True):
            assert [(w.text, w.weight, w.oblique, w.color) for w in mine.words] == \
                [(w.text, w.weight, w.oblique, w.color) for w in theirs.words]
            assert [s.color for s in mine.shades] == [s.color for s in theirs.shades]
            assert len(mine.rules) == len(theirs.rules)


@pytest.mark.parametrize(("text", "expected"), [
    ("ﬁnansiering", "finansiering"),
    ("eﬀektivare", "effektivare"),
    ("verk\u00adsamhet", "verksamhet"),
    ("sam\u200barbete\u2060", "samarbete"),
    ("\ufeff2021", "2021"),
    ("\u00ad", ""),
    ("Ｂｕｄｇｅｔ", "Budget"),
    ("Stockholm\u00b4s", "Stockholm\u00b4s"),  # NFKC would put a space in the word
    ("år", "år"),
])
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(("components", "space", "expected"), [
    ((0.0,), "DeviceGray", "#000000"),
    (0.85, None, "#d9d9d9"),
    ((0.8, 0.2, 0.4), "DeviceRGB", "#cc3366"),
    ((0.5, 0.5, 0.5), "ICCBased", "#808080"),  # half up, as PDFium rounds
    ((0.0, 0.0, 0.0, 1.0), "DeviceCMYK", "#000000"),
    ((1.0, 0.0, 0.0, 0.0), None, "#00ffff"),
    (("P1",), "Pattern", ""),
    ((0.5,), "Separation", ""),
    ((), None, ""),
])
def test_hex_color(components, space, expected):
    assert hex_color(components, space) == expected


@pytest.mark.parametrize(("fontname", "nothing"), [
    ("TT1Ct00", True), ("ABCDEF+TT1Ct00", True), ("F1", True), ("C2_0", True),
    ("Carlito", False), ("NotoSans-Regular", False), ("Arial,Bold", False), ("CIDFont+F1", True),
])
def test_says_nothing(fontname, nothing):
    from planextract.backends import says_nothing

    assert says_nothing(fontname) is nothing


def test_pdfium_weight_gives_back_the_stem_v():
    """FPDFFont_GetWeight is 5 × StemV below 140 and 4 × StemV + 140 from there: one-to-one."""
    from planextract.pdfium_backend import _stem_v

    assert [_stem_v(5 * v if v < 140 else 4 * v + 140) for v in range(400)] == list(range(400))
