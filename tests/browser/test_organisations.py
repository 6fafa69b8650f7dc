"""The register in a browser: staff merge two spellings of one foundation and see the links
move; a visitor reads the public listing on a phone (320 and 360 px) and a desktop, in
Polish and in English; axe finds nothing."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.extensions import db
from consult.institutions.models import COUNTY, URBAN_GMINA, Organisation
from tests.events.test_impact import PAST, attendee

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
SMALL_PHONE = {"width": 320, "height": 640}


def add(**fields) -> Organisation:
    org = Organisation(**fields)
    db.session.add(org)
    db.session.commit()
    return org


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_merge_two_duplicates(new_context, live_server, live_app, user_factory,
                                    event_factory, viewport):
    base = live_server
    user_factory(role=STAFF, email="staff@example.org")
    with live_app.app_context():
        kept = add(name="Fundacja Łódź", krs="0000123456")
        duplicate = add(name="fundacja lodz", nip="5260250274")
        attendee(event_factory(title="Szkolenie z dotacji", starts_in=PAST), "ala@example.org",
                 full_name="Ala Kot", organisation="fundacja lodz",
                 organisation_id=duplicate.id)
        kept_id = kept.id
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/manage/organisations")
    duplicates = page.locator("#duplicates-heading + ul")
    expect(duplicates).to_contain_text("fundacja lodz")
    duplicates.get_by_role("link").last.click()
    expect(page.locator("#kept_id")).to_have_value(str(kept_id))
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Fundacja Łódź")
    expect(page.locator("#organisation-registrations")).to_contain_text("Ala Kot")
    expect(page.locator("#merges-heading + ul")).to_contain_text("fundacja lodz")
    assert_accessible(page)
    with live_app.app_context():
        assert db.session.get(Organisation, kept_id).nip == "5260250274"
        assert db.session.query(Organisation).count() == 1


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE, SMALL_PHONE],
                         ids=["desktop", "phone", "small-phone"])
def test_a_visitor_reads_the_public_listing(new_context, live_server, live_app,
                                            institution_factory, viewport, language):
    base = live_server
    with live_app.app_context():
        county = institution_factory(teryt="1420", name="płoński", kind=COUNTY)
        plonsk = institution_factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA,
                                     parent=county)
        listed = add(name="Stowarzyszenie Przyjaciół Ziemi Płońskiej i Okolicznych Gmin",
                     legal_form="association", areas="culture local_development",
                     gmina_id=plonsk.id, powiat_id=county.id, public_listing=True,
                     website="https://ziemia-plonska.example.org", email="biuro@example.org")
        add(name="Fundacja Bez Zgody")
        listed_id = listed.id
    page = new_context(viewport=viewport).new_page()
    page.goto(f"{base}/")
    if language == "en":
        page.locator("header").locator("button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('footer a[href="/organisations/"]').click()
    expect(page.locator("main")).to_contain_text("Stowarzyszenie Przyjaciół Ziemi Płońskiej")
    expect(page.locator("main")).not_to_contain_text("Fundacja Bez Zgody")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.locator("#area").select_option("culture")
    page.locator("form.filters button[type=submit]").click()
    page.locator(f'main a[href="/organisations/{listed_id}"]').click()
    expect(page.locator("main")).to_contain_text("https://ziemia-plonska.example.org")
    expect(page.locator("main")).not_to_contain_text("biuro@example.org")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
