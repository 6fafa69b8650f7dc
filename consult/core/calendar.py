"""iCalendar (RFC 5545) files: times in CONSULT_TIMEZONE with its VTIMEZONE.

Calendar clients place an event by TZID and the VTIMEZONE rules, so an event after the
October DST change is still at the wall-clock time people were told. The VTIMEZONE is
written by ``consult.core.vtimezone`` as yearly rules, the form every client reads.

What each file says to whom (METHOD, ORGANIZER, ATTENDEE) is decided in
``consult.events.calendar``.

Text goes in through ``export_text``: RFC 5545 allows no control characters but tab in a
value, and icalendar writes a lone carriage return as it is, which ends the line early for
the client reading it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from consult.core.text import export_text
from consult.core.timeutil import as_utc, to_local, utcnow
from consult.core.vtimezone import vtimezone

PRODID = "-//consult//consult events//PL"
# METHOD values of iTIP (RFC 5546): a posting anyone may add (no attendees), an invitation
# to add or update (to its attendees), a removal.
PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"


@dataclass
class CalendarEntry:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    last_modified: datetime | None = None
    organizer: tuple[str, str] | None = None  # (name, e-mail)
    attendees: list[tuple[str, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


def _parameter_text(value: str) -> str:
    """A parameter value (a name in CN) on one line: RFC 5545 has no escape for a line
    break there."""
    return " ".join(export_text(value).split())


def _vevent(entry: CalendarEntry) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", utcnow())
    event.add("dtstart", to_local(entry.starts_at))
    event.add("dtend", to_local(entry.ends_at))
    event.add("summary", export_text(entry.summary))
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if entry.description:
        event.add("description", export_text(entry.description))
    if entry.location:
        event.add("location", export_text(entry.location))
    if entry.url:
        event.add("url", entry.url)
    if entry.last_modified:
        event.add("last-modified", entry.last_modified)
    if entry.categories:
        event.add("categories", [export_text(category) for category in entry.categories])
    if entry.organizer:
        name, email = entry.organizer
        organizer = vCalAddress(f"mailto:{email}")
        organizer.params["cn"] = vText(_parameter_text(name))
        event.add("organizer", organizer, encode=0)
    for name, email in entry.attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(_parameter_text(name))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        if not entry.cancelled:
            # The seat is theirs: they asked for it. No answer is asked for (Outlook then
            # offers to accept without sending a response).
            attendee.params["partstat"] = vText("ACCEPTED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    return event


def build_calendar(entries: list[CalendarEntry], method: str | None = None,
                   name: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", export_text(name))
    if entries:
        calendar.add_component(vtimezone(
            current_app.config["CONSULT_TIMEZONE"],
            to_local(min(as_utc(entry.starts_at) for entry in entries)),
            to_local(max(as_utc(entry.ends_at) for entry in entries)),
        ))
    for entry in entries:
        calendar.add_component(_vevent(entry))
    return calendar.to_ical()
