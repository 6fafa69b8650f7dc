"""A guest registers for the last seat, confirms by e-mail, downloads the calendar file and
cancels; the first person waiting gets the seat and an e-mail. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from consult.events import queries, services
from consult.extensions import db
from tests.clients.ical import read_calendar
from tests.conftest import text_of

from .axe import assert_accessible

pytestmark = pytest.mark.browser

GUEST = "gosc.przegladarka@example.org"
WAITING = "czekajaca@example.org"


@pytest.fixture
def event(live_app, event_factory):
    """One seat, one custom question; created before the live server starts serving."""
    event = event_factory(
        title="Warsztat: konsultacje programu współpracy", capacity=1,
        summary="Praktyczny warsztat dla urzędników i organizacji.",
        description="Program:\n\n- prawo\n- praktyka\n",
        questions=[{"kind": "choice", "label": "Skąd wiesz o warsztacie?",
                    "options": "strona\nznajomi", "required": True}],
    )
    return event.slug


def test_guest_registers_confirms_downloads_cancels_and_next_is_promoted(
    page, live_server, live_app, event, mailbox
):
    base = live_server
    page.goto(base + "/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Warsztat: konsultacje programu współpracy").click()
    expect(page).to_have_url(f"{base}/events/{event}/")
    assert_accessible(page)

    page.get_by_role("link", name="Zapisz się").click()
    assert_accessible(page)
    page.get_by_label("Imię i nazwisko").fill("Gość Przeglądarkowy")
    page.get_by_label("Adres e-mail").fill(GUEST)
    page.locator("input[name=category][value=ngo]").check()
    page.get_by_label("Organizacja lub instytucja").fill("Fundacja Testowa")
    page.get_by_label("strona").check()
    page.get_by_role("button", name="Zapisz się").click()
    # Without the consent: an error next to the field, nothing typed is lost.
    expect(page.locator("#consent_rodo-error")).to_be_visible()
    expect(page.get_by_label("Adres e-mail")).to_have_value(GUEST)
    assert_accessible(page)
    page.locator("input[name=consent_rodo]").check()
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź skrzynkę")
    assert_accessible(page)

    # Someone else (added by staff, address known) registers meanwhile and waits.
    with live_app.app_context():
        target = db.session.scalar(queries.event_by_slug(), {"slug": event})
        services.register(target, services.RegistrationData(
            full_name="Czekająca Osoba", email=WAITING, category="jst",
            organisation="Gmina Płońsk"), staff=object())
        db.session.commit()
    assert "rezerwowej" in text_of(mailbox.last_to(WAITING))

    # The link from the e-mail opens the registrant's page; the button confirms.
    link = re.search(r"https?://\S+/registrations/[\w-]+", text_of(mailbox.last_to(GUEST)))[0]
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Potwierdź zgłoszenie").click()
    expect(page.locator("#registration-status")).to_have_text("potwierdzone")
    assert_accessible(page)
    invitation = mailbox.last_to(GUEST)
    assert "zaproszenie.ics" in [p.get_filename() for p in invitation.iter_attachments()]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz plik kalendarza (.ics)").click()
    calendar = read_calendar(download_info.value.path().read_bytes())
    (entry,) = calendar["events"]
    assert entry["summary"] == "Warsztat: konsultacje programu współpracy"
    assert calendar["method"] == "REQUEST" and calendar["timezones"] == ["Europe/Warsaw"]

    page.get_by_role("link", name="Anuluj moje zgłoszenie").click()
    assert_accessible(page)
    page.get_by_role("button", name="Tak, anuluj moje zgłoszenie").click()
    expect(page.locator("#registration-status")).to_have_text("anulowane")
    assert_accessible(page)

    promoted = mailbox.last_to(WAITING)
    assert "Zwolniło się miejsce" in promoted["Subject"]
    assert "zaproszenie.ics" in [p.get_filename() for p in promoted.iter_attachments()]
    cancelled = mailbox.last_to(GUEST)
    assert "odwolanie.ics" in [p.get_filename() for p in cancelled.iter_attachments()]


def test_registration_form_works_without_javascript(new_context, live_server, event, mailbox):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/events/{event}/register")
    page.get_by_label("Imię i nazwisko").fill("Bez Skryptów")
    page.get_by_label("Adres e-mail").fill("noscript@example.org")
    page.locator("input[name=category][value=resident]").check()
    page.get_by_label("znajomi").check()
    page.locator("input[name=consent_rodo]").check()
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź skrzynkę")
    assert mailbox.last_to("noscript@example.org")
