"""Tables as files people open in a spreadsheet: CSV that Excel reads correctly, and the
guards shared by every export: against CSV/formula injection, and against characters an
XLSX cannot hold (``consult.core.text.export_text``)."""

import csv
import io
import re

from consult.core.text import export_text

# A cell starting like this is run as a formula by spreadsheets (CSV injection); a phone
# number such as "+48 600 100 200" is left alone.
FORMULA_START = re.compile(r"^(?:[=@\t\r\n]|[+-](?![\d\s()/-]*$))")


def neutralised(value) -> str:
    """The value as text any file can hold, with a leading apostrophe when a spreadsheet
    would run it."""
    text = export_text(value)
    return "'" + text if FORMULA_START.match(text) else text


def sheet_value(value):
    """A value for an XLSX cell: text without what XML forbids (openpyxl refuses it),
    numbers and dates as they are."""
    return export_text(value) if isinstance(value, str) else value


def sheet_row(values) -> list:
    return [sheet_value(value) for value in values]


def sheet_title(text: str) -> str:
    """A worksheet's name: at most 31 characters, none of those Excel refuses there."""
    return re.sub(r"[\[\]:*?/\\]", " ", export_text(text))[:31] or "1"


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
