"""Projects in a browser: a visitor finds the demo's projects from the footer, reads the
Koalicja's page (facts, notice, counters, events, materials, news) in Polish and English at
320 and 360 px and on a desktop; staff log advice in the project and see its counter move,
and download the funder's report. axe finds nothing on any page and nothing scrolls
sideways."""

import pytest
from playwright.sync_api import expect

from consult.demo import DEMO_PASSWORD, seed_demo
from consult.extensions import db
from consult.projects.demo import KOALICJA

from .axe import check_page
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
VIEWS = [pytest.param(PHONE, "pl", id="phone-pl"), pytest.param(PHONE, "en", id="phone-en"),
         pytest.param(NARROW, "pl", id="320-pl"), pytest.param(DESKTOP, "pl", id="desktop-pl"),
         pytest.param(DESKTOP, "en", id="desktop-en")]
SLUG = "mazowiecka-koalicja-na-rzecz-dialogu-ngo-jst"



@pytest.fixture
def demo(live_app):
    with live_app.app_context():
        seed_demo()
        db.session.commit()


@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_a_visitor_reads_a_projects_page(new_context, live_server, demo, viewport, language):
    base = live_server
    page = new_context(viewport=viewport).new_page()
    page.goto(f"{base}/")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('footer a[href="/projects/"]').click()
    expect(page.locator("#projects .project-item")).to_have_count(2)
    check_page(page, viewport)
    page.locator("#projects a", has_text=KOALICJA).click()
    expect(page.locator("h1")).to_have_text(KOALICJA)
    expect(page.locator("#project-recipients")).to_have_text("20")
    expect(page.locator("#project-events_held")).to_have_text("4")
    expect(page.locator("#project-facts")).to_contain_text("135")
    expect(page.locator("#partners")).to_contain_text("Starostwo Powiatowe w Płońsku")
    expect(page.locator("#project-event-list tbody tr")).to_have_count(4)
    expect(page.locator("#project-materials")).to_contain_text("Rada działalności")
    expect(page.locator("#project-news")).to_contain_text("podsumowuje")
    check_page(page, viewport)


def test_staff_log_advice_and_the_projects_counter_moves(new_context, live_server, live_app,
                                                          demo):
    base = live_server
    page = new_context(viewport=DESKTOP, accept_downloads=True).new_page()
    sign_in(page, base, "staff@example.org", DEMO_PASSWORD)
    page.goto(f"{base}/projects/{SLUG}/")
    expect(page.locator("#project-advice_hours")).to_have_text("6,5")
    page.goto(f"{base}/manage/advice/new")
    form = page.locator("#advice-form")
    form.locator("#advised").fill("Fundacja Dobry Start")
    form.locator("#minutes").fill("90")
    form.locator("#topic").fill("Sprawozdanie z realizacji zadania publicznego")
    form.locator("#funding_project").select_option(label=KOALICJA)
    form.locator("button[type=submit]:not([name])").click()
    expect(page.locator("#advice-table")).to_contain_text("Sprawozdanie z realizacji")
    page.goto(f"{base}/projects/{SLUG}/")
    expect(page.locator("#project-advice_hours")).to_have_text("8")
    check_page(page, DESKTOP)

    page.goto(f"{base}/manage/events/projects")
    page.locator("#projects-table a", has_text=KOALICJA).click()
    expect(page.locator("#report-form")).to_be_visible()
    check_page(page, DESKTOP)
    with page.expect_download() as download:
        page.locator("#report-form button", has_text="DOCX").click()
    assert download.value.suggested_filename.endswith(".docx")
