"""Where statuses change: ``set_status`` for a registration, ``set_event_status`` for an
event, each logging the change.

A registration's status says whether it holds a seat or waits for one, so ``set_status``
also keeps the event's seat counters (``Event.seats_taken``, ``Event.waitlist_length``,
``EventQuota.seats_taken``), under the event's lock that the rules (services.py) took
before they read them: neither a registration nor a page counts the registrations.
"""

from datetime import datetime

from sqlalchemy.orm.attributes import set_committed_value

from consult.core.timeutil import utcnow
from consult.events import queries
from consult.events.attendance import certificate_follows
from consult.events.locks import lock_event
from consult.events.models import (
    SEAT_HOLDING,
    Event,
    EventStatusChange,
    Registration,
    RegistrationLog,
    RegistrationStatus,
)
from consult.extensions import db


def _seat_use(status: str, address_confirmed: bool) -> tuple[int, int]:
    """What a registration in ``status`` counts for: (seats held, people waiting)."""
    return (int(status in SEAT_HOLDING),
            int(status == RegistrationStatus.WAITLISTED and address_confirmed))


def _count_seat_change(event: Event, category: str, held: int, waiting: int) -> None:
    """Add to the event's seat counters (and its category's quota), in the database and on
    the objects read under the lock. Only ``set_status`` and ``confirm_address`` call it."""
    if not (held or waiting):
        return
    connection = db.session.connection()
    connection.execute(queries.seat_counter_change(),
                       {"event_id": event.id, "held": held, "waiting": waiting})
    set_committed_value(event, "seats_taken", event.seats_taken + held)
    set_committed_value(event, "waitlist_length", event.waitlist_length + waiting)
    quota = next((quota for quota in event.quotas if quota.category == category), None)
    if quota is not None and held:
        connection.execute(queries.quota_counter_change(), {"quota_id": quota.id, "held": held})
        set_committed_value(quota, "seats_taken", quota.seats_taken + held)


def recount_seats(event: Event) -> None:
    """Set the event's seat counters from a count of its registrations, under the lock:
    after staff changed its quotas (``event_saved``), and for registrations written
    outside the rules (the demo's and the benchmark's data)."""
    event = lock_event(event.id)
    held, waiting, by_category = queries.seat_recount(event.id)
    connection = db.session.connection()
    connection.execute(queries.seat_counter_change(), {
        "event_id": event.id, "held": held - event.seats_taken,
        "waiting": waiting - event.waitlist_length})
    set_committed_value(event, "seats_taken", held)
    set_committed_value(event, "waitlist_length", waiting)
    for quota in event.quotas:
        taken = by_category.get(quota.category, 0)
        connection.execute(queries.quota_counter_change(),
                           {"quota_id": quota.id, "held": taken - quota.seats_taken})
        set_committed_value(quota, "seats_taken", taken)


def set_status(registration: Registration, status: str, actor=None, note: str = "",
               event: Event | None = None) -> None:
    """The one place that changes a registration's status; it logs the change and keeps
    the seat counters. ``event``: the event the registration moves to (``move``), which
    is then locked like its own."""
    old = registration.status if registration.id is not None else None  # None: just made
    confirmed = registration.email_confirmed_at is not None
    held, waiting = _seat_use(old, confirmed) if old is not None else (0, 0)
    source = registration.event
    if event is not None and event is not source:
        _count_seat_change(source, registration.category, -held, -waiting)
        registration.event, held, waiting = event, 0, 0
    registration.status = status
    now_held, now_waiting = _seat_use(status, confirmed)
    _count_seat_change(registration.event, registration.category,
                       now_held - held, now_waiting - waiting)
    if status != RegistrationStatus.PENDING or registration.email_confirmed_at is not None:
        registration.client_key = None  # needed only while an unconfirmed address holds a seat
    now = utcnow()
    if status == RegistrationStatus.CONFIRMED:
        registration.confirmed_at = now
        registration.hold_expires_at = None
    elif status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        registration.cancelled_at = now
        registration.hold_expires_at = None
    registration.history.append(
        RegistrationLog(
            old_status=old, new_status=status, actor_id=getattr(actor, "id", None),
            note=note[:300], at=now,
        )
    )
    if old == RegistrationStatus.CONFIRMED and status != old:
        certificate_follows(registration)  # a cancelled attendee's certificate is withdrawn


def confirm_address(registration: Registration, now: datetime) -> None:
    """The registrant's address is proved: on the waiting list, they now count as waiting
    for a freed seat."""
    if registration.email_confirmed_at is not None:
        return
    registration.email_confirmed_at = now
    if registration.id is not None:
        _count_seat_change(registration.event, registration.category,
                           0, int(registration.status == RegistrationStatus.WAITLISTED))


def set_event_status(event: Event, status: str, actor=None, note: str = "") -> None:
    """The one place that changes an event's status; it logs the change."""
    event.status_history.append(EventStatusChange(
        old_status=event.status, new_status=status, actor_id=getattr(actor, "id", None),
        note=note[:300], at=utcnow()))
    event.status = status
