"""A resident signs in, opens My activity from the account menu, opens a registration and
changes the needs they gave: on a phone in Polish and on a desktop in English, axe at zero
on every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from consult.events import services
from consult.extensions import db
from tests.conftest import PASSWORD

from .axe import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
WORDS = {
    "pl": {"activity": "Moja aktywność", "page": "Strona Twojego zgłoszenia",
           "change": "Zmień swoje dane", "needs": "Potrzeby dotyczące dostępności",
           "save": "Zapisz moje dane", "saved": "Twoje dane zostały zapisane.",
           "waiting": "Twoja pozycja na liście rezerwowej: 1", "confirmed": "potwierdzone"},
    "en": {"activity": "My activity", "page": "Your registration page",
           "change": "Change your details", "needs": "Accessibility or dietary needs",
           "save": "Save my details", "saved": "Your details are saved.",
           "waiting": "Your position on the waiting list: 1", "confirmed": "confirmed"},
}


@pytest.mark.parametrize("locale, device", [("pl-PL", PHONE), ("en-GB", DESKTOP)])
def test_resident_finds_a_registration_in_my_activity_and_changes_needs(
        new_context, live_server, live_app, event_factory, user_factory, locale, device):
    words = WORDS[locale[:2]]
    email = f"mieszkanka-{locale.lower()}@example.org"
    user_factory(email=email, full_name="Ewa Mieszkanka")
    seat = event_factory(title="Spotkanie konsultacyjne w Płońsku")
    full = event_factory(title="Warsztat z budżetu obywatelskiego", capacity=1)
    for event, address in ((seat, email), (full, "ktos@example.org"), (full, email)):
        services.register(event, services.RegistrationData(
            full_name="Ewa Mieszkanka", email=address, category="resident"), staff=object())
    db.session.commit()
    page = new_context(locale=locale, **device).new_page()

    page.goto(f"{live_server}/")
    page.locator("header a[href^='/auth/login']").click()
    assert_accessible(page)
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.locator("header").get_by_role("link", name=words["activity"]).click()
    expect(page).to_have_url(f"{live_server}/account/activity")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["activity"])
    expect(page.locator("main")).to_contain_text(words["waiting"])
    assert_accessible(page)

    entry = page.locator("main li.event-item", has_text="Spotkanie konsultacyjne w Płońsku")
    expect(entry).to_contain_text(words["confirmed"])
    entry.get_by_role("link", name=re.compile(words["page"])).click()
    expect(page.locator("#registration-status")).to_have_text(words["confirmed"])
    assert_accessible(page)

    page.get_by_role("link", name=re.compile(words["change"])).click()
    expect(page).to_have_url(re.compile(r"/registrations/[\w-]+/edit$"))
    assert_accessible(page)
    page.get_by_label(words["needs"]).fill("pętla indukcyjna")
    page.locator("input[name=consent_needs]").check()
    page.get_by_role("button", name=words["save"]).click()

    expect(page.locator(".flash-region")).to_contain_text(words["saved"])
    expect(page.locator("#registration-needs")).to_have_text("pętla indukcyjna")
    assert_accessible(page)
