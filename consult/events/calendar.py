"""Events as iCalendar files: the public event and feed, and each registrant's own entry.

What each file says, and why (issue 19; the evidence is summarised in README, "Calendar
files"):

* **Public files** (``/events/<slug>/calendar.ics``, the feed): ``METHOD:PUBLISH`` with an
  ORGANIZER (the operator) and no ATTENDEE, as RFC 5546 §3.2.1 requires of a posting
  ("The Organizer MUST be present … Attendees MUST NOT be present"). UID
  ``event-<id>@host``; never the online link.
* **A registrant's entry**, mailed and offered on their page only while they hold a seat
  (pretix attaches its calendar file only to paid orders; a person on the waiting list or
  with an unconfirmed address gets no file, so nobody blocks a date for a seat they do not
  have): ``METHOD:REQUEST`` with ORGANIZER = the operator's contact address and the person as
  the one ATTENDEE (PARTSTAT=ACCEPTED, RSVP=FALSE). Only an iTIP REQUEST with ORGANIZER and
  ATTENDEE is shown by Outlook as an invitation it adds and later updates (Indico sends
  REQUEST for that reason, indico/indico#5178), and Gmail, Apple Calendar and Thunderbird
  update the same entry from a REQUEST with the same UID and a higher SEQUENCE. A change of
  time or place raises the event's SEQUENCE and mails a new REQUEST; the end of the
  registration or of the event mails ``METHOD:CANCEL`` with the same UID and a SEQUENCE one
  higher, which removes that entry. The MIME type of each attachment names the same method
  (Outlook refuses a mismatch: "Inbound Mime method and ICAL method mismatch").
* **Replies**: RSVP=FALSE asks for none (Outlook then accepts without sending one); a client
  that still answers (Gmail, Apple Calendar on a click of "Yes") writes to the ORGANIZER,
  the operator's contact mailbox (CONSULT_OPERATOR_EMAIL), where it is read as an ordinary
  message and nothing is processed. A no-reply address would make those answers bounce
  (indico/indico#7121). When a registrant's own address is the operator's, the file is a
  PUBLISH without ATTENDEE: Outlook takes an ORGANIZER that is the reader as "you organise
  this meeting".
* **Separate UIDs** for the public entry and the personal one (``registration-<id>-<event
  id>@host``): a subscribed feed is a read-only calendar of its own in every client, so the
  same UID there and in the invitation would make the invitation collide with a copy it
  cannot update (Thunderbird looks the UID up in every calendar), and one person's CANCEL
  would have to carry the public event's UID. Someone who both subscribes and registers sees
  the event twice, once as the public listing and once as their seat.
* **No private link in a calendar file**: people share calendars and forward invitations
  (pretix leaves the ticket link out for that reason). URL and DESCRIPTION carry the public
  event page; the online meeting link goes only to a confirmed participant.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from consult.core.calendar import CANCEL, PUBLISH, REQUEST, CalendarEntry, build_calendar
from consult.core.urls import external_url
from consult.events.choices import TYPE_LABELS
from consult.events.models import Event, Registration, RegistrationStatus


@dataclass(frozen=True)
class CalendarFile:
    method: str
    data: bytes


def _host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def _organizer(event: Event) -> tuple[str, str]:
    return (event.organiser or current_app.config["CONSULT_OPERATOR_NAME"],
            current_app.config["CONSULT_OPERATOR_EMAIL"])


def _location(event: Event, online_url: str = "") -> str:
    place = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if event.is_online:
        online = online_url or _("online")
        place = f"{place} / {online}" if place and event.has_venue else online
    return place


def _description(event: Event, extra: list[str]) -> str:
    parts = [event.summary] if event.summary else []
    parts.extend(extra)
    if event.funding_project and event.funding_project.notice:
        parts.append(event.funding_project.notice)
    return "\n\n".join(parts)


def public_entry(event: Event) -> CalendarEntry:
    url = external_url("events.detail", slug=event.slug)
    return CalendarEntry(
        uid=f"event-{event.id}@{_host()}",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        sequence=event.sequence,
        description=_description(event, [url]),
        location=_location(event),
        url=url,
        cancelled=event.is_cancelled,
        last_modified=event.updated_at,
        organizer=_organizer(event),
        categories=[str(TYPE_LABELS.get(event.type, event.type))],
    )


def has_calendar_entry(registration: Registration) -> bool:
    """A registrant gets a calendar file only with a seat."""
    return registration.status == RegistrationStatus.CONFIRMED


def registration_entry(registration: Registration, cancelled: bool = False,
                       event: Event | None = None) -> CalendarEntry:
    """The registrant's entry for their event, or for ``event`` (the one they were moved
    from, whose entry is cancelled)."""
    event = event or registration.event
    url = external_url("events.detail", slug=event.slug)
    confirmed = has_calendar_entry(registration) and not cancelled
    online_url = event.online_url if confirmed and event.is_online else ""
    extra = [_("Online meeting: %(url)s", url=online_url)] if online_url else []
    extra.append(url)
    organizer = _organizer(event)
    invited = registration.email and registration.email.casefold() != organizer[1].casefold()
    return CalendarEntry(
        uid=f"registration-{registration.id}-{event.id}@{_host()}",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        # A cancellation must not have a lower SEQUENCE than the entry it removes.
        sequence=event.sequence + (1 if cancelled else 0),
        description=_description(event, extra),
        location=_location(event, online_url),
        url=url,
        cancelled=cancelled,
        last_modified=event.updated_at,
        organizer=organizer,
        attendees=[(registration.full_name, registration.email)] if invited else [],
    )


def event_ics(event: Event) -> bytes:
    return build_calendar([public_entry(event)], method=PUBLISH)


def feed_ics(events: list[Event]) -> bytes:
    return build_calendar(
        [public_entry(event) for event in events], method=PUBLISH,
        name=current_app.config["CONSULT_SITE_NAME"],
    )


def registration_ics(registration: Registration, cancelled: bool = False,
                     event: Event | None = None) -> CalendarFile:
    """The registrant's invitation (REQUEST), or its removal (CANCEL) when ``cancelled``;
    a PUBLISH when there is nobody to invite but the organiser."""
    entry = registration_entry(registration, cancelled, event)
    method = (CANCEL if cancelled else REQUEST) if entry.attendees else PUBLISH
    return CalendarFile(method, build_calendar([entry], method=method))
