"""The federation's interventions in a browser: staff log one to Płońsk with its letter,
record the reply and the outcome, publish a summary, and the JST's public page shows the
summary (and nothing else of it). On phones (320 and 360 px) and a desktop, in Polish and
English; axe finds nothing on any page, and no page scrolls sideways."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.cooperation.services import warsaw_today
from tests.cooperation import conftest as cooperation

from .axe import check_page
from .signing_in import sign_in

jst = cooperation.jst  # the region from the monitor's own tests

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 760}
SMALL_PHONE = {"width": 320, "height": 720}
VIEWS = [pytest.param(SMALL_PHONE, "pl", id="phone320-pl"),
         pytest.param(PHONE, "pl", id="phone360-pl"), pytest.param(PHONE, "en", id="phone360-en"),
         pytest.param(DESKTOP, "pl", id="desktop-pl"),
         pytest.param(DESKTOP, "en", id="desktop-en")]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DETAILS = "Rozmowa z sekretarzem gminy: projekt czeka na sesję."
REPLY = "Rada uchwali program na sesji 15 stycznia."
SUMMARY = "Federacja wezwała gminę do uchwalenia programu współpracy; rada uchwaliła go w styczniu."



@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_staff_log_an_intervention_and_publish_its_summary(
        new_context, live_server, jst, user_factory, viewport, language):
    base = live_server
    user_factory(role=STAFF, email="staff@example.org")
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, "staff@example.org")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{base}/manage/")
    page.locator('nav.manage-nav a[href="/manage/cooperation/interventions/"]').click()
    expect(page.locator("#interventions-table")).to_be_visible()
    check_page(page, viewport)

    page.goto(f"{base}/manage/cooperation/1420011/")
    page.locator("#new-intervention").click()
    expect(page.locator("#intervention-form")).to_be_visible()
    check_page(page, viewport)

    today = warsaw_today()
    form = page.locator("#intervention-form")
    form.locator("#sent_on").fill((today - timedelta(days=14)).isoformat())
    form.locator("#subject").fill("Wezwanie do uchwalenia programu współpracy")
    form.locator("#problem").select_option("programme_not_adopted")
    form.locator("#details").fill(DETAILS)
    form.locator("#letter").set_input_files(
        {"name": "wezwanie.pdf", "mimeType": "application/pdf", "buffer": PDF})
    form.locator("#reply_on").fill((today - timedelta(days=20)).isoformat())  # before it
    form.locator("button[type=submit]").click()
    expect(page.locator("#reply_on-error")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#details")).to_have_value(DETAILS)
    check_page(page, viewport)

    page.locator("#reply_on").fill("")
    page.locator("#letter").set_input_files(
        {"name": "wezwanie.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.locator("#intervention-form button[type=submit]").click()
    expect(page.locator("#letter-link")).to_contain_text("wezwanie.pdf")
    check_page(page, viewport)

    page.locator("#reply_on").fill((today - timedelta(days=3)).isoformat())
    page.locator("#reply").fill(REPLY)
    page.locator("#outcome").select_option("resolved")
    page.locator("#outcome_note").fill("Program uchwalony.")
    page.locator("#public_summary").fill(SUMMARY)
    page.locator("#intervention-form button[type=submit]").click()
    expect(page.locator(".flash").first).to_be_visible()
    expect(page.locator("#outcome")).to_have_value("resolved")
    expect(page.locator("#outcome-history")).to_contain_text("Program uchwalony.")
    check_page(page, viewport)

    page.locator("#publishing button[type=submit]").click()
    expect(page.locator("#publishing input[name=publish]")).to_have_value("0")
    check_page(page, viewport)

    page.goto(f"{base}/cooperation/1420011/")
    expect(page.locator("#intervention-summaries")).to_contain_text(SUMMARY)
    body = page.locator("main").inner_text()
    assert DETAILS not in body and REPLY not in body and "wezwanie.pdf" not in body
    check_page(page, viewport)
