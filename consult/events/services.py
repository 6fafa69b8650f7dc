"""The rules of events: who gets a seat, who waits, who is promoted, what is sent when.

Every function that changes seats first takes the event's lock (``lock_event``) and counts
seats only after that, so registrations for the last seats that arrive at the same moment
are served one after the other: exactly ``capacity`` get a seat, the rest wait in arrival
order. The caller commits once; mail is written to the outbox in the same transaction.

Beside them: status.py changes a status (and keeps the seat counters), decisions.py holds
staff's decisions on a registration, registrant_details.py the registrant's own changes,
lifecycle.py an event's publishing, editing, copying and cancelling.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import aliased

from consult.core.timeutil import utcnow
from consult.events import log_notes, mail, queries
from consult.events.choices import MULTIPLE
from consult.events.locks import lock_event
from consult.events.models import (
    ACTIVE,
    Answer,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    new_token,
)
from consult.events.status import confirm_address, set_status
from consult.extensions import db
from consult.mailing import services as mailing
from consult.organisations.services import matching_organisation_id


class RegistrationError(Exception):
    """A registration cannot be made or changed; ``reason`` says why (the view words it)."""

    def __init__(self, reason: str, registration: Registration | None = None):
        super().__init__(reason)
        self.reason = reason
        self.registration = registration


# What ``registration_state`` says: OPEN, or why registration is not possible now (then
# also the reason of the RegistrationError ``register`` raises).
OPEN, NOT_OPEN_YET, CLOSED, EVENT_CANCELLED, NOT_PUBLISHED = (
    "open", "not_open_yet", "closed", "event_cancelled", "not_published"
)
# Other reasons of RegistrationError.
FULL, ALREADY_REGISTERED, NOT_ACTIVE = "full", "already_registered", "not_active"
GROUP_FULL = "group_full"  # the seats of the registrant's category (EventQuota) are taken


@dataclass
class RegistrationData:
    """What a registrant gives; ``answers`` maps question id → text or list of options."""

    full_name: str
    email: str
    category: str
    organisation: str = ""
    position: str = ""
    phone: str = ""
    needs: str = ""
    consent_needs: bool = False
    consent_image: bool = False
    consent_mailing: bool = False  # the federation's news (consult.mailing)
    answers: dict[int, str | list[str]] = field(default_factory=dict)


@dataclass
class SeatCounts:
    """Seats held and how many wait, as the event's seat counters stand."""

    total_held: int
    waiting: int  # people with a confirmed address: the only ones a freed seat goes to
    held: dict[str, int] = field(default_factory=dict)  # per category that has a quota


# ---------------------------------------------------------------- counting


def seat_counts(event) -> SeatCounts:
    """The event's seats, read from its counters (no query). ``event`` may be its heading
    row (``queries.heading_by_slug``), which has no quotas: then only the totals."""
    return SeatCounts(event.seats_taken, event.waitlist_length,
                      {quota.category: quota.seats_taken
                       for quota in getattr(event, "quotas", ())})


def seat_counts_by_event(events) -> dict[int, SeatCounts]:
    """The totals of a list of events (lists show no group's seats)."""
    return {event.id: SeatCounts(event.seats_taken, event.waitlist_length) for event in events}


@dataclass
class GroupSeats:
    """The seats one participant category may take (its EventQuota) and how many it holds."""

    category: str
    seats: int
    taken: int

    @property
    def is_full(self) -> bool:
        return self.taken >= self.seats


def group_seats(event: Event, counts: SeatCounts) -> list[GroupSeats]:
    """The event's seats per participant category, in the order of its quotas."""
    return [GroupSeats(quota.category, quota.seats, counts.held.get(quota.category, 0))
            for quota in event.quotas]


def no_seat_reason(event: Event, category: str, counts: SeatCounts) -> str | None:
    """Why a registrant of ``category`` would get no seat now: FULL (the event's seats are
    taken), GROUP_FULL (the category's are, while the event still has free seats), or None.
    The page tells a person of a full group exactly that: not that the event is full."""
    if event.capacity is not None and counts.total_held >= event.capacity:
        return FULL
    quota = event.quota_for(category)
    if quota is not None and counts.held.get(category, 0) >= quota:
        return GROUP_FULL
    return None


def has_room(event: Event, category: str, counts: SeatCounts) -> bool:
    return no_seat_reason(event, category, counts) is None


def seats_left(event: Event, counts: SeatCounts) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - counts.total_held, 0)


