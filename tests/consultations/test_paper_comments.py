"""Comments received on paper, by e-mail or at a meeting, entered by staff: numbered and
answered like the others, in the report with how and when they came, late ones marked, the
scan for staff only, nobody written to."""

import io
from datetime import timedelta

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from consult.consultations import services
from consult.consultations.choices import PAPER
from consult.consultations.models import Comment, CommentScan, CommentStatus
from consult.core.mail import OutboxMessage
from consult.core.timeutil import local_day, utcnow
from consult.extensions import db
from tests.consultations.conftest import comment_on
from tests.html import page_of

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BODY = "Proponujemy dopisać priorytet dotyczący seniorów."


def add_url(consultation):
    return f"/manage/consultations/{consultation.id}/comments/received"


def form(consultation, **changes) -> dict:
    return {"channel": "paper", "received_on": local_day(utcnow()).isoformat(),
            "author_name": "Jan Nowak", "section": str(consultation.sections[1].id),
            "body": BODY, "proposed_text": "Priorytet: aktywizacja seniorów.",
            "justification": "W gminie przybywa seniorów.", "on_behalf": "self",
            "organisation_name": "", "organisation_krs": "", **changes}


def entered(consultation) -> Comment:
    db.session.expire_all()
    return db.session.scalars(select(Comment).where(
        Comment.consultation_id == consultation.id, Comment.channel != "platform")).one()


