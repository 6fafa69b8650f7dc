"""A training coordinator registers three colleagues at once, without JavaScript-only
controls: adds a row, fixes a mistake the page points out, and sees each colleague's own
registration; at 320 px in Polish and on a desktop in English, axe finds nothing."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import USER

from .axe import check_page
from .signing_in import sign_in

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 720}
DESKTOP = {"width": 1280, "height": 900}



@pytest.mark.parametrize(("viewport", "language"), [pytest.param(NARROW, "pl", id="320-pl"),
                                                    pytest.param(DESKTOP, "en", id="desktop-en")])
def test_a_coordinator_registers_three_colleagues_at_once(new_context, live_server, app,
                                                          user_factory, event_factory,
                                                          viewport, language):
    base = live_server
    event = event_factory(title="Szkolenie z konsultacji", quotas={"ngo": 10, "jst": 5})
    user_factory(role=USER, email="koordynatorka@example.org")
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, "koordynatorka@example.org")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{base}/events/{event.slug}/")
    page.locator("#register-group-link").click()
    expect(page.locator("#group-form")).to_be_visible()
    check_page(page, viewport)
    page.locator("#organisation").fill("Fundacja Dobry Start")
    people = [("Anna Nowak", "anna@example.org", "ngo"), ("Jan Kowal", "", "ngo"),
              ("", "ewa@example.org", "jst")]
    for n, (name, email, category) in enumerate(people):
        page.locator(f"#people-{n}-full_name").fill(name)
        page.locator(f"#people-{n}-email").fill(email)
        page.locator(f"#people-{n}-category").select_option(category)
    page.locator("#group-form button[name=add_row]").click()
    expect(page.locator("#people-3-full_name")).to_be_visible()
    expect(page.locator("#people-1-full_name")).to_have_value("Jan Kowal")
    page.locator("#consent").check()
    page.locator("#group-form button[type=submit]:not([name])").click()
    expect(page.locator("#people-2-full_name-error")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    check_page(page, viewport)
    page.locator("#people-2-full_name").fill("Ewa Lis")
    page.locator("#consent").check()
    page.locator("#group-form button[type=submit]:not([name])").click()
    expect(page.locator("#group-registrations li")).to_have_count(3)
    check_page(page, viewport)
    page.locator("#group-registrations a", has_text="Jan Kowal").click()
    expect(page.locator("main")).to_contain_text("Jan Kowal")
    check_page(page, viewport)
