"""Registration told honestly, on a phone in Polish and on a desktop in English: an NGO
leader who leaves out the organisation is told next to the field and keeps what they typed;
a resident sees the residents' seats and is told that it is their group that is full; a
past event offers its materials and nothing to book. axe on every page."""

import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.events.models import EventMaterial
from consult.extensions import db
from tests.events.conftest import add

from .axe import assert_accessible

pytestmark = pytest.mark.browser

PHONE_PL = ({"width": 360, "height": 740}, "pl-PL")
DESKTOP_EN = ({"width": 1280, "height": 900}, "en-GB")
WORDS = {
    "pl-PL": {"register": "Zapisz się", "name": "Imię i nazwisko", "email": "Adres e-mail",
              "organisation": "Organizacja lub instytucja", "position": "Stanowisko lub funkcja",
              "required": "jest wymagana", "inbox": "Sprawdź skrzynkę",
              "residents": "dla mieszkańców i mieszkanek: zajęte 2 z 2",
              "full": "Miejsca dla mieszkańców i mieszkanek są już zajęte",
              "materials": "Materiały po wydarzeniu", "calendar": "Dodaj do kalendarza"},
    "en-GB": {"register": "Register", "name": "Full name", "email": "E-mail address",
              "organisation": "Organisation or institution", "position": "Position or role",
              "required": "it is required", "inbox": "Check your inbox",
              "residents": "for residents: 2 of 2 taken",
              "full": "The seats for residents are all taken",
              "materials": "Materials after the event", "calendar": "Add to calendar"},
}
VIEWS = pytest.mark.parametrize("viewport, locale", [PHONE_PL, DESKTOP_EN],
                                ids=["phone-pl", "desktop-en"])


def visitor(new_context, viewport, locale):
    return new_context(viewport=viewport, locale=locale).new_page()


@VIEWS
def test_ngo_leader_without_organisation_is_told_and_keeps_the_form(
        new_context, live_app, live_server, event_factory, viewport, locale):
    event = event_factory(title="Warsztat dla liderów NGO")
    words = WORDS[locale]
    page = visitor(new_context, viewport, locale)
    page.goto(f"{live_server}/events/{event.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name=words["register"], exact=True).click()
    assert_accessible(page)
    page.get_by_label(words["name"]).fill("Iwona Liderka")
    page.get_by_label(words["email"]).fill("iwona@example.org")
    page.locator("input[name=category][value=ngo]").check()
    page.get_by_label(words["position"]).fill("prezeska zarządu")
    page.locator("input[name=consent_rodo]").check()
    page.get_by_role("button", name=words["register"]).click()

    expect(page.locator("#organisation-error")).to_contain_text(words["required"])
    expect(page.get_by_label(words["name"])).to_have_value("Iwona Liderka")
    expect(page.get_by_label(words["email"])).to_have_value("iwona@example.org")
    expect(page.get_by_label(words["position"])).to_have_value("prezeska zarządu")
    expect(page.locator("input[name=category][value=ngo]")).to_be_checked()
    expect(page.locator("input[name=consent_rodo]")).to_be_checked()
    assert_accessible(page)

    page.get_by_label(words["organisation"]).fill("Stowarzyszenie Aktywni Razem")
    page.get_by_role("button", name=words["register"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["inbox"])
    assert_accessible(page)


@VIEWS
def test_resident_sees_the_residents_seats_and_is_told_they_are_taken(
        new_context, live_app, live_server, event_factory, viewport, locale):
    event = event_factory(title="Spotkanie konsultacyjne", capacity=20, quotas={"resident": 2})
    add(event, "Jan Pierwszy", "jan1@example.org", category="resident")
    add(event, "Jan Drugi", "jan2@example.org", category="resident")
    words = WORDS[locale]
    page = visitor(new_context, viewport, locale)
    page.goto(f"{live_server}/events/{event.slug}/")
    expect(page.locator("#group-seats")).to_contain_text(words["residents"])
    assert_accessible(page)

    page.get_by_role("link", name=words["register"], exact=True).click()
    expect(page.locator("#category-hint")).to_contain_text(words["residents"])
    assert_accessible(page)
    page.get_by_label(words["name"]).fill("Ewa Mieszkanka")
    page.get_by_label(words["email"]).fill("ewa@example.org")
    page.locator("input[name=category][value=resident]").check()
    page.locator("input[name=consent_rodo]").check()
    page.get_by_role("button", name=words["register"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["inbox"])
    expect(page.locator("#group-full")).to_contain_text(words["full"])
    assert_accessible(page)


@VIEWS
def test_a_past_event_offers_its_materials_and_nothing_to_book(
        new_context, live_app, live_server, event_factory, viewport, locale):
    event = event_factory(title="Szkolenie z ustawy o pożytku", starts_in=timedelta(days=-5))
    pdf = b"%PDF-1.7\n% slajdy\n"
    db.session.add(EventMaterial(event_id=event.id, title="Slajdy ze szkolenia",
                                 filename="slajdy.pdf", content_type="application/pdf",
                                 size=len(pdf), data=pdf))
    db.session.commit()
    words = WORDS[locale]
    page = visitor(new_context, viewport, locale)
    page.goto(f"{live_server}/events/?past=1")
    assert_accessible(page)
    page.get_by_role("link", name="Szkolenie z ustawy o pożytku").click()
    expect(page.get_by_role("heading", name=words["materials"])).to_be_visible()
    expect(page.get_by_role("link", name=words["register"], exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=words["calendar"])).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Slajdy ze szkolenia").click()
    assert io.BytesIO(download.value.path().read_bytes()).getvalue() == pdf
