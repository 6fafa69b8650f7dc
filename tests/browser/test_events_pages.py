"""axe on every events page: public ones in Polish and English, staff ones signed in."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.core.timeutil import local_day
from consult.events import services
from consult.events.funding import FundingProject
from consult.events.models import Attendance
from consult.extensions import db
from consult.institutions.models import COUNTY

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_app, event_factory, user_factory, institution_factory):
    """A full event with a waiting list and questions, a past one with attendance."""
    institution_factory(teryt="1420", name="płoński", kind=COUNTY)
    project = FundingProject(name="Aktywni Obywatele", notice="Dofinansowano z Funduszy EOG.")
    db.session.add(project)
    full = event_factory(
        title="Szkolenie z małych grantów", capacity=1, funding_project=project,
        description="## Program\n\n- prawo\n- praktyka", accessibility_info="Winda, pętla.",
        questions=[{"kind": "multiple", "label": "Tematy", "options": "granty\nwolontariat"},
                   {"kind": "yesno", "label": "Nocleg", "required": True}],
    )
    past = event_factory(title="Minione seminarium", starts_in=timedelta(days=-20),
                         duration=timedelta(days=1, hours=6), funding_project=project)
    registrations = []
    for n, event in enumerate((full, full, past)):
        registrations.append(services.register(event, services.RegistrationData(
            full_name=f"Osoba {n}", email=f"osoba{n}@example.org", category="ngo",
            organisation="Fundacja"), staff=object()))
    db.session.flush()
    registrations[2].attendance.append(Attendance(day=local_day(past.starts_at)))
    db.session.commit()
    staff = user_factory(role=STAFF, email="staff@example.org")
    return {"full": full, "past": past, "waiting": registrations[1],
            "attendee": registrations[2], "staff": staff, "project": project}


def check_both_languages(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert_accessible(page)
    page.locator("header button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    page.locator("header button[name=language][value=pl]").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_public_events_pages_are_accessible(page, live_server, world):
    base = live_server
    full, past = world["full"].slug, world["past"].slug
    for path in ("/events/", "/events/?past=1", f"/events/{full}/", f"/events/{past}/",
                 f"/events/{full}/register", f"/registrations/{world['waiting'].token}",
                 f"/registrations/{world['waiting'].token}/cancel",
                 f"/registrations/{world['attendee'].token}/evaluation", "/"):
        check_both_languages(page, base + path)
    response = page.goto(base + "/embed/events")
    assert response.status == 200
    assert_accessible(page)

    # Registering an address that is already registered: the page a new registrant sees
    # (nothing tells a stranger it is registered); its owner gets the link by e-mail.
    page.goto(f"{base}/events/{full}/register")
    page.locator("input[name=full_name]").fill("Osoba 0")
    page.locator("input[name=email]").fill("osoba0@example.org")
    page.locator("input[name=category][value=ngo]").check()
    page.locator("input[name=organisation]").fill("Fundacja")
    page.locator("fieldset", has_text="Nocleg").locator("input[value=no]").check()
    page.locator("input[name=consent_rodo]").check()
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("Sprawdź skrzynkę")
    assert_accessible(page)


def test_staff_events_pages_are_accessible(page, live_server, world):
    base = live_server
    sign_in(page, base, "staff@example.org")

    full, past = world["full"].id, world["past"].id
    code = world["waiting"].checkin_code
    paths = [
        "/manage/events/", "/manage/events/new", "/manage/events/projects",
        "/manage/events/projects/new", f"/manage/events/projects/{world['project'].id}",
        "/manage/events/impact", "/manage/events/embed",
        f"/manage/events/{full}/", f"/manage/events/{full}/edit",
        f"/manage/events/{full}/cancel", f"/manage/events/{full}/duplicate",
        f"/manage/events/{full}/questions",
        f"/manage/events/{full}/registrations",
        f"/manage/events/{full}/registrations/{world['waiting'].id}",
        f"/manage/events/{full}/registrations/add", f"/manage/events/{full}/message",
        f"/manage/events/{full}/checkin", f"/manage/events/checkin/{code}",
        f"/manage/events/{past}/checkin", f"/manage/events/{past}/evaluation",
    ]
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert_accessible(page)

    # A form with errors is accessible too.
    page.goto(base + "/manage/events/new")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
