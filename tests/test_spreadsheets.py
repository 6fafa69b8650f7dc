"""Spreadsheets as people open and print them: the CSV formula guard leaves ordinary text
alone, and every XLSX prints on A4 one page wide with its header on every page and rows
as tall as their wrapped text (read back with openpyxl; rendered with LibreOffice by hand,
see the report of issue 19)."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from consult.core.spreadsheets import (
    LINE_HEIGHT,
    add_summary_sheet,
    add_table_sheet,
    empty_workbook,
    neutralised,
    runs_as_formula,
    to_xlsx,
    wrapped_lines,
    xlsx_bytes,
)
from consult.core.text import export_text

# Formulas Excel or LibreOffice would run (OWASP's and James Kettle's payloads among them).
FORMULAS = [
    "=1+1", "=SUM(A1:A3)", '=HYPERLINK("http://evil.example","kliknij")', "@SUM(1+1)",
    "@cmd", "+SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "-2+3", "+A1",
    "-$B$2*3", '-HIPERŁĄCZE("http://evil.example")', "+Arkusz!A1", "-(1)", "\t=1+1",
    "\r=1+1", "\n=1+1", "- 5",
]
# Text people write that only starts like a formula.
TEXT = [
    "- w § 3", "-- komentarz", "+ dodać zdanie", "- zmiana (patrz § 3)", "-", "+",
    "+48 600 100 200", "+48 (22) 123 45 67", "-abc", "Anna", "(22) 123", "", "'=SUM(1)",
    " =1+1", "– w § 3 (półpauza)",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_are_guarded_with_an_apostrophe(text):
    assert runs_as_formula(text)
    assert neutralised(text) == "'" + text.replace("\r", "\n")


@pytest.mark.parametrize("text", TEXT)
def test_ordinary_text_is_left_as_it_is(text):
    assert not runs_as_formula(text)
    assert neutralised(text) == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_only_text_starting_like_a_formula_is_ever_changed(text):
    exported = export_text(text)
    guarded = neutralised(text)
    assert guarded in (exported, "'" + exported)
    assert guarded == exported or exported[0] in "=@+-\t\n"


@given(st.text(alphabet="=@+-\t \"'()|!$§ąłAbc123;:*/", max_size=30))
def test_a_guarded_value_never_runs_and_the_guard_is_not_doubled(text):
    guarded = neutralised(text)
    assert not runs_as_formula(guarded)
    assert neutralised(guarded) == guarded


# --------------------------------------------------------------------------- XLSX

LONG = ("Proponujemy doprecyzować zapis dotyczący trybu ogłaszania otwartych konkursów ofert, "
        "tak aby organizacje miały co najmniej 30 dni na przygotowanie oferty.")


def test_wrapped_lines_count_words_and_line_breaks():
    assert wrapped_lines("krótko", 20) == 1
    assert wrapped_lines("", 20) == 1
    assert wrapped_lines("a\nb\nc", 20) == 3
    assert wrapped_lines(LONG, 20) >= len(LONG) // 21
    assert wrapped_lines("x" * 100, 20) >= 5  # one long word still wraps


def read(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_a_table_prints_one_page_wide_with_its_header_on_every_page(app):
    header = ["Lp.", "Treść uwagi", "Stanowisko"]
    rows = [[n, LONG * (n % 3), "częściowo uwzględniona"] for n in range(1, 31)]
    with app.test_request_context():
        sheet = read(to_xlsx(header, rows, "Tabela uwag")).active
    assert sheet.title == "Tabela uwag"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold and cell.font.name for cell in sheet[1])
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] < 10 and widths[1] <= 45 and widths[2] >= len("uwzględniona") + 2
    for row in sheet.iter_rows(min_row=2):
        number, text, _decision = row
        assert text.alignment.wrap_text and text.alignment.vertical == "top"
        lines = wrapped_lines(text.value, widths[1])
        height = sheet.row_dimensions[number.row].height
        if lines > 1:  # taller rows are set: neither Excel nor LibreOffice grow them
            assert height == lines * LINE_HEIGHT
        assert (height or LINE_HEIGHT) / LINE_HEIGHT >= len(text.value or "") / widths[1] / 1.1


def test_the_summary_prints_labels_beside_their_values_on_one_page(app):
    items = [("Podstawa prawna", "Uchwała nr XII/85/2011 Rady Miejskiej w Płońsku " * 3),
             ("Liczba uwag", "19"), ("Stanowiska wobec uwag", "uwzględniona: 5\nnie dotyczy: 5")]
    workbook = empty_workbook()
    add_table_sheet(workbook, "Tabela uwag", ["Lp."], [[1]])
    add_summary_sheet(workbook, "Sprawozdanie", "Sprawozdanie z konsultacji: " + LONG,
                      ["Podgląd"], items)
    with app.test_request_context():
        summary = read(xlsx_bytes(workbook, "Sprawozdanie")).worksheets[1]
    assert summary.page_setup.orientation == "portrait"
    assert summary.sheet_properties.pageSetUpPr.fitToPage
    assert summary.page_setup.fitToWidth == 1
    assert summary.print_area == "'Sprawozdanie'!$A$1:$B$6"
    labels = {row[0].value: row[1] for row in summary.iter_rows(min_row=4)}
    assert labels["Liczba uwag"].value == "19"
    legal, decisions = labels["Podstawa prawna"], labels["Stanowiska wobec uwag"]
    assert legal.alignment.wrap_text
    assert summary.row_dimensions[legal.row].height >= 2 * LINE_HEIGHT
    assert summary.row_dimensions[decisions.row].height == 2 * LINE_HEIGHT
    assert summary.row_dimensions[1].height > 20  # the long title wraps in merged A1:B1
    assert "A1:B1" in summary.merged_cells
    total = sum(summary.column_dimensions[letter].width for letter in "AB")
    assert total <= 90  # a portrait A4 page holds it at full size