def test_staff_enter_a_letter_with_its_scan_and_nobody_is_written_to(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment_on(consultation, user_factory())  # no. 1 came through the platform
    queued = db.session.scalar(select(db.func.count(OutboxMessage.id)))
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/comments"))
    assert page.by_id("add-paper-comment")["attrs"]["href"] == add_url(consultation)
    assert "Add a comment received outside the platform" in page_of(
        client.get(add_url(consultation))).content

    response = client.post(add_url(consultation), data={
        **form(consultation), "scan": (io.BytesIO(PDF), "skan pisma Jana Nowaka.pdf")})
    comment = entered(consultation)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    assert (comment.number, comment.channel, comment.status) == (2, PAPER, CommentStatus.PUBLISHED)
    assert comment.received_on == local_day(utcnow())
    assert comment.author_id is None and comment.author_name == "Jan Nowak"
    assert comment.entered_by_id == staff.id
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == queued

    page = page_of(client.get(response.headers["Location"]))
    assert "Comment no. 2 is added." in page.content
    row = page.text_by_id(f"comment-{comment.id}")
    assert "Jan Nowak" in row and "Received on paper (letter)" in row
    scan_url = f"/manage/consultations/{consultation.id}/comments/{comment.id}/scan"
    assert "Scan of comment no. 2 (PDF, 1 kB)" in page.content

    scan = client.get(scan_url)
    assert scan.status_code == 200 and scan.data == PDF
    assert scan.headers["Cache-Control"] == "private, no-store"
    # The file's name says nothing about the person.
    assert scan.headers["Content-Disposition"] == "attachment; filename=comment-2.pdf"


def test_the_public_sees_it_like_any_other_comment_without_the_scan_or_the_name(
        client, staff, consultation_factory, make_app):
    consultation = consultation_factory()
    client.post(add_url(consultation), data={
        **form(consultation), "scan": (io.BytesIO(PDF), "skan.pdf")})
    comment = entered(consultation)

    visitor = make_app().test_client()
    visitor.set_cookie("lang", "en")
    page = page_of(visitor.get(f"/consultations/{consultation.slug}/"))
    shown = page.text_by_id(f"comment-{comment.id}")
    assert BODY in shown and "Private person no. 1" in shown
    assert "Comment no. 1" in shown and "on paper (letter)" in shown
    assert "Jan Nowak" not in page.content and "/scan" not in page.content
    scan_url = f"/manage/consultations/{consultation.id}/comments/{comment.id}/scan"
    assert visitor.get(scan_url).status_code in (302, 401, 403, 404)


def test_an_organisation_with_its_krs_number(client, staff, consultation_factory):
    consultation = consultation_factory()
    client.post(add_url(consultation), data=form(
        consultation, channel="email", on_behalf="organisation",
        organisation_name="Stowarzyszenie Seniorzy Razem", organisation_krs="0000123456"))
    comment = entered(consultation)
    assert comment.organisation_name == "Stowarzyszenie Seniorzy Razem"
    assert comment.organisation_krs == "0000123456" and comment.private_number is None


def test_the_date_received_is_not_in_the_future_nor_before_the_opening_unconfirmed(
        client, staff, consultation_factory):
    consultation = consultation_factory(opens_in=timedelta(days=-3))
    tomorrow = local_day(utcnow()) + timedelta(days=1)
    page = page_of(client.post(add_url(consultation), data=form(
        consultation, received_on=tomorrow.isoformat())))
    assert "The date received cannot be later than today." in page.text_by_id(
        "received_on-error")

    early = local_day(utcnow()) - timedelta(days=10)
    page = page_of(client.post(add_url(consultation), data=form(
        consultation, received_on=early.isoformat())))
    assert "tick the box below the date" in page.text_by_id("received_on-error")
    assert BODY in page.content  # what was typed is kept
    assert db.session.scalar(select(db.func.count(Comment.id))) == 0

    client.post(add_url(consultation), data=form(
        consultation, received_on=early.isoformat(), before_opening="y"))
    assert entered(consultation).received_on == early


def test_a_scan_must_be_a_pdf_or_an_image_within_the_limit(
        client, staff, consultation_factory, app):
    consultation = consultation_factory()
    page = page_of(client.post(add_url(consultation), data={
        **form(consultation), "scan": (io.BytesIO(b"MZ\x90\x00 not a scan"), "skan.exe")}))
    assert "Upload a PDF, JPEG or PNG file." in page.text_by_id("scan-error")
    big = b"\x89PNG\r\n\x1a\n" + b"0" * (app.config["CONSULTATIONS_MAX_ATTACHMENT_MB"] << 20)
    page = page_of(client.post(add_url(consultation), data={
        **form(consultation), "scan": (io.BytesIO(big), "skan.png")}))
    assert "larger than" in page.text_by_id("scan-error")
    assert db.session.scalar(select(db.func.count(Comment.id))) == 0
    assert db.session.scalar(select(db.func.count(CommentScan.id))) == 0


def test_late_comments_are_kept_marked_and_counted_in_the_report_and_its_files(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory(opens_in=timedelta(days=-20),
                                        closes_in=timedelta(days=-5))
    last_day = services.closes_on(consultation)
    on_time = last_day - timedelta(days=1)
    for day, channel, who in ((on_time, "meeting", "Ewa Lis"),
                              (last_day + timedelta(days=2), "email", "Adam Kos")):
        response = client.post(add_url(consultation), data=form(
            consultation, received_on=day.isoformat(), channel=channel, author_name=who))
        assert response.status_code == 302
    page = page_of(client.get(response.headers["Location"]))
    assert "It was received after the deadline" in page.content

    report = page_of(client.get(f"/consultations/{consultation.slug}/report"))
    assert report.text_by_id("report-late") == "1"
    assert "on paper, by e-mail or in person" in report.text_by_id("report-forms")
    table = report.text_by_id("comment-table")
    assert "in person at a meeting" in table and "by e-mailafter the deadline" in table  # <br>

    sheet = load_workbook(io.BytesIO(client.get(
        f"/consultations/{consultation.slug}/report.xlsx").data)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    received = rows[0].index("Received")
    assert rows[1][received] == f"{on_time:%-d %b %Y}\nin person at a meeting"
    assert rows[2][received].endswith("\nby e-mail\nafter the deadline")

    document = Document(io.BytesIO(client.get(
        f"/consultations/{consultation.slug}/report.docx").data))
    table = document.tables[0]
    column = [cell.text for cell in table.rows[0].cells].index("Received")
    assert table.rows[1].cells[column].text == f"{on_time:%-d %b %Y}\nin person at a meeting"
    assert table.rows[2].cells[column].text.endswith("after the deadline")


def test_the_report_in_polish_names_the_channel_and_the_date(
        client, staff, consultation_factory):
    consultation = consultation_factory(closes_in=timedelta(days=-1),
                                        opens_in=timedelta(days=-9))
    day = services.closes_on(consultation)
    client.post(add_url(consultation), data=form(consultation, received_on=day.isoformat()))
    client.set_cookie("lang", "pl")
    sheet = load_workbook(io.BytesIO(client.get(
        f"/consultations/{consultation.slug}/report.xlsx").data)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1][rows[0].index("Data i forma wpływu")] == f"{day:%-d.%m.%Y}\nna piśmie (list)"
