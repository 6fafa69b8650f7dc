"""A visitor filters the region's table of programmes of cooperation and reads a JST's
page, on a phone (360 px) and on a desktop, in Polish and in English; axe finds nothing."""

import pytest
from playwright.sync_api import expect

from tests.cooperation import conftest as cooperation

from .axe import assert_accessible

# The region and its records, from the monitor's own tests.
jst, record_factory, this_year = cooperation.jst, cooperation.record_factory, cooperation.this_year
cycle = cooperation.cycle

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_visitor_filters_the_region_and_reads_a_jst(new_context, live_server, cycle,
                                                      viewport, language):
    base = live_server
    page = new_context(viewport=viewport).new_page()
    page.goto(f"{base}/")
    if language == "en":
        page.locator("header").locator("button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('main a[href="/cooperation/"]').click()
    expect(page.locator("h1")).to_contain_text(str(cycle["year"]))
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    table = page.locator("#cycle-table tbody")
    expect(table.locator("tr")).to_have_count(6)

    page.locator("#powiat").select_option("1420")
    page.locator("#kind").select_option("gmina_wiejska")
    page.locator("form.filters button[type=submit]").click()
    expect(table.locator("tr")).to_have_count(1)
    expect(table.locator("tr").first).to_contain_text("Baboszewo")
    assert_accessible(page)

    page.locator("#year").select_option(str(cycle["last"]))
    page.locator("#powiat").select_option("")
    page.locator("#kind").select_option("")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(str(cycle["last"]))
    table.get_by_role("link", name="Płońsk", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Płońsk")
    expect(page.locator(f"#year-{cycle['last']}")).to_contain_text(f"XI/70/{cycle['last'] - 1}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
