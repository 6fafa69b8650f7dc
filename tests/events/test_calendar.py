"""Calendar files, read as calendar clients read them: ical.js (Thunderbird's parser) and,
for the instants, vobject too (never icalendar, which wrote them).

Every file the platform writes is checked: the event's download and the feed, and each
registrant's file (mailed and on their page) at confirmation, change of time, cancellation
of the registration and of the event. What each says (METHOD, ORGANIZER, ATTENDEE, STATUS,
PARTSTAT, SEQUENCE, UID) is decided in consult/events/calendar.py.
"""

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from consult.core.calendar import CalendarEntry, build_calendar
from consult.core.timeutil import utcnow
from consult.events import decisions, lifecycle, reminders, services
from consult.events.models import Registration, RegistrationStatus
from consult.extensions import db
from tests.clients.ical import read_calendars, utc_instant
from tests.clients.vobject_calendar import utc_instants
from tests.conftest import REGISTRATION_FORM
from tests.events.conftest import add

EVENT_PAGE = "http://127.0.0.1:5000/events/{}/"


def read(*files: bytes) -> list[dict]:
    """The calendars as ical.js reads them, after checking that vobject places every
    event at the same instants."""
    calendars = read_calendars(list(files))
    for data, calendar in zip(files, calendars, strict=True):
        assert [(utc_instant(event["start"]), utc_instant(event["end"]))
                for event in calendar["events"]] == utc_instants(data)
    return calendars


def calendar_parts(message) -> list[tuple[str, bytes]]:
    """Each text/calendar part of a message: the method its MIME type names, its bytes."""
    return [(part.get_param("method"), part.get_payload(decode=True))
            for part in message.walk() if part.get_content_type() == "text/calendar"]


def mailed_calendar(mailbox, address) -> tuple[str, bytes]:
    [(method, data)] = calendar_parts(mailbox.last_to(address))
    return method, data


