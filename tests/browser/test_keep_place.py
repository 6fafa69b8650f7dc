"""A resident presses "Comment on this part", has no account yet, signs up, confirms the
address from the e-mail and lands on that part's comment form with the part chosen: on a
phone in Polish and on a desktop in English (the browser's English locale is enough), axe
at zero on every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, text_of

from .axe import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}


@pytest.mark.parametrize("locale, device, words", [
    ("pl-PL", PHONE, {"register": "Załóż konto", "confirm": "Potwierdź mój adres"}),
    ("en-GB", DESKTOP, {"register": "Create an account", "confirm": "Confirm my address"}),
])
def test_sign_up_from_a_section_ends_on_its_comment_form(
        new_context, live_server, consultation_factory, mailbox, locale, device, words):
    consultation = consultation_factory()
    section = consultation.sections[2]
    email = f"mieszkanka-{locale.lower()}@example.org"
    page = new_context(locale=locale, **device).new_page()

    page.goto(f"{live_server}/consultations/{consultation.slug}/")
    assert page.locator("html").get_attribute("lang") == locale[:2]
    assert_accessible(page)
    page.locator(f"main a[href$='comment?section={section.id}']").first.click()

    expect(page).to_have_url(re.compile(r"/auth/login\?next="))
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=words["register"]).click()

    expect(page).to_have_url(re.compile(r"/auth/register\?next="))
    page.locator("input[name=full_name]").fill("Ewa Mieszkanka")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password_confirm]").fill(PASSWORD)
    page.locator("input[name=consent_rodo]").check()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(email)
    assert_accessible(page)

    link = re.search(r"https?://\S+/auth/verify/\S+", text_of(mailbox.last_to(email))).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name=words["confirm"]).click()

    expect(page).to_have_url(
        f"{live_server}/consultations/{consultation.slug}/comment?section={section.id}")
    expect(page.locator("#wording-section option:checked")).to_have_text(
        re.compile(re.escape(section.title)))
    expect(page.locator("main textarea[name=body]")).to_be_visible()
    assert_accessible(page)
