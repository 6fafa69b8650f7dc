"""Staff at the door with a phone (360 × 640) and at a desk: the check-in page opens on the
search field and the first people, a tap checks someone in on the event's day, and an
event still to come offers no button. Polish and English; axe finds nothing."""

from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.core.timeutil import local_day, local_to_utc, utcnow
from consult.events.models import Attendance
from consult.extensions import db
from tests.events.conftest import add

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
PEOPLE = ["Anna Adamska", "Bartosz Bąk", "Celina Cichocka", "Dariusz Dąb", "Ewa Łęcka",
          "Filip Nowak", "Grażyna Olszewska", "Henryk Wiśniewski"]


@pytest.fixture
def events(live_app, event_factory, user_factory):
    today = local_day(utcnow())
    training = event_factory(
        title="Szkolenie: jak konsultować program współpracy z organizacjami pozarządowymi",
        starts_at=local_to_utc(datetime.combine(today, time(0, 30))),
        ends_at=local_to_utc(datetime.combine(today, time(23, 30))))
    for n, name in enumerate(PEOPLE):
        add(training, name, f"osoba{n}@example.org",
            organisation="Stowarzyszenie Aktywni Razem dla Regionu")
    upcoming = event_factory(title="Warsztat w przyszłym tygodniu",
                             starts_in=timedelta(days=7))
    add(upcoming, "Zofia Wcześniejsza", "zofia@example.org")
    user_factory(role=STAFF, email="staff@example.org")
    db.session.commit()
    return training.id, upcoming.id


def inside(locator, viewport) -> bool:
    box = locator.bounding_box()
    return (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"])


@pytest.mark.parametrize(("viewport", "english"), [(PHONE, False), (DESKTOP, True)])
def test_the_first_screen_has_the_search_and_people_and_a_tap_checks_in(
    new_context, live_server, live_app, events, viewport, english
):
    training, upcoming = events
    page = new_context(viewport=viewport).new_page()
    sign_in(page, live_server, "staff@example.org")
    if english:
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server}/manage/events/{training}/checkin")
    assert_accessible(page)

    search = page.locator("#q")
    rows = page.locator("#checkin-list li")
    expect(rows).to_have_count(len(PEOPLE))
    assert inside(search, viewport), "the search field is below the first screen"
    for n in range(2):
        assert inside(rows.nth(n).locator("button"), viewport), f"person {n + 1} is below"
    button = rows.first.locator("button")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb's target

    button.click()
    expect(page.locator(".flash-success")).to_contain_text("Anna Adamska")
    expect(page.locator("#checkin-count")).to_contain_text("1 / 8")
    assert_accessible(page)

    # Searching narrows the list, still on the first screen.
    search.fill("lecka")
    search.press("Enter")
    expect(rows).to_have_count(1)
    assert inside(rows.first.locator("button"), viewport)
    assert_accessible(page)

    # An event still to come: the notice, and nothing to tap.
    page.goto(f"{live_server}/manage/events/{upcoming}/checkin")
    expect(page.locator("#checkin-closed")).to_contain_text(
        "in advance" if english else "z wyprzedzeniem")
    expect(page.locator("#checkin-list button")).to_have_count(0)
    assert_accessible(page)

    with live_app.app_context():
        assert db.session.query(Attendance).count() == 1


def test_check_in_works_without_javascript(new_context, live_server, live_app, events):
    training, _upcoming = events
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sign_in(page, live_server, "staff@example.org")
    page.goto(f"{live_server}/manage/events/{training}/checkin")
    page.locator("#checkin-list li", has_text="Ewa Łęcka").locator("button").click()
    expect(page.locator("#checkin-list li", has_text="Ewa Łęcka")).to_contain_text(
        "obecność potwierdzona")