def page_calendar(client, registration) -> tuple[str, bytes]:
    response = client.get(f"/registrations/{registration.token}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return response.mimetype_params["method"], response.data


def instants(calendar: dict) -> list[tuple[datetime, datetime]]:
    return [(utc_instant(event["start"]), utc_instant(event["end"]))
            for event in calendar["events"]]


# Europe/Warsaw changes on 31 March and 27 October 2030.
SEASONS = {
    "january": (datetime(2030, 1, 15, 8, 0, tzinfo=UTC), datetime(2030, 1, 15, 14, 0, tzinfo=UTC)),
    "july": (datetime(2030, 7, 16, 7, 0, tzinfo=UTC), datetime(2030, 7, 16, 13, 0, tzinfo=UTC)),
    "after the March change": (datetime(2030, 4, 1, 7, 0, tzinfo=UTC),
                               datetime(2030, 4, 1, 13, 0, tzinfo=UTC)),
    "after the October change": (datetime(2030, 10, 28, 8, 0, tzinfo=UTC),
                                 datetime(2030, 10, 28, 14, 0, tzinfo=UTC)),
    "across the October change": (datetime(2030, 10, 24, 7, 0, tzinfo=UTC),
                                  datetime(2030, 10, 28, 15, 0, tzinfo=UTC)),
    "across the March change": (datetime(2030, 3, 29, 8, 0, tzinfo=UTC),
                                datetime(2030, 4, 1, 14, 0, tzinfo=UTC)),
}


@pytest.mark.parametrize("season", SEASONS)
def test_every_calendar_places_the_event_at_its_instant(client, event_factory, mailbox,
                                                        season):
    starts, ends = SEASONS[season]
    event = event_factory(starts_at=starts, ends_at=ends)
    jan = add(event, "Jan Nowak", "jan@example.org")
    ewa = add(event, "Ewa Lis", "ewa@example.org")
    before_move = [client.get(f"/events/{event.slug}/calendar.ics").data,
                   client.get("/events/calendar.ics").data,
                   mailed_calendar(mailbox, "jan@example.org")[1],
                   page_calendar(client, jan)[1]]

    snapshot = lifecycle.calendar_snapshot(event)
    event.starts_at, event.ends_at = starts + timedelta(days=1), ends + timedelta(days=1)
    lifecycle.event_saved(event, snapshot)
    db.session.commit()
    after_move = [mailed_calendar(mailbox, "jan@example.org")[1]]
    services.cancel(jan)
    db.session.commit()
    after_move += [mailed_calendar(mailbox, "jan@example.org")[1], page_calendar(client, jan)[1]]
    lifecycle.cancel_event(event, "Choroba prowadzącej", actor=None)
    db.session.commit()
    after_move.append(mailed_calendar(mailbox, ewa.email)[1])

    calendars = read(*before_move, *after_move)
    moved = (starts + timedelta(days=1), ends + timedelta(days=1))
    assert [instants(calendar) for calendar in calendars] == (
        [[(starts, ends)]] * len(before_move) + [[moved]] * len(after_move))
    assert all(calendar["events"][0]["start"]["zone"] == "Europe/Warsaw"
               for calendar in calendars)


def test_what_each_calendar_says_to_whom(app, client, event_factory, mailbox):
    event = event_factory(title="Warsztat budżetowy")
    operator = f"mailto:{app.config['CONSULT_OPERATOR_EMAIL']}"
    page = EVENT_PAGE.format(event.slug)
    jan = add(event, "Jan Nowak", "jan@example.org")
    ewa = add(event, "Ewa Lis", "ewa@example.org")
    public, feed = read(client.get(f"/events/{event.slug}/calendar.ics").data,
                        client.get("/events/calendar.ics").data)
    mailed_method, mailed = mailed_calendar(mailbox, "jan@example.org")
    page_method, downloaded = page_calendar(client, jan)
    invitation, download = read(mailed, downloaded)

    # The public posting: an ORGANIZER, nobody invited, the public page.
    assert public["method"] == feed["method"] == "PUBLISH"
    [entry] = public["events"]
    assert entry["organizer"]["value"] == operator and entry["attendees"] == []
    assert entry["uid"] == feed["events"][0]["uid"] == f"event-{event.id}@127.0.0.1"
    assert entry["url"] == page and entry["status"] == "CONFIRMED"

    # The registrant's invitation, the same in the mail and on their page.
    assert mailed_method == invitation["method"] == "REQUEST"
    assert page_method == download["method"] == "REQUEST"
    [mine] = invitation["events"]
    assert download["events"][0]["uid"] == mine["uid"] != entry["uid"]
    assert mine["organizer"]["value"] == operator
    assert mine["attendees"] == [{"value": "mailto:jan@example.org", "cn": "Jan Nowak",
                                  "partstat": "ACCEPTED", "role": "REQ-PARTICIPANT",
                                  "rsvp": "FALSE"}]
    assert (mine["status"], mine["sequence"], mine["url"]) == ("CONFIRMED", 0, page)
    for data in (mailed, downloaded):
        assert jan.token.encode() not in data and b"/registrations/" not in data

    # A new time: the same entry, a higher SEQUENCE, still an invitation.
    snapshot = lifecycle.calendar_snapshot(event)
    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)
    lifecycle.event_saved(event, snapshot)
    db.session.commit()
    method, data = mailed_calendar(mailbox, "jan@example.org")
    [update] = read(data)
    assert method == update["method"] == "REQUEST"
    assert (update["events"][0]["uid"], update["events"][0]["sequence"]) == (mine["uid"], 1)

    # The registrant cancels: that entry, and only it, is removed.
    services.cancel(jan)
    db.session.commit()
    mailed_method, mailed = mailed_calendar(mailbox, "jan@example.org")
    page_method, downloaded = page_calendar(client, jan)
    for method, calendar in zip((mailed_method, page_method), read(mailed, downloaded),
                                strict=True):
        assert method == calendar["method"] == "CANCEL"
        [removal] = calendar["events"]
        assert (removal["uid"], removal["sequence"], removal["status"]) == (
            mine["uid"], 2, "CANCELLED")
        assert removal["organizer"]["value"] == operator
        assert [a["value"] for a in removal["attendees"]] == ["mailto:jan@example.org"]
        assert "partstat" not in removal["attendees"][0]

    # The event is cancelled: everyone still registered gets their entry removed.
    [ewas] = read(calendar_parts(mailbox.to("ewa@example.org")[0])[0][1])
    lifecycle.cancel_event(event, "Choroba prowadzącej", actor=None)
    db.session.commit()
    method, data = mailed_calendar(mailbox, "ewa@example.org")
    [removal] = read(data)
    assert method == removal["method"] == "CANCEL"
    assert removal["events"][0]["uid"] == ewas["events"][0]["uid"] != mine["uid"]
    assert removal["events"][0]["sequence"] > 1 and removal["events"][0]["status"] == "CANCELLED"
    db.session.refresh(ewa)
    assert ewa.status == "cancelled"


