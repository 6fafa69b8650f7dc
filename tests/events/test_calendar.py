"""Calendar files: valid RFC 5545, Europe/Warsaw with VTIMEZONE, right across DST changes."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from consult.core.timeutil import utcnow
from consult.events import services
from consult.events.models import CONFIRMED, Registration
from consult.extensions import db
from tests.conftest import REGISTRATION_FORM


def parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return calendar


def only_event(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def attachment(message, filename):
    for part in message.iter_attachments():
        if part.get_filename() == filename:
            return part.get_payload(decode=True)
    names = [part.get_filename() for part in message.iter_attachments()]
    raise AssertionError(f"no {filename} in {names}")


@pytest.mark.parametrize(("starts_utc", "local_hour"), [
    (datetime(2030, 10, 26, 8, 0, tzinfo=UTC), 10),   # the day before the October change: CEST
    (datetime(2030, 10, 28, 9, 0, tzinfo=UTC), 10),   # the day after: CET
    (datetime(2030, 3, 31, 8, 0, tzinfo=UTC), 10),    # the day of the March change, after it
])
def test_event_file_carries_warsaw_time_zone_across_dst(client, event_factory, starts_utc,
                                                        local_hour):
    event = event_factory(starts_at=starts_utc, ends_at=starts_utc + timedelta(hours=7))
    response = client.get(f"/events/{event.slug}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = parse(response.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    vevent = only_event(calendar)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Warsaw"
    start = vevent.decoded("DTSTART")
    assert start.hour == local_hour and start.astimezone(UTC) == starts_utc
    assert vevent.decoded("DTEND").astimezone(UTC) == starts_utc + timedelta(hours=7)
    assert str(vevent["UID"]).startswith(f"event-{event.id}@")
    assert str(vevent["SUMMARY"]) == event.title
    # Lines are folded at 75 octets and end with CRLF, as RFC 5545 requires.
    assert all(len(line) <= 75 for line in response.data.split(b"\r\n"))


def test_multi_day_event_spans_days_in_the_file(client, event_factory):
    starts = datetime(2030, 10, 24, 7, 0, tzinfo=UTC)   # Thursday 9:00 CEST
    ends = datetime(2030, 10, 28, 15, 0, tzinfo=UTC)    # Monday 16:00 CET
    event = event_factory(starts_at=starts, ends_at=ends)
    vevent = only_event(parse(client.get(f"/events/{event.slug}/calendar.ics").data))
    assert (vevent.decoded("DTSTART").hour, vevent.decoded("DTEND").hour) == (9, 16)


def test_feed_lists_published_events_and_answers_conditional_requests(client, event_factory):
    event_factory(title="Szkolenie A")
    event_factory(title="Debata B", type="debate")
    event_factory(title="Szkic C", status="draft")
    response = client.get("/events/calendar.ics")
    summaries = {str(e["SUMMARY"]) for e in parse(response.data).walk("VEVENT")}
    assert summaries == {"Szkolenie A", "Debata B"}
    assert response.headers["ETag"] and response.headers["Last-Modified"]

    again = client.get("/events/calendar.ics",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get("/events/calendar.ics",
                       headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert since.status_code == 304

    debates = parse(client.get("/events/calendar.ics?type=debate").data)
    assert [str(e["SUMMARY"]) for e in debates.walk("VEVENT")] == ["Debata B"]

    event_factory(title="Nowe D")
    changed = client.get("/events/calendar.ics",
                         headers={"If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200


def test_registering_does_not_change_the_public_calendar(client, event_factory):
    event = event_factory()
    etag = client.get(f"/events/{event.slug}/calendar.ics").headers["ETag"]
    client.post(f"/events/{event.slug}/register", data=REGISTRATION_FORM)
    again = client.get(f"/events/{event.slug}/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_online_link_only_in_confirmed_participants_calendar(client, event_factory, login_as,
                                                            mailbox):
    event = event_factory(format="online", online_url="https://meet.example.org/tajne")
    public = client.get(f"/events/{event.slug}/calendar.ics").data
    assert b"meet.example.org" not in public
    assert "meet.example.org" not in client.get(f"/events/{event.slug}/").get_data(as_text=True)

    client.post(f"/events/{event.slug}/register", data=REGISTRATION_FORM)  # guest: pending
    pending = db.session.scalar(select(Registration))
    assert b"meet.example.org" not in client.get(
        f"/registrations/{pending.token}/calendar.ics").data
    assert "meet.example.org" not in client.get(f"/registrations/{pending.token}").get_data(
        as_text=True)
    client.post(f"/registrations/{pending.token}/confirm")
    mail_ics = attachment(mailbox.last_to("maria@example.org"), "zaproszenie.ics")
    vevent = only_event(parse(mail_ics))
    assert "https://meet.example.org/tajne" in str(vevent["LOCATION"]) + str(
        vevent["DESCRIPTION"])
    assert "meet.example.org/tajne" in client.get(f"/registrations/{pending.token}").get_data(
        as_text=True)


def test_changing_time_sends_update_with_same_uid_and_higher_sequence(app, event_factory,
                                                                       mailbox):
    event = event_factory()
    data = services.RegistrationData(full_name="Jan", email="jan@example.org", category="jst",
                                     organisation="Gmina Płońsk")
    services.register(event, data, staff=object())
    db.session.commit()
    first = only_event(parse(attachment(mailbox.last_to("jan@example.org"), "zaproszenie.ics")))

    before = services.calendar_snapshot(event)
    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)
    services.event_saved(event, before, event.capacity)
    db.session.commit()
    update = mailbox.last_to("jan@example.org")
    second = only_event(parse(attachment(update, "zaproszenie.ics")))
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert second.decoded("DTSTART") == first.decoded("DTSTART") + timedelta(hours=2)

    mailbox.clear()
    before = services.calendar_snapshot(event)
    event.title = "Nowy tytuł"  # not the time or place: nobody is bothered
    services.event_saved(event, before, event.capacity)
    db.session.commit()
    assert mailbox.messages == []


def test_cancelling_sends_method_cancel_for_the_same_entry(app, event_factory, mailbox):
    event = event_factory()
    data = services.RegistrationData(full_name="Jan", email="jan@example.org", category="jst",
                                     organisation="Gmina Płońsk")
    registration = services.register(event, data, staff=object())
    db.session.commit()
    invitation = only_event(parse(attachment(mailbox.last_to("jan@example.org"),
                                             "zaproszenie.ics")))
    services.cancel_event(event, "Choroba prowadzącej", actor=None)
    db.session.commit()
    cancellation = parse(attachment(mailbox.last_to("jan@example.org"), "odwolanie.ics"))
    assert cancellation["METHOD"] == "CANCEL"
    vevent = only_event(cancellation)
    assert str(vevent["UID"]) == str(invitation["UID"])
    assert vevent["STATUS"] == "CANCELLED"
    assert int(vevent["SEQUENCE"]) > int(invitation["SEQUENCE"])
    assert "Choroba prowadzącej" in text_of_last(mailbox, "jan@example.org")
    db.session.refresh(registration)
    assert registration.status == "cancelled"


def text_of_last(mailbox, address):
    from tests.conftest import text_of

    return text_of(mailbox.last_to(address))


def test_reminders_go_once_even_when_two_runs_overlap(make_app, event_factory, mailbox):
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10, "pool_pre_ping": True})
    with app.app_context():
        soon = event_factory(title="Jutro", starts_in=timedelta(hours=20))
        later = event_factory(title="Za tydzień", starts_in=timedelta(days=7))
        soon_id = soon.id
        for event in (soon, later):
            for n in range(3):
                data = services.RegistrationData(full_name=f"Osoba {n}",
                                                 email=f"p{n}-{event.id}@example.org",
                                                 category="ngo")
                services.register(event, data, staff=object())
        db.session.commit()
        mailbox.clear()

    barrier = threading.Barrier(2)
    counts = []

    def run():
        with app.app_context():
            barrier.wait()
            counts.append(services.send_reminders())
            db.session.commit()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(counts) == [0, 3]
    reminded = [m["To"] for m in mailbox.messages]
    assert len(reminded) == 3 and len(set(reminded)) == 3
    with app.app_context():
        assert services.send_reminders() == 0
        db.session.commit()
        assert all(r.reminded_at for r in db.session.scalars(
            select(Registration).where(Registration.event_id == soon_id)))


def test_reminder_window_and_status(app, event_factory, mailbox):
    event = event_factory(starts_in=timedelta(hours=5))
    data = services.RegistrationData(full_name="Gość", email="guest@example.org",
                                     category="resident")
    services.register(event, data)  # an unconfirmed guest gets no reminder
    db.session.commit()
    assert services.send_reminders(now=utcnow()) == 0
    registration = db.session.scalar(select(Registration))
    services.confirm_email(registration)
    db.session.commit()
    assert registration.status == CONFIRMED
    assert services.send_reminders(now=utcnow() - timedelta(days=2)) == 0  # too early
    assert services.send_reminders(now=utcnow()) == 1
