"""A respondent answers the survey on a phone through a personal link: answers the first
page, closes the browser half-way, comes back through the same link to where they stopped
with their answers kept, and sends the questionnaire; the link then says it has been used.
At 360 and 320 px and on a desktop, in Polish and English; axe finds nothing on any page."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.cooperation.services import warsaw_today
from consult.extensions import db
from tests.research import conftest as research
from tests.research.invite import invite

from .axe import check_page

plonsk, diagnosis_factory = research.plonsk, research.diagnosis_factory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
VIEWS = [pytest.param(PHONE, "pl", id="phone-pl"), pytest.param(PHONE, "en", id="phone-en"),
         pytest.param(NARROW, "pl", id="320-pl"), pytest.param(DESKTOP, "en", id="desktop-en")]



def open_link(new_context, url, viewport, language):
    page = new_context(viewport=viewport).new_page()
    page.goto(url)
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    return page


@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_a_respondent_leaves_half_way_comes_back_and_finishes(
        app, new_context, live_server, diagnosis_factory, viewport, language):
    today = warsaw_today()
    diagnosis = diagnosis_factory(opens_on=today - timedelta(days=2),
                                  closes_on=today + timedelta(days=10))
    first, second = diagnosis.areas[0], diagnosis.areas[1]
    q1, q2, yes_no = first.indicators[0], first.indicators[1], first.indicators[4]
    number = second.indicators[5]
    url = f"{live_server}/survey/i/{invite(app, diagnosis)}"

    page = open_link(new_context, url, viewport, language)
    title = first.title_en if language == "en" else first.title_pl
    expect(page.locator("h2#questions")).to_have_text(title)
    expect(page.locator(f"fieldset#q{q1.id} legend")).to_have_text(
        q1.text_en if language == "en" else q1.text_pl)
    check_page(page, viewport)
    page.locator(f"#q{q1.id}-3").check()
    page.locator(f"#q{q2.id}-5").check()  # "hard to say", the last option
    page.locator(f"#q{yes_no.id}-0").check()  # yes
    page.locator("button[value=next]").click()
    expect(page.locator("progress")).to_have_attribute("value", "2")
    # A number that is not one: the error next to the field, what was typed kept.
    page.locator(f"#q{number.id}").fill("kilka")
    page.locator("button[value=next]").click()
    expect(page.locator(f"#q{number.id}-error")).to_be_visible()
    expect(page.locator(f"#q{number.id}")).to_have_value("kilka")
    check_page(page, viewport)
    page.locator(f"#q{number.id}").fill("3")
    page.locator("button[value=next]").click()
    expect(page.locator("progress")).to_have_attribute("value", "3")
    page.context.close()  # half-way: the phone's browser is closed

    page = open_link(new_context, url, viewport, language)
    expect(page.locator("progress")).to_have_attribute("value", "3")
    page.locator("button[value=back]").click()
    expect(page.locator(f"#q{number.id}")).to_have_value("3")
    page.locator("button[value=back]").click()
    expect(page.locator(f"#q{q1.id}-3")).to_be_checked()
    expect(page.locator(f"#q{q2.id}-5")).to_be_checked()
    expect(page.locator(f"#q{yes_no.id}-0")).to_be_checked()
    check_page(page, viewport)
    for _page in range(3):
        page.locator("button[value=next]").click()
    expect(page.locator("progress")).to_have_attribute("value", "4")
    text = diagnosis.areas[3].indicators[2]
    page.locator(f"#q{text.id}").fill("Więcej spotkań z organizacjami.")
    check_page(page, viewport)
    page.locator("button[value=send]").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server}/survey/thanks")))
    check_page(page, viewport)

    page.goto(url)
    expect(page.locator("main input[type=radio]")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)
    check_page(page, viewport)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_link_of_a_survey_not_yet_open_says_when_it_takes_answers(
        app, new_context, live_server, diagnosis_factory, language):
    today = warsaw_today()
    diagnosis = diagnosis_factory(opens_on=today - timedelta(days=1),
                                  closes_on=today + timedelta(days=10))
    url = f"{live_server}/survey/i/{invite(app, diagnosis)}"
    diagnosis.opens_on = today + timedelta(days=3)
    db.session.commit()
    page = open_link(new_context, url, PHONE, language)
    expect(page.locator("main input[type=radio]")).to_have_count(0)
    expect(page.locator("main time, main p").first).to_be_visible()
    check_page(page, PHONE)