def test_no_calendar_file_without_a_seat(client, event_factory, mailbox):
    """Someone waiting, or whose address is unconfirmed, has no seat to put in a calendar:
    no file in their mail, no link on their page, none at the address."""
    event = event_factory(capacity=1)
    first = add(event, "Pierwsza Osoba", "first@example.org")
    waiting = add(event, "Czekająca Osoba", "waiting@example.org")
    client.post(f"/events/{event.slug}/register", data=REGISTRATION_FORM)
    guest = db.session.scalar(select(Registration).where(Registration.email == "maria@example.org"))
    assert waiting.status == guest.status == RegistrationStatus.WAITLISTED
    for registration in (waiting, guest):
        assert all(calendar_parts(m) == [] for m in mailbox.to(registration.email))
        page = client.get(f"/registrations/{registration.token}").get_data(as_text=True)
        assert "calendar.ics" not in page
        assert client.get(f"/registrations/{registration.token}/calendar.ics").status_code == 404

    services.cancel(first)  # the seat goes to the person waiting with a confirmed address
    db.session.commit()
    db.session.refresh(waiting)
    assert waiting.status == RegistrationStatus.CONFIRMED
    method, data = mailed_calendar(mailbox, "waiting@example.org")
    assert method == read(data)[0]["method"] == "REQUEST"
    assert "calendar.ics" in client.get(f"/registrations/{waiting.token}").get_data(as_text=True)
    assert page_calendar(client, waiting)[0] == "REQUEST"


def test_moving_a_registration_removes_the_old_entry(event_factory, mailbox):
    source = event_factory(title="Szkolenie marcowe")
    target = event_factory(title="Szkolenie kwietniowe", starts_in=timedelta(days=30))
    jan = add(source, "Jan Nowak", "jan@example.org")
    [invitation] = read(mailed_calendar(mailbox, "jan@example.org")[1])
    decisions.move(jan, target, actor=None)
    db.session.commit()
    parts = dict(calendar_parts(mailbox.last_to("jan@example.org")))
    new, removal = read(parts["REQUEST"], parts["CANCEL"])
    assert (new["method"], removal["method"]) == ("REQUEST", "CANCEL")
    assert removal["events"][0]["uid"] == invitation["events"][0]["uid"]
    assert removal["events"][0]["sequence"] > invitation["events"][0]["sequence"]
    assert new["events"][0]["uid"] != invitation["events"][0]["uid"]
    assert new["events"][0]["summary"] == "Szkolenie kwietniowe"
    assert utc_instant(new["events"][0]["start"]) == target.starts_at.replace(tzinfo=UTC)


def test_the_operators_own_address_is_not_invited(app, event_factory, mailbox):
    """Outlook takes an invitation whose ORGANIZER is the reader as one they organise."""
    event = event_factory()
    add(event, "Biuro Federacji", app.config["CONSULT_OPERATOR_EMAIL"].upper())
    method, data = mailed_calendar(mailbox, app.config["CONSULT_OPERATOR_EMAIL"].upper())
    [calendar] = read(data)
    assert method == calendar["method"] == "PUBLISH"
    assert calendar["events"][0]["attendees"] == []
    assert calendar["events"][0]["organizer"]["value"].endswith(
        app.config["CONSULT_OPERATOR_EMAIL"])


