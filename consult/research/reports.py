"""The report of a diagnosis as DOCX and PDF, for a working group to discuss and the JST to
publish: the method, the index overall, per area and per group, the gap between groups, the
chart (as PNG, which both formats embed) and the number questions. Never the open answers,
and never a figure of a group under the threshold: everything comes from
``results.Results`` through the same tables as the page (``exports.table``).
"""

import html
import io
import re

from docx.shared import Cm
from flask_babel import gettext as _
from fpdf import FPDF

from consult.core.text import render_markdown
from consult.core.wordfiles import add_table, docx_bytes, new_document
from consult.research import charts, exports
from consult.research.results import Results, in_language, shown

PDF_TYPE = "application/pdf"
CHART_MM = 100  # the chart's width on A4: legible, and it fits under the table
NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}  # fpdf2 stays on the line otherwise
FONTS = charts.FONT_PATH.parent


def method(results: Results) -> list[str]:
    """How the index is computed, in plain words (the page, the DOCX and the PDF)."""
    return [
        _("Each answer on a scale of k labels scores from 0 (the first, worst label) to 100 "
          "(the last, best one) in equal steps: on a five-point scale 0, 25, 50, 75 and "
          "100. A yes scores 100 and a no 0. For a question asked the other way round "
          "(where yes or a high answer is bad) the points are turned round (100 minus "
          "the points)."),
        _("\"Hard to say\" and questions left unanswered are left out: they do not count "
          "as zero. Numbers and open answers are not scored."),
        _("Counted are the finished responses and, after the survey closed, also the "
          "unfinished ones for the questions they answered."),
        _("For each group of respondents: an indicator's score is the mean of its answers' "
          "points, an area's index the mean of its indicators' scores, and the group's "
          "overall index the mean of the areas' indexes weighted by the weights of the "
          "areas."),
        _("The overall index of the local government is the mean of the groups' overall "
          "indexes, each group weighing the same, so the largest group does not drown "
          "the others. The difference between the groups is shown as a finding of its own."),
        _("No figure is shown for a group with fewer than %(count)d answers, so that no "
          "respondent can be identified; such a group is left out of the overall index.",
          count=results.threshold),
    ]


def summary_paragraphs(results: Results) -> list[str]:
    """Staff's summary (Markdown) as plain paragraphs: rendered and sanitised as on the
    page, then without the markup (a list item becomes a paragraph starting with "•")."""
    rendered = re.sub(r"<li>", "• ", str(render_markdown(results.diagnosis.summary)))
    blocks = re.split(r"</(?:p|li|h[2-6]|tr)>|<br\s*/?>", rendered)
    texts = (html.unescape(re.sub(r"<[^>]+>", "", block)).strip() for block in blocks)
    return [text for text in texts if text]


def _findings(results: Results) -> list[str]:
    lines = [_("Overall index: %(index)s of 100.", index=shown(results.overall))]
    if results.gap is not None:
        lines.append(_("The largest difference between groups: %(high)s %(high_index)s, "
                       "%(low)s %(low_index)s (%(points)s points).",
                       high=results.gap.high.name, high_index=shown(results.gap.high.overall),
                       low=results.gap.low.name, low_index=shown(results.gap.low.overall),
                       points=shown(results.gap.points)))
    for group in results.hidden:
        lines.append(_("%(group)s: %(note)s, no figure is shown.", group=group.name,
                       note=exports.hidden_text(results)))
    return lines


def _area_table(results: Results) -> tuple[list[str], list[list[str]]]:
    head = [_("Area"), _("Weight"), _("All groups"), *(g.name for g in results.visible)]
    rows = [[in_language(area.title_pl, area.title_en), str(area.weight),
             shown(results.area_overall.get(area.id)),
             *(shown(g.areas.get(area.id)) for g in results.visible)]
            for area in results.areas]
    rows.append([_("Overall index"), "", shown(results.overall),
                 *(shown(g.overall) for g in results.visible)])
    return head, rows


