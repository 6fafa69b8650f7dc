"""The advice log in a browser: staff log advice for a registered organisation and a JST
found without JavaScript, correct a mistake the page points out, and see the impact page's
hours of advice move. On phones (320 and 360 px) and a desktop, in Polish and English; axe
finds nothing on any page, and no page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.extensions import db
from consult.institutions.models import Organisation

from .axe import check_page
from .signing_in import sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 760}
SMALL_PHONE = {"width": 320, "height": 720}
VIEWS = [pytest.param(SMALL_PHONE, "pl", id="phone320-pl"),
         pytest.param(PHONE, "pl", id="phone360-pl"), pytest.param(PHONE, "en", id="phone360-en"),
         pytest.param(DESKTOP, "pl", id="desktop-pl"),
         pytest.param(DESKTOP, "en", id="desktop-en")]
TOPIC = "Rozliczenie dotacji z otwartego konkursu ofert"



@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_staff_log_advice_and_the_impact_hours_move(
        new_context, live_server, app, institution_factory, user_factory, viewport, language):
    base = live_server
    institution_factory()  # Płońsk
    db.session.add(Organisation(name="Fundacja Dobry Start"))
    db.session.commit()
    user_factory(role=STAFF, email="staff@example.org")
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, "staff@example.org")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{base}/manage/events/impact")
    expect(page.locator("#impact-advice")).to_have_text("0 min")
    check_page(page, viewport)

    page.locator('nav.manage-nav a[href="/manage/advice/"]').click()
    expect(page.locator("#advice-table")).to_be_visible()
    check_page(page, viewport)
    page.locator("#advice-new").click()
    expect(page.locator("#advice-form")).to_be_visible()
    check_page(page, viewport)

    form = page.locator("#advice-form")
    form.locator("#advised").fill("Fundacja Dobry Start")
    form.locator("#institution_q").fill("plonsk")
    form.locator("button[name=find]").click()
    expect(page.locator("#institution option:checked")).to_contain_text("Płońsk")
    expect(page.locator("#advised")).to_have_value("Fundacja Dobry Start")
    check_page(page, viewport)

    page.locator("#minutes").fill("0")
    page.locator("#topic").fill(TOPIC)
    page.locator("#category").select_option("grants")
    page.locator("#mode").select_option("online")
    page.locator("#advice-form button[type=submit]:not([name])").click()
    expect(page.locator("#minutes-error")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#topic")).to_have_value(TOPIC)
    check_page(page, viewport)

    page.locator("#minutes").fill("165")
    page.locator("#advice-form button[type=submit]:not([name])").click()
    expect(page.locator("#advice-table")).to_contain_text(TOPIC)
    expect(page.locator("#advice-total-duration")).to_contain_text("45 min")
    check_page(page, viewport)

    page.goto(f"{base}/manage/events/impact")
    expect(page.locator("#impact-advice")).to_contain_text("2")
    expect(page.locator("#impact-advice")).to_contain_text("45 min")
    check_page(page, viewport)

    page.goto(f"{base}/manage/advice/")
    page.locator("#advice-table a").first.click()
    page.locator('a[href$="/delete"]').click()
    expect(page.locator("#advice-delete")).to_be_visible()
    check_page(page, viewport)
    page.locator("#advice-delete").click()
    expect(page.locator("#advice-total-duration")).to_have_text("0 min")
