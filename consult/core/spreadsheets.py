"""Tables as files people open in a spreadsheet: CSV that Excel reads correctly, XLSX laid
out for the screen and for paper, and the guards shared by every export: against
CSV/formula injection, and against characters an XLSX cannot hold
(``consult.core.text.export_text``)."""

import csv
import io
import math
import re

from flask_babel import get_locale
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from consult.core.text import export_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --------------------------------------------------------------------------- the formula guard

_ALWAYS_FORMULA = "=@\t\r\n"
_PHONE = re.compile(r"\+[\d\s()/.-]*")
_QUOTED = re.compile(r"\"[^\"]*\"?|'[^']*'?")
_CALL = re.compile(r"[^\W\d][\w.]*\(")
_LINK = re.compile(r"\||!\$?[^\W\d]")
_ARITHMETIC = re.compile(
    r"[\s+-]*(?:\d|\.\d|\(|\$?[A-Za-z]{1,3}\$?\d)[\w\s.,;:$%&*/^+=<>()!\"'-]*"
)


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet opening a CSV could evaluate ``text`` as a formula.

    Always: text starting with "=" (Excel and LibreOffice), "@" (Excel's Lotus-style
    prefix, "@SUM(1+1)"), or a tab or line break (OWASP's list; Excel strips them and reads
    what follows). Text starting with "+" or "-" only when what follows is a formula
    Excel's parser accepts and that can do something: a function call ("+SUM(",
    "-HIPERŁĄCZE(" in Polish Excel), a DDE or sheet link ("cmd|' /C calc'!A0", "X!A1"),
    or arithmetic on numbers, brackets or cell references written only with formula
    characters ("-2+3", "+A1"). Ordinary text that happens to start with a dash or a plus
    ("- w § 3", "-- komentarz", "+ dodać zdanie") stays as it is: at worst Excel shows
    #NAME? for a bare word, which no prefix could avoid without showing the prefix to
    LibreOffice users. A phone number ("+48 600 100 200") is not guarded either.

    Evidence (checked by converting a CSV of these cells with LibreOffice 7.4, the program
    of the finding, with and without "Evaluate formulas"): LibreOffice runs only cells
    starting with "=" and shows a guarding apostrophe as part of the text, so every
    apostrophe we add is visible there; Excel runs "+", "-" and "@" cells too (the
    OWASP CSV Injection page and James Kettle's "Comma Separated Vulnerabilities" payloads
    are Excel's), hence the parser-shaped rule above rather than the bare first character.
    """
    if not text:
        return False
    if text[0] in _ALWAYS_FORMULA:
        return True
    if text[0] not in "+-" or _PHONE.fullmatch(text):
        return False
    rest = _QUOTED.sub('""', text[1:])
    return bool(_CALL.search(rest) or _LINK.search(rest) or _ARITHMETIC.fullmatch(rest))


def neutralised(value) -> str:
    """The value as text any file can hold, with a leading apostrophe when a spreadsheet
    would run it (see ``runs_as_formula``)."""
    text = export_text(value)
    return "'" + text if runs_as_formula(text) else text


# --------------------------------------------------------------------------- CSV


def csv_cell(value) -> str:
    """A value as a CSV cell: a date as "YYYY-MM-DD HH:MM", anything else neutralised."""
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else neutralised(value)


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte order mark and ';' between fields: what Excel set to Polish opens
    correctly with a double click (without the mark it reads the file as Windows-1250)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([export_text(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- XLSX

# Column widths are in characters of the default font (11 pt Calibri); longer text wraps.
# Excel and LibreOffice do not grow a row for wrapped text written by a program (Excel
# fits rows only when a cell is edited; LibreOffice 7.4 kept openpyxl's rows one line
# high), so every row gets the height of its wrapped lines.
MAX_WIDTH = 45
LINE_HEIGHT = 15.0  # points: one line of 11 pt Calibri, Excel's default row height
MAX_ROW_HEIGHT = 409.0  # points: the most Excel allows; a longer text is cut on screen
FONT = "Calibri"  # named, or LibreOffice shows a bold cell in its default serif font
DATE_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
WRAPPED = Alignment(wrap_text=True, vertical="top")


def sheet_value(value):
    """A value for an XLSX cell: text without what XML forbids (openpyxl refuses it),
    numbers and dates as they are."""
    return export_text(value) if isinstance(value, str) else value


def sheet_row(values) -> list:
    return [sheet_value(value) for value in values]


def sheet_title(text: str) -> str:
    """A worksheet's name: at most 31 characters, none of those Excel refuses there."""
    return re.sub(r"[\[\]:*?/\\]", " ", export_text(text))[:31] or "1"


def _shown(value) -> str:
    if hasattr(value, "year"):
        return "0000-00-00 00:00"
    return "" if value is None else str(value)


def wrapped_lines(value, width: float, bold: bool = False) -> int:
    """How many lines the value takes in a column ``width`` characters wide, words kept
    whole. The width counts digits of the default font; a line of prose holds about a
    tenth more letters (fewer than rendered with Calibri and with the wider DejaVu Sans
    LibreOffice falls back to: a cut-off line is worse than a spare one)."""
    per_line = max(int(width * (1.0 if bold else 1.1)) - 1, 1)
    lines = 0
    for paragraph in _shown(value).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            lines += max(math.ceil(size / per_line) - 1, 0)
    return lines


def fitted_widths(header: list[str], rows: list[list], cap: int = MAX_WIDTH) -> list[int]:
    """Each column as wide as its longest line (at most ``cap``), as its header up to 20
    characters and as the header's longest word, so that a header wraps between words."""
    widths = []
    for index, title in enumerate(header):
        longest = max((len(line) for row in rows for line in _shown(row[index]).split("\n")),
                      default=0)
        word = max((len(part) for part in str(title).split()), default=0)
        widths.append(max(min(longest + 2, cap), min(len(str(title)), 20) + 2, word + 3))
    return widths


def _fit_rows(sheet: Worksheet, widths: list[float]) -> None:
    """Wrap every cell at the top and give each row the height of its tallest cell."""
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if cell.data_type == "f":  # text typed by a person, never a formula
                cell.data_type = "s"
            if hasattr(cell.value, "year"):
                cell.number_format = DATE_FORMAT
            cell.alignment = WRAPPED
            if cell.coordinate in sheet.merged_cells:
                width = sum(widths)
            else:
                width = widths[cell.column - 1]
            lines = max(lines, wrapped_lines(cell.value, width, cell.font.bold))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


def _print_setup(sheet: Worksheet, landscape: bool) -> None:
    """A4, as many pages down as needed but one page across (LibreOffice and Excel both
    honour fitToWidth only when the sheet's fitToPage flag is set)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True


def _set_widths(sheet: Worksheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def empty_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_table_sheet(workbook: Workbook, title: str, header: list[str], rows: list[list],
                    widths: list[int] | None = None) -> Worksheet:
    """A table for the screen and for paper: the bold header row frozen, filtered and
    printed again at the top of every page; landscape A4, one page wide."""
    sheet = workbook.create_sheet(sheet_title(title))
    header, rows = sheet_row(header), [sheet_row(row) for row in rows]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    widths = widths or fitted_widths(header, rows)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(name=FONT, bold=True), HEADER_FILL
    _set_widths(sheet, widths)
    _fit_rows(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, landscape=True)
    return sheet


def add_summary_sheet(workbook: Workbook, title: str, heading: str, notes: list[str],
                      items: list[tuple[str, str]]) -> Worksheet:
    """Labels beside their values under a heading, portrait A4, one page wide so that a
    label and its value always print on the same page."""
    sheet = workbook.create_sheet(sheet_title(title))
    label_width = min(max((len(label) for label, _value in items), default=10) + 2, 30)
    widths = [label_width, 90 - label_width]
    _set_widths(sheet, widths)
    for text in (heading, *notes):
        sheet.append([sheet_value(text)])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1,
                          end_row=sheet.max_row, end_column=2)
    sheet.append([])
    first_item = sheet.max_row + 1
    for label, value in items:
        sheet.append(sheet_row([label, value]))
        sheet.cell(row=sheet.max_row, column=1).font = Font(name=FONT, bold=True)
    sheet["A1"].font = Font(name=FONT, bold=True, size=14)
    _fit_rows(sheet, widths)
    sheet.row_dimensions[1].height = wrapped_lines(heading, sum(widths) * 11 / 14, True) * 20
    sheet.print_area = f"A1:B{max(sheet.max_row, first_item)}"
    _print_setup(sheet, landscape=False)
    sheet.print_options.gridLines = False
    return sheet


def xlsx_bytes(workbook: Workbook, title: str) -> bytes:
    """The workbook as a file, titled and in the language of the request."""
    workbook.properties.title = export_text(title)
    workbook.properties.language = str(get_locale() or "pl")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    """One table as a workbook (see ``add_table_sheet``)."""
    workbook = empty_workbook()
    add_table_sheet(workbook, title, header, rows)
    return xlsx_bytes(workbook, title)
