"""The consultation report as files: CSV and XLSX of the tabela uwag (comment table), and
a DOCX of the whole report that officials attach to the draft resolution and publish in
BIP: A4 landscape, a real table whose header row repeats on every page, headings and the
document language set so that screen readers and Word's accessibility checker are happy.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from consult.consultations.models import Consultation
from consult.consultations.report import Report, comment_table_header
from consult.core.http import download_name
from consult.core.spreadsheets import (
    add_summary_sheet,
    add_table_sheet,
    empty_workbook,
    to_csv,
    xlsx_bytes,
)
from consult.core.text import export_text
from consult.core.wordfiles import DOCX_LANGUAGES, caption, row_flags, set_language

CSV_TYPE = "text/csv; charset=utf-8"

# Column widths of the comment table in the DOCX, in millimetres: 267 mm between the
# margins of A4 landscape. "Stanowisko" is as wide as "nieuwzględniona" in 10 pt Arial
# with the cell's margins, so Word and LibreOffice never break the word; "Received" holds
# a date such as "30.10.2026" whole.
DOCX_WIDTHS_MM = (10, 30, 24, 24, 44, 34, 31, 34, 36)


def file_name(consultation: Consultation, extension: str) -> str:
    return download_name(_("consultation report"), consultation.slug, extension=extension)


def comment_table(report: Report) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the tabela uwag, the same columns in every format, as text any
    file can hold."""
    return comment_table_header(), [[export_text(cell) for cell in row.cells]
                                    for row in report.rows]


def _title(report: Report) -> str:
    return export_text(_("Report on the consultation: %(title)s",
                         title=report.consultation.title))


# --------------------------------------------------------------------------- CSV


def report_csv(report: Report) -> bytes:
    header, rows = comment_table(report)
    return to_csv(header, rows)


# --------------------------------------------------------------------------- XLSX


def report_xlsx(report: Report) -> bytes:
    """The comment table on the first sheet (header in row 1, ready to filter), the
    report's header on the second."""
    workbook = empty_workbook()
    rows = [[row.number, *row.cells[1:]] for row in report.rows]  # the number as a number
    add_table_sheet(workbook, _("Comment table"), comment_table_header(), rows)
    notes = [_("Preview: the report has not been published.")] if report.is_preview else []
    add_summary_sheet(workbook, _("Report"), _title(report), notes,
                      [(label, value) for _key, label, value in report.header_items()])
    return xlsx_bytes(workbook, _title(report))


# --------------------------------------------------------------------------- DOCX


def _landscape_a4(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


def _field(paragraph, instruction: str, size: Pt) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when the document is shown."""
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    font_size = OxmlElement("w:sz")
    font_size.set(qn("w:val"), str(int(size.pt * 2)))
    properties.append(font_size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


def _footer(document, report: Report) -> None:
    """The title and "page X of Y" on every page; the numbers are Word fields placed where
    the translated sentence has them."""
    paragraph = document.sections[0].footer.paragraphs[0]
    size = Pt(9)
    marker = "\x00"
    sentence = _("page %(page)s of %(pages)s", page=f"{marker}PAGE{marker}",
                 pages=f"{marker}NUMPAGES{marker}")
    paragraph.add_run(f"{_title(report)} — ").font.size = size
    for index, part in enumerate(sentence.split(marker)):
        if index % 2:
            _field(paragraph, part, size)
        elif part:
            paragraph.add_run(part).font.size = size


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def report_docx(report: Report) -> bytes:
    document = Document()
    language = DOCX_LANGUAGES.get(str(get_locale() or "pl"), "pl-PL")
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    set_language(normal, language)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.name = "Arial"
        document.styles[name].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    document.styles["Title"].font.size = Pt(20)
    document.core_properties.title = _title(report)
    document.core_properties.language = language
    document.core_properties.author = export_text(
        report.consultation.report_prepared_by.strip() or report.institution)
    document.core_properties.subject = export_text(report.consultation.title)
    _landscape_a4(document)
    _footer(document, report)

    document.add_heading(_("Report on the consultation"), level=0)
    document.add_paragraph(export_text(report.consultation.title)).runs[0].bold = True
    if report.is_preview:
        warning = document.add_paragraph()
        warning.add_run(_("Preview: the report has not been published.")).bold = True

    for _key, label, value in report.header_items():
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.add_run(f"{label}: ").bold = True
        lines = export_text(value).splitlines() or [""]
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()

    document.add_heading(_("Comment table"), level=1)
    header, rows = comment_table(report)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    caption(table, _("Comment table"))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        run = cell.paragraphs[0].runs[0]
        run.bold, run.font.size = True, Pt(10)
        _shade(cell, "E6E6E6")
    row_flags(table.rows[0], "w:cantSplit", "w:tblHeader")  # the schema's order
    for values in rows:
        line = table.add_row()
        row_flags(line, "w:cantSplit")
        cells = line.cells
        for cell, text in zip(cells, values, strict=True):
            lines = text.splitlines() or [""]
            paragraph = cell.paragraphs[0]
            for index, line in enumerate(lines):
                if index:
                    paragraph = cell.add_paragraph()
                paragraph.add_run(line).font.size = Pt(10)
    for column, width in zip(table.columns, DOCX_WIDTHS_MM, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    if not rows:
        document.add_paragraph(_("No comments were submitted during the consultation."))
    document.add_paragraph()
    site = export_text(current_app.config["CONSULT_SITE_NAME"])
    document.add_paragraph(site).runs[0].font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