def waitlist_position(registration: Registration) -> int | None:
    """The place in the order of ``promote_waiting``: confirmed addresses first."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    earlier = Registration.id <= registration.id
    confirmed = Registration.email_confirmed_at.is_not(None)
    ahead = (confirmed & earlier) if registration.email_confirmed_at else (confirmed | earlier)
    return db.session.scalar(
        select(func.count()).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            ahead,
        )
    )


def waitlist_positions(registrations: list[Registration]) -> dict[int, int]:
    """``waitlist_position`` of many registrations (a person's own list) in one query:
    registration id → place, for those on the waiting list."""
    waiting = [registration.id for registration in registrations
               if registration.status == RegistrationStatus.WAITLISTED]
    if not waiting:
        return {}
    mine, other = aliased(Registration), aliased(Registration)
    other_confirmed = other.email_confirmed_at.is_not(None)
    earlier = other.id <= mine.id
    ahead = case((mine.email_confirmed_at.is_not(None), other_confirmed & earlier),
                 else_=other_confirmed | earlier)
    return dict(db.session.execute(
        select(mine.id, func.count(other.id))
        .join(other, (other.event_id == mine.event_id)
              & (other.status == RegistrationStatus.WAITLISTED) & ahead)
        .where(mine.id.in_(waiting))
        .group_by(mine.id)).all())


def registration_state(event: Event, now: datetime | None = None) -> str:
    """OPEN, or the reason registration is not possible now."""
    now = now or utcnow()
    if event.status == EventStatus.CANCELLED:
        return EVENT_CANCELLED
    if event.status != EventStatus.PUBLISHED:
        return NOT_PUBLISHED
    if event.registration_opens_at and now < event.registration_opens_at:
        return NOT_OPEN_YET
    closes_at = event.registration_closes_at or event.starts_at
    if now >= closes_at or now >= event.ends_at:
        return CLOSED
    return OPEN


def hold_minutes() -> int:
    """How long a seat is held for an address that is not confirmed yet: short, because the
    person is at the form and the message arrives in seconds, and a script making up
    addresses must not keep seats from people for long."""
    return current_app.config["EVENTS_GUEST_HOLD_MINUTES"]


def _hold_until(event: Event, now: datetime) -> datetime:
    hold = now + timedelta(minutes=hold_minutes())
    return min(hold, event.starts_at) if event.starts_at > now else hold


def _seat_status(event: Event, registration: Registration) -> str:
    """The status of someone who has just got a seat."""
    if registration.email_confirmed_at is None or (
        event.requires_approval and not registration.added_by_staff
    ):
        return RegistrationStatus.PENDING
    return RegistrationStatus.CONFIRMED


def give_seat(event: Event, registration: Registration, now: datetime, actor=None,
              note: str = "") -> None:
    """Seat someone (under the lock, with room checked): pending while their address or
    staff's approval is awaited, the address's hold running out at ``_hold_until``."""
    set_status(registration, _seat_status(event, registration), actor, note, event)
    if registration.awaits_email:
        registration.hold_expires_at = _hold_until(event, now)


def _owns(user, registration: Registration) -> bool:
    """The signed-in person is the registrant (their account, or their proved address)."""
    return user is not None and (
        registration.user_id == user.id
        or (user.email_verified and user.email.lower() == registration.email)
    )


def unconfirmed_holds_of(event: Event, client_key: str) -> int:
    """Seats of the event held, right now, for addresses not yet confirmed that were
    registered from one visitor (``client_key``)."""
    return db.session.scalar(
        select(func.count()).where(
            Registration.event_id == event.id, Registration.client_key == client_key,
            Registration.status == RegistrationStatus.PENDING,
            Registration.email_confirmed_at.is_(None),
        )
    )


def register(event: Event, data: RegistrationData, user=None, staff=None,
             locale: str = "pl", client_key: str | None = None,
             coordinator=None) -> Registration:
    """Register someone for the event: a seat if there is room, else the waiting list.

    ``user``: the signed-in registrant (a verified address needs no confirmation link).
    ``staff``: a staff member adding someone by hand (allowed outside the registration
    period and without approval, but never beyond capacity).
    ``coordinator``: a signed-in person with a proven address registering a colleague
    (``groups.register_group``): they vouch for the colleague, whose address (if any) needs
    no confirmation link; the registration remembers them.
    ``client_key``: a keyed hash of the visitor's network address. An address that is not
    confirmed holds a seat only for EVENTS_GUEST_HOLD_MINUTES, and one visitor holds at most
    EVENTS_GUEST_HOLDS_PER_VISITOR such seats of an event: beyond that the registration is
    kept on the waiting list and gets its seat when the address is confirmed (so a room of
    people behind one office address all register; a script making up addresses does not
    keep the seats).

    Someone registering an address that is already registered gets the answer a new
    registrant gets, and the address's owner a message with their own link: the form must
    not tell strangers who is registered. That registration is returned unchanged. Only
    its owner, signed in, is told (``ALREADY_REGISTERED``) and may be shown it.
    """
    event = lock_event(event.id)
    now = utcnow()
    email = data.email.strip().lower()
    of_email, expired = _registration_checks(event, email, now)
    if expired:
        expire_holds(event, now)
        of_email, _expired_now = _registration_checks(event, email, now)
    if staff is None:
        state = registration_state(event, now)
        if state != OPEN:
            raise RegistrationError(state)
    elif event.status == EventStatus.CANCELLED:
        raise RegistrationError(EVENT_CANCELLED)
    existing = find_active_registration(event, email) if of_email else None
    if existing is not None and (staff is not None or _owns(user, existing)):
        raise RegistrationError(ALREADY_REGISTERED, existing)

    reason = no_seat_reason(event, data.category, seat_counts(event))
    room = reason is None
    if not room and not event.waitlist_enabled and staff is None:
        raise RegistrationError(reason)
    if existing is not None:
        mail.already_registered(existing)
        return existing
    verified = staff is not None or coordinator is not None or (
        user is not None and user.email_verified and user.email.lower() == email
    )
    over_hold_limit = (
        room and not verified and client_key is not None
        and unconfirmed_holds_of(event, client_key)
        >= current_app.config["EVENTS_GUEST_HOLDS_PER_VISITOR"]
    )
    registration = Registration(
        event=event,
        token=new_token(),
        checkin_code=secrets.token_urlsafe(12),
        user_id=getattr(user, "id", None),
        registered_by_id=getattr(coordinator, "id", None),
        status=RegistrationStatus.WAITLISTED,
        category=data.category,
        full_name=data.full_name.strip(),
        email=email or None,
        person_key=email,
        organisation=data.organisation.strip(),
        organisation_id=matching_organisation_id(data.organisation),
        position=data.position.strip(),
        phone=data.phone.strip(),
        needs=data.needs.strip() if data.consent_needs else "",
        consent_needs=data.consent_needs and bool(data.needs.strip()),
        consent_rodo_at=now,
        consent_image=data.consent_image,
        consent_mailing=data.consent_mailing and staff is None,
        email_confirmed_at=now if verified else None,
        added_by_staff=staff is not None,
        locale=locale,
        client_key=None if verified else client_key,
    )
    _store_answers(event, registration, data.answers)
    db.session.add(registration)
    note = log_notes.ADDED_BY_STAFF if staff is not None else log_notes.REGISTERED
    if over_hold_limit:
        set_status(registration, RegistrationStatus.WAITLISTED,
                   note=log_notes.WAITS_FOR_ADDRESS)
    elif room:
        give_seat(event, registration, now, staff, note)
    else:
        set_status(registration, RegistrationStatus.WAITLISTED, staff, note)
    db.session.flush()
    mailing.take_registration_consent(registration)
    if over_hold_limit:
        mail.confirm_for_seat(registration)
    else:
        _tell_registered(registration)
    return registration


def _registration_checks(event: Event, email: str, now: datetime) -> tuple[int, bool]:
    """Under the lock: active registrations of ``email``, and whether holds ran out."""
    return db.session.execute(queries.registration_checks(bool(email)), {
        "event_id": event.id, "email": email, "at": now,
        "waiting_since": now - unconfirmed_waiting_time()}).one()


def _tell_registered(registration: Registration) -> None:
    """The message a new registration gets: what the registrant must do, or has."""
    if registration.awaits_email:
        mail.confirm_address(registration, hold_minutes())
    elif registration.awaits_approval:
        mail.awaiting_approval(registration)
    elif registration.status == RegistrationStatus.CONFIRMED:
        mail.registration_confirmed(registration)
    else:
        mail.waitlisted(registration, waitlist_position(registration))


def _store_answers(event: Event, registration: Registration, answers: dict) -> None:
    for question in event.questions:
        value = answers.get(question.id)
        if value is None or value == "" or value == []:
            continue
        if question.kind == MULTIPLE and isinstance(value, list):
            value = "\n".join(value)
        registration.answers.append(Answer(question=question, value=str(value)))


def find_active_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == email.strip().lower(),
            Registration.status.in_(ACTIVE),
        )
    )


def confirm_email(registration: Registration) -> Registration:
    """The guest clicked the button on their page: the address is theirs."""
    lock_event(registration.event_id)
    db.session.refresh(registration)
    now = utcnow()
    expire_holds(registration.event, now)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    if registration.email_confirmed_at is not None:
        return registration
    confirm_address(registration, now)
    registration.client_key = None
    mailing.take_registration_consent(registration)
    if registration.status == RegistrationStatus.PENDING:
        give_seat(registration.event, registration, now, note=log_notes.ADDRESS_CONFIRMED)
        if registration.status == RegistrationStatus.CONFIRMED:
            mail.registration_confirmed(registration)
        else:
            mail.awaiting_approval(registration)
    elif registration.status == RegistrationStatus.WAITLISTED:
        # Waiting for the address only (a hold that ran out, or the visitor's limit of
        # holds): a free seat is given now, and one freed later goes to it in turn.
        promote_waiting(registration.event)
    return registration


def cancel(registration: Registration, actor=None, note: str = log_notes.CANCELLED,
           reason: str = "") -> Registration:
    """Cancel by the registrant (or staff for them, with the ``reason`` they are told);
    frees the seat for the next in line."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    had_calendar_entry = registration.status == RegistrationStatus.CONFIRMED
    set_status(registration, RegistrationStatus.CANCELLED, actor,
               log_notes.with_reason(note, reason))
    mail.registration_cancelled(registration, had_calendar_entry, reason)
    promote_waiting(event)
    return registration


def promote_waiting(event: Event) -> list[Registration]:
    """Give freed seats to the first people waiting in a category that has room.

    Only people whose address is confirmed are promoted: a seat handed to an address
    nobody has proved would be held for a script's made-up address as easily as for a
    person. Someone waiting with an unconfirmed address is promoted when they confirm it
    (``confirm_email``). Called under the event's lock after anything that frees a seat or
    adds capacity.
    """
    if event.status != EventStatus.PUBLISHED or event.is_past or _full(event):
        return []
    promoted = []
    now = utcnow()
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.WAITLISTED,
               Registration.email_confirmed_at.is_not(None))
        .order_by(Registration.id)
    ).all()
    for registration in waiting:
        if _full(event):
            break
        if not has_room(event, registration.category, seat_counts(event)):
            continue
        give_seat(event, registration, now, note=log_notes.PROMOTED)
        mail.registration_promoted(registration)
        promoted.append(registration)
    return promoted


