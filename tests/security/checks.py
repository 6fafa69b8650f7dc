"""What the security tests look for in pages, exports, e-mails and API answers.

Every check parses what the application produced (html.parser, csv, openpyxl, python-docx,
the e-mail package) rather than searching for strings, so an attribute written with other
quotes or a tag in other capitals is still found.
"""

import csv
import io
import re
import zipfile
from email.message import EmailMessage
from html.parser import HTMLParser

# --- the XSS corpus ----------------------------------------------------------------------

# Each payload starts with a marker of its own: the marker must show up in the page as
# text (proof that the payload was stored and rendered, so the checks are not vacuous),
# while the markup after it must not become markup.
XSS_PAYLOADS = {
    "script": "xs1 <script>alert(1)</script>",
    "img-onerror": 'xs2 "><img src=x onerror=alert(1)>',
    "svg-onload": "xs3 <svg onload=alert(1)>",
    "attribute-breakout": "xs4 ' onmouseover='alert(1)' x='",
    "template": "xs5 {{7*7}} {% raw %}${7*7}",
    "markdown-link": "xs6 [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))",
    "javascript-url": "xs7 javascript:alert(1)",
    "closing-tags": "xs8 </textarea></title></script><script>alert(1)</script>",
}
# In fields that hold a link the whole value is the URL.
LINK_PAYLOADS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]
# Cells that a spreadsheet would run as a formula (CSV/formula injection).
FORMULA_PAYLOADS = [
    '=HYPERLINK("https://evil.example","kliknij")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
]


def marker(payload: str) -> str:
    return payload.split()[0]


# --- HTML -----------------------------------------------------------------------------------

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base", "svg", "math", "frame",
                  "frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data",
                  "background", "srcset", "ping", "cite"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application")


def scripting_url(value: str | None) -> bool:
    """What a browser would run: javascript: even with spaces, tabs or capitals inside."""
    cleaned = _INVISIBLE.sub("", value or "").lower()
    return cleaned.startswith(SCRIPT_SCHEMES)


class _ActiveContent(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attributes = dict(attrs)
        if tag in DANGEROUS_TAGS and not (
            tag == "script" and (attributes.get("src") or "").startswith("/static/")
        ):
            self.problems.append(f"<{tag}> element {attrs}")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"<meta http-equiv=refresh> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            elif name in URL_ATTRIBUTES and scripting_url(value):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            elif name == "style" and value and re.search(r"expression\(|url\(\s*['\"]?\s*"
                                                         r"javascript:", value, re.I):
                self.problems.append(f"style={value!r} on <{tag}>")


def active_content(html: str) -> list[str]:
    """Elements and attributes in ``html`` that would run script in a browser."""
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.problems


def assert_safe_html(html: str, where: str, payloads=()) -> None:
    problems = active_content(html)
    assert not problems, f"{where}: script could run: {problems}"
    for payload in payloads:
        if "<" in payload:
            assert payload not in html, f"{where}: {payload!r} is in the HTML unescaped"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.values: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.values.extend(value for name, value in attrs if name in ("value", "title")
                           and value)


def visible_text(html: str) -> str:
    """The text of a page and the values of its form fields, entities decoded."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts + parser.values)


# --- spreadsheets and documents -----------------------------------------------------------------


def runs_as_formula(value) -> bool:
    """A cell a spreadsheet would evaluate. A phone number ("+48 600 100 200", "-") is not."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "=@\t\r":
        return True
    return value[0] in "+-" and bool(re.search(r"[^\d\s()/+-]", value))


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0] if text else ""
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def xlsx_cells(data: bytes) -> list[tuple[str, object, str]]:
    """(coordinate, value, data type) of every cell of every sheet; type "f" is a formula."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return [(f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type)
            for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def assert_no_formulas_in_csv(data: bytes, where: str) -> list[list[str]]:
    rows = csv_rows(data)
    bad = [cell for row in rows for cell in row if runs_as_formula(cell)]
    assert not bad, f"{where}: cells a spreadsheet would run: {bad}"
    return rows


def assert_no_formulas_in_xlsx(data: bytes, where: str) -> list[tuple[str, object, str]]:
    """No cell is a formula: text typed by someone ("=HYPERLINK(…)") stays a text cell,
    which a spreadsheet shows and never evaluates (the sheets' XML has no <f> element)."""
    cells = xlsx_cells(data)
    bad = [(coordinate, value) for coordinate, value, kind in cells if kind == "f"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                bad += [(name, found) for found in re.findall(r"<(?:\w+:)?f[ >/][^<]*", xml)]
    assert not bad, f"{where}: formulas: {bad}"
    return cells


def docx_text(data: bytes) -> str:
    """The text of a .docx, paragraphs and table cells (the XML must parse)."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


# --- e-mail -----------------------------------------------------------------------------------


def html_part(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else None


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def field_errors(html: str) -> dict[str, str]:
    """Field id → the error shown next to it (the forms macro's ``<id>-error`` paragraphs)."""
    from tests.html import Page

    page = Page(html)
    return {element["attrs"]["id"][:-len("-error")]: Page.text(element)
            for element in page.elements
            if element["attrs"].get("class") == "field-error" and element["attrs"].get("id")}
