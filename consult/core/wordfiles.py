"""Word (DOCX) documents the platform writes (python-docx): a new document in the house
style and a table whose column widths both Word and LibreOffice read."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import get_locale


def new_document(landscape: bool = False):
    """Calibri 11 on A4 (python-docx's template is US Letter) in the page's language;
    landscape for wide tables."""
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    set_language(document.styles["Normal"], DOCX_LANGUAGES.get(str(get_locale() or "pl"),
                                                               "pl-PL"))
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    return document


# The language of a document as Word names it, by the page's language.
DOCX_LANGUAGES = {"pl": "pl-PL", "en": "en-GB"}


def set_language(style, language: str) -> None:
    """The language a style's text is in (screen readers and spelling read it)."""
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)


def caption(table, text: str) -> None:
    """The table's title for assistive technology (Word: Table Properties → Alt Text)."""
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), text[:255])
    table._tbl.tblPr.append(element)


def row_flags(row, *names: str) -> None:
    """w:cantSplit keeps a row on one page; w:tblHeader repeats the row at the top of every
    page (given in the schema's order: cantSplit first)."""
    properties = row._tr.get_or_add_trPr()
    for name in names:
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        properties.append(element)


def add_table(document, head: list[str], rows: list[list[str]], shares: tuple[float, ...],
              title: str):
    """A grid table with a bold header row repeated on every page, rows unbroken; column
    widths relative to ``shares`` of the
    text width. LibreOffice reads the widths of the columns (the grid), Word those of each
    cell, so both are set."""
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.autofit = False
    caption(table, title)
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(10)
    row_flags(table.rows[0], "w:cantSplit", "w:tblHeader")
    for row in rows:
        line = table.add_row()
        row_flags(line, "w:cantSplit")
        for cell, text in zip(line.cells, row, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(10)
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for column, share in zip(table.columns, shares, strict=True):
        column.width = int(text_width * share / sum(shares))
        for cell in column.cells:
            cell.width = column.width
    return table


def docx_bytes(document, title: str) -> bytes:
    document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
