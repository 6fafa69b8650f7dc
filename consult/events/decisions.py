"""Staff decisions on a registration: approve it, reject it, move it to another event.

Each takes the lock of the event whose seats it changes, like the registrant's own
actions in services.py, and a seat it frees goes to the next in line (``promote_waiting``).
"""

from consult.core.timeutil import utcnow
from consult.events import mail
from consult.events.locks import lock_event
from consult.events.models import ACTIVE, Event, EventStatus, Registration, RegistrationStatus
from consult.events.services import (
    ALREADY_REGISTERED,
    EVENT_CANCELLED,
    NOT_ACTIVE,
    RegistrationError,
    find_active_registration,
    give_seat,
    has_room,
    promote_waiting,
    seat_counts,
)
from consult.events.status import confirm_address, set_status
from consult.extensions import db


def approve(registration: Registration, actor) -> Registration:
    lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.PENDING:
        raise RegistrationError(NOT_ACTIVE, registration)
    confirm_address(registration, utcnow())
    set_status(registration, RegistrationStatus.CONFIRMED, actor, "approved")
    mail.registration_confirmed(registration)
    return registration


def reject(registration: Registration, actor, reason: str = "") -> Registration:
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    had_calendar_entry = registration.status == RegistrationStatus.CONFIRMED
    set_status(registration, RegistrationStatus.REJECTED, actor, reason or "rejected")
    mail.registration_rejected(registration, reason, had_calendar_entry)
    promote_waiting(event)
    return registration


def move(registration: Registration, target: Event, actor) -> Registration:
    """Move a registration to another event (e.g. the next edition of a full training).

    Both events are locked, in id order so two opposite moves cannot deadlock.
    """
    source_id = registration.event_id
    if target.id == source_id:
        return registration
    for event_id in sorted((source_id, target.id)):
        lock_event(event_id)
    db.session.refresh(registration)
    source, target = db.session.get(Event, source_id), db.session.get(Event, target.id)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    if target.status == EventStatus.CANCELLED:
        raise RegistrationError(EVENT_CANCELLED)
    if find_active_registration(target, registration.email or "") is not None:
        raise RegistrationError(ALREADY_REGISTERED)
    had_calendar_entry = registration.status == RegistrationStatus.CONFIRMED
    registration.answers.clear()
    registration.reminded_at = None
    now = utcnow()
    note = f"moved from {source.slug}"
    if has_room(target, registration.category, seat_counts(target)):
        registration.added_by_staff = True
        give_seat(target, registration, now, actor, note)
    else:
        set_status(registration, RegistrationStatus.WAITLISTED, actor, note, target)
    db.session.flush()
    mail.registration_moved(registration, source, had_calendar_entry)
    promote_waiting(source)
    return registration
