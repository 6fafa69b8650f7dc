"""Check-in at the door: the list with big buttons, and the page a badge's QR code opens."""

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from consult.core.timeutil import local_day, local_to_utc, utcnow
from consult.events import attendance, mail
from consult.events.attendance import days_of
from consult.events.models import Attendance
from consult.extensions import db
from tests.events.conftest import add
from tests.html import page_of


def local(day, hour) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour)))


@pytest.fixture
def today_event(event_factory):
    """A training today 9:00–17:00 Warsaw time (already started or not, it is today)."""
    today = local_day(utcnow())
    return event_factory(starts_at=local(today, 9), ends_at=local(today, 17), capacity=3)


def attendance_of(registration) -> list:
    db.session.expire_all()
    return list(db.session.scalars(
        select(Attendance).where(Attendance.registration_id == registration.id)
    ))


def flashes(response) -> str:
    page = page_of(response)
    return " ".join(page.text(e) for e in page.elements
                    if "flash" in e["attrs"].get("class", ""))


# ---------------------------------------------------------------- days


def test_days_are_local_dates(app, event_factory):
    day = local_day(utcnow()) + timedelta(days=10)
    # 00:30 Warsaw time is still the previous day in UTC: one local day.
    early = event_factory(title="Wcześnie", starts_at=local_to_utc(
        datetime.combine(day, time(0, 30))), ends_at=local(day, 3))
    assert early.starts_at.date() != day and days_of(early) == [day]
    seminar = event_factory(title="Seminarium", starts_at=local(day, 10),
                            ends_at=local(day + timedelta(days=2), 15))
    assert days_of(seminar) == [day, day + timedelta(days=1), day + timedelta(days=2)]
    until_midnight = event_factory(title="Gala", starts_at=local(day, 18),
                                   ends_at=local(day + timedelta(days=1), 0))
    assert days_of(until_midnight) == [day]


# ---------------------------------------------------------------- the list


def test_checking_in_and_undoing_from_the_list(client, staff, today_event):
    event = today_event
    maria = add(event, "Maria Łęcka", "maria@example.org", organisation="Stowarzyszenie")
    add(event, "Jan Kowalski", "jan@example.org")
    add(event, "Ewa Nowak", "ewa@example.org")
    waiting = add(event, "Olga Rezerwowa", "olga@example.org")
    today = local_day(utcnow()).isoformat()
    url = f"/manage/events/{event.id}/checkin"

    page = page_of(client.get(url))
    assert page.text_by_id("checkin-count").startswith("0 / 3")
    listed = page.text_by_id("checkin-list")
    assert "Maria Łęcka" in listed and "Olga Rezerwowa" not in listed  # confirmed only

    found = page_of(client.get(f"{url}?q=lecka"))
    assert "Maria Łęcka" in found.text_by_id("checkin-list")
    assert "Jan Kowalski" not in found.text_by_id("checkin-list")
    assert found.text_by_id("checkin-count").startswith("0 / 3")  # the day's count, not the search

    response = client.post(f"{url}/{maria.id}", data={"day": today, "q": "lecka",
                                                       "present": "yes"})
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == url and "q=lecka" in location.query and location.fragment == (
        f"r{maria.id}")
    [row] = attendance_of(maria)
    assert row.day.isoformat() == today and row.checked_in_by_id == staff.id
    page = page_of(client.get(f"{url}?day={today}"))
    assert page.text_by_id("checkin-count").startswith("1 / 3")
    assert "present since" in page.text_by_id(f"r{maria.id}")

    # A second phone pressing "check in" for the same person does not undo it.
    client.post(f"{url}/{maria.id}", data={"day": today, "present": "yes"})
    assert len(attendance_of(maria)) == 1
    client.post(f"{url}/{maria.id}", data={"day": today, "present": "no"})
    assert attendance_of(maria) == []

    response = client.post(f"{url}/{waiting.id}", data={"day": today, "present": "yes"},
                           follow_redirects=True)
    assert "Only confirmed participants can be checked in" in flashes(response)
    assert attendance_of(waiting) == []


