"""Tables as files people open in a spreadsheet: CSV that Excel reads correctly, and the
guard against CSV/formula injection shared by every export."""

import csv
import io
import re

# A cell starting like this is run as a formula by spreadsheets (CSV injection); a phone
# number such as "+48 600 100 200" is left alone.
FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s()/-]*$))")


def neutralised(value) -> str:
    """The value as text, with a leading apostrophe when a spreadsheet would run it."""
    text = str(value)
    return "'" + text if FORMULA_START.match(text) else text


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte order mark and ';' between fields: what Excel set to Polish opens
    correctly with a double click (without the mark it reads the file as Windows-1250)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([
            value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else neutralised(value)
            for value in row
        ])
    return buffer.getvalue().encode("utf-8-sig")
