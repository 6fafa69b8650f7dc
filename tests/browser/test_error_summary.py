"""After a failed submission the error summary has focus and the page's title starts with
"Błąd:" / "Error:" (the GOV.UK pattern), on public and staff forms, in both languages and
without JavaScript; a page without errors keeps its plain title."""

import pytest
from playwright.sync_api import expect

from consult.demo import DEMO_PASSWORD, seed_demo
from consult.extensions import db

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PREFIX = {"pl": "Błąd: ", "en": "Error: "}


@pytest.fixture
def demo(live_app):
    with live_app.app_context():
        seed_demo()
        db.session.remove()


def in_language(page, base, language):
    page.goto(base + "/auth/login")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


def assert_error_reported(page, language):
    summary = page.locator(".error-summary").first
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith(PREFIX[language]), page.title()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_forms_focus_their_errors(page, live_server, demo, language):
    base = live_server
    in_language(page, base, language)
    assert not page.title().startswith(PREFIX[language])

    page.locator("input[name=email]").fill("nobody@example.org")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main form button[type=submit]").click()
    assert_error_reported(page, language)

    page.goto(base + "/events/")
    page.locator("main .event-item h2 a").first.click()
    page.locator("main a.button[href$='/register']").click()
    page.locator("main form button[type=submit]").last.click()
    assert_error_reported(page, language)

    sign_in(page, base, "user@example.org", DEMO_PASSWORD)
    page.goto(base + "/consultations/")
    page.locator("main h2 a").first.click()
    page.locator("main a[href*='/comment']").first.click()
    page.locator("main form button[type=submit]").last.click()
    assert_error_reported(page, language)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_staff_forms_focus_their_errors(page, live_server, demo, language):
    base = live_server
    in_language(page, base, language)
    sign_in(page, base, "staff@example.org", DEMO_PASSWORD)
    for path in ("/manage/organisations/new", "/manage/events/new",
                 "/manage/consultations/new"):
        page.goto(base + path)
        assert not page.title().startswith(PREFIX[language])
        page.locator("main form[method=post] button[type=submit]").last.click()
        assert_error_reported(page, language)

    # A comment answered without a decision, on the list of all comments.
    page.goto(base + "/manage/consultations/")
    page.locator("main table a").first.click()
    page.locator("main a[href$='/comments']").first.click()
    page.locator("main form.answer-form button[type=submit]").first.click()
    assert_error_reported(page, language)
    page.locator(".error-summary a").click()
    expect(page.locator("main select[aria-invalid=true]")).to_be_focused()


def test_errors_are_focused_without_javascript(new_context, live_server, demo):
    """The summary is focused by its autofocus attribute, not by a script."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server + "/auth/register")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.title().startswith(PREFIX["pl"])
