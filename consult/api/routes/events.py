"""GET /api/v1/events, /events/<slug>.

Responses carry an ETag and Last-Modified computed before the body is built, so a
conditional request is answered 304 with two small aggregate queries. Seats left change
when people register, so the version covers the events' registrations as well, and the
number of events open for registration (which changes with the clock alone).
"""

from flask import current_app, request
from sqlalchemy import func, or_, select

from consult.api import bp, kept
from consult.api.responses import PER_PAGE, conditional_json, page_number
from consult.core.pagination import paginate
from consult.core.timeutil import to_local, utcnow
from consult.core.urls import external_url
from consult.events import queries, services
from consult.events.models import Event, EventStatus, Registration
from consult.extensions import db


def event_json(event: Event, counts: services.SeatCounts) -> dict:
    """The public fields of an event: never the online link, never anyone's data."""
    left = services.seats_left(event, counts)
    open_now = services.registration_state(event) == services.OPEN and (
        left is None or left > 0 or event.waitlist_enabled
    )
    return {
        "slug": event.slug,
        "title": event.title,
        "type": event.type,
        "format": event.format,
        "starts_at": to_local(event.starts_at).isoformat(),
        "ends_at": to_local(event.ends_at).isoformat(),
        "timezone": current_app.config["CONSULT_TIMEZONE"],
        "venue": {"name": event.venue_name, "address": event.venue_address}
        if event.has_venue else None,
        "online": event.is_online,
        "capacity": event.capacity,
        "seats_left": left,
        "waitlist_length": counts.waiting,
        "registration_open": open_now,
        "url": external_url("events.detail", slug=event.slug),
        "ics_url": external_url("events.event_calendar", slug=event.slug),
    }


def _published(kind: str | None = None, past: bool = False):
    return queries.listed_events(kind, past=past).where(Event.status == EventStatus.PUBLISHED)


def _events_version(events, shown=None) -> tuple[str, object]:
    """(version, last change) of the events the select returns and of the registrations of
    ``shown`` (the page's events, a select of the same events with its limit and offset;
    default: all of them). Seats are shown for the page's events only, so registrations
    elsewhere do not change the page."""
    scoped = events.order_by(None).subquery()
    shown = (shown if shown is not None else events).subquery()
    now = utcnow()
    opens_ok = or_(scoped.c.registration_opens_at.is_(None),
                   scoped.c.registration_opens_at <= now)
    closes_at = func.coalesce(scoped.c.registration_closes_at, scoped.c.starts_at)
    count, changed, open_count = db.session.execute(
        select(func.count(), func.max(scoped.c.updated_at),
               func.count().filter(opens_ok & (closes_at > now) & (scoped.c.ends_at > now)))
    ).one()
    registrations, registrations_changed = db.session.execute(
        select(func.count(Registration.id), func.max(Registration.updated_at))
        .where(Registration.event_id.in_(select(shown.c.id)))
    ).one()
    version = f"{count}:{changed}:{open_count}:{registrations}:{registrations_changed}"
    return version, max(filter(None, (changed, registrations_changed)), default=None)


@bp.get("/events")
def events():
    kind = request.args.get("type")
    past = request.args.get("past") == "1"
    number = page_number()
    stmt = _published(kind, past)
    version, last_modified = kept.EVENTS_VERSION.get(
        (request.full_path,),
        lambda: _events_version(stmt, stmt.limit(PER_PAGE).offset((number - 1) * PER_PAGE)))

    def build() -> dict:
        page = paginate(stmt, number, PER_PAGE)
        counts = services.seat_counts_by_event(page.items)
        body = {"items": [event_json(event, counts[event.id]) for event in page.items]}
        if page.has_next:
            body["next"] = external_url(
                "api.events", page=page.page + 1, type=kind, past="1" if past else None
            )
        return body

    return conditional_json(f"events:{kind}:{past}:{number}:{version}", last_modified, build)


@bp.get("/events/<slug>")
def event(slug):
    found = db.first_or_404(select(Event).where(Event.slug == slug,
                                                Event.status == EventStatus.PUBLISHED))
    version, last_modified = _events_version(select(Event).where(Event.id == found.id))
    return conditional_json(
        f"event:{found.id}:{version}", last_modified,
        lambda: event_json(found, services.seat_counts(found)),
    )
