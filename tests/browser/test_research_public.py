"""Staff publish the results of a closed diagnosis, and the public reads them: the list at
/research/ and the diagnosis's page with its charts and tables, the councillors (under the
threshold) without a figure. At 360 and 320 px and on a desktop, in Polish and English; axe
finds nothing on any page and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.research.models import DiagnosisStatus, QuestionKind
from tests.research import conftest as research

from .axe import check_page
from .signing_in import sign_in

plonsk, diagnosis_factory = research.plonsk, research.diagnosis_factory
response_factory = research.response_factory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
VIEWS = [pytest.param(PHONE, "pl", id="phone-pl"), pytest.param(PHONE, "en", id="phone-en"),
         pytest.param(NARROW, "pl", id="320-pl"), pytest.param(NARROW, "en", id="320-en"),
         pytest.param(DESKTOP, "pl", id="desktop-pl"), pytest.param(DESKTOP, "en",
                                                                     id="desktop-en")]



@pytest.fixture
def closed_diagnosis(diagnosis_factory, response_factory):
    """NGOs 5 (rather not), officials 6 (rather yes), councillors 2: under the threshold."""
    diagnosis = diagnosis_factory(status=DiagnosisStatus.CLOSED)
    scale = research.questions_of(diagnosis, QuestionKind.SCALE)
    text = research.questions_of(diagnosis, QuestionKind.TEXT)[0]
    for key, count, choice in (("ngo", 5, 1), ("officials", 6, 3), ("councillors", 2, 4)):
        for n in range(count):
            response_factory(diagnosis, key, {**{q: choice for q in scale},
                                              text: f"Uwaga {key} {n}"})
    return diagnosis


@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_staff_publish_and_the_public_reads_the_results(
        new_context, live_server, user_factory, closed_diagnosis, viewport, language):
    base = live_server
    user_factory(role=STAFF, email="staff@example.org")
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, "staff@example.org")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{base}/manage/research/{closed_diagnosis.id}/results")
    expect(page.locator("#response-counts li").nth(2)).to_contain_text("2")
    expect(page.locator("main")).to_contain_text("Uwaga councillors 0")
    check_page(page, viewport)
    page.locator("#summary").fill("**Organizacje** oceniają współpracę niżej.")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main")).to_contain_text(f"/research/{closed_diagnosis.slug}/")
    check_page(page, viewport)

    visitor = new_context(viewport=viewport).new_page()
    visitor.goto(f"{base}/")
    if language == "en":
        visitor.locator("header button[name=language][value=en]").click()
        expect(visitor.locator("html")).to_have_attribute("lang", "en")
    visitor.locator('footer a[href="/research/"]').click()
    expect(visitor.locator("#diagnoses tbody tr")).to_have_count(1)
    check_page(visitor, viewport)
    visitor.locator("#diagnoses tbody a").click()
    expect(visitor.locator("h1")).to_have_text(closed_diagnosis.title)
    expect(visitor.locator(".prose strong")).to_have_text("Organizacje")
    expect(visitor.locator("svg.research-chart")).to_have_count(1)
    # NGOs 25, officials 75 on every area; the councillors have no figure.
    rows = visitor.locator("#areas-table tbody tr")
    expect(rows.first.locator("td").nth(1)).to_have_text("25")
    expect(rows.first.locator("td").nth(2)).to_have_text("75")
    expect(rows.first.locator("td").nth(3)).not_to_contain_text("100")
    expect(visitor.locator(".research-gap")).to_contain_text("50")
    expect(visitor.locator("main")).not_to_contain_text("Uwaga")
    check_page(visitor, viewport)
