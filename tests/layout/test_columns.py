"""Text columns and reading order (planextract.layout.columns), on hand-made pages.

A gutter is an x no word crosses over a run of lines with running text on both sides; each
page is searched on its own (mirrored margins move the columns), a page whose right column
holds only a line or two is checked near the other pages' gutter, and a table's header
cells and number columns are never text columns.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planextract.document import Word, group_lines
from planextract.layout.columns import find_gutter, find_gutters, page_gutters, reading_order

from .synth import LEADING_EM, SIZE, fill, text_line, word

LEADING = LEADING_EM * SIZE
#: Words of running text (a one-letter word is no evidence of text: "a", "i" also label lists).
letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=2, max_size=12)
WORDS = ("förbundet arbetar med kommunerna i länet och samordnar deras arbete inom flera områden under "
         "året som kommer").split()


def column(x0: float, top: float, width: float, count: int, *, page: int = 1, start: int = 0) -> list[Word]:
    """``count`` lines of running text, ragged right, in a column ``width`` wide."""
    words = []
    for i in range(count):
        texts = WORDS[(start + 3 * i) % 7:] + WORDS
        line_width = width * (0.75 if i % 3 == 2 else 1.0)
        words += fill(texts, x0, top + i * LEADING, line_width, page=page)
    return words


# --------------------------------------------------------------------------- properties
column_text = st.lists(st.lists(letters, min_size=1, max_size=10), min_size=3, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(left=column_text, right=column_text, column_width=st.floats(150, 260),
       gap=st.floats(1.2 * SIZE, 4 * SIZE), header=st.booleans())
def test_gutter_lies_in_the_channel_and_left_is_read_first(left, right, column_width, gap, header):
    """Ragged columns, each with at least one full line (as set text has), any channel >= 1.2 em,
    with or without a full-width heading above."""
    left, right = [*left, ["ord"] * 60], [["ord"] * 60, *right]
    x_left, top0 = 70.0, 100.0
    x_right = x_left + column_width + gap
    words = []
    if header:
        words += fill(["rubrik"] * 40, x_left, 60.0, 2 * column_width + gap)
    for i, texts in enumerate(left):
        words += fill(texts, x_left, top0 + i * LEADING, column_width)
    for i, texts in enumerate(right):
        words += fill(texts, x_right, top0 + i * LEADING + 3.0, column_width)
    lines = group_lines(words)
    gutter = find_gutter(lines)
    left_end = max(w.x1 for w in words if w.x0 < x_right - 1 and w.top >= top0)
    assert gutter is not None and left_end <= gutter <= x_right
    order = reading_order(lines, [gutter])
    columns = [p.column for p in order if p.top >= top0]
    assert columns == sorted(columns)  # every left-column line before every right-column line
    assert [p.left for p in order if p.top >= top0] == [x_left] * len(left) + [x_right] * len(right)
    assert sum(len(p.words) for p in order) == len(words)
    if header:
        assert order[0].top == 60.0 and order[0].column == 0


@settings(max_examples=40, deadline=None)
@given(text=st.lists(st.lists(letters, min_size=8, max_size=30), min_size=3, max_size=30),
       width=st.floats(300, 460))
def test_running_text_in_one_column_has_no_gutter(text, width):
    words = [w for i, texts in enumerate(text) for w in fill(texts, 70.0, 100 + i * LEADING, width)]
    lines = group_lines(words)
    assert find_gutter(lines) is None
    assert find_gutters(lines) == []
    assert [p.line for p in reading_order(lines)] == lines


# --------------------------------------------------------------------------- columns
def test_two_columns_are_read_left_then_right():
    words = column(70, 100, 200, 12) + column(300, 100, 200, 12, start=1)
    lines = group_lines(words)
    gutters = find_gutters(lines)
    assert len(gutters) == 1 and 270 < gutters[0] < 300
    order = reading_order(lines)
    assert [p.column for p in order] == [0] * 12 + [1] * 12
    assert [p.left for p in order] == [70.0] * 12 + [300.0] * 12
    assert [p.top for p in order] == [100 + i * LEADING for i in range(12)] * 2


def test_three_columns_get_two_gutters():
    words = column(50, 100, 150, 14) + column(220, 100, 150, 14, start=1) + column(390, 100, 150, 14, start=2)
    lines = group_lines(words)
    gutters = find_gutters(lines)
    assert len(gutters) == 2
    assert 200 < gutters[0] < 220 and 370 < gutters[1] < 390
    order = reading_order(lines)
    assert [p.column for p in order] == [0] * 14 + [1] * 14 + [2] * 14
    assert [p.left for p in order] == [50.0] * 14 + [220.0] * 14 + [390.0] * 14


def two_columns_title_and_table(rows: int) -> list[Word]:
    title = text_line("Regional utveckling i länet under året som kommer", 70, 70, size=14)
    body = column(70, 100, 200, 8) + column(300, 100, 200, 8, start=1)
    table = [w for k in range(rows) for w in (*text_line(f"Kommun {k}", 70, 220 + k * LEADING),
                                               word("12", 420, 220 + k * LEADING), word("345", 435, 220 + k * LEADING))]
    return title + body + table


def test_a_full_width_title_and_a_table_below_are_read_where_they_stand():
    """Columns apply over the run of lines they separate: a title above and a wide table row
    below them are read whole, in place."""
    order = reading_order(group_lines(two_columns_title_and_table(2)))
    assert order[0].text == "Regional utveckling i länet under året som kommer"
    assert [p.column for p in order[1:17]] == [0] * 8 + [1] * 8
    assert [p.text for p in order[17:]] == ["Kommun 0 12 345", "Kommun 1 12 345"]


def test_two_columns_above_a_longer_table_are_still_columns():
    order = reading_order(group_lines(two_columns_title_and_table(5)))
    assert [p.column for p in order[1:17]] == [0] * 8 + [1] * 8
    assert [p.text for p in order[17:]] == [f"Kommun {k} 12 345" for k in range(5)]


def test_mirrored_margins_move_the_gutter_page_by_page():
    """Odd pages have the wide margin on the left, even pages on the right."""
    odd = column(90, 100, 200, 12) + column(320, 100, 200, 12, start=1)
    even = column(50, 100, 200, 12, page=2) + column(280, 100, 200, 12, page=2, start=1)
    gutters = page_gutters([group_lines(odd), group_lines(even)])
    assert len(gutters[0]) == 1 and 290 < gutters[0][0] < 320
    assert len(gutters[1]) == 1 and 250 < gutters[1][0] < 280
    for lines, found, right in ((group_lines(odd), gutters[0], 320.0), (group_lines(even), gutters[1], 280.0)):
        order = reading_order(lines, found)
        assert [p.column for p in order] == [0] * 12 + [1] * 12
        assert order[12].left == right


def test_a_short_right_column_is_found_near_the_other_pages_gutter():
    """The last page of a list, an even page with mirrored margins (its columns 20 pt left of
    the odd pages'): the right column holds two lines. On its own the page shows no gutter;
    near the gutter of the pages before it, it does."""
    full = [group_lines(column(70, 100, 200, 12, page=p) + column(300, 100, 200, 12, page=p, start=1))
            for p in (1, 3)]
    short = group_lines(column(50, 100, 200, 10, page=2) + column(280, 100, 200, 2, page=2, start=1))
    assert find_gutter(short) is None
    gutters = page_gutters([full[0], short, full[1]])
    assert len(gutters[1]) == 1 and 250 < gutters[1][0] < 280
    order = reading_order(short, gutters[1])
    assert [p.column for p in order] == [0] * 10 + [1] * 2
    assert [p.top for p in order[10:]] == [100.0, 100 + LEADING]
    assert [p.left for p in order] == [50.0] * 10 + [280.0] * 2


# --------------------------------------------------------------------------- not columns
def test_a_table_of_numbers_is_not_a_text_column():
    words = []
    for i in range(20):
        top = 100 + i * LEADING
        words += fill(["kommun", "namn"], 70, top, 200)
        words += [word("12", 330, top), word("345", 342, top), word("678", 400, top), word("901", 418, top)]
    assert find_gutter(group_lines(words)) is None


def test_a_tables_centred_header_cells_are_not_columns():
    """Header cells centred over number columns, then rows of a label and numbers: the
    channel left of the numbers is no gutter, and nothing is reordered."""
    words = []
    headers = [("Antal", "invånare"), ("Skatte-", "intäkter"), ("Avgift", "2021")]
    for k, (first, second) in enumerate(headers):
        centre = 300 + 90 * k
        for j, text in enumerate((first, second)):
            words.append(word(text, centre - 2.5 * len(text), 80 + j * LEADING, weight=700))
    for i, name in enumerate(["Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö",
                              "Nacka", "Norrtälje", "Nykvarn"]):
        top = 120 + i * LEADING
        words.append(word(name, 70, top))
        for k in range(3):
            words += [word("94", 300 + 90 * k - 17.5, top), word("606", 300 + 90 * k - 7.5, top)]
    lines = group_lines(words)
    assert find_gutter(lines) is None
    assert [p.line for p in reading_order(lines)] == lines


def test_a_tables_centred_text_cells_are_not_columns():
    """A table whose columns hold words, each cell centred under a centred header: text on
    both sides of a channel, but the cells right of it start each at its own x, as no column
    of running text does (its lines start at its left edge)."""
    words = []
    for k, (first, second) in enumerate([("Ansvarig", "beredning"), ("Samverkans-", "partner i länet")]):
        centre = 330 + 150 * k
        for j, text in enumerate((first, second)):
            words += text_line(text, centre - 2.5 * len(text), 80 + j * LEADING, weight=700)
    cells = [("Styrelsen", "Region Stockholm"), ("Utbildningsberedningen", "Länsstyrelsen"),
             ("Kansliet", "Kommunerna"), ("Vård- och omsorgsberedningen", "Regionen och kommunerna"),
             ("Presidiegruppen", "Arbetsförmedlingen"), ("Samhällsbyggnadsberedningen", "Trafikverket"),
             ("Förbundsmötet", "SKL")]
    for i, row in enumerate(cells):
        top = 120 + i * LEADING
        words += text_line(f"Aktivitet nummer {'ett två tre fyra fem sex sju'.split()[i]}", 70, top)
        for k, text in enumerate(row):
            words += text_line(text, 330 + 150 * k - 2.5 * len(text), top)
    lines = group_lines(words)
    assert find_gutter(lines) is None
    assert [p.line for p in reading_order(lines)] == lines


def test_a_label_column_beside_a_column_of_words_is_not_a_text_column():
    """A two-column list of short names (a table's label column and a column of unit words)
    is not running text in two columns: the right side's lines are too narrow."""
    words = []
    for i in range(12):
        top = 100 + i * LEADING
        words += text_line("Regional utveckling och stöd", 70, top)
        words.append(word("tkr", 400, top))
    lines = group_lines(words)
    assert find_gutter(lines) is None


def test_word_spaces_lining_up_are_no_gutter():
    """Monospaced-looking running text whose word spaces happen to line up over a few lines."""
    words = []
    for i in range(8):
        top = 100 + i * LEADING
        words += [word("abcdefghij", 70, top), word("klmnopqrstuvwxyzåäöabcdefghij", 70 + 50 + 2.8, top)]
    lines = group_lines(words)
    assert find_gutter(lines) is None
    assert [(p.line, p.column) for p in reading_order(lines)] == [(line, 0) for line in lines]


def test_letter_bullets_hung_far_left_of_their_items_are_no_column():
    """Items marked "o" with a deep hanging indent: the bullets line up in a channel of their
    own, but a column of lone letters is no column of text; the page has one gutter."""
    left = column(70, 100, 200, 14)
    right = [w for k in range(7) for w in (word("o", 300, 100 + 2 * k * LEADING),
                                             *text_line("Utveckla och driva", 335, 100 + 2 * k * LEADING),
                                             *text_line("samarbeten i länet", 335, 100 + (2 * k + 1) * LEADING))]
    lines = group_lines(left + right)
    assert len(find_gutters(lines)) == 1
    order = reading_order(lines)
    assert [p.column for p in order] == [0] * 14 + [1] * 14
    assert order[14].text == "o Utveckla och driva"
