"""A verified user comments on one section for an organisation; staff answer; publishing the
report is refused while a comment has no answer; once all are answered it publishes, the
commenter gets an e-mail, and the DOCX and XLSX exports carry the comment, the decision and
the justification in the right columns. axe on every page on the way."""

import io
from datetime import timedelta

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.consultations.models import Comment
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import text_of
from tests.consultations.conftest import comment_on

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

COMMENTER = "prezeska@example.org"
BODY = "Proponujemy dopisać wolontariat do priorytetów."
PROPOSED = "4. Wspieranie wolontariatu i aktywności obywatelskiej."
WHY = "W mieście działa centrum wolontariatu, które nie ma dostępu do konkursów."
ANSWER = "Uwzględniono: dopisano pkt 4 w § 2."


@pytest.fixture
def world(live_app, consultation_factory, user_factory):
    consultation = consultation_factory()
    user_factory(full_name="Maria Prezeska", email=COMMENTER)
    user_factory(role=STAFF, full_name="Anna Urzędniczka", email="staff@example.org")
    other = user_factory(full_name="Jan Mieszkaniec", email="jan@example.org")
    comment_on(consultation, other, body="Uwaga do całości dokumentu.")
    return {"slug": consultation.slug, "id": consultation.id,
            "section": consultation.sections[2].id}


def answer(page, comment_id, decision, text):
    form = page.locator(f"#answer-{comment_id}")
    form.locator("select[name=decision]").select_option(decision)
    form.locator("textarea[name=decision_text]").fill(text)
    form.locator("button[type=submit]").click()


def download(page, base, path) -> bytes:
    """Fetch a file with the browser's session (the report is public once published)."""
    response = page.request.get(base + path)
    assert response.status == 200, path
    return response.body()


def test_comment_answer_publish_report_and_exports(page, new_context, live_server, live_app,
                                                   world, mailbox):
    base, slug = live_server, world["slug"]
    sign_in(page, base, COMMENTER)
    page.goto(f"{base}/consultations/{slug}/")
    assert_accessible(page)
    # The per-section link opens the form with the section chosen (no JavaScript needed).
    page.locator(f"#section-{world['section']} a[href*='comment?section=']").first.click()
    chosen = page.locator("form[method=post] select[name=section]")
    expect(chosen).to_have_value(str(world["section"]))
    expect(page.locator(".current-wording")).to_contain_text("pomocniczości")
    assert_accessible(page)
    page.locator("textarea[name=body]").fill(BODY)
    page.locator("textarea[name=proposed_text]").fill(PROPOSED)
    page.locator("textarea[name=justification]").fill(WHY)
    page.locator("input[name=on_behalf][value=organisation]").check()
    page.locator("input[name=organisation_name]").fill("Stowarzyszenie Wolontariusze Płońska")
    page.locator("input[name=organisation_krs]").fill("0000123456")
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator(".comment", has_text=BODY)).to_contain_text(
        "Stowarzyszenie Wolontariusze Płońska")
    assert_accessible(page)
    assert BODY in text_of(mailbox.last_to(COMMENTER))  # the receipt with a copy

    with live_app.app_context():
        comment_id = db.session.scalar(db.select(Comment.id).where(Comment.body == BODY))
        other_id = db.session.scalar(db.select(Comment.id).where(Comment.body != BODY))
        consultation = db.session.get(Comment, comment_id).consultation
        consultation.closes_at = utcnow() - timedelta(minutes=1)  # the period has ended
        db.session.commit()

    staff = new_context().new_page()
    sign_in(staff, base, "staff@example.org")
    staff.goto(f"{base}/manage/consultations/{world['id']}/comments")
    assert_accessible(staff)
    answer(staff, comment_id, "accepted", ANSWER)
    expect(staff.locator(f"#comment-{comment_id}")).to_contain_text(ANSWER)

    # One comment still has no answer: publishing is refused and says why.
    staff.goto(f"{base}/manage/consultations/{world['id']}/report")
    assert_accessible(staff)
    staff.locator("form[action$='/report/publish'] button").click()
    expect(staff.locator(".flash-error, .flash-danger, .error-summary").first).to_contain_text("1")
    assert page.request.get(f"{base}/consultations/{slug}/report").status == 404

    staff.goto(f"{base}/manage/consultations/{world['id']}/comments")
    answer(staff, other_id, "not_applicable", "Uwaga nie dotyczy treści programu.")
    staff.goto(f"{base}/manage/consultations/{world['id']}/report")
    staff.locator("form[action$='/report/publish'] button").click()
    expect(staff.locator(".flash-success").first).to_be_visible()

    mail = text_of(mailbox.last_to(COMMENTER))
    assert ANSWER in mail and f"/consultations/{slug}/report" in mail

    page.goto(f"{base}/consultations/{slug}/report")
    expect(page.locator("main")).to_contain_text(ANSWER)
    assert_accessible(page)

    workbook = openpyxl.load_workbook(io.BytesIO(download(page, base,
                                                          f"/consultations/{slug}/report.xlsx")))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = next(row for row in rows if row and "Lp." in row)
    ours = next(row for row in rows if row and BODY in row)
    column = {name: header.index(name) for name in header if name}
    assert ours[column["Podmiot zgłaszający"]].startswith("Stowarzyszenie Wolontariusze Płońska")
    assert ours[column["Treść uwagi"]] == BODY
    assert ours[column["Proponowany zapis"]] == PROPOSED
    assert ours[column["Uzasadnienie uwagi"]] == WHY
    assert ours[column["Stanowisko"]] == "uwzględniona"
    assert ours[column["Uzasadnienie stanowiska"]] == ANSWER

    document = docx.Document(io.BytesIO(download(page, base, f"/consultations/{slug}/report.docx")))
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    table = next(t for t in document.tables if "Lp." in [c.text for c in t.rows[0].cells])
    titles = [cell.text for cell in table.rows[0].cells]
    row = next(r for r in table.rows if BODY in [c.text for c in r.cells])
    cells = [cell.text for cell in row.cells]
    assert cells[titles.index("Treść uwagi")] == BODY
    assert cells[titles.index("Stanowisko")] == "uwzględniona"
    assert cells[titles.index("Uzasadnienie stanowiska")] == ANSWER