def _number_lines(results: Results) -> list[str]:
    lines = []
    for indicator in results.numbers():
        for group in results.visible:
            summary = group.numbers.get(indicator.id)
            if summary is not None:
                lines.append(_("%(question)s — %(group)s: median %(median)s, from %(low)s "
                               "to %(high)s",
                               question=in_language(indicator.text_pl, indicator.text_en),
                               group=group.name, median=f"{summary.median:g}",
                               low=f"{summary.low:g}", high=f"{summary.high:g}"))
    return lines


def _heading(results: Results) -> tuple[str, str]:
    diagnosis = results.diagnosis
    return diagnosis.title, _("%(institution)s, %(year)d", institution=diagnosis.institution.name,
                              year=diagnosis.year)


# --------------------------------------------------------------------------------- DOCX


def _column_shares(results: Results) -> tuple[float, ...]:
    """The area table's column widths, relative: the area, its weight, all groups, then a
    column per visible group (wide enough for "Organizacje pozarządowe" unbroken)."""
    return (2.4, 0.9, 1.5, *(1.9 for _group in results.visible))


def docx_report(results: Results) -> bytes:
    document = new_document()
    title, subtitle = _heading(results)
    document.add_heading(title, level=0)
    document.add_paragraph(subtitle)
    summary = summary_paragraphs(results)
    if summary:
        document.add_heading(_("Summary of the results"), level=1)
        for line in summary:
            document.add_paragraph(line)
    document.add_heading(_("Findings"), level=1)
    for line in _findings(results):
        document.add_paragraph(line)
    head, rows = _area_table(results)
    document.add_heading(_("The index by area and respondent group"), level=1)
    add_table(document, head, rows, _column_shares(results),
              _("The index by area and respondent group"))
    chart = charts.area_chart(results)
    if chart is not None:
        document.add_paragraph()
        document.add_picture(io.BytesIO(charts.png(chart)), width=Cm(CHART_MM / 10))
        document.add_paragraph().add_run(chart.title).italic = True
    numbers = _number_lines(results)
    if numbers:
        document.add_heading(_("Numbers"), level=1)
        for line in numbers:
            document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("Method"), level=1)
    for line in method(results):
        document.add_paragraph(line)
    return docx_bytes(document, title)


# ---------------------------------------------------------------------------------- PDF


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, str(self.page_no()), align="C")


def pdf_report(results: Results) -> bytes:
    pdf = _Report(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=16)
    title, subtitle = _heading(results)
    pdf.set_title(title)
    pdf.set_lang("en" if in_language("pl", "en") == "en" else "pl")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, title, **NEXT_LINE)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, subtitle, **NEXT_LINE)
    pdf.ln(3)

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, text, **NEXT_LINE)
        pdf.set_font("DejaVu", "", 10)

    summary = summary_paragraphs(results)
    if summary:
        heading(_("Summary of the results"))
        for line in summary:
            pdf.multi_cell(0, 5.5, line, **NEXT_LINE)
    heading(_("Findings"))
    for line in _findings(results):
        pdf.multi_cell(0, 5.5, line, **NEXT_LINE)
    heading(_("The index by area and respondent group"))
    head, rows = _area_table(results)
    with pdf.table(text_align="LEFT", first_row_as_headings=True, line_height=5.5,
                   col_widths=_column_shares(results)) as table:
        for values in (head, *rows):
            row = table.row()
            for value in values:
                row.cell(value)
    chart = charts.area_chart(results)
    if chart is not None:
        pdf.ln(3)
        width = min(pdf.epw, CHART_MM)
        pdf.image(io.BytesIO(charts.png(chart)), x=pdf.l_margin + (pdf.epw - width) / 2,
                  w=width, alt_text=chart.description)
    numbers = _number_lines(results)
    if numbers:
        heading(_("Numbers"))
        for line in numbers:
            pdf.multi_cell(0, 5.5, "• " + line, **NEXT_LINE)
    heading(_("Method"))
    for line in method(results):
        pdf.multi_cell(0, 5.5, line, **NEXT_LINE)
        pdf.ln(1)
    return bytes(pdf.output())