def test_a_day_outside_the_event_is_refused(client, staff, today_event):
    maria = add(today_event, "Maria Łęcka", "maria@example.org")
    tomorrow = (local_day(utcnow()) + timedelta(days=1)).isoformat()
    url = f"/manage/events/{today_event.id}/checkin/{maria.id}"
    assert client.post(url, data={"day": tomorrow}).status_code == 400
    assert client.post(url, data={"day": ""}).status_code == 400
    assert attendance_of(maria) == []


def test_two_phones_checking_in_at_once_leave_one_row(app, today_event, monkeypatch):
    maria = add(today_event, "Maria Łęcka", "maria@example.org")
    day = local_day(utcnow())
    attendance.check_in(maria, day, None)  # the first phone
    db.session.commit()
    # The second phone looked before the first one's row was committed: it saw nobody.
    real_find = attendance.find_attendance
    answers = iter([None])
    monkeypatch.setattr(attendance, "find_attendance",
                        lambda registration, d: next(answers, real_find(registration, d)))
    row = attendance.check_in(maria, day, None)
    db.session.commit()  # the failed insert did not spoil the transaction
    assert row is not None and row.day == day
    assert len(attendance_of(maria)) == 1


# ---------------------------------------------------------------- the QR code page


def test_the_qr_code_in_the_mail_opens_the_check_in_page(client, login_as, today_event):
    maria = add(today_event, "Maria Łęcka", "maria@example.org", organisation="Stowarzyszenie")
    with client.application.test_request_context():
        path = urlsplit(mail.checkin_url(maria)).path
    assert path == f"/manage/events/checkin/{maria.checkin_code}"
    response = client.get(path)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login_as("staff")
    client.post("/language", data={"language": "en", "next": "/"})

    page = page_of(client.get(path))
    assert "Maria Łęcka" in page.content and today_event.title in page.content
    assert page.text_by_id("registration-status") == "confirmed"
    assert "Check in for today" in page.text_by_id("checkin-state")

    response = client.post(path, data={"day": local_day(utcnow()).isoformat()})
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    assert len(attendance_of(maria)) == 1
    again = client.get(path)
    assert "Already checked in today" in page_of(again).text_by_id("checkin-state")
    response = client.post(path, data={"day": local_day(utcnow()).isoformat()},
                           follow_redirects=True)
    assert "already checked in" in flashes(response)
    assert len(attendance_of(maria)) == 1


def test_scanning_on_another_day_offers_the_event_days(client, staff, event_factory):
    day = local_day(utcnow()) - timedelta(days=5)  # afterwards: copying the signed list
    event = event_factory(starts_at=local(day, 9), ends_at=local(day + timedelta(days=1), 16))
    maria = add(event, "Maria Łęcka", "maria@example.org")
    path = f"/manage/events/checkin/{maria.checkin_code}"
    state = page_of(client.get(path)).text_by_id("checkin-state")
    assert "does not take place today" in state
    page = page_of(client.get(path))
    offered = [e["attrs"]["value"] for e in page.elements
               if e["tag"] == "input" and e["attrs"].get("name") == "day"]
    assert offered == [day.isoformat(), (day + timedelta(days=1)).isoformat()]
    client.post(path, data={"day": (day + timedelta(days=1)).isoformat()})
    assert [a.day for a in attendance_of(maria)] == [day + timedelta(days=1)]


def test_only_confirmed_registrations_can_be_checked_in_by_code(client, staff, today_event):
    for n in range(3):
        add(today_event, f"Osoba {n}", f"p{n}@example.org")
    guest = add(today_event, "Piotr Rezerwowy", "piotr@example.org")
    path = f"/manage/events/checkin/{guest.checkin_code}"
    page = page_of(client.get(path))
    assert "cannot be checked in" in page.text_by_id("checkin-state")
    assert page.text_by_id("registration-status") == "on the waiting list"
    response = client.post(path, data={"day": local_day(utcnow()).isoformat()},
                           follow_redirects=True)
    assert "Only confirmed participants can be checked in" in flashes(response)
    assert attendance_of(guest) == []


def test_unknown_code_is_not_found(client, staff, today_event):
    add(today_event, "Maria Łęcka", "maria@example.org")
    assert client.get("/manage/events/checkin/not-a-real-code").status_code == 404
    assert client.post("/manage/events/checkin/not-a-real-code",
                       data={"day": local_day(utcnow()).isoformat()}).status_code == 404
