"""Staff prepare a survey in a browser: create a diagnosis of Płońsk, edit a question of
its questionnaire, open it, turn on a group's open link and paste invitations (a wrong
line first: shown next to the field with what was typed). On a phone and a desktop, in
Polish and English; axe finds nothing on any page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.auth.models import STAFF
from consult.cooperation.services import warsaw_today
from consult.extensions import db
from consult.research.models import Diagnosis, DiagnosisStatus, Invitation
from tests.research import conftest as research

from .axe import check_page
from .signing_in import sign_in

plonsk = research.plonsk

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
VIEWS = [pytest.param(PHONE, "pl", id="phone-pl"), pytest.param(PHONE, "en", id="phone-en"),
         pytest.param(DESKTOP, "pl", id="desktop-pl"),
         pytest.param(DESKTOP, "en", id="desktop-en")]



@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_staff_prepare_open_and_invite(app, new_context, live_server, plonsk, user_factory,
                                       viewport, language):
    base = live_server
    user_factory(role=STAFF, email="staff@example.org")
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, "staff@example.org")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{base}/manage/")
    page.locator('nav.manage-nav a[href="/manage/research/"]').click()
    expect(page.locator("#diagnoses-table")).to_be_visible()
    check_page(page, viewport)

    page.locator('main a[href="/manage/research/new"]').click()
    today = warsaw_today()
    page.locator("#year").fill(str(today.year))
    page.locator("#opens_on").fill(today.isoformat())
    page.locator("#closes_on").fill((today - timedelta(days=1)).isoformat())
    page.locator(f"input[name=institutions][value='{plonsk.id}']").check()
    check_page(page, viewport)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#closes_on-error")).to_be_visible()
    expect(page.locator(f"input[name=institutions][value='{plonsk.id}']")).to_be_checked()
    check_page(page, viewport)
    page.locator("#closes_on").fill((today + timedelta(days=14)).isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#diagnosis-status")).to_be_visible()
    check_page(page, viewport)

    with app.app_context():
        diagnosis = db.session.scalar(select(Diagnosis))
        diagnosis_id, question_id = diagnosis.id, diagnosis.areas[0].indicators[0].id
    page.locator(f'main a[href="/manage/research/{diagnosis_id}/questionnaire"]').click()
    check_page(page, viewport)
    page.locator(f'a[href="/manage/research/{diagnosis_id}/questions/{question_id}"]').click()
    page.locator("#text_en").fill("Draft resolutions are consulted with NGOs in good time.")
    page.locator("#labels_en").fill("No")  # fewer than the Polish labels
    page.locator("main form.form button[type=submit]").click()
    expect(page.locator("#labels_en-error")).to_be_visible()
    check_page(page, viewport)
    page.locator("#labels_en").fill("Definitely not\nRather not\nNeither\nRather yes\n"
                                    "Definitely yes")
    page.locator("main form.form button[type=submit]").click()
    expect(page.locator(f"#question-{question_id}")).to_contain_text("in good time")
    check_page(page, viewport)

    page.goto(f"{base}/manage/research/{diagnosis_id}/")
    page.locator("main form button[type=submit]").first.click()  # open the diagnosis
    expect(page.locator("#diagnosis-status")).not_to_contain_text(
        "draft" if language == "en" else "szkic")
    page.locator("table button[name=open][value=on]").first.click()
    expect(page.locator("#open-link-url")).to_contain_text("/survey/o/")
    check_page(page, viewport)

    page.locator(f'main a[href="/manage/research/{diagnosis_id}/invitations"]').first.click()
    page.locator("#addresses").fill("biuro@fundacja.example.org\nto nie adres")
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator("#addresses-error")).to_be_visible()
    expect(page.locator("#addresses")).to_have_value("biuro@fundacja.example.org\nto nie adres")
    check_page(page, viewport)
    page.locator("#addresses").fill("biuro@fundacja.example.org\nrada@example.org;councillors")
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator("#invitations-table")).to_contain_text("1")
    page.locator(f'form[action="/manage/research/{diagnosis_id}/invitations/send"] button'
                 ).click()
    check_page(page, viewport)
    with app.app_context():
        assert db.session.scalar(select(Diagnosis.status)) == DiagnosisStatus.OPEN
        sent = [i.sent_at is not None for i in db.session.scalars(select(Invitation))]
        assert sent == [True, True]
