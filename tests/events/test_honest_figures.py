"""Figures that cannot be inflated: no attendance ahead of the event's days, and the impact
figures count only events that have ended (issue 20, H3 item 3)."""

import csv
import io
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from consult.core.timeutil import local_day, local_to_utc, utcnow
from consult.events import attendance
from consult.events.models import Attendance
from consult.extensions import db
from tests.events.conftest import add
from tests.html import page_of


def local(day, hour) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour)))


def today() -> datetime.date:
    return local_day(utcnow())


def attendance_rows() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Attendance.id)))


def flashes(response) -> str:
    page = page_of(response)
    return " ".join(page.text(e) for e in page.elements
                    if "flash" in e["attrs"].get("class", ""))


def figures(client) -> dict:
    """What a funder is told: the home page, the staff report and its CSV."""
    home = page_of(client.get("/"))
    report = page_of(client.get("/manage/events/impact"))
    text = client.get("/manage/events/impact.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    total = rows[1]
    return {
        "home": tuple(home.text_by_id(f"impact-{name}") for name in ("events", "hours",
                                                                     "people")),
        "report": tuple(report.text_by_id(f"impact-{name}") for name in ("events", "hours",
                                                                         "people")),
        "csv": (total[2], str(Decimal(total[6]).to_integral_value()), total[3]),  # "6.0"
    }


@pytest.fixture
def held(event_factory):
    """A training held ten days ago (6 h) that two people attended."""
    day = today() - timedelta(days=10)
    event = event_factory(title="Szkolenie odbyte", starts_at=local(day, 9),
                          ends_at=local(day, 15), hours=Decimal("6"))
    for name in ("Anna", "Bartosz"):
        registration = add(event, f"{name} Odbyta", f"{name.lower()}@example.org")
        attendance.check_in(registration, day, None)
    db.session.commit()
    return event


@pytest.fixture
def upcoming(event_factory):
    """A two-day seminar starting in two days (16 h), with a confirmed participant."""
    day = today() + timedelta(days=2)
    event = event_factory(title="Seminarium przyszłe", starts_at=local(day, 9),
                          ends_at=local(day + timedelta(days=1), 17), hours=Decimal("16"))
    return event, add(event, "Celina Wczesna", "celina@example.org")


def test_early_check_in_is_refused_three_ways_and_figures_do_not_move(
    client, staff, held, upcoming
):
    event, celina = upcoming
    first = attendance.days_of(event)[0]
    before = figures(client)
    assert before["home"] == ("1", "6", "2")
    assert before["report"] == before["home"] and before["csv"] == before["home"]

    # The list: the day's notice, and no button to press.
    page = page_of(client.get(f"/manage/events/{event.id}/checkin?day={first.isoformat()}"))
    assert "attendance cannot be recorded in advance" in page.text_by_id("checkin-closed")
    assert "Celina Wczesna" in page.text_by_id("checkin-list")
    assert not [e for e in page.elements if e["tag"] == "button"
                and e["attrs"].get("name") == "present"]

    # The per-registration POST, as an old page or a crafted request would send it.
    response = client.post(f"/manage/events/{event.id}/checkin/{celina.id}",
                           data={"day": first.isoformat(), "present": "yes"},
                           follow_redirects=True)
    assert "opens on that day: attendance cannot be recorded in advance" in flashes(response)

    # The badge's QR code: the page offers nothing, a POST is refused.
    scan = f"/manage/events/checkin/{celina.checkin_code}"
    assert "cannot be recorded in advance" in page_of(client.get(scan)).text_by_id(
        "checkin-state")
    response = client.post(scan, data={"day": (first + timedelta(days=1)).isoformat()},
                           follow_redirects=True)
    assert "cannot be recorded in advance" in flashes(response)

    # The service itself refuses, whoever calls it.
    with pytest.raises(attendance.CheckInError) as refused:
        attendance.check_in(celina, first, None)
    assert refused.value.reason == attendance.NOT_YET

    assert attendance_rows() == 2
    assert figures(client) == before


def test_polish_refusal(client, staff, upcoming):
    event, celina = upcoming
    first = attendance.days_of(event)[0]
    client.post("/language", data={"language": "pl", "next": "/"})
    response = client.post(f"/manage/events/{event.id}/checkin/{celina.id}",
                           data={"day": first.isoformat(), "present": "yes"},
                           follow_redirects=True)
    assert "nie można zapisać z wyprzedzeniem" in flashes(response)


def test_an_event_in_progress_does_not_count_until_it_ends(client, staff, held,
                                                           event_factory):
    """Day one of a three-day seminar: its 24 hours and its first-day reach would be
    reported although two days are still to come."""
    seminar = event_factory(title="Seminarium trwające",
                            starts_at=local(today() - timedelta(days=1), 9),
                            ends_at=local(today() + timedelta(days=1), 17),
                            hours=Decimal("24"))
    dorota = add(seminar, "Dorota Obecna", "dorota@example.org")
    before = figures(client)
    response = client.post(f"/manage/events/{seminar.id}/checkin/{dorota.id}",
                           data={"day": today().isoformat(), "present": "yes"},
                           follow_redirects=True)
    assert "Dorota Obecna is checked in" in flashes(response)
    assert attendance_rows() == 3
    assert figures(client) == before == {key: ("1", "6", "2") for key in before}


def test_attendance_recorded_after_the_event_counts(client, staff, held, event_factory):
    day = today() - timedelta(days=3)
    workshop = event_factory(title="Warsztat wczorajszy", starts_at=local(day, 10),
                             ends_at=local(day, 14), hours=Decimal("4"))
    ewa = add(workshop, "Ewa Spóźniona", "ewa@example.org")
    assert figures(client)["home"] == ("1", "6", "2")

    # Copied from the signed paper list: the list page offers the day, the POST records it.
    page = page_of(client.get(f"/manage/events/{workshop.id}/checkin"))
    assert "Ewa Spóźniona" in page.text_by_id("checkin-list")
    response = client.post(f"/manage/events/{workshop.id}/checkin/{ewa.id}",
                           data={"day": day.isoformat(), "present": "yes"},
                           follow_redirects=True)
    assert "Ewa Spóźniona is checked in" in flashes(response)
    assert figures(client) == {key: ("2", "10", "3") for key in ("home", "report", "csv")}
