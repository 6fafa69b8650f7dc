"""Events as iCalendar entries: the public feed, and each registrant's own entry.

The public entry (UID ``event-<id>@host``) never carries the online link. A registrant's
entry has its own UID (``registration-<id>-<event id>@host``): it carries the link once
confirmed, and is removed with METHOD:CANCEL when that registration ends, without touching
anyone else's calendar or the public feed.
"""

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from consult.core.calendar import CANCEL, PUBLISH, CalendarEntry, build_calendar
from consult.core.urls import external_url
from consult.events.models import CONFIRMED, TYPE_LABELS, Event, Registration


def _host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


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
        categories=[str(TYPE_LABELS.get(event.type, event.type))],
    )


def registration_entry(registration: Registration, cancelled: bool = False) -> CalendarEntry:
    event = registration.event
    page = external_url("events.registration", token=registration.token)
    confirmed = registration.status == CONFIRMED and not cancelled
    online_url = event.online_url if confirmed and event.is_online else ""
    extra = [_("Online meeting: %(url)s", url=online_url)] if online_url else []
    extra.append(_("Your registration: %(url)s", url=page))
    return CalendarEntry(
        uid=f"registration-{registration.id}-{event.id}@{_host()}",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        # A cancellation must not have a lower SEQUENCE than the entry it removes.
        sequence=event.sequence + (1 if cancelled else 0),
        description=_description(event, extra),
        location=_location(event, online_url),
        url=page,
        cancelled=cancelled,
        last_modified=event.updated_at,
        organizer=(event.organiser or current_app.config["CONSULT_OPERATOR_NAME"],
                   current_app.config["CONSULT_OPERATOR_EMAIL"]),
        attendees=[(registration.full_name, registration.email)] if registration.email else [],
    )


def event_ics(event: Event) -> bytes:
    return build_calendar([public_entry(event)], method=PUBLISH)


def feed_ics(events: list[Event]) -> bytes:
    return build_calendar(
        [public_entry(event) for event in events], method=PUBLISH,
        name=current_app.config["CONSULT_SITE_NAME"],
    )


def registration_ics(registration: Registration, cancelled: bool = False) -> bytes:
    return build_calendar(
        [registration_entry(registration, cancelled)], method=CANCEL if cancelled else PUBLISH
    )
