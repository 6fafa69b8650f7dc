"""Fixtures of the events tests."""


from sqlalchemy import select

from consult.events import services
from consult.events.models import (
    SEAT_HOLDING,
    Event,
    EventQuota,
    Registration,
    RegistrationStatus,
)
from consult.extensions import db


def add(event, name, email, category="ngo", guest=False, **fields) -> Registration:
    """Register someone: by staff (confirmed when there is room) or as a guest (pending)."""
    data = services.RegistrationData(full_name=name, email=email, category=category, **fields)
    registration = services.register(event, data, staff=None if guest else object())
    db.session.commit()
    return registration


def counted_seats(event_id: int) -> dict:
    """The event's seats counted from its registrations, as the seat counters must say."""
    held, waiting, by_category = 0, 0, {}
    for category, status, confirmed in db.session.execute(
            select(Registration.category, Registration.status,
                   Registration.email_confirmed_at.is_not(None))
            .where(Registration.event_id == event_id)):
        if status in SEAT_HOLDING:
            held += 1
            by_category[category] = by_category.get(category, 0) + 1
        waiting += status == RegistrationStatus.WAITLISTED and confirmed
    quotas = db.session.execute(select(EventQuota.category).where(
        EventQuota.event_id == event_id)).scalars()
    return {"held": held, "waiting": waiting,
            "quotas": {category: by_category.get(category, 0) for category in quotas}}


def seat_counters(event_id: int) -> dict:
    """The event's seat counters as stored (read past the session's objects)."""
    held, waiting = db.session.execute(select(Event.seats_taken, Event.waitlist_length)
                                       .where(Event.id == event_id)).one()
    quotas = db.session.execute(select(EventQuota.category, EventQuota.seats_taken)
                                .where(EventQuota.event_id == event_id)).all()
    return {"held": held, "waiting": waiting, "quotas": dict(quotas)}


def assert_counters_match(*events) -> None:
    """The seat counters of ``events`` equal a recount of their registrations."""
    for event in events:
        assert seat_counters(event.id) == counted_seats(event.id), event.slug
