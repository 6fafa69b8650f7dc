"""The mailing list in the browser: the one-click unsubscribe page of a mailing in Polish
and English (also without JavaScript), and staff writing, previewing and sending a mailing.
axe finds nothing on any page."""

import re

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.extensions import db
from consult.institutions.models import Organisation
from consult.mailing import services
from consult.mailing.models import Subscriber

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 640}
BUTTON = "main form button[type=submit]"


@pytest.fixture
def token(live_app) -> str:
    with live_app.app_context():
        subscriber = services.subscribe("ola@example.org", "account")
        db.session.commit()
        return subscriber.token


def choose_language(page, language) -> None:
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


def _subscribed(live_app) -> bool:
    with live_app.app_context():
        return db.session.scalar(
            db.select(Subscriber.unsubscribed_at).where(Subscriber.email == "ola@example.org")
        ) is None


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_unsubscribe_page_in_both_languages(new_context, live_server, live_app, token,
                                                language):
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server}/mailing/unsubscribe/{token}")
    choose_language(page, language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main")).to_contain_text("ola@example.org")
    if language == "en":
        expect(page.locator(BUTTON)).to_have_text("Yes, stop the news")
    assert_accessible(page)
    heading = page.locator("h1").inner_text()
    assert _subscribed(live_app)
    page.locator(BUTTON).click()
    expect(page.locator("h1")).not_to_have_text(heading)
    expect(page.locator(BUTTON)).to_have_count(0)
    if language == "en":
        expect(page.locator("h1")).to_have_text("News stopped")
    assert_accessible(page)
    assert not _subscribed(live_app)


def test_the_unsubscribe_button_works_without_javascript(new_context, live_server, live_app,
                                                         token):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/mailing/unsubscribe/{token}")
    page.locator(BUTTON).click()
    expect(page.locator(BUTTON)).to_have_count(0)
    assert not _subscribed(live_app)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_staff_write_preview_and_send_a_mailing(new_context, live_server, live_app,
                                               user_factory, language):
    with live_app.app_context():
        services.subscribe("ola@example.org", "account")
        db.session.add(Organisation(name="Fundacja Przykładowa", email="biuro@fundacja.pl",
                                    areas="education"))
        db.session.add(Organisation(name="Klub Sportowy", email="klub@sport.pl", areas="sport"))
        db.session.commit()
        user_factory(role=STAFF, email="staff@example.org")
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, live_server, "staff@example.org")
    page.goto(f"{live_server}/manage/mailing/")
    choose_language(page, language)
    assert_accessible(page)
    page.locator("#subject").fill("Szkolenia w grudniu")
    page.locator("#body").fill("Zapraszamy na **szkolenia** z programu współpracy.")
    page.locator("#area").select_option("education")
    page.locator("button[name=preview]").click()
    expect(page.locator("#preview-heading")).to_contain_text(re.compile(r"\b2\b"))
    expect(page.locator("#preview-body strong")).to_have_text("szkolenia")
    assert_accessible(page)
    page.locator("button[name=send]").click()
    expect(page.locator("#mailings-table")).to_contain_text("Szkolenia w grudniu")
    assert_accessible(page)
    with live_app.app_context():
        from consult.core.mail import OutboxMessage
        assert sorted(db.session.scalars(db.select(OutboxMessage.recipient))) == [
            "biuro@fundacja.pl", "ola@example.org"]