@pytest.mark.parametrize("zone", ["Europe/Warsaw", "America/New_York", "Australia/Sydney",
                                  "Asia/Tokyo"])
def test_time_zone_rules_come_from_the_zone_data(make_app, zone):
    """Every six hours of the months of the changes in 2006-2008 (New York and Sydney
    changed their rules in 2007 and 2008) and the middle of every month, placed by ical.js
    and vobject at the instant it was written for. Wall-clock times of the hour that happens
    twice are left out: no file can tell them apart."""
    local = ZoneInfo(zone)
    moments = [datetime(2006, 1, 1, tzinfo=UTC) + timedelta(hours=6 * n)
               for n in range(4 * 365 * 3)]
    moments = [moment for moment in moments
               if moment.month in (3, 4, 10, 11) or (moment.day, moment.hour) == (15, 12)]
    moments = [moment for moment in moments
               if moment.astimezone(local).replace(fold=1).utcoffset()
               == moment.astimezone(local).replace(fold=0).utcoffset()]
    with make_app(CONSULT_TIMEZONE=zone).app_context():
        data = build_calendar([CalendarEntry(uid=f"{n}@test", starts_at=moment,
                                             ends_at=moment + timedelta(hours=1), summary="x")
                               for n, moment in enumerate(moments)])
    [calendar] = read(data)
    assert calendar["timezones"] == [zone]
    assert [start for start, _end in instants(calendar)] == moments
    assert b"RDATE" not in data
    if zone == "Europe/Warsaw":
        assert data.count(b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n") == 1
        assert data.count(b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n") == 1


def test_feed_lists_published_events_and_answers_conditional_requests(client, event_factory):
    event_factory(title="Szkolenie A")
    event_factory(title="Debata B", type="debate")
    event_factory(title="Szkic C", status="draft")
    response = client.get("/events/calendar.ics")
    debates = client.get("/events/calendar.ics?type=debate")
    everything, only_debates = read(response.data, debates.data)
    assert {e["summary"] for e in everything["events"]} == {"Szkolenie A", "Debata B"}
    assert [e["summary"] for e in only_debates["events"]] == ["Debata B"]
    assert response.headers["ETag"] and response.headers["Last-Modified"]

    again = client.get("/events/calendar.ics",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get("/events/calendar.ics",
                       headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert since.status_code == 304

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
    assert "meet.example.org" not in client.get(f"/registrations/{pending.token}").get_data(
        as_text=True)
    client.post(f"/registrations/{pending.token}/confirm")
    [public_entry, mailed] = read(public, mailed_calendar(mailbox, "maria@example.org")[1])
    assert "meet.example.org" not in str(public_entry["events"][0])
    assert "https://meet.example.org/tajne" in mailed["events"][0]["location"]
    assert "https://meet.example.org/tajne" in mailed["events"][0]["description"]
    assert "meet.example.org/tajne" in client.get(f"/registrations/{pending.token}").get_data(
        as_text=True)


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
            counts.append(reminders.send_reminders())
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
        assert reminders.send_reminders() == 0
        db.session.commit()
        assert all(r.reminded_at for r in db.session.scalars(
            select(Registration).where(Registration.event_id == soon_id)))


def test_reminder_window_and_status(app, event_factory, mailbox):
    event = event_factory(starts_in=timedelta(hours=5))
    data = services.RegistrationData(full_name="Gość", email="guest@example.org",
                                     category="resident")
    services.register(event, data)  # an unconfirmed guest gets no reminder
    db.session.commit()
    assert reminders.send_reminders(now=utcnow()) == 0
    registration = db.session.scalar(select(Registration))
    services.confirm_email(registration)
    db.session.commit()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert reminders.send_reminders(now=utcnow() - timedelta(days=2)) == 0  # too early
    assert reminders.send_reminders(now=utcnow()) == 1