def _full(event: Event) -> bool:
    return event.capacity is not None and event.seats_taken >= event.capacity


def unconfirmed_waiting_time() -> timedelta:
    """How long a registration whose address is not confirmed waits for that confirmation
    (on the waiting list: its hold ran out, or its visitor's holds were at their limit).
    Such entries are never promoted, and a script's made-up addresses never confirm, so
    they are cancelled after this time rather than kept for ever."""
    return timedelta(hours=current_app.config["EVENTS_UNCONFIRMED_WAITING_HOURS"])


def _expired(now: datetime, event_started) -> ColumnElement[bool]:
    """What ``expire_holds`` ends: a hold that ran out; an unconfirmed waiting entry that
    is too old, or whose event has started (``event_started``: a condition or a bool)."""
    unconfirmed_waiting = and_(Registration.status == RegistrationStatus.WAITLISTED,
                               Registration.email_confirmed_at.is_(None))
    return (queries.hold_expired(now)
            | queries.unconfirmed_waiting_expired(now - unconfirmed_waiting_time())
            | and_(unconfirmed_waiting, event_started))


def expire_holds(event: Event, now: datetime | None = None) -> int:
    """Release seats of guests who did not confirm their address in time (under the lock).

    The registration is not thrown away: it waits on the waiting list, and confirming the
    address later still gives a seat if one is free (``confirm_email``). A registration
    that has waited so for EVENTS_UNCONFIRMED_WAITING_HOURS, or when the event has started,
    is cancelled without a message (the address was never shown to be anyone's)."""
    now = now or utcnow()
    expired = list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   _expired(now, event.starts_at <= now))
        .order_by(Registration.id)
    ))
    released = 0
    for registration in expired:
        if registration.status == RegistrationStatus.WAITLISTED:
            set_status(registration, RegistrationStatus.CANCELLED,
                       note=log_notes.WAITING_NOT_CONFIRMED_IN_TIME)
            continue
        set_status(registration, RegistrationStatus.WAITLISTED,
                   note=log_notes.NOT_CONFIRMED_IN_TIME)
        registration.hold_expires_at = None
        mail.hold_expired(registration, hold_minutes())
        released += 1
    if released:
        promote_waiting(event)
    return len(expired)


def expire_all_holds() -> int:
    """For cron: release expired holds and cancel stale unconfirmed waiting entries of
    every event, one event per transaction."""
    now = utcnow()
    event_ids = db.session.scalars(
        select(Registration.event_id).join(Event, Registration.event_id == Event.id)
        .where(_expired(now, Event.starts_at <= now)).distinct()
    ).all()
    released = 0
    for event_id in event_ids:
        released += expire_holds(lock_event(event_id))
        db.session.commit()
    return released

