"""Staff edit an event choosing its county and partners by name (desktop and 360 px); an
official joins the network with the short form at 320 px, in Polish and in English. axe
finds nothing on every page visited."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.auth.models import STAFF
from consult.events.models import Event
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.terc import BUNDLED_TERC, import_terc
from consult.network.models import Member, Visibility

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def region(app):
    """The JST of mazowieckie (the region) and wielkopolskie from the bundled register."""
    lines = BUNDLED_TERC.read_text(encoding="utf-8").splitlines()
    import_terc("\n".join(line for line in lines if line.startswith(("WOJ;", "14;", "30;"))))
    db.session.commit()
    return {inst.teryt: inst for inst in db.session.scalars(select(Institution))}


@pytest.mark.parametrize("viewport", [DESKTOP, {"width": 360, "height": 780}],
                         ids=["desktop", "phone"])
def test_staff_choose_the_county_and_partners_by_name(new_context, live_server, live_app,
                                                      region, user_factory, event_factory,
                                                      viewport):
    base = live_server
    user_factory(role=STAFF, email="staff@example.org")
    event = event_factory(title="Warsztat dla gmin", partners=[region["3005"]])  # from before
    page = new_context(viewport=viewport).new_page()
    sign_in(page, base, "staff@example.org")

    page.goto(f"{base}/manage/events/{event.id}/edit")
    assert_accessible(page)
    page.get_by_label("Powiat", exact=True).select_option(label="powiat płoński")
    partners = page.locator("#partners")
    expect(partners.locator("details[open] summary")).to_have_text(
        ["Wybrane wcześniej, spoza regionu (wybrane: 1)"])
    partners.locator("summary", has_text="powiat płoński").click()
    partners.get_by_role("checkbox", name="Płońsk (gmina miejska)").check()
    partners.locator("summary", has_text="Płock (miasto na prawach powiatu)").click()
    partners.get_by_role("checkbox", name="Płock (miasto na prawach powiatu)").check()
    assert_accessible(page)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text("Warsztat dla gmin")
    assert_accessible(page)

    with live_app.app_context():
        saved = db.session.get(Event, event.id)
        assert saved.powiat.teryt == "1420"
        assert {p.teryt for p in saved.partners} == {"1420011", "1462", "3005"}

    page.goto(f"{base}/manage/events/{event.id}/edit")  # the choices come back, open
    expect(page.get_by_label("Powiat", exact=True)).to_have_value(str(region["1420"].id))
    expect(page.locator("#partners details[open]")).to_have_count(3)
    expect(page.locator("#partners input:checked")).to_have_count(3)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_official_joins_with_the_short_form_on_a_phone(new_context, live_server, live_app,
                                                          region, user_factory, language):
    base = live_server
    region["1420011"].email_domains = "plonsk.pl"  # an official address: confirmed by a link
    db.session.commit()
    user = user_factory(full_name="Maria Łęcka", email="maria.lecka@plonsk.pl")
    page = new_context(viewport={"width": 320, "height": 720}).new_page()
    sign_in(page, base, "maria.lecka@plonsk.pl")
    page.goto(base + "/network/join")
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    # what the account says is already there
    expect(page.locator("input[name=full_name]")).to_have_value("Maria Łęcka")
    expect(page.locator("input[name=work_email]")).to_have_value("maria.lecka@plonsk.pl")

    page.locator("input[name=institution_q]").fill("plonsk")
    page.locator("button[name=find]").click()
    page.locator("input[name=institution]").first.check()
    page.locator("input[name=position]").fill("inspektorka ds. współpracy z NGO")
    # one table: the radio's own name says the field and who sees it; on a phone the
    # audience is written beside each radio
    name_public = {"pl": "Imię i nazwisko: wszyscy", "en": "Full name: everyone"}[language]
    radio = page.get_by_label(name_public, exact=True)
    expect(page.locator(".visibility-table label", has=page.locator(".level-label")).first
           ).to_be_visible()
    radio.check()
    assert_accessible(page)
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]:not([name=find])").last.click()
    expect(page.locator("h1")).to_contain_text({"pl": "skrzynkę", "en": "inbox"}[language])
    assert_accessible(page)

    with live_app.app_context():
        member = db.session.scalar(select(Member).where(Member.user_id == user.id))
        assert member.full_name_visibility == Visibility.PUBLIC
        assert member.work_phone_visibility == Visibility.MEMBERS
        assert member.bio_visibility == Visibility.MEMBERS
        assert member.work_email == "maria.lecka@plonsk.pl"
