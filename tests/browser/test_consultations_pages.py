"""axe on every consultations page: public ones in Polish and English, staff ones signed in,
and forms showing their errors; a consultation with more comments than fit on its page
(collapsed to counts and links per section, a section's comments a page at a time)."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.consultations import adopted, report, services
from consult.consultations.models import ConsultationAttachment, Subscription
from consult.consultations.queries import COMMENTS_PER_PAGE, INLINE_LIMIT
from consult.extensions import db
from tests.consultations.conftest import add_comments, comment_on
from tests.consultations.reporting import closed_consultation

from .axe import assert_accessible
from .signing_in import sign_in
from .test_events_pages import check_both_languages

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_app, app, consultation_factory, user_factory, event_factory):
    """An open programme with comments, a flag and an attachment; a closed one with its
    report and adopted version published."""
    record = closed_consultation(consultation_factory, user_factory)
    closed = record.consultation
    with app.test_request_context():
        report.publish_report(closed)
        closed.sections[1].final_text = "Celem głównym jest partnerstwo i wolontariat."
        adopted.publish_final(closed)
        db.session.commit()
    meeting = event_factory(title="Spotkanie konsultacyjne", type="consultation_meeting")
    consultation = consultation_factory(title="Program współpracy na 2027 r.",
                                        institution=closed.institution, kind="annual")
    consultation.meetings = [meeting]
    consultation.sections[1].elements = "1"
    consultation.attachments = [ConsultationAttachment(
        title="Projekt programu (PDF)", filename="projekt.pdf", content_type="application/pdf",
        size=9, data=b"%PDF-1.4\n")]
    user = user_factory(full_name="Tomasz Mieszkaniec", email="user@example.org")
    mine = comment_on(consultation, user, section=consultation.sections[1], show_name=True)
    other = comment_on(consultation, record.jan, body="Uwaga do całości.")
    services.flag_comment(other, user, "Nie na temat")
    subscription = Subscription(email="obserwator@example.org", token="t" * 43,
                                consultation_id=consultation.id)
    db.session.add(subscription)
    user_factory(role=STAFF, email="staff@example.org")
    db.session.commit()
    many = consultation_factory(title="Uchwała o budżecie obywatelskim",
                                institution=closed.institution, kind="other")
    add_comments(many, record.jan, COMMENTS_PER_PAGE + 10, section=many.sections[1])
    add_comments(many, record.jan, INLINE_LIMIT - COMMENTS_PER_PAGE + 5)
    return {"open": consultation, "closed": closed, "mine": mine, "other": other,
            "token": subscription.token, "teryt": closed.institution.teryt,
            "many": many.slug, "many_section": many.sections[1].id}


def test_public_consultation_pages_are_accessible(page, live_server, world):
    base = live_server
    slug, closed, many = world["open"].slug, world["closed"].slug, world["many"]
    for path in ("/consultations/", "/consultations/?status=reported", f"/consultations/{slug}/",
                 f"/consultations/{many}/",
                 f"/consultations/{many}/?section={world['many_section']}&page=2",
                 f"/consultations/{slug}/print", f"/consultations/{closed}/",
                 f"/consultations/{closed}/?decision=accepted", f"/consultations/{closed}/report",
                 f"/consultations/{closed}/adopted", f"/consultations/{slug}/follow",
                 f"/consultations/institutions/{world['teryt']}/follow",
                 f"/consultations/subscriptions/{world['token']}/confirm",
                 f"/consultations/subscriptions/{world['token']}/unsubscribe"):
        check_both_languages(page, base + path)

    # Following without an account: the "check your inbox" page.
    page.goto(f"{base}/consultations/{slug}/")
    page.locator("#follow-email").fill("nowy@example.org")
    page.locator("#follow form button[type=submit], form:has(#follow-email) button").first.click()
    assert_accessible(page)

    sign_in(page, base, "user@example.org")
    mine, other = world["mine"].id, world["other"].id
    for path in (f"/consultations/{slug}/comment",
                 f"/consultations/{slug}/comment?section={world['open'].sections[2].id}",
                 f"/consultations/{slug}/comments/{mine}/edit",
                 f"/consultations/{slug}/comments/{mine}/withdraw",
                 f"/consultations/{slug}/comments/{other}/report", f"/consultations/{slug}/"):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert_accessible(page)
    # The comment form with errors: the summary links to the fields.
    page.goto(f"{base}/consultations/{slug}/comment")
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    # The session ends while a long comment is being typed: the text is shown back to copy.
    page.locator("textarea[name=body]").fill("Długa uwaga o programie. " * 80)
    page.context.clear_cookies()
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("Twoja sesja wygasła")
    expect(page.locator("#kept-body")).to_contain_text("Długa uwaga o programie.")
    assert_accessible(page)


def test_staff_consultation_pages_are_accessible(page, live_server, world):
    base = live_server
    sign_in(page, base, "staff@example.org")
    cid, closed = world["open"].id, world["closed"].id
    section = world["open"].sections[1].id
    paths = [
        "/manage/consultations/", "/manage/consultations/new",
        f"/manage/consultations/{cid}/", f"/manage/consultations/{cid}/edit",
        f"/manage/consultations/{cid}/attachments", f"/manage/consultations/{cid}/sections",
        f"/manage/consultations/{cid}/sections/import",
        f"/manage/consultations/{cid}/sections/new",
        f"/manage/consultations/{cid}/sections/{section}/edit",
        f"/manage/consultations/{cid}/checklist", f"/manage/consultations/{cid}/comments",
        f"/manage/consultations/{cid}/report", f"/manage/consultations/{cid}/final",
        f"/manage/consultations/{closed}/", f"/manage/consultations/{closed}/comments",
        f"/manage/consultations/{closed}/report", f"/manage/consultations/{closed}/final",
    ]
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert_accessible(page)

    # Forms with errors are accessible too.
    page.goto(base + "/manage/consultations/new")
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/manage/consultations/{cid}/comments")
    page.locator(f"#answer-{world['mine'].id} button[type=submit]").click()
    expect(page.locator(f"#answer-{world['mine'].id} .field-error").first).to_be_visible()
    assert_accessible(page)
