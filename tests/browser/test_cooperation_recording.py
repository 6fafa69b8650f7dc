"""Recording the cycle in a browser: staff record an adopted programme with its source (after
a wrong address, shown next to its field with what was typed), and it shows on the public
page; a manager records their own JST's report and cannot open another JST's. On a phone
(320 px) and a desktop, in Polish and English; axe finds nothing on any page."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import MANAGER, STAFF
from tests.cooperation import conftest as cooperation

from .axe import assert_accessible, check_page
from .signing_in import sign_in

# The region from the monitor's own tests.
jst, this_year = cooperation.jst, cooperation.this_year

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 720}
SOURCE = "https://bip.plonsk.pl/uchwala-xii-85"
VIEWS = [pytest.param(PHONE, "pl", id="phone-pl"), pytest.param(PHONE, "en", id="phone-en"),
         pytest.param(DESKTOP, "pl", id="desktop-pl"),
         pytest.param(DESKTOP, "en", id="desktop-en")]


def signed_in_page(new_context, base, email, viewport, language):
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, email)
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    return page



def open_form(page, key: str):
    page.locator(f"details:has(#{key}-form) > summary").click()
    return page.locator(f"#{key}-form")


@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_staff_record_an_adopted_programme_with_its_source(new_context, live_server, jst,
                                                           this_year, user_factory,
                                                           viewport, language):
    base = live_server
    user_factory(role=STAFF, email="staff@example.org")
    page = signed_in_page(new_context, base, "staff@example.org", viewport, language)
    page.goto(f"{base}/manage/")
    page.locator('nav.manage-nav a[href="/manage/cooperation/"]').click()
    expect(page.locator("#cooperation-table")).to_be_visible()
    check_page(page, viewport)

    page.locator("#q").fill("plonsk")  # without Polish letters: Płońsk and powiat płoński
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#cooperation-table tbody tr")).to_have_count(2)
    check_page(page, viewport)
    page.locator('#cooperation-table a[href="/manage/cooperation/1420011/"]').click()
    expect(page.locator("h1")).to_contain_text("Płońsk")
    check_page(page, viewport)

    key = f"adopted-{this_year}"
    form = open_form(page, key)
    form.locator(f"#{key}-happened_on").fill(f"{this_year - 1}-11-27")
    form.locator(f"#{key}-reference").fill(f"XII/85/{this_year - 1}")
    form.locator(f"#{key}-source_url").fill("bip.plonsk.pl/uchwala")
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#{key}-source_url-error")).to_be_visible()
    expect(page.locator(f"#{key}-source_url")).to_have_value("bip.plonsk.pl/uchwala")
    expect(page.locator(f"#{key}-reference")).to_have_value(f"XII/85/{this_year - 1}")
    expect(page.locator(".error-summary")).to_be_focused()
    check_page(page, viewport)

    page.locator(f"#{key}-source_url").fill(SOURCE)
    page.locator(f"#{key}-form button[type=submit]").click()
    expect(page.locator(".flash").first).to_be_visible()
    expect(page.locator(f"#{key}-current")).to_contain_text(f"XII/85/{this_year - 1}")
    expect(page.locator("#history-table")).to_contain_text("bip.plonsk.pl")
    check_page(page, viewport)

    page.goto(f"{base}/cooperation/?year={this_year}")
    expect(page.locator(f'#cycle-table a[href="{SOURCE}"]')).to_have_count(1)
    assert_accessible(page)  # the public page's own width is its tests' business


@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_a_manager_records_their_own_report_and_cannot_open_another(
        new_context, live_server, jst, this_year, user_factory, viewport, language):
    base = live_server
    user_factory(role=MANAGER, email="manager@example.org", institutions=[jst["plonsk"]])
    page = signed_in_page(new_context, base, "manager@example.org", viewport, language)
    page.goto(f"{base}/manage/cooperation/")
    expect(page.locator("#cooperation-table tbody tr")).to_have_count(1)
    check_page(page, viewport)
    page.locator('#cooperation-table a[href="/manage/cooperation/1420011/"]').click()
    expect(page.locator("h1")).to_contain_text("Płońsk")
    check_page(page, viewport)

    key = f"report-{this_year - 1}"
    form = open_form(page, key)
    form.locator(f"#{key}-happened_on").fill(f"{this_year}-05-20")
    form.locator(f"#{key}-source_url").fill("https://bip.plonsk.pl/sprawozdanie")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash").first).to_be_visible()
    expect(page.locator(f"#{key}-current")).to_contain_text("bip.plonsk.pl")
    check_page(page, viewport)

    response = page.goto(f"{base}/manage/cooperation/{jst['raciaz'].teryt}/")
    assert response.status == 403
    check_page(page, viewport)
