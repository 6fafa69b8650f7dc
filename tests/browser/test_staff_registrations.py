"""Staff work through an event's registrations on a desktop (1366 px, English) and on a
phone (360 px, Polish): every action of a row is on screen without scrolling sideways, and
cancelling someone goes through a confirmation page with a reason the person receives.
axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.events import services
from consult.extensions import db
from tests.conftest import PASSWORD, text_of

from .axe import assert_accessible
from .test_accounts_flow import sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
REASON = {"en": "This training is for officials of Płock county only.",
          "pl": "Szkolenie jest przeznaczone wyłącznie dla urzędników powiatu płockiego."}
CANCELLED = "Małgorzata Wiśniewska-Grzybowska"


@pytest.fixture
def event(live_app, event_factory, user_factory):
    """Registrations with long names, addresses and organisations; one waits for approval
    (all three actions), the others are confirmed."""
    user_factory(role=STAFF, full_name="Pracownik Biura", email="staff@example.org")
    event = event_factory(title="Warsztat: konsultacje programu współpracy", capacity=30,
                          requires_approval=True)
    people = [
        (CANCELLED, "malgorzata.wisniewska-grzybowska@stowarzyszenie-przykladowe.org.pl",
         "Stowarzyszenie na rzecz Rozwoju Społeczności Lokalnych Ziemi Płońskiej"),
        ("Jan Kowalski", "jan.kowalski@example.org", "Urząd Gminy Baboszewo"),
        ("Anna Nowak", "anna.nowak@example.org", "Fundacja Aktywni Razem"),
    ]
    for name, email, organisation in people:
        services.register(event, services.RegistrationData(
            full_name=name, email=email, category="ngo", organisation=organisation),
            staff=None if name == CANCELLED else object())
    registration = services.find_active_registration(event, people[0][1])
    services.confirm_email(registration)  # now it waits for the organisers' approval
    db.session.commit()
    return event.id


def horizontal_overflow(page) -> int:
    """How far the page, or the registrations table in its wrapper, scrolls sideways (0: it
    does not; the table of numbers by group and status may scroll inside its own)."""
    return page.evaluate("""() => Math.max(
        document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ...[...document.querySelectorAll('#registrations')].map(table => {
            const wrap = table.closest('.table-wrap');
            return wrap.scrollWidth - wrap.clientWidth;
        }))""")


@pytest.mark.parametrize(("viewport", "language"), [(DESKTOP, "en"), (PHONE, "pl")])
def test_every_action_is_on_screen_and_cancelling_asks_for_a_reason(
    new_context, live_server, live_app, event, mailbox, viewport, language
):
    base = live_server
    page = new_context(viewport=viewport,
                       locale="en-GB" if language == "en" else "pl-PL").new_page()
    sign_in(page, base, "staff@example.org", PASSWORD)
    expect(page.locator("header form[action='/auth/logout']")).to_have_count(1)

    page.goto(f"{base}/manage/events/{event}/registrations")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    rows = page.locator("#registrations tbody tr")
    expect(rows).to_have_count(3)
    assert horizontal_overflow(page) == 0
    actions = page.locator("#registrations .row-actions .button")
    expect(actions).to_have_count(3 + 2 + 2)  # approve, reject, cancel; reject, cancel …
    for n in range(actions.count()):
        box = actions.nth(n).bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (
            f"action {n} is off screen: {box}")

    row = rows.filter(has_text=CANCELLED)
    row.locator(".row-actions a.button-danger").click()
    expect(page).to_have_url(re.compile(rf"/manage/events/{event}/registrations/\d+/cancel\?next="))
    expect(page.locator("main h1")).to_contain_text(CANCELLED)
    assert_accessible(page)
    assert horizontal_overflow(page) == 0

    page.locator("main form button.button-danger").click()  # no reason yet
    expect(page.locator("#reason-error")).to_be_visible()
    assert_accessible(page)
    page.locator("textarea[name=reason]").fill(REASON[language])
    page.locator("main form button.button-danger").click()

    expect(page).to_have_url(f"{base}/manage/events/{event}/registrations")
    expect(page.locator(".flash-region .flash")).to_contain_text(CANCELLED)
    expect(rows.filter(has_text=CANCELLED).locator(".row-actions .button")).to_have_count(0)
    assert_accessible(page)

    with live_app.app_context():
        message = mailbox.last_to(
            "malgorzata.wisniewska-grzybowska@stowarzyszenie-przykladowe.org.pl")
        body = text_of(message)
    assert REASON[language] in body
    # The person registered in Polish: the e-mail is in Polish whatever staff's language.
    assert "Organizatorzy anulowali Twoje zgłoszenie." in body
