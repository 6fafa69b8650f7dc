"""Reading events and registrations: the shared selects of pages, feeds and the API."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Select,
    Update,
    and_,
    bindparam,
    exists,
    false,
    func,
    select,
    update,
)
from sqlalchemy.orm import defer, joinedload, selectinload

from consult.core.timeutil import utcnow
from consult.events.attendance import matching
from consult.events.models import (
    ACTIVE,
    SEAT_HOLDING,
    Event,
    EventQuota,
    EventStatus,
    Registration,
    RegistrationLog,
    RegistrationStatus,
)
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
    """What an event's page and the blank registration form need around their cached
    parts: title, summary, status, capacity and seat counters (the note on free seats), the
    moments the cached parts change at by themselves (``services.registration_state``), and
    whether seats are set aside per group (then the form shows each group's seats: it is
    not cached)."""
    return select(Event.id, Event.slug, Event.title, Event.summary, Event.status,
                  Event.capacity, Event.seats_taken, Event.waitlist_length,
                  Event.registration_opens_at, Event.registration_closes_at,
                  Event.starts_at, Event.ends_at,
                  exists().where(EventQuota.event_id == Event.id).label("has_quotas"),
                  ).where(Event.slug == bindparam("slug"))


@cache
def event_for_blank_form() -> Select:
    """What the blank registration form's cached heading and fields are built from (the
    event; its questions are read with the form): no funding project, and not the seat
    counters, which those parts do not show (consult.events.kept)."""
    return select(Event).where(Event.slug == bindparam("slug")).options(
        defer(Event.seats_taken), defer(Event.waitlist_length))


@cache
def event_to_register() -> Select:
    """What the registration form's answer and its e-mail need (the funding project of the
    e-mail's footer), without the event page's agenda and partners. The questions are read
    when the form is built (the blank form's fields are cached), the quotas under the
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


# ---------------------------------------------------------------- seats (services' statements)


def hold_expired(now) -> ColumnElement[bool]:
    """A guest's seat held for them to confirm their address, and the time ran out."""
    return and_(Registration.status == RegistrationStatus.PENDING,
                Registration.email_confirmed_at.is_(None),
                Registration.hold_expires_at < now)


def unconfirmed_waiting_expired(waiting_since) -> ColumnElement[bool]:
    """Waiting for its address to be confirmed since before ``waiting_since``."""
    return and_(Registration.status == RegistrationStatus.WAITLISTED,
                Registration.email_confirmed_at.is_(None),
                Registration.created_at < waiting_since)


@cache
def registration_checks(by_email: bool) -> Select:
    """What ``services.register`` asks under the lock besides the seat counters, in one
    query that reads only the rows concerned (never all the event's registrations): how
    many active registrations ``email`` has, and whether holds or unconfirmed waiting
    entries ran out (``expire_holds`` has work to do). Bound parameters ``event_id``,
    ``email``, ``at`` and ``waiting_since``."""
    of_email = (select(func.count()).where(
        Registration.event_id == bindparam("event_id"),
        Registration.email == bindparam("email"),
        Registration.status.in_(ACTIVE)).scalar_subquery() if by_email else false())
    expired = exists().where(
        Registration.event_id == bindparam("event_id"),
        hold_expired(bindparam("at"))
        | unconfirmed_waiting_expired(bindparam("waiting_since")))
    return select(of_email, expired)


@cache
def seat_counter_change() -> Update:
    """Add ``held`` and ``waiting`` to an event's seat counters. Like the lock, a statement
    of the table on the session's connection that leaves ``updated_at`` as it is: the
    counters change with a registration, which is the change (consult.caching.versions)."""
    table = Event.__table__
    return (update(table).where(table.c.id == bindparam("event_id"))
            .values(seats_taken=table.c.seats_taken + bindparam("held"),
                    waitlist_length=table.c.waitlist_length + bindparam("waiting"),
                    updated_at=table.c.updated_at))


@cache
def quota_counter_change() -> Update:
    """Add ``held`` to a quota's seat counter."""
    table = EventQuota.__table__
    return (update(table).where(table.c.id == bindparam("quota_id"))
            .values(seats_taken=table.c.seats_taken + bindparam("held")))


def seat_recount(event_id: int) -> tuple[int, int, dict[str, int]]:
    """The event's seat counters counted from its registrations: seats held, people
    waiting with a confirmed address, seats held per category."""
    rows = db.session.execute(
        select(Registration.category, Registration.status, func.count(),
               func.count().filter(Registration.email_confirmed_at.is_not(None)))
        .where(Registration.event_id == event_id, Registration.status.in_(ACTIVE))
        .group_by(Registration.category, Registration.status))
    held, waiting, by_category = 0, 0, {}
    for category, status, count, confirmed in rows:
        if status == RegistrationStatus.WAITLISTED:
            waiting += confirmed
        else:
            held += count
            by_category[category] = by_category.get(category, 0) + count
    return held, waiting, by_category


def move_targets(event: Event) -> list[Event]:
    """The events staff may move a registration of ``event`` to: the other upcoming ones,
    published or draft, soonest first."""
    return list(db.session.scalars(
        select(Event)
        .where(Event.id != event.id, Event.status.in_((EventStatus.PUBLISHED, EventStatus.DRAFT)),
               Event.starts_at > utcnow())
        .order_by(Event.starts_at, Event.id)
    ))


def active_registrations(event: Event) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
        .order_by(Registration.id)
    ))


# ---------------------------------------------------------------- staff's registration pages


def event_with_quotas(event_id: int) -> Select:
    """The event of the staff's list of registrations, with its groups' seats."""
    return select(Event).where(Event.id == event_id).options(selectinload(Event.quotas))


def registrations_list(event: Event, status: str | None, category: str | None,
                       query: str) -> Select:
    """The staff's list of the event's registrations, filtered by status, category and a
    search of name, e-mail or organisation, in order of registration."""
    stmt = select(Registration).where(Registration.event_id == event.id)
    if status:
        stmt = stmt.where(Registration.status == status)
    if category:
        stmt = stmt.where(Registration.category == category)
    if query:
        stmt = stmt.where(matching(query))
    return stmt.order_by(Registration.id)


def registration_with_history(event: Event, registration_id: int) -> Select:
    """One registration of the event for staff: answers, attendance and its history with
    who made each change."""
    return (
        select(Registration)
        .where(Registration.id == registration_id, Registration.event_id == event.id)
        .options(
            selectinload(Registration.answers),
            selectinload(Registration.attendance),
            selectinload(Registration.history).selectinload(RegistrationLog.actor),
        )
    )


def registration_by_checkin_code(code: str) -> Select:
    """The registration a badge's QR code names, with its attendance."""
    return (select(Registration).where(Registration.checkin_code == code)
            .options(selectinload(Registration.attendance)))
