"""The report as files: CSV (UTF-8 with BOM, ';'), XLSX and a landscape DOCX, each with
the comment, the decision and its justification in the right columns."""

import csv
import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from consult.consultations import services
from consult.consultations.report import publish_report
from consult.extensions import db
from tests.consultations.reporting import ORGANISATION, closed_consultation

HEADER = ["No.", "Submitted by", "Received", "Part of the document", "Comment", "Proposed wording",
          "Justification of the comment", "Decision", "Justification of the decision"]


@pytest.fixture
def published(client, consultation_factory, user_factory):
    """A published report, read by an anonymous visitor with the English interface."""
    record = closed_consultation(consultation_factory, user_factory)
    publish_report(record.consultation)
    db.session.commit()
    client.post("/language", data={"language": "en", "next": "/"})
    return record


def url(record, extension):
    return f"/consultations/{record.consultation.slug}/report.{extension}"


def download(client, record, extension, name="consultation-report"):
    response = client.get(url(record, extension))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{name}-{record.consultation.slug}.{extension}"')
    return response


def test_csv_has_the_bom_semicolons_and_the_columns_of_the_paper_form(client, published):
    response = download(client, published, "csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    assert len(rows) == 4  # the hidden and the withdrawn comment are not in the table
    general, org, later = rows[1:]
    # Numbered as they came in (the organisation's comment on § 2 first), in document order.
    assert general[:2] == ["3", "Private person no. 1"]
    assert general[2].endswith("\nthrough the platform")
    assert general[3:5] == ["the whole document", "Program powinien mieć harmonogram."]
    assert org == ["2", f"{ORGANISATION} (KRS 0000123456)", org[2], "§ 1 Cel główny",
                   "Dodać cel dotyczący wolontariatu.",
                   "Celem głównym programu jest budowanie partnerstwa i rozwój wolontariatu.",
                   "Wolontariat wzmacnia organizacje.", "accepted",
                   "Uwzględniono: dopisano rozwój wolontariatu."]
    # A formula typed as a comment is kept as text, never run by the spreadsheet.
    assert later[4] == "'=HYPERLINK(\"http://evil.example\")"


def test_xlsx_has_the_table_on_the_first_sheet_and_the_header_on_the_second(client, published):
    response = download(client, published, "xlsx")
    workbook = load_workbook(io.BytesIO(response.get_data()))
    table, summary = workbook.worksheets
    rows = [[cell.value for cell in row] for row in table.iter_rows()]
    assert rows[0] == HEADER
    org = rows[2]
    assert org[0] == 2
    assert org[1] == f"{ORGANISATION} (KRS 0000123456)"
    assert org[4] == "Dodać cel dotyczący wolontariatu."
    assert org[7] == "accepted"
    assert org[8] == "Uwzględniono: dopisano rozwój wolontariatu."
    later = rows[3]
    assert later[4] == "=HYPERLINK(\"http://evil.example\")"
    assert table.cell(row=4, column=5).data_type == "s"  # text, not a formula
    assert table.freeze_panes == "A2"
    assert table.page_setup.orientation == "landscape"
    assert table.print_title_rows == "$1:$1"
    assert table.sheet_properties.pageSetUpPr.fitToPage and table.page_setup.fitToWidth == 1
    comment = table.cell(row=3, column=5)
    assert comment.alignment.wrap_text
    assert summary.sheet_properties.pageSetUpPr.fitToPage and summary.page_setup.fitToWidth == 1
    assert summary.print_area.endswith(f"$A$1:$B${summary.max_row}")  # labels with values
    labels = {row[0].value: row[1].value for row in summary.iter_rows(min_row=2) if row[0].value}
    assert labels["Number of comments"] == "3"
    assert labels["Number of organisations"] == "1"
    assert "accepted: 1" in labels["Decisions on the comments"]


def test_docx_is_a_landscape_a4_report_with_a_repeating_table_header(client, published):
    response = download(client, published, "docx")
    assert response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(response.get_data()))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210

    paragraphs = [p.text for p in document.paragraphs]
    assert "Report on the consultation" in paragraphs
    assert published.consultation.title in paragraphs
    assert any(p.startswith("Legal basis: Uchwała nr XII/85/2011") for p in paragraphs)
    assert any(p == "Number of comments: 3" for p in paragraphs)
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.title.startswith("Report on the consultation")

    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == HEADER
    header_properties = table.rows[0]._tr.trPr
    assert header_properties.find(qn("w:tblHeader")) is not None
    for index, row in enumerate(table.rows):  # no row breaks across pages
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert (row._tr.trPr.find(qn("w:tblHeader")) is not None) == (index == 0)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    decision = HEADER.index("Decision")
    for row in table.rows:  # every cell of "Stanowisko" holds "nieuwzględniona" whole
        assert row.cells[decision].width.mm >= 32
    assert round(sum(column.width.mm for column in table.columns)) == 297 - 2 * 15
    org = [cell.text for cell in table.rows[2].cells]
    assert org[1] == f"{ORGANISATION} (KRS 0000123456)"
    assert org[4] == "Dodać cel dotyczący wolontariatu."
    assert org[7] == "accepted"
    assert org[8] == "Uwzględniono: dopisano rozwój wolontariatu."
    assert len(table.rows) == 4
    normal = document.styles["Normal"]
    assert normal.font.size.pt >= 10


def test_exports_follow_the_language_of_the_interface(client, published):
    client.post("/language", data={"language": "pl", "next": "/"})
    rows = list(csv.reader(io.StringIO(download(
        client, published, "csv", name="raport-konsultacji").get_data().decode("utf-8-sig")),
        delimiter=";"))
    assert rows[0][0] == "Lp."


def test_exports_are_previews_for_staff_only_before_publishing(
        client, consultation_factory, user_factory, staff):
    record = closed_consultation(consultation_factory, user_factory)
    response = download(client, record, "docx")
    assert "no-store" in response.headers["Cache-Control"]
    document = Document(io.BytesIO(response.get_data()))
    assert any(p.text.startswith("Preview") for p in document.paragraphs)
    client.post("/auth/logout")
    for extension in ("csv", "xlsx", "docx"):
        assert client.get(url(record, extension)).status_code == 404


def test_a_report_without_comments_still_exports(client, consultation_factory, staff):
    consultation = consultation_factory()
    response = client.get(f"/consultations/{consultation.slug}/report.docx")
    document = Document(io.BytesIO(response.get_data()))
    assert len(document.tables[0].rows) == 1
    assert any("No comments were submitted" in p.text for p in document.paragraphs)
    response = client.get(f"/consultations/{consultation.slug}/report.xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    assert sheet.max_row == 1


def test_published_files_are_rebuilt_exactly_when_the_record_changes(client, published):
    """Files are kept between downloads (and 304 for a client that has one), but a change
    after publication, such as an author deleting their account, shows at once."""
    first = download(client, published, "csv")
    unchanged = client.get(url(published, "csv"),
                           headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304

    published.general_comment.show_name = True  # Jan agreed to be named
    db.session.commit()
    named = download(client, published, "csv").get_data(as_text=True)
    assert "Jan Kowalski" in named
    services.forget_user(published.jan)  # and then deleted his account
    db.session.commit()
    for extension in ("csv", "xlsx", "docx"):
        assert client.get(url(published, extension),
                          headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
    anonymous = download(client, published, "csv").get_data(as_text=True)
    assert "Jan Kowalski" not in anonymous
    assert "Private person no. 1" in anonymous
