"""Reading events and registrations: the shared selects of pages, feeds and the API."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.core.timeutil import utcnow
from consult.events.models import SEAT_HOLDING, Event, EventQuota, EventStatus, Registration
from consult.extensions import db

# Cancelled events stay in the feed a while, so subscribed calendars drop them.
FEED_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


# The statements that answer most requests are built once, with the slug as the bound
# parameter ``slug``: building one (and keying it for SQLAlchemy's compiled cache) for each
# request costs more than running it.


@cache
def event_by_slug() -> Select:
    """What an event's page shows (the registration form has its own query)."""
    return select(Event).where(Event.slug == bindparam("slug")).options(
        selectinload(Event.agenda), selectinload(Event.quotas), selectinload(Event.partners),
        joinedload(Event.funding_project), joinedload(Event.powiat),
    )


@cache
def heading_by_slug() -> Select:
    """What an event's page and the blank registration form need around their kept parts:
    title, summary, status, capacity (the note on free seats), and the moments the kept
    parts change at by themselves (``services.registration_state``), and whether seats are
    set aside per group (then the form shows each group's seats: it is not kept)."""
    return select(Event.id, Event.slug, Event.title, Event.summary, Event.status,
                  Event.capacity, Event.registration_opens_at, Event.registration_closes_at,
                  Event.starts_at, Event.ends_at,
                  exists().where(EventQuota.event_id == Event.id).label("has_quotas"),
                  ).where(Event.slug == bindparam("slug"))


@cache
def event_to_register() -> Select:
    """What the registration form's answer and its e-mail need (the funding project of the
    e-mail's footer), without the event page's agenda and partners. The questions are read
    when the form is built (the blank form's fields are kept), the quotas under the
    event's lock, when a seat is given (``lock_event``)."""
    return select(Event).where(Event.slug == bindparam("slug")).options(
        joinedload(Event.funding_project))


def registration_by_token(token: str) -> Select:
    return select(Registration).where(Registration.token == token).options(
        selectinload(Registration.event).selectinload(Event.funding_project)
    )


def listed_events(kind: str | None = None, fmt: str | None = None, past: bool = False) -> Select:
    """Published (and cancelled) events: upcoming soonest first, or past latest first."""
    now = utcnow()
    stmt = select(Event).where(Event.status.in_(FEED_STATUSES)).options(
        selectinload(Event.quotas), joinedload(Event.powiat)
    )
    if past:
        stmt = stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        stmt = stmt.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    if kind:
        stmt = stmt.where(Event.type == kind)
    if fmt:
        stmt = stmt.where(Event.format == fmt)
    return stmt


def _feed_filter(kind: str | None):
    conditions = [Event.status.in_(FEED_STATUSES), Event.ends_at >= utcnow() - timedelta(days=30)]
    if kind:
        conditions.append(Event.type == kind)
    return conditions


def feed_version(kind: str | None):
    """(number of events, latest change): enough to answer a conditional request."""
    count, last = db.session.execute(
        select(func.count(Event.id), func.max(Event.updated_at)).where(*_feed_filter(kind))
    ).one()
    return count, last


def feed_events(kind: str | None) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(*_feed_filter(kind))
        .options(selectinload(Event.funding_project))
        .order_by(Event.starts_at, Event.id)
    ))


def latest_registration_of(user) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.user_id == user.id)
        .order_by(Registration.id.desc()).limit(1)
    )


@dataclass
class StatusTable:
    """Registrations of one event counted by participant category and status."""

    counts: dict[tuple[str, str], int]

    def get(self, category: str, status: str) -> int:
        return self.counts.get((category, status), 0)

    def category_total(self, category: str) -> int:
        return sum(n for (c, _status), n in self.counts.items() if c == category)

    def status_total(self, status: str) -> int:
        return sum(n for (_category, s), n in self.counts.items() if s == status)

    def held(self, category: str) -> int:
        return sum(self.get(category, status) for status in SEAT_HOLDING)

    @property
    def held_total(self) -> int:
        return sum(n for (_category, s), n in self.counts.items() if s in SEAT_HOLDING)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def status_table(event: Event) -> StatusTable:
    rows = db.session.execute(
        select(Registration.category, Registration.status, func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.category, Registration.status)
    )
    return StatusTable({(category, status): n for category, status, n in rows})
